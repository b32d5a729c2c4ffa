// A process that dies at one write step: port objects wrapped in Proxies count every call that is not a declared
// read as a write step (a newly added write method is a step without anyone listing it), and the injector kills the
// "process" just before or just after step k. Dead means dead: every later call of any wrapped port throws too, so
// a use case's catch handler cannot tidy up as a real killed worker could not.

/** Thrown at the crash point and by every call after it: the process is gone. */
export class ProcessKilled extends Error {
  constructor(readonly step: string) {
    super(`process killed at ${step}`);
    this.name = "ProcessKilled";
  }
}

/**
 * `before`: the process dies before the write; `after`: it dies once the write is done; `lost`: the write is done
 * but its answer is lost (a timeout, a reset) and the process lives on: the caller sees an error and handles it.
 */
export type CrashMode = "before" | "after" | "lost";

/** Where to fail: the `at`-th write step (0-based, counted over the whole injector). */
export interface CrashPoint {
  at: number;
  mode: CrashMode;
}

export class CrashInjector {
  /** The write steps that started, in order (the crashed one included). */
  readonly steps: string[] = [];
  private killedAt: string | undefined;
  private failedAt: string | undefined;

  constructor(private readonly point?: CrashPoint) {}

  get killed(): boolean {
    return this.killedAt !== undefined;
  }

  /** The crash point was reached: the process died there, or the answer was lost there. */
  get struck(): boolean {
    return this.killedAt !== undefined || this.failedAt !== undefined;
  }

  /** Runs one write step under the crash plan. */
  async step<R>(name: string, call: () => Promise<R> | R): Promise<R> {
    this.alive(name);
    const index = this.steps.push(name) - 1;
    if (this.point?.at === index && this.point.mode === "before") this.kill(name);
    const result = await call();
    // The write is done (an answer lost on the wire looks the same): the caller never sees it.
    if (this.point?.at === index && this.point.mode === "after") this.kill(name);
    if (this.point?.at === index && this.point.mode === "lost") {
      this.failedAt = name;
      throw new AnswerLost(name);
    }
    return result;
  }

  /**
   * `target` as a Proxy named `port`: methods in `reads` pass through (while alive), every other method is the
   * write step `port.method`. Methods run bound to the target, so class-private state keeps working.
   */
  wrap<T extends object>(port: string, target: T, reads: readonly string[]): T {
    const readSet = new Set(reads);
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== "function" || typeof property !== "string") return value;
        const fn = value as (...args: unknown[]) => unknown;
        if (readSet.has(property)) {
          return (...args: unknown[]) => {
            // Port reads are async: a dead process's read rejects, as the call would.
            if (this.killed)
              return Promise.reject(new ProcessKilled(`${this.killedAt} (then ${port}.${property})`));
            return fn.apply(object, args);
          };
        }
        return (...args: unknown[]) => this.step(`${port}.${property}`, () => fn.apply(object, args));
      },
    });
  }

  private alive(name: string): void {
    if (this.killedAt !== undefined) throw new ProcessKilled(`${this.killedAt} (then ${name})`);
  }

  private kill(name: string): never {
    this.killedAt = name;
    throw new ProcessKilled(name);
  }
}

/** The error a caller sees when the write went through but its answer was lost. */
export class AnswerLost extends Error {
  constructor(readonly step: string) {
    super(`the answer to ${step} was lost`);
    this.name = "AnswerLost";
  }
}

/**
 * Runs `flow` under the injector; true when the crash point struck in it (a kill, wherever the use case let it
 * surface or swallowed it; or a lost answer, handled or not): the trigger then runs it again, as a queue
 * re-delivers a failed message and a timer fires again. Any other error fails the test.
 */
export async function runUntilKilled(
  injector: CrashInjector,
  flow: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await flow();
  } catch (err) {
    if (!(err instanceof ProcessKilled) && !injector.struck) throw err;
  }
  return injector.struck;
}

/** Step names seen that the test did not declare: a write the harness would not know to crash at. */
export function undeclaredSteps(observed: readonly string[], declared: readonly string[]): string[] {
  const known = new Set(declared);
  return [...new Set(observed.filter((s) => !known.has(s)))];
}

/** What a flow's crash cases found, for the figures the README quotes. */
export interface CrashFigures {
  flow: string;
  writeSteps: number;
  stepNames: string[];
  cases: number;
  duplicates: number;
  losses: number;
  /** At-most-once steps whose outcome is unknowable after a kill: reported by the run, never re-done. */
  uncertain: number;
}

export function printFigures(f: CrashFigures): void {
  console.log(
    `[crash harness] ${f.flow}: ${f.writeSteps} write steps (${[...new Set(f.stepNames)].join(", ")}), ` +
      `${f.cases} crash cases, duplicates ${f.duplicates}, losses ${f.losses}, reported-uncertain ${f.uncertain}`,
  );
}

/** One invocation of a flow (a queue message, a timer tick, a button press), built over one process's ports. */
export interface CrashStage {
  name: string;
  run: () => Promise<unknown>;
  /** How the stage is run again after a kill, when not by repeating `run` (e.g. another trigger finishes it). */
  again?: () => Promise<unknown>;
}

/**
 * Runs the stages in order in a "process" that may be killed at `crash`; the restarted process runs the killed
 * stage again (the queue re-delivers it, the timer fires again, the person presses again) and the rest after it.
 * `stages` builds the stages over the injector's wrapped ports. Answers the write steps of the first process.
 */
export async function runStages(
  stages: (injector: CrashInjector, restart: number) => CrashStage[],
  crash?: CrashPoint,
  maxRestarts = 5,
): Promise<{ steps: string[]; restarts: number }> {
  let next = 0;
  let steps: string[] | undefined;
  for (let restart = 0; ; restart++) {
    if (restart > maxRestarts) throw new Error(`the flow did not finish in ${maxRestarts} restarts`);
    const injector = new CrashInjector(restart === 0 ? crash : undefined);
    const list = stages(injector, restart);
    let died = false;
    const killedAt = restart === 0 ? -1 : next;
    while (next < list.length && !died) {
      const stage = list[next]!;
      died = await runUntilKilled(injector, next === killedAt ? (stage.again ?? stage.run) : stage.run);
      if (!died) next++;
    }
    steps ??= injector.steps;
    if (!died) return { steps, restarts: restart };
  }
}

/**
 * Every crash point of a clean run's steps: each step killed before and after, and the calls to another service
 * (Graph, the Bot Connector: `graph.*`, `teams.*`) also with their answer lost while the process lives on.
 */
export function crashPoints(steps: readonly string[]): CrashPoint[] {
  const modes = (step: string): CrashMode[] =>
    /^(graph|teams)\./.test(step) ? ["before", "after", "lost"] : ["before", "after"];
  return steps.flatMap((step, at) => modes(step).map((mode) => ({ at, mode })));
}

/** `fn` over `items`, at most `size` at a time (independent crash cases: own simulator, own tables), in order. */
export async function inPool<T, R>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}
