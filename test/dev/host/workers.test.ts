import { describe, expect, it } from "vitest";
import { startFixtureHost } from "./fixtureHost.js";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("dev/host with several workers", () => {
  it("drains one queue with two worker processes, processing each of 200 messages exactly once", async () => {
    const host = await startFixtureHost({ workers: 2 });
    expect(host.workerPids).toHaveLength(2);
    try {
      const queue = host.queues.getQueueClient(`${host.prefix}-many`);
      await queue.createIfNotExists();
      for (let start = 0; start < 200; start += 25) {
        await Promise.all(
          Array.from({ length: 25 }, (_, i) =>
            queue.sendMessage(Buffer.from(JSON.stringify({ n: start + i })).toString("base64")),
          ),
        );
      }
      const out = (await host.drain("many-out", 200, 30_000)).map(
        (m) => JSON.parse(m) as { n: number; pid: number },
      );
      const seen = out.map((o) => o.n).sort((a, b) => a - b);
      expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i));
      expect(new Set(out.map((o) => o.pid)).size).toBe(2);
      for (const o of out) expect(host.workerPids).toContain(o.pid);
      // Nothing more arrives later (no message was processed twice).
      expect(await host.drain("many-out", 1, 1000)).toEqual([]);
    } finally {
      await host.close();
    }
    for (const pid of host.workerPids) expect(isAlive(pid)).toBe(false);
    await expect(fetch(host.url)).rejects.toThrow();
  });
  it("keeps serving from the remaining worker when one dies", async () => {
    const host = await startFixtureHost({ workers: 2 });
    try {
      expect((await fetch(`${host.url}/api/crash`, { method: "POST" })).status).toBe(500);
      for (let i = 0; i < 4; i++) expect((await fetch(`${host.url}/api/users/${i}`)).status).toBe(200);
      expect(host.logs.some((l) => /Worker \d exited unexpectedly \(code 3\)/.test(l))).toBe(true);
    } finally {
      await host.close();
    }
    for (const pid of host.workerPids) expect(isAlive(pid)).toBe(false);
  });
});
