import { describe, expect, it } from "vitest";
import { checkSchedule } from "../../../dev/host/functionSpecs.js";
import { HostError } from "../../../dev/host/hostError.js";
import { FUNCTION_KEY, MASTER_KEY, startFixtureHost } from "./fixtureHost.js";

describe("timer schedules", () => {
  it("accepts 6-field NCRONTAB (seconds first), 5-field, and TimeSpan schedules", () => {
    expect(checkSchedule("0 */5 * * * *", "t")).toBeUndefined();
    expect(checkSchedule("0 30 9 * * MON-FRI", "t")).toBeUndefined();
    expect(checkSchedule("*/5 * * * *", "t")).toBeUndefined();
    expect(checkSchedule("00:05:00", "t")).toBe(300_000);
    expect(checkSchedule("1.00:00:00", "t")).toBe(86_400_000);
  });

  it("rejects what NCRONTAB rejects, naming the schedule", () => {
    for (const bad of ["0 61 * * * *", "every day", "0 0 0 32 * *", "* * * * * * * *", "00:61:00"]) {
      expect(() => checkSchedule(bad, 'Function "f"')).toThrow(HostError);
      expect(() => checkSchedule(bad, 'Function "f"')).toThrow(bad);
    }
  });
});

describe("dev/host timer triggers", () => {
  it("fires a timer on demand through POST /admin/functions/<name> with the master key only", async () => {
    const host = await startFixtureHost();
    try {
      const fire = (key?: string, name = "yearly") =>
        fetch(`${host.url}/admin/functions/${name}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(key ? { "x-functions-key": key } : {}) },
          body: JSON.stringify({ input: "" }),
        });
      expect((await fire()).status).toBe(401);
      expect((await fire(FUNCTION_KEY)).status).toBe(401);
      expect((await fire(MASTER_KEY, "noSuchFunction")).status).toBe(404);
      expect((await fire(MASTER_KEY)).status).toBe(202);
      const [report] = await host.drain("timer", 1);
      const timer = JSON.parse(report ?? "null");
      expect(timer.isPastDue).toBe(false);
      // Next occurrence of "0 0 0 1 1 *" in UTC: midnight on the coming 1 January.
      expect(timer.scheduleStatus.next).toMatch(/^\d{4}-01-01T00:00:00\.000Z$/);
      expect(Date.parse(timer.scheduleStatus.last)).toBeLessThanOrEqual(Date.now());
    } finally {
      await host.close();
    }
  });

  it("runs a runOnStartup timer once when the host starts", async () => {
    const host = await startFixtureHost();
    try {
      expect((await host.drain("startup", 2, 1500)).map((m) => JSON.parse(m))).toEqual([
        { isPastDue: false },
      ]);
    } finally {
      await host.close();
    }
  });

  it.each([
    ["an NCRONTAB", "* * * * * *"],
    ["a TimeSpan", "00:00:01"],
  ])("fires on %s schedule", async (_kind, schedule) => {
    const host = await startFixtureHost({ env: { EVERY_SECOND_SCHEDULE: schedule } });
    try {
      const ticks = await host.drain("tick", 2, 10_000);
      expect(ticks).toHaveLength(2);
      for (const tick of ticks) expect(JSON.parse(tick)).toHaveProperty("isPastDue");
    } finally {
      await host.close();
    }
  });

  it("evaluates schedules in WEBSITE_TIME_ZONE when set", async () => {
    const host = await startFixtureHost({ env: { WEBSITE_TIME_ZONE: "Tokyo Standard Time" } });
    try {
      await fetch(`${host.url}/admin/functions/yearly`, {
        method: "POST",
        headers: { "x-functions-key": MASTER_KEY },
        body: "{}",
      });
      const [report] = await host.drain("timer", 1);
      // Midnight on 1 January in Tokyo is 15:00 UTC on 31 December.
      expect(JSON.parse(report ?? "null").scheduleStatus.next).toMatch(/-12-31T15:00:00\.000Z$/);
    } finally {
      await host.close();
    }
  });
});
