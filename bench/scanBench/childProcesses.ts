// The benchmark's processes: the simulator (`cadence sim`) and the measured readers each run in their own
// process, so a reader's peak RSS and CPU are its own, not the simulator's or the orchestrator's.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { createHttpsFetch, type FetchFunction } from "../../shared/graph/createHttpsFetch.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export class BenchChildError extends Error {
  readonly code = "BENCH.CHILD_FAILED";
}

export const simConnectionSchema = z.object({
  graph: z.url(),
  login: z.url(),
  control: z.url(),
  tenantId: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
  caCert: z.string(),
});

export interface RunningSimulator {
  connection: z.output<typeof simConnectionSchema>;
  /** The simulator's own API (profile, clock, counters) over its CA. */
  control: SimControl;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(users: number, seed: number): Promise<RunningSimulator> {
  const child = spawn(
    process.execPath,
    ["bin/cadence.js", "sim", "--generate", `users=${users},seed=${seed}`, "--seed", String(seed)],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const firstLine = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) =>
      reject(new BenchChildError(`cadence sim exited (${code}) before it started`)),
    );
  });
  const connection = simConnectionSchema.parse(JSON.parse(firstLine));
  return {
    connection,
    control: simControl(connection.control, readFileSync(connection.caCert, "utf8")),
    stop: () => stopChild(child),
  };
}

export type SimControl = <T>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
) => Promise<T>;

/** A client of the simulator's control API (`…/control` + path), trusting its CA. */
export function simControl(controlUrl: string, caPem: string): SimControl {
  const fetchFn: FetchFunction = createHttpsFetch({ caPem });
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetchFn(`${controlUrl}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new BenchChildError(`${method} /control${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Runs `dist/bench/scanBench/<entry>.js` with BENCH_INPUT and answers the JSON line it printed last. */
export async function runMeasuredChild<T>(entry: string, input: unknown): Promise<T> {
  const script = fileURLToPath(new URL(`./${entry}.js`, import.meta.url));
  const child = spawn(process.execPath, [script], {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_INPUT: JSON.stringify(input) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const last = out.trim().split("\n").at(-1);
  if (code !== 0 || !last) throw new BenchChildError(`${entry} exited with ${code}`);
  return JSON.parse(last) as T;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
