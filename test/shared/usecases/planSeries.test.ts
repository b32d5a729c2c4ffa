import { describe, expect, it } from "vitest";
import type { SeriesProposal } from "../../../shared/domain/seriesProposal.js";
import type { AppError } from "../../../shared/errors.js";
import { MemoryProposalStore } from "../../../shared/store/memoryProposalStore.js";
import { answerProposal } from "../../../shared/usecases/answerProposal.js";
import { planSeries } from "../../../shared/usecases/planSeries.js";
import { NOW, pair, schedulingPorts } from "./schedulingFakes.js";

const DAY = 86_400_000;
const later = (days: number) => ({ now: () => new Date(NOW.getTime() + days * DAY) });

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  a.start < b.end && b.start < a.end;

describe("planSeries", () => {
  it("proposes one series per missing/lapsed pair, with non-colliding slots per manager, and nothing for others", async () => {
    const ports = schedulingPorts({
      settings: {
        mode: "propose",
        minNoticeHours: 24,
        proposalTtlDays: 14,
        excludedUsers: ["OPTED@contoso.com"],
      },
    });
    const pairs = [
      pair("anna", "marco"),
      pair("anna", "luca", "lapsed"),
      pair("anna", "sara"),
      pair("anna", "gino", "healthy"),
      pair("anna", "rita", "excluded"),
      pair("anna", "opted"),
      pair("bruno", "carla"),
    ];
    const plan = await planSeries(ports, { pairs, scannedAt: NOW });

    expect(plan.entries.map((e) => [e.reportUpn.split("@")[0], e.outcome])).toEqual([
      ["marco", "proposed"],
      ["luca", "proposed"],
      ["sara", "proposed"],
      ["gino", "notNeeded"],
      ["rita", "skipped"],
      ["opted", "skipped"],
      ["carla", "proposed"],
    ]);
    expect(plan.entries.find((e) => e.reportUpn.startsWith("opted"))?.reason).toMatch(
      /CADENCE_EXCLUDED_USERS/,
    );
    const stored = await ports.store.list();
    expect(stored).toHaveLength(4);
    for (const p of stored) {
      expect(p.state).toBe("proposed");
      expect(p.slots.length).toBeGreaterThanOrEqual(1);
      expect(p.slots.length).toBeLessThanOrEqual(3);
    }
    // Anna's three proposals never collide on any of their first three occurrences — with any of their slots, so
    // accepting an alternative of one never takes another's time.
    const annas = stored.filter((p) => p.managerUpn === "anna@contoso.com");
    for (const [i, a] of annas.entries()) {
      for (const b of annas.slice(i + 1)) {
        for (const sa of a.slots)
          for (const sb of b.slots)
            for (const oa of sa.occurrences)
              for (const ob of sb.occurrences) expect(overlaps(oa, ob)).toBe(false);
      }
    }
    // Availability read once: one mailboxSettings call, one getSchedule call with one query per manager.
    expect(ports.graph.calls).toMatchObject({
      mailboxSettings: 1,
      schedules: 1,
      scheduleQueries: 2,
      createEvent: 0,
    });
  });

  it("makes no second proposal while one is open, and a second run writes nothing", async () => {
    const ports = schedulingPorts();
    const pairs = [pair("anna", "marco")];
    const first = await planSeries(ports, { pairs, scannedAt: NOW });
    const before = await ports.store.get("id-anna", "id-marco");
    const second = await planSeries(ports, { pairs, scannedAt: NOW });
    expect(second.entries[0]).toMatchObject({
      outcome: "proposed",
      proposalId: first.entries[0]!.proposalId,
    });
    expect(second.entries[0]!.slots).toEqual(first.entries[0]!.slots);
    expect((await ports.store.get("id-anna", "id-marco"))?.etag).toBe(before?.etag);
    expect(ports.graph.calls.schedules).toBe(1);
  });

  it("gives snoozed and declined pairs nothing; a snooze that ran out gets a fresh proposal", async () => {
    const ports = schedulingPorts();
    const pairs = [pair("anna", "marco"), pair("anna", "luca")];
    const plan = await planSeries(ports, { pairs, scannedAt: NOW });
    await answerProposal(
      ports,
      plan.entries[0]!.proposalId!,
      { action: "snooze", days: 7 },
      { kind: "admin" },
    );
    await answerProposal(
      ports,
      plan.entries[1]!.proposalId!,
      { action: "decline" },
      { kind: "user", oid: "id-anna" },
    );

    const again = await planSeries(ports, { pairs, scannedAt: NOW });
    expect(again.entries.map((e) => e.outcome)).toEqual(["skipped", "skipped"]);
    expect(again.entries[0]!.reason).toMatch(/snoozed until 2027-03-08/);
    expect(again.entries[1]!.reason).toMatch(/declined/);

    const afterSnooze = await planSeries(
      { ...ports, clock: later(8) },
      { pairs, scannedAt: new Date(NOW.getTime() + 8 * DAY) },
    );
    expect(afterSnooze.entries.map((e) => e.outcome)).toEqual(["proposed", "skipped"]);
    expect((await ports.store.get("id-anna", "id-marco"))?.proposal.generation).toBe(2);
  });

  it("expires an unanswered proposal after the TTL and proposes fresh slots under a new id", async () => {
    const ports = schedulingPorts();
    const pairs = [pair("anna", "marco")];
    const first = await planSeries(ports, { pairs, scannedAt: NOW });
    const next = await planSeries(
      { ...ports, clock: later(15) },
      { pairs, scannedAt: new Date(NOW.getTime() + 15 * DAY) },
    );
    expect(next.entries[0]!.outcome).toBe("proposed");
    expect(next.entries[0]!.proposalId).not.toBe(first.entries[0]!.proposalId);
    expect(Date.parse(next.entries[0]!.slots[0]!.start)).toBeGreaterThan(NOW.getTime() + 15 * DAY);
  });

  it("in auto mode creates each series at once with the event Graph needs; a second run creates nothing", async () => {
    const ports = schedulingPorts();
    const pairs = [pair("anna", "marco"), pair("anna", "luca")];
    const plan = await planSeries(ports, { pairs, scannedAt: NOW, mode: "auto" });
    expect(plan.entries.map((e) => e.outcome)).toEqual(["created", "created"]);
    expect(plan.entries.map((e) => e.seriesId)).toEqual(expect.arrayContaining(["series-1", "series-2"]));
    expect(ports.graph.events).toHaveLength(2);
    const event = ports.graph.events.find(
      (e) => e.attendees?.[0]?.emailAddress?.address === "marco@contoso.com",
    )!;
    const proposal = (await ports.store.get("id-anna", "id-marco"))!.proposal;
    const slot = proposal.slots[proposal.chosenSlot!]!;
    expect(event).toMatchObject({
      mailbox: "anna@contoso.com",
      subject: "Anna / Marco 1:1",
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      attendees: [{ type: "required", emailAddress: { address: "marco@contoso.com" } }],
      start: { dateTime: `${slot.start.slice(0, 19)}.0000000`, timeZone: "UTC" },
      recurrence: {
        pattern: { type: "weekly", interval: 2, daysOfWeek: [slot.weekday] },
        range: { type: "noEnd", startDate: slot.start.slice(0, 10), recurrenceTimeZone: "UTC" },
      },
      transactionId: proposal.transactionId,
    });
    // Names are escaped in the HTML body.
    expect(event.body?.content).toContain("Anna");
    expect(event.body?.content).not.toContain("<Bianchi>");
    expect(proposal).toMatchObject({ state: "created", seriesId: event.id, teamsMeeting: true });

    const again = await planSeries(ports, { pairs, scannedAt: NOW, mode: "auto" });
    expect(again.entries.map((e) => e.outcome)).toEqual(["created", "created"]);
    expect(ports.graph.events).toHaveLength(2);
    expect(ports.graph.calls.createEvent).toBe(2);
  });

  it("a run that died after the POST is finished by the next run without a second event", async () => {
    const ports = schedulingPorts();
    const pairs = [pair("anna", "marco")];
    // The first process's store dies when it tries to record `created` (after Graph made the event).
    const dying = new MemoryProposalStore();
    const crashingSave = dying.save.bind(dying);
    dying.save = async (p: SeriesProposal, etag?: string) => {
      if (p.state === "created") throw new Error("process killed");
      return crashingSave(p, etag);
    };
    const first = await planSeries({ ...ports, store: dying }, { pairs, scannedAt: NOW, mode: "auto" });
    expect(first.entries[0]!.outcome).toBe("skipped");
    expect((await dying.get("id-anna", "id-marco"))?.proposal.state).toBe("creating");
    expect(ports.graph.events).toHaveLength(1);

    dying.save = crashingSave;
    const second = await planSeries({ ...ports, store: dying }, { pairs, scannedAt: NOW });
    expect(second.entries[0]).toMatchObject({ outcome: "created", seriesId: "series-1" });
    expect(ports.graph.events).toHaveLength(1);
    expect(ports.graph.calls.createEvent).toBe(1);
  });

  it("a POST that timed out after Graph created the event still books exactly one series", async () => {
    const ports = schedulingPorts();
    ports.graph.postFaults.push("timeoutAfterCreate");
    const plan = await planSeries(ports, { pairs: [pair("anna", "marco")], scannedAt: NOW, mode: "auto" });
    expect(plan.entries[0]).toMatchObject({ outcome: "created", seriesId: "series-1" });
    expect(ports.graph.events).toHaveLength(1);
  });

  it("a POST that failed leaves the proposal creating; the next run posts it with the same transactionId", async () => {
    const ports = schedulingPorts();
    ports.graph.postFaults.push("failBeforeCreate");
    const pairs = [pair("anna", "marco")];
    const first = await planSeries(ports, { pairs, scannedAt: NOW, mode: "auto" });
    expect(first.entries[0]).toMatchObject({ outcome: "skipped", state: "creating" });
    expect(first.entries[0]!.reason).toMatch(/GRAPH.UNAVAILABLE/);
    const tx = (await ports.store.get("id-anna", "id-marco"))!.proposal.transactionId;
    const second = await planSeries(ports, { pairs, scannedAt: NOW });
    expect(second.entries[0]!.outcome).toBe("created");
    expect(ports.graph.events.map((e) => e.transactionId)).toEqual([tx]);
  });

  it("reports a series that came back without a Teams meeting", async () => {
    const ports = schedulingPorts();
    ports.graph.withoutTeams = true;
    const plan = await planSeries(ports, { pairs: [pair("anna", "marco")], scannedAt: NOW, mode: "auto" });
    expect(plan.entries[0]!.outcome).toBe("created");
    expect(plan.entries[0]!.reason).toMatch(/without a Teams meeting/);
    expect((await ports.store.get("id-anna", "id-marco"))?.proposal.teamsMeeting).toBe(false);
  });

  it("reports noSlot with the finder's reason and skips a pair whose mailbox cannot be read", async () => {
    const ports = schedulingPorts();
    // Marco is busy every working hour of the next six weeks.
    ports.graph.block("marco@contoso.com", NOW, new Date(NOW.getTime() + 50 * DAY));
    ports.graph.unreadable.add("gone@contoso.com");
    const plan = await planSeries(ports, {
      pairs: [pair("anna", "marco"), pair("anna", "gone")],
      scannedAt: NOW,
    });
    expect(plan.entries[0]).toMatchObject({ outcome: "noSlot", slots: [] });
    expect(plan.entries[0]!.reason).toMatch(/no 30-minute time is inside/);
    expect(plan.entries[1]).toMatchObject({ outcome: "skipped" });
    expect(plan.entries[1]!.reason).toMatch(/GRAPH.MAILBOX_NOT_ENABLED/);
    expect(await ports.store.list()).toEqual([]);
  });

  it("a pair whose series exists after the scan is reported created; one gone by a later scan gets a new proposal", async () => {
    const ports = schedulingPorts();
    const pairs = [pair("anna", "marco")];
    await planSeries(ports, { pairs, scannedAt: NOW, mode: "auto" });
    const sameScan = await planSeries(ports, { pairs, scannedAt: NOW });
    expect(sameScan.entries[0]!.outcome).toBe("created");
    const laterScan = await planSeries(
      { ...ports, clock: later(1) },
      { pairs, scannedAt: new Date(NOW.getTime() + DAY) },
    );
    expect(laterScan.entries[0]!.outcome).toBe("proposed");
    expect((await ports.store.get("id-anna", "id-marco"))?.proposal.generation).toBe(2);
  });
});

