// Books an accepted proposal exactly once: free/busy re-checked just before the POST, the intent (`creating` with
// the transactionId) stored BEFORE it, and a run that finds `creating` looks the event up before posting again.
import type { Event, ScheduleInformation } from "@microsoft/microsoft-graph-types";
import { toProposedSlot } from "../domain/proposedSlot.js";
import type { BusyItem, Slot } from "../domain/scheduling/slotTypes.js";
import { seriesEvent } from "../domain/seriesEvent.js";
import type { ProposedSlot, SeriesProposal } from "../domain/seriesProposal.js";
import { seriesTransactionId } from "../domain/seriesTransactionId.js";
import { zonedToUtc } from "../domain/timeZone.js";
import { AppError } from "../errors.js";
import { availabilityWindow } from "./availabilityWindow.js";
import { getIgnoringCase } from "./getIgnoringCase.js";
import type { StoredProposal } from "./ports/proposalStore.js";
import type { SchedulingPorts } from "./ports/schedulingPorts.js";
import { readAvailability } from "./readAvailability.js";

const DAY = 86_400_000;
const BLOCKING = new Set(["busy", "tentative", "oof"]);

export type SeriesStep =
  | { outcome: "created"; proposal: SeriesProposal; reason: string }
  /** The slots were all taken meanwhile: the proposal is back to `proposed` with fresh ones. */
  | { outcome: "proposed"; proposal: SeriesProposal; reason: string }
  | { outcome: "noSlot"; proposal: SeriesProposal; reason: string }
  /** Graph failed; the proposal stays `creating` and the next run resumes it without a second event. */
  | { outcome: "failed"; proposal: SeriesProposal; reason: string; error: AppError };

export interface CreateSeriesOptions {
  /** The slot the manager picked (index into `slots`); else the chosen or best one. */
  slot?: number | undefined;
  /** Re-read free/busy before posting (skip only when the slots were found moments ago in the same run). */
  recheck: boolean;
  /** Slots of the manager's other proposals: a fresh search must not collide with them. */
  taken?: readonly Slot[];
}

export async function createSeries(
  ports: SchedulingPorts,
  stored: StoredProposal,
  options: CreateSeriesOptions,
): Promise<SeriesStep> {
  let { proposal, etag } = stored;
  if (proposal.state === "created") return { outcome: "created", proposal, reason: createdReason(proposal) };
  const now = ports.clock.now();

  if (proposal.state === "creating" && proposal.transactionId && proposal.chosenSlot !== null) {
    const slot = proposal.slots[proposal.chosenSlot]!;
    const found = await ports.graph.findEventByTransactionId(
      proposal.managerUpn,
      proposal.transactionId,
      around(slot),
    );
    if (found) return markCreated(ports, proposal, etag, found, now);
  }

  const preferred = options.slot ?? proposal.chosenSlot ?? 0;
  const order = [preferred, ...proposal.slots.map((_, i) => i).filter((i) => i !== preferred)];
  let usable = order.filter((i) => proposal.slots[i] && isAhead(proposal.slots[i]!, now, ports));
  if (options.recheck && usable.length > 0) usable = await stillFree(ports, proposal, usable);
  if (usable.length === 0) return searchAgain(ports, proposal, etag, options.taken ?? [], now);

  const chosen = usable[0]!;
  const slot = proposal.slots[chosen]!;
  const transactionId = seriesTransactionId(
    proposal.managerId,
    proposal.reportId,
    proposal.generation,
    slot.start,
  );
  proposal = {
    ...proposal,
    state: "creating",
    chosenSlot: chosen,
    transactionId,
    updatedAt: now.toISOString(),
    note:
      chosen === preferred
        ? proposal.note
        : `the chosen time was taken meanwhile; booked the next free one (slot ${chosen})`,
  };
  etag = await ports.store.save(proposal, etag);

  let event: Event;
  try {
    event = await ports.graph.createEvent(
      proposal.managerUpn,
      seriesEvent(proposal, slot, ports.policy, transactionId),
    );
  } catch (err) {
    // A POST that timed out may still have created the event: look before reporting a failure.
    const found = await ports.graph
      .findEventByTransactionId(proposal.managerUpn, transactionId, around(slot))
      .catch(() => null);
    if (found) return markCreated(ports, proposal, etag, found, now);
    const error =
      err instanceof AppError
        ? err
        : new AppError("GRAPH.UNEXPECTED", String((err as Error)?.message ?? err));
    return {
      outcome: "failed",
      proposal,
      error,
      reason: `creating the series failed (${error.code}: ${error.message}); the next run resumes it`,
    };
  }
  return markCreated(ports, proposal, etag, event, now);
}

async function markCreated(
  ports: SchedulingPorts,
  proposal: SeriesProposal,
  etag: string,
  event: Event,
  now: Date,
): Promise<SeriesStep> {
  const teamsMeeting = Boolean(event.onlineMeeting?.joinUrl);
  const created: SeriesProposal = {
    ...proposal,
    state: "created",
    seriesId: event.id ?? null,
    teamsMeeting,
    updatedAt: now.toISOString(),
    note:
      [
        proposal.note,
        teamsMeeting
          ? null
          : "created without a Teams meeting: Graph returned no onlineMeeting (the organizer's mailbox may not allow Teams meetings)",
      ]
        .filter(Boolean)
        .join("; ") || null,
  };
  await ports.store.save(created, etag);
  return { outcome: "created", proposal: created, reason: createdReason(created) };
}

