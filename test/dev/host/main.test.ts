import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { FUNCTION_KEY, fixtureAppDir, MASTER_KEY } from "./fixtureHost.js";

const hostDir = new URL("../../../dev/host/", import.meta.url);
// The CLI runs from source here, through the same TypeScript loader hooks the host uses for its workers.
const register = `import{register}from"node:module";register(${JSON.stringify(pathToFileURL(fileURLToPath(new URL("tsLoader.mjs", hostDir))).href)});`;

function startCli(args: string[]): {
  child: ChildProcess;
  started: Promise<{ url: string; pids: number[] }>;
} {
  const child = spawn(
    process.execPath,
    [
      "--import",
      `data:text/javascript,${encodeURIComponent(register)}`,
      fileURLToPath(new URL("main.ts", hostDir)),
      ...args,
    ],
    {
      env: {
        ...process.env,
        AzureWebJobsStorage: inject("azuriteConnectionString"),
        CADENCE_HOST_FUNCTION_KEY: FUNCTION_KEY,
        CADENCE_HOST_MASTER_KEY: MASTER_KEY,
        QP: `cli${process.pid}`,
        EVERY_SECOND_SCHEDULE: "0 0 0 1 1 *",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const started = new Promise<{ url: string; pids: number[] }>((resolve, reject) => {
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      const m = /^Host started on (\S+) with .*\(pid ([\d, ]+)\)/.exec(line);
      if (m?.[1] && m[2]) resolve({ url: m[1], pids: m[2].split(", ").map(Number) });
    });
    createInterface({ input: child.stderr! }).on("line", (line) => lines.push(line));
    child.once("exit", (code) =>
      reject(new Error(`host exited with ${code} before starting:\n${lines.join("\n")}`)),
    );
  });
  return { child, started };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("dev/host CLI", () => {
  it.each(["SIGTERM", "SIGINT"] as const)(
    "serves until %s, then exits 0 leaving no worker or port behind",
    async (signal) => {
      const { child, started } = startCli(["--app", fixtureAppDir, "--port", "0", "--workers", "2"]);
      const { url, pids } = await started;
      expect(pids).toHaveLength(2);
      expect((await fetch(`${url}/api/users/7`)).status).toBe(200);
      const exited = once(child, "exit");
      child.kill(signal);
      const [code] = await exited;
      expect(code).toBe(0);
      for (const pid of pids) expect(isAlive(pid)).toBe(false);
      await expect(fetch(url)).rejects.toThrow();
    },
  );

  it("exits 1 with the reason when start-up fails", async () => {
    // broken/ is no app (no host.json, no package.json): start-up must fail with the reason, not hang.
    const bad = startCli(["--app", fileURLToPath(new URL("../../fixtures/hostApp/broken", import.meta.url))]);
    await expect(bad.started).rejects.toThrow(/exited with 1.*HOST\.HOST_JSON.*host\.json/s);
  });
});
