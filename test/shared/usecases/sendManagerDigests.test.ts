// The manager digest with small fakes: one card a week per manager about their own team, none when all is well.
import { describe, expect, it } from "vitest";
import { MemoryAgendaStore } from "../../../shared/store/memoryAgendaStore.js";
import type { TrackedPair } from "../../../shared/usecases/ports/trackedPairs.js";
import {
  type ManagerDigestView,
  type SendManagerDigestsPorts,
  sendManagerDigests,
} from "../../../shared/usecases/sendManagerDigests.js";
import { FakeTeams, trackedPair } from "./agendaFakes.js";

const pair = (managerId: string, reportId: string, status: TrackedPair["status"]): TrackedPair => ({
  ...trackedPair,
  managerId,
  managerUpn: `${managerId}@contoso.com`,
  managerName: managerId.toUpperCase(),
  reportId,
  reportUpn: `${reportId}@contoso.com`,
  reportName: reportId.toUpperCase(),
  status,
  reason: `${status} reason`,
});

function setUp(now: { value: Date }) {
  const teams = new FakeTeams();
  const views: ManagerDigestView[] = [];
  const ports: SendManagerDigestsPorts = {
    clock: { now: () => now.value },
    pairs: {
      latestPairs: async () => [
        pair("m1", "a", "healthy"),
        pair("m1", "b", "missing"),
        pair("m1", "c", "lapsed"),
        pair("m2", "d", "healthy"),
        pair("m3", "e", "scheduled"),
      ],
    },
    proposals: {
      openProposals: async (managerId) =>
        managerId === "m3"
          ? [{ proposalId: "p-1", reportId: "e", reportName: "E", firstStart: "2026-12-10T09:00:00.000Z" }]
          : [],
    },
    mailboxSettings: {
      readMailboxSettings: async (users) =>
        new Map(
          users.map((u) => [
            u,
            { ok: true as const, value: { timeZone: "Europe/Berlin", language: { locale: "de-DE" } } },
          ]),
        ),
    },
    teams,
    store: new MemoryAgendaStore(),
    tenantId: "t",
    buildManagerDigestCard: (view) => {
      views.push(view);
      return { digest: view.managerId };
    },
  };
  return { ports, teams, views };
}

describe("sendManagerDigests", () => {
  it("sends each manager with something to act on one card about their own team, once a week", async () => {
    const now = { value: new Date("2026-12-02T08:00:00Z") }; // a Wednesday
    const { ports, teams, views } = setUp(now);
    expect(await sendManagerDigests(ports)).toEqual({ sent: 2, quiet: 1, blocked: [], failed: [] });
    expect(teams.sent.map((s) => s.userId)).toEqual(["m1", "m3"]);
    const m1 = views.find((v) => v.managerId === "m1")!;
    expect(m1).toMatchObject({
      weekOf: "2026-11-30",
      language: "de-DE",
      timeZone: "Europe/Berlin",
      proposals: [],
    });
    expect(m1.due.map((p) => p.reportId)).toEqual(["b"]);
    expect(m1.lapsed.map((p) => p.reportId)).toEqual(["c"]);
    expect(views.find((v) => v.managerId === "m3")?.proposals.map((p) => p.proposalId)).toEqual(["p-1"]);

    now.value = new Date("2026-12-06T08:00:00Z");
    expect((await sendManagerDigests(ports)).sent).toBe(0);
    now.value = new Date("2026-12-07T08:00:00Z");
    expect((await sendManagerDigests(ports)).sent).toBe(2);
  });

  it("records a manager who blocked the bot instead of failing the run", async () => {
    const { ports, teams } = setUp({ value: new Date("2026-12-02T08:00:00Z") });
    teams.blocked.add("m1");
    expect(await sendManagerDigests(ports)).toMatchObject({ sent: 1, blocked: ["m1"] });
    expect((await ports.store.getConversation("m1"))?.blocked).toBe(true);
  });
});