function createdReason(p: SeriesProposal): string {
  const slot = p.chosenSlot === null ? undefined : p.slots[p.chosenSlot];
  const when = slot
    ? ` (${slot.weekday}s at ${slot.localTime} ${slot.managerTimeZone}, from ${slot.start})`
    : "";
  return `series created${when}${p.note ? `; ${p.note}` : ""}`;
}

function isAhead(slot: ProposedSlot, now: Date, ports: SchedulingPorts): boolean {
  return new Date(slot.start).getTime() >= now.getTime() + ports.settings.minNoticeHours * 3_600_000;
}

function around(slot: ProposedSlot): { start: Date; end: Date } {
  return { start: new Date(Date.parse(slot.start) - DAY), end: new Date(Date.parse(slot.end) + DAY) };
}

/** The candidate slots (in order) whose first three occurrences are still free for both people. */
async function stillFree(ports: SchedulingPorts, p: SeriesProposal, candidates: number[]): Promise<number[]> {
  const slots = candidates.map((i) => p.slots[i]!);
  const window = {
    start: new Date(Math.min(...slots.flatMap((s) => s.occurrences.map((o) => Date.parse(o.start))))),
    end: new Date(Math.max(...slots.flatMap((s) => s.occurrences.map((o) => Date.parse(o.end))))),
  };
  const answer = await ports.graph.readSchedules(
    [{ organizer: p.managerUpn, schedules: [p.managerUpn, p.reportUpn] }],
    window,
  );
  const read = getIgnoringCase(answer, p.managerUpn);
  if (!read?.ok)
    throw read?.error ?? new AppError("GRAPH.UNEXPECTED", `getSchedule gave no answer for ${p.managerUpn}`);
  const busy = read.value.flatMap(busyOf);
  return candidates.filter((i) =>
    p.slots[i]!.occurrences.every((o) => {
      const start = Date.parse(o.start);
      const end = Date.parse(o.end);
      return !busy.some((b) => b.start.getTime() < end && b.end.getTime() > start);
    }),
  );
}

function busyOf(schedule: ScheduleInformation): BusyItem[] {
  return (schedule.scheduleItems ?? [])
    .filter((item) => BLOCKING.has(item.status ?? "") && item.start?.dateTime && item.end?.dateTime)
    .map((item) => ({
      start: zonedToUtc({ dateTime: item.start!.dateTime!, timeZone: item.start!.timeZone ?? "UTC" }),
      end: zonedToUtc({ dateTime: item.end!.dateTime!, timeZone: item.end!.timeZone ?? "UTC" }),
      status: item.status as BusyItem["status"],
    }));
}

async function searchAgain(
  ports: SchedulingPorts,
  proposal: SeriesProposal,
  etag: string,
  taken: readonly Slot[],
  now: Date,
): Promise<SeriesStep> {
  const read = await readAvailability(
    ports,
    [{ managerUpn: proposal.managerUpn, reportUpns: [proposal.reportUpn] }],
    availabilityWindow(now, ports.policy),
  );
  const manager = read.get(proposal.managerUpn.toLowerCase());
  const report = read.get(proposal.reportUpn.toLowerCase());
  const unusable = [manager, report].find((r) => !r?.ok);
  const search =
    manager?.ok && report?.ok
      ? ports.findSlots({
          now,
          manager: manager.value.availability,
          report: report.value.availability,
          durationMinutes: ports.policy.newSeries.durationMinutes,
          minNoticeHours: ports.settings.minNoticeHours,
          taken,
          limit: 3,
        })
      : ({
          ok: false,
          code: "SLOT.NONE_FOUND",
          reason: unusable && !unusable.ok ? unusable.error.message : "availability unreadable",
        } as const);
  if (!search.ok || !manager?.ok || !report?.ok) {
    const expired: SeriesProposal = {
      ...proposal,
      state: "expired",
      chosenSlot: null,
      transactionId: null,
      updatedAt: now.toISOString(),
      note: `every proposed time was taken meanwhile and ${search.ok ? "availability could not be read" : search.reason}`,
    };
    await ports.store.save(expired, etag);
    return { outcome: "noSlot", proposal: expired, reason: expired.note! };
  }
  const fresh: SeriesProposal = {
    ...proposal,
    state: "proposed",
    slots: search.slots.map((s) =>
      toProposedSlot(s, manager.value.availability.timeZone, report.value.availability.timeZone),
    ),
    chosenSlot: null,
    transactionId: null,
    organizerTimeZone: manager.value.graphTimeZone,
    updatedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ports.settings.proposalTtlDays * DAY).toISOString(),
    note: "every proposed time was taken meanwhile; new times proposed",
  };
  await ports.store.save(fresh, etag);
  return { outcome: "proposed", proposal: fresh, reason: fresh.note! };
}