describe("answerProposal", () => {
  it("accepting books the chosen slot once; accepting again reports the same series", async () => {
    const ports = schedulingPorts();
    const plan = await planSeries(ports, { pairs: [pair("anna", "marco")], scannedAt: NOW });
    const id = plan.entries[0]!.proposalId!;
    const first = await answerProposal(
      ports,
      id,
      { action: "accept", slot: 1 },
      { kind: "user", oid: "id-anna" },
    );
    expect(first).toMatchObject({ outcome: "created", proposal: { chosenSlot: 1, answeredBy: "id-anna" } });
    const again = await answerProposal(ports, id, { action: "accept" }, { kind: "admin" });
    expect(again.outcome).toBe("created");
    expect(ports.graph.events).toHaveLength(1);
    expect(ports.graph.events[0]!.start!.dateTime!.slice(0, 16)).toBe(
      plan.entries[0]!.slots[1]!.start.slice(0, 16),
    );
  });

  it("books the next alternative when the chosen time was taken meanwhile", async () => {
    const ports = schedulingPorts();
    const plan = await planSeries(ports, { pairs: [pair("anna", "marco")], scannedAt: NOW });
    const [best, second] = plan.entries[0]!.slots;
    ports.graph.block(
      "marco@contoso.com",
      new Date(best!.occurrences[2]!.start),
      new Date(best!.occurrences[2]!.end),
    );
    const answer = await answerProposal(
      ports,
      plan.entries[0]!.proposalId!,
      { action: "accept" },
      { kind: "admin" },
    );
    expect(answer).toMatchObject({ outcome: "created", proposal: { chosenSlot: 1 } });
    expect(answer.proposal.note).toMatch(/taken meanwhile/);
    expect(ports.graph.events[0]!.start!.dateTime!.slice(0, 16)).toBe(second!.start.slice(0, 16));
  });

  it("goes back to proposed with fresh slots when every proposed time was taken", async () => {
    const ports = schedulingPorts();
    const plan = await planSeries(ports, { pairs: [pair("anna", "marco")], scannedAt: NOW });
    for (const s of plan.entries[0]!.slots)
      ports.graph.block("anna@contoso.com", new Date(s.start), new Date(s.end));
    const answer = await answerProposal(
      ports,
      plan.entries[0]!.proposalId!,
      { action: "accept" },
      { kind: "admin" },
    );
    expect(answer).toMatchObject({ outcome: "proposed", proposal: { state: "proposed", chosenSlot: null } });
    const fresh = answer.proposal.slots.map((s) => s.start);
    expect(fresh).not.toContain(plan.entries[0]!.slots[0]!.start);
    expect(ports.graph.events).toHaveLength(0);
  });

  it("refuses another manager, an unknown id, a missing slot and an answer to a closed proposal", async () => {
    const ports = schedulingPorts();
    const plan = await planSeries(ports, { pairs: [pair("anna", "marco")], scannedAt: NOW });
    const id = plan.entries[0]!.proposalId!;
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: AppError) => `${e.code} ${e.status}`,
      );
    expect(
      await code(answerProposal(ports, id, { action: "decline" }, { kind: "user", oid: "id-bruno" })),
    ).toBe("PROPOSAL.FORBIDDEN 403");
    expect(await code(answerProposal(ports, "p1.eA.eQ", { action: "decline" }, { kind: "admin" }))).toBe(
      "PROPOSAL.NOT_FOUND 404",
    );
    expect(await code(answerProposal(ports, "nonsense", { action: "decline" }, { kind: "admin" }))).toBe(
      "PROPOSAL.NOT_FOUND 404",
    );
    expect(await code(answerProposal(ports, id, { action: "accept", slot: 5 }, { kind: "admin" }))).toBe(
      "PROPOSAL.BAD_SLOT 400",
    );
    await answerProposal(ports, id, { action: "decline" }, { kind: "admin" });
    expect(await code(answerProposal(ports, id, { action: "snooze", days: 3 }, { kind: "admin" }))).toBe(
      "PROPOSAL.NOT_OPEN 409",
    );
    expect(ports.graph.events).toHaveLength(0);
  });
});

describe("planSeries when a pair found a rhythm on its own", () => {
  it("withdraws the open proposal (expired) and books nothing", async () => {
    const ports = schedulingPorts();
    await planSeries(ports, { pairs: [pair("anna", "marco")], scannedAt: NOW });
    const plan = await planSeries(ports, { pairs: [pair("anna", "marco", "scheduled")], scannedAt: NOW });
    expect(plan.entries[0]).toMatchObject({ outcome: "notNeeded", state: "expired" });
    expect((await ports.store.get("id-anna", "id-marco"))?.proposal.note).toMatch(/withdrawn/);
    expect(ports.graph.events).toHaveLength(0);
  });
});
