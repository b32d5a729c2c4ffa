// sendAgendas over the real adapters: the simulator's calendars over HTTPS, the agenda tables on Azurite. Overlapping
// runs race on the same Table Storage claims; a cancelled occurrence's cards are updated to say so.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Simulator, startSimulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { upcomingCalendarFromGateway } from "../../shared/composition/upcomingCalendarFromGateway.js";
import { AgendaTableStore } from "../../shared/store/agendaTableStore.js";
import type { TrackedPair } from "../../shared/usecases/ports/trackedPairs.js";
import { type SendAgendasPorts, sendAgendas } from "../../shared/usecases/sendAgendas.js";
import { ADA, BO, smallTenant } from "../shared/graph/smallTenant.js";
import { FakeTeams, fakeCompose } from "../shared/usecases/agendaFakes.js";

const pair: TrackedPair = {
  managerId: ADA,
  managerUpn: "ada@contoso.example",
  reportId: BO,
  reportUpn: "bo@contoso.example",
  status: "healthy",
  lastHeld: null,
  nextScheduled: null,
  cadenceDays: 14,
  seriesId: null,
  reason: "every 2 weeks",
  managerName: "Ada Manager",
  reportName: "Bo Report",
};

let sim: Simulator;
let store: AgendaTableStore;
beforeAll(async () => {
  sim = await startSimulator({ fixture: smallTenant(2), port: 0 });
  store = await AgendaTableStore.open(inject("azuriteConnectionString"), `t${randomUUID().slice(0, 8)}`);
});
afterAll(async () => {
  await sim?.close();
});

describe("agenda delivery on the simulator and Azurite", () => {
  it("sends each card once across overlapping runs, then updates both when the occurrence is cancelled", async () => {
    // Ada and Bo meet every other Tuesday at 10:00 Rome; the next is 8 December, 09:00 UTC.
    const now = { value: new Date("2026-12-07T12:00:00Z") };
    const teams = new FakeTeams();
    const graph = upcomingCalendarFromGateway(simulatorGateway(sim));
    const ports: SendAgendasPorts = {
      clock: { now: () => now.value },
      pairs: { latestPairs: async () => [pair] },
      calendar: graph,
      mailboxSettings: graph,
      teams,
      store,
      tenantId: sim.tenantId,
      composeAgenda: fakeCompose,
      buildAgendaCard: (view, context) => ({ view, context }),
    };
    const runs = await Promise.all([sendAgendas(ports), sendAgendas(ports), sendAgendas(ports)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(2);
    expect(teams.sent.map((s) => [s.userId, s.card.view.when]).sort()).toEqual([
      [ADA, "2026-12-08T09:00:00.000Z/2026-12-08T09:30:00.000Z"],
      [BO, "2026-12-08T09:00:00.000Z/2026-12-08T09:30:00.000Z"],
    ]);
    const occurrenceId = teams.sent[0]!.card.context.occurrenceId;
    expect((await store.getDelivery(occurrenceId, BO))?.value).toMatchObject({
      state: "sent",
      timeZone: "W. Europe Standard Time",
    });

    // Ada cancels that occurrence: Graph deletes it, calendarView stops showing it, by id it is a 404.
    const gateway = simulatorGateway(sim);
    const [deleted] = await gateway.batch([
      { method: "DELETE", url: `/users/${ADA}/events/${encodeURIComponent(occurrenceId)}` },
    ]);
    expect(deleted?.ok).toBe(true);
    now.value = new Date("2026-12-07T12:15:00Z");
    const after = await Promise.all([sendAgendas(ports), sendAgendas(ports)]);
    expect(after.reduce((n, r) => n + r.cancelled, 0)).toBe(2);
    expect(teams.updates.map((u) => u.card.view.cancelled)).toEqual([true, true]);
    expect(teams.sent).toHaveLength(2);
  }, 60_000);
});
