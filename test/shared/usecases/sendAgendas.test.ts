// sendAgendas with small fakes: exactly once per occurrence per person, updates for moves and cancellations.
import { describe, expect, it } from "vitest";
import { agendaPairKey } from "../../../shared/usecases/agendaPairKey.js";
import { sendAgendas } from "../../../shared/usecases/sendAgendas.js";
import { deliveryPorts, MANAGER, oneOnOne, REPORT } from "./agendaFakes.js";

const at = (iso: string) => ({ value: new Date(iso) });
const pairKey = agendaPairKey(MANAGER.id, REPORT.id);

describe("sendAgendas", () => {
  it("sends one card to each person of the pair inside the lead window, with their zone and language", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    calendar.events = [
      oneOnOne("occ-1", "2026-12-02T09:00:00Z"),
      oneOnOne("occ-later", "2026-12-09T09:00:00Z"),
    ];
    const result = await sendAgendas(ports);
    expect(result).toMatchObject({ sent: 2, failed: [], uncertain: [], blocked: [] });
    expect(teams.sent.map((s) => [s.userId, s.card.context.occurrenceId, s.card.view.role])).toEqual([
      [MANAGER.id, "occ-1", "manager"],
      [REPORT.id, "occ-1", "report"],
    ]);
    const delivery = await ports.store.getDelivery("occ-1", REPORT.id);
    expect(delivery?.value).toMatchObject({
      state: "sent",
      timeZone: "Tokyo Standard Time",
      language: "ja-JP",
    });
    expect(delivery?.value.joinUrl).toBe("https://teams.example/join/occ-1");
  });

  it("never sends a card twice across two overlapping runs and a later one", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    const [a, b] = await Promise.all([sendAgendas(ports), sendAgendas(ports)]);
    expect(a.sent + b.sent).toBe(2);
    now.value = new Date("2026-12-01T10:15:00Z");
    expect((await sendAgendas(ports)).sent).toBe(0);
    expect(teams.sent.map((s) => s.userId).sort()).toEqual([MANAGER.id, REPORT.id]);
  });

  it("takes over a claim left by a run that died before sending, once its lease is over", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar, store } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    // A crash right after the insert: the claim exists, nothing was sent.
    const crashed = deliveryPorts(now);
    crashed.teams.ensureConversation = () => Promise.reject(new Error("process killed"));
    await expect(sendAgendas({ ...crashed.ports, calendar, store })).rejects.toThrow("process killed");
    expect((await store.getDelivery("occ-1", MANAGER.id))?.value.state).toBe("pending");

    // The report's card was never claimed; the manager's claim is within its lease: it may still be in flight.
    expect((await sendAgendas(ports)).sent).toBe(1);
    expect(teams.sent.map((s) => s.userId)).toEqual([REPORT.id]);
    now.value = new Date("2026-12-01T10:15:00Z");
    expect((await sendAgendas(ports)).sent).toBe(1);
    now.value = new Date("2026-12-01T10:30:00Z");
    expect((await sendAgendas(ports)).sent).toBe(0);
    expect(teams.sent.map((s) => s.userId).sort()).toEqual([MANAGER.id, REPORT.id]);
  });

  it("does not send again when a run died during the send, and reports it", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    teams.sendError = new Error("socket hang up"); // the card may or may not have arrived
    const first = await sendAgendas(ports);
    expect(first.uncertain).toEqual([
      { occurrenceId: "occ-1", recipientId: MANAGER.id, code: "CARD.UNCERTAIN" },
    ]);
    now.value = new Date("2026-12-01T10:15:00Z");
    const second = await sendAgendas(ports);
    expect(second.sent).toBe(0);
    expect(second.uncertain).toHaveLength(1);
    expect(teams.sent.map((s) => s.userId)).toEqual([REPORT.id]);
  });

  it("keeps a card whose answer was lost (TEAMS.UNCERTAIN) as sending: reported, never sent again", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    const { AppError } = await import("../../../shared/errors.js");
    teams.sendError = new AppError("TEAMS.UNCERTAIN", "connection reset after the activity was posted");
    const first = await sendAgendas(ports);
    expect(first.failed).toEqual([]);
    expect(first.uncertain).toEqual([
      { occurrenceId: "occ-1", recipientId: MANAGER.id, code: "CARD.UNCERTAIN" },
    ]);
    now.value = new Date("2026-12-01T10:15:00Z");
    const second = await sendAgendas(ports);
    expect(second.sent).toBe(0);
    expect(second.uncertain).toHaveLength(1);
    expect(teams.sent.map((s) => s.userId)).toEqual([REPORT.id]);
  });

  it("releases a claim whose send failed for sure, and sends on the next run", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    const { AppError } = await import("../../../shared/errors.js");
    teams.sendError = new AppError("TEAMS.THROTTLED", "429");
    expect((await sendAgendas(ports)).failed).toEqual([
      { occurrenceId: "occ-1", recipientId: MANAGER.id, code: "TEAMS.THROTTLED" },
    ]);
    now.value = new Date("2026-12-01T10:15:00Z");
    expect((await sendAgendas(ports)).sent).toBe(1);
    expect(teams.sent.map((s) => s.userId).sort()).toEqual([MANAGER.id, REPORT.id]);
  });

  it("treats a conversation Teams could not open (a typed throw) like a failed send: released, retried", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    const { AppError } = await import("../../../shared/errors.js");
    const ensure = teams.ensureConversation.bind(teams);
    teams.ensureConversation = async () => {
      throw new AppError("TEAMS.UNAUTHORIZED", "401 from the Bot Connector");
    };
    const failed = await sendAgendas(ports);
    expect(failed.sent).toBe(0);
    expect(failed.failed.map((f) => f.code)).toEqual(["TEAMS.UNAUTHORIZED", "TEAMS.UNAUTHORIZED"]);
    teams.ensureConversation = ensure;
    now.value = new Date("2026-12-01T10:15:00Z");
    expect((await sendAgendas(ports)).sent).toBe(2);
  });

  it("updates both sent cards to the new time when the occurrence moves", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar, store } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    await sendAgendas(ports);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T14:00:00Z", 45)];
    now.value = new Date("2026-12-01T10:15:00Z");
    const result = await sendAgendas(ports);
    expect(result).toMatchObject({ sent: 0, updated: 2, cancelled: 0 });
    expect(teams.updates.map((u) => [u.activityId, u.card.view.when, u.card.view.cancelled])).toEqual([
      ["act-1", "2026-12-02T14:00:00.000Z/2026-12-02T14:45:00.000Z", false],
      ["act-2", "2026-12-02T14:00:00.000Z/2026-12-02T14:45:00.000Z", false],
    ]);
    expect((await store.getDelivery("occ-1", MANAGER.id))?.value).toMatchObject({
      state: "updated",
      start: "2026-12-02T14:00:00.000Z",
    });
    now.value = new Date("2026-12-01T10:30:00Z");
    expect(await sendAgendas(ports)).toMatchObject({ sent: 0, updated: 0 });
  });

  it("updates a sent card when its occurrence moves out of the read window (found by id)", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    await sendAgendas(ports);
    calendar.events = [oneOnOne("occ-1", "2026-12-04T09:00:00Z")];
    const result = await sendAgendas(ports);
    expect(result.updated).toBe(2);
    expect(teams.updates[0]?.card.view.when.startsWith("2026-12-04T09:00:00.000Z")).toBe(true);
  });

  it("updates sent cards to say cancelled when the occurrence disappears from the calendar", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar, store } = deliveryPorts(now);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    await sendAgendas(ports);
    calendar.events = []; // calendarView omits a cancelled occurrence; by id Graph answers 404
    now.value = new Date("2026-12-01T10:15:00Z");
    expect(await sendAgendas(ports)).toMatchObject({ cancelled: 2, updated: 0, sent: 0 });
    expect(teams.updates.map((u) => u.card.view.cancelled)).toEqual([true, true]);
    expect((await store.getDelivery("occ-1", REPORT.id))?.value.state).toBe("cancelled");
    expect((await sendAgendas(ports)).cancelled).toBe(0);
    expect(teams.updates).toHaveLength(2);
  });

  it("sends no card for a cancelled or already started occurrence", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    const declined = oneOnOne("occ-declined", "2026-12-02T09:00:00Z");
    declined.attendees![0]!.status = { response: "declined" };
    calendar.events = [declined, oneOnOne("occ-now", "2026-12-01T09:45:00Z")];
    expect((await sendAgendas(ports)).sent).toBe(0);
    expect(teams.sent).toEqual([]);
  });

  it("honours each person's lead time: off → no card, 2 h → only inside two hours", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar, store } = deliveryPorts(now);
    await store.savePreferences({ userId: MANAGER.id, leadTime: "off", mutedPairs: [] });
    await store.savePreferences({ userId: REPORT.id, leadTime: "2h", mutedPairs: [] });
    calendar.events = [oneOnOne("occ-1", "2026-12-01T15:00:00Z")];
    expect((await sendAgendas(ports)).sent).toBe(0);
    now.value = new Date("2026-12-01T13:00:00Z");
    expect((await sendAgendas(ports)).sent).toBe(1);
    now.value = new Date("2026-12-01T14:45:00Z");
    expect((await sendAgendas(ports)).sent).toBe(0);
    expect(teams.sent.map((s) => s.userId)).toEqual([REPORT.id]);
  });

  it("sends nothing to a person who muted the pair or skipped the occurrence", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar, store } = deliveryPorts(now);
    await store.savePreferences({ userId: MANAGER.id, leadTime: "24h", mutedPairs: [pairKey] });
    await store.skipOccurrence("occ-1", REPORT.id, now.value);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z"), oneOnOne("occ-2", "2026-12-02T09:30:00Z")];
    await sendAgendas(ports);
    expect(teams.sent.map((s) => [s.userId, s.card.context.occurrenceId])).toEqual([[REPORT.id, "occ-2"]]);
  });

  it("records a user who blocked the bot, reports them, and does not ask Teams again every run", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar, store } = deliveryPorts(now, { blockedRetryDays: 30 });
    teams.blocked.add(REPORT.id);
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    const first = await sendAgendas(ports);
    expect(first).toMatchObject({ sent: 1, blocked: [REPORT.id] });
    expect(await store.getConversation(REPORT.id)).toMatchObject({
      blocked: true,
      blockedAt: now.value.toISOString(),
    });
    expect((await store.getDelivery("occ-1", REPORT.id))?.value.state).toBe("blocked");

    calendar.events.push(oneOnOne("occ-2", "2026-12-02T09:30:00Z"));
    now.value = new Date("2026-12-01T10:15:00Z");
    const second = await sendAgendas(ports);
    expect(second).toMatchObject({ sent: 1, blocked: [REPORT.id] });
    expect(teams.ensured.filter((id) => id === REPORT.id)).toHaveLength(1);
    expect(teams.ensured.filter((id) => id === MANAGER.id)).toHaveLength(1); // the conversation is kept
  });

  it("shows a private talking point only on its author's card", async () => {
    const now = at("2026-12-01T10:00:00Z");
    const { ports, teams, calendar, store } = deliveryPorts(now);
    const base = { pairKey, done: false, createdAt: new Date("2026-11-30T00:00:00Z") };
    await store.saveTalkingPoint({ ...base, id: "tp-1", authorId: REPORT.id, text: "raise", private: true });
    await store.saveTalkingPoint({
      ...base,
      id: "tp-2",
      authorId: MANAGER.id,
      text: "roadmap",
      private: false,
    });
    calendar.events = [oneOnOne("occ-1", "2026-12-02T09:00:00Z")];
    await sendAgendas(ports);
    const pointsOf = (id: string) =>
      teams.sent.find((s) => s.userId === id)?.card.view.talkingPoints.map((p) => p.id);
    expect(pointsOf(REPORT.id)).toEqual(["tp-1", "tp-2"]);
    expect(pointsOf(MANAGER.id)).toEqual(["tp-2"]);
  });

  it("never repeats a question within the pair's last four meetings", async () => {
    const now = at("2026-11-30T10:00:00Z");
    const { ports, teams, calendar } = deliveryPorts(now);
    const meetings = Array.from({ length: 10 }, (_, i) => {
      const start = new Date(Date.parse("2026-12-01T09:00:00Z") + i * 7 * 86_400_000).toISOString();
      return oneOnOne(`occ-${i}`, start);
    });
    calendar.events = meetings;
    for (const meeting of meetings) {
      now.value = new Date(Date.parse(`${meeting.start!.dateTime}Z`) - 20 * 3_600_000);
      await sendAgendas(ports);
    }
    const asked = meetings.map((m) => {
      const cards = teams.sent.filter((s) => s.card.context.occurrenceId === m.id);
      expect(cards).toHaveLength(2);
      expect(cards[0]!.card.view.questions).toEqual(cards[1]!.card.view.questions); // both see the same three
      return cards[0]!.card.view.questions.map((q) => q.id);
    });
    asked.forEach((questions, i) => {
      const previous = new Set(asked.slice(Math.max(0, i - 4), i).flat());
      expect(questions.filter((q) => previous.has(q))).toEqual([]);
    });
  });
});
