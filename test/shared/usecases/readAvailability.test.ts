import { describe, expect, it } from "vitest";
import { readAvailability } from "../../../shared/usecases/readAvailability.js";
import { FakeSchedulingGraph, fakeToAvailability, NOW } from "./schedulingFakes.js";

const window = { start: NOW, end: new Date(NOW.getTime() + 42 * 86_400_000) };

describe("readAvailability", () => {
  it("reads every mailbox in one call and one getSchedule per 19 reports of a manager", async () => {
    const graph = new FakeSchedulingGraph();
    const queries: string[][] = [];
    const readSchedules = graph.readSchedules.bind(graph);
    graph.readSchedules = async (q, w) => {
      queries.push(...q.map((x) => [x.organizer, ...x.schedules]));
      return readSchedules(q, w);
    };
    const reports = Array.from({ length: 21 }, (_, i) => `r${i}@contoso.com`);
    const read = await readAvailability(
      { graph, toAvailability: fakeToAvailability },
      [
        { managerUpn: "anna@contoso.com", reportUpns: reports },
        { managerUpn: "bruno@contoso.com", reportUpns: ["carla@contoso.com"] },
      ],
      window,
    );
    expect(graph.calls).toMatchObject({ mailboxSettings: 1, schedules: 1, scheduleQueries: 3 });
    // Each query ≤ 20 schedules, the manager's own first; a later chunk is asked from one report's mailbox.
    expect(queries.map((q) => q.length - 1)).toEqual([20, 3, 2]);
    expect(queries[0]!.slice(0, 2)).toEqual(["anna@contoso.com", "anna@contoso.com"]);
    expect(queries[1]).toEqual(["r19@contoso.com", "anna@contoso.com", "r19@contoso.com", "r20@contoso.com"]);
    expect(read.size).toBe(24);
    expect([...read.values()].every((r) => r.ok)).toBe(true);
  });

  it("reports an unreadable mailbox and a converter's typed error per person", async () => {
    const graph = new FakeSchedulingGraph();
    graph.unreadable.add("gone@contoso.com");
    const read = await readAvailability(
      {
        graph,
        toAvailability: (m, s) => {
          if (s.scheduleId === "odd@contoso.com")
            throw Object.assign(new Error("Unknown time zone"), { code: "TIMEZONE.UNKNOWN" });
          return fakeToAvailability(m, s);
        },
      },
      [{ managerUpn: "anna@contoso.com", reportUpns: ["gone@contoso.com", "odd@contoso.com"] }],
      window,
    );
    expect(read.get("anna@contoso.com")).toMatchObject({ ok: true, value: { graphTimeZone: "UTC" } });
    expect(read.get("gone@contoso.com")).toMatchObject({
      ok: false,
      error: { code: "GRAPH.MAILBOX_NOT_ENABLED" },
    });
    expect(read.get("odd@contoso.com")).toMatchObject({ ok: false, error: { code: "TIMEZONE.UNKNOWN" } });
  });
});

describe("readAvailability keys", () => {
  it("match addresses Graph answered in another case", async () => {
    const graph = new FakeSchedulingGraph();
    const settings = graph.readMailboxSettings.bind(graph);
    graph.readMailboxSettings = async (users) =>
      new Map([...(await settings(users))].map(([k, v]) => [k.toUpperCase(), v]));
    const read = await readAvailability(
      { graph, toAvailability: fakeToAvailability },
      [{ managerUpn: "Anna@Contoso.com", reportUpns: ["marco@contoso.com"] }],
      window,
    );
    expect(read.get("anna@contoso.com")?.ok).toBe(true);
    expect(read.get("marco@contoso.com")?.ok).toBe(true);
  });
});
