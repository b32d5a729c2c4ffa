// The crash injector itself: what counts as a write step, what before/after/lost do, and that a killed process
// stays dead — the flow tests' figures are only as good as this.
import { describe, expect, it } from "vitest";
import {
  AnswerLost,
  CrashInjector,
  crashPoints,
  ProcessKilled,
  runStages,
  runUntilKilled,
  undeclaredSteps,
} from "../helpers/crashAtStep.js";

class Store {
  #rows = new Map<string, string>();
  async get(key: string) {
    return this.#rows.get(key);
  }
  async put(key: string, value: string) {
    this.#rows.set(key, value);
  }
  /** A write added later: nobody listed it anywhere. */
  async remove(key: string) {
    this.#rows.delete(key);
  }
}

describe("CrashInjector", () => {
  it("counts every method not declared a read as a write step, so a new write shows up undeclared", async () => {
    const injector = new CrashInjector();
    const store = injector.wrap("store", new Store(), ["get"]);
    await store.put("a", "1");
    expect(await store.get("a")).toBe("1");
    await store.remove("a");
    expect(injector.steps).toEqual(["store.put", "store.remove"]);
    expect(undeclaredSteps(injector.steps, ["store.put"])).toEqual(["store.remove"]);
  });

  it("kills before (nothing written) or after (written, unseen), and everything after a kill throws", async () => {
    const before = new Store();
    const killedBefore = new CrashInjector({ at: 0, mode: "before" });
    await expect(killedBefore.wrap("store", before, ["get"]).put("a", "1")).rejects.toBeInstanceOf(
      ProcessKilled,
    );
    expect(await before.get("a")).toBeUndefined();

    const after = new Store();
    const killedAfter = new CrashInjector({ at: 0, mode: "after" });
    const wrapped = killedAfter.wrap("store", after, ["get"]);
    await expect(wrapped.put("a", "1")).rejects.toBeInstanceOf(ProcessKilled);
    expect(await after.get("a")).toBe("1");
    // A dead process reads nothing and writes nothing, even where the use case catches the kill.
    await expect(wrapped.get("a")).rejects.toBeInstanceOf(ProcessKilled);
    await expect(wrapped.put("b", "2")).rejects.toBeInstanceOf(ProcessKilled);
    expect(await after.get("b")).toBeUndefined();
    expect(
      await runUntilKilled(killedAfter, async () => {
        await wrapped.put("c", "3").catch(() => {});
      }),
    ).toBe(true);
  });

  it("a lost answer writes, throws to the caller, and leaves the process alive", async () => {
    const store = new Store();
    const injector = new CrashInjector({ at: 0, mode: "lost" });
    const wrapped = injector.wrap("teams", store, ["get"]);
    await expect(wrapped.put("a", "1")).rejects.toBeInstanceOf(AnswerLost);
    expect(await wrapped.get("a")).toBe("1");
    await wrapped.put("b", "2");
    expect(injector.struck).toBe(true);
    expect(injector.killed).toBe(false);
  });

  it("crashes Graph and Teams calls three ways, other writes two", () => {
    expect(crashPoints(["store.put", "graph.createEvent"]).map((p) => `${p.at}${p.mode}`)).toEqual([
      "0before",
      "0after",
      "1before",
      "1after",
      "1lost",
    ]);
  });

  it("runs the killed stage again (or its recovery) in a fresh process, then the rest", async () => {
    const log: string[] = [];
    const store = new Store();
    const { steps, restarts } = await runStages(
      (injector, restart) => {
        const s = injector.wrap("store", store, ["get"]);
        return [
          { name: "one", run: async () => s.put("one", `${restart}`) },
          {
            name: "two",
            run: async () => {
              log.push(`two in process ${restart}`);
              await s.put("two", `${restart}`);
            },
            again: async () => {
              log.push(`recovery in process ${restart}`);
              await s.put("two", `${restart}`);
            },
          },
        ];
      },
      { at: 1, mode: "before" },
    );
    expect(restarts).toBe(1);
    expect(steps).toEqual(["store.put", "store.put"]);
    expect(log).toEqual(["two in process 0", "recovery in process 1"]);
    expect([await store.get("one"), await store.get("two")]).toEqual(["0", "1"]);
  });
});
