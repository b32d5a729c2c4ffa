// After a scan (or on demand): one proposal per pair needing a series, with the best slot and up to two
// alternatives; in auto mode the series is created at once. Pairs already handled get no second proposal, and
// proposals left `accepted`/`creating` by an earlier run are finished here without a second event.

import { optedOut } from "../domain/optedOut.js";
import type { PairResult } from "../domain/pairResult.js";
import { proposalId } from "../domain/proposalId.js";
import { toProposedSlot, toSlot } from "../domain/proposedSlot.js";
import type { Slot } from "../domain/scheduling/slotTypes.js";
import { OPEN_PROPOSAL_STATES, type ProposedSlot, type SeriesProposal } from "../domain/seriesProposal.js";
import { AppError } from "../errors.js";
import { availabilityWindow } from "./availabilityWindow.js";
import { createSeries, type SeriesStep } from "./createSeries.js";
import type { StoredProposal } from "./ports/proposalStore.js";
import type { SchedulingMode, SchedulingPorts } from "./ports/schedulingPorts.js";
import { readAvailability } from "./readAvailability.js";

const DAY = 86_400_000;

export type PlanOutcome = "proposed" | "created" | "noSlot" | "notNeeded" | "skipped";

/** A scan's pair as the planner needs it (the scan's PairResult, with display names when the run has them). */
export type PlanPair = Pick<
  PairResult,
  "managerId" | "managerUpn" | "reportId" | "reportUpn" | "status" | "reason"
> & { managerName?: string | null; reportName?: string | null };

export interface PlanEntry {
  managerId: string;
  managerUpn: string;
  reportId: string;
  reportUpn: string;
  /** The scan's status. */
  status: PairResult["status"];
  outcome: PlanOutcome;
  /** Ranked, best first (the proposal's, empty when there is none). */
  slots: ProposedSlot[];
  seriesId: string | null;
  proposalId: string | null;
  /** The proposal's state after this run, or null. */
  state: SeriesProposal["state"] | null;
  reason: string;
}

export interface PlanSeriesInput {
  pairs: readonly PlanPair[];
  /** The instant the scan classified at: a series created after it is not yet visible to that scan. */
  scannedAt: Date;
  /** Overrides CADENCE_SCHEDULING_MODE (the CLI's --create). */
  mode?: SchedulingMode;
  onProgress?: (done: number, total: number) => void;
}

export interface PlanSeriesResult {
  generatedAt: string;
  mode: SchedulingMode;
  entries: PlanEntry[];
}

type Decision =
  | { kind: "done"; entry: PlanEntry }
  | { kind: "create"; stored: StoredProposal }
  | { kind: "propose"; stored: StoredProposal | undefined; generation: number };

export async function planSeries(ports: SchedulingPorts, input: PlanSeriesInput): Promise<PlanSeriesResult> {
  const now = ports.clock.now();
  const mode = input.mode ?? ports.settings.mode;
  const entries = new Map<PlanPair, PlanEntry>();
  const toCreate: Array<[PlanPair, StoredProposal]> = [];
  const toPropose: Array<[PlanPair, StoredProposal | undefined, number]> = [];
  /**
   * Per manager: the slots of their open proposals, which new ones must not collide with. Every slot of a proposal
   * awaiting its manager counts (any may be accepted), so no alternative clashes with another proposal's time.
   */
  const taken = new Map<string, Slot[]>();
  const takeSlot = (managerId: string, slot: ProposedSlot | undefined) => {
    if (slot) taken.set(managerId, [...(taken.get(managerId) ?? []), toSlot(slot)]);
  };

  // One listing tells which pairs have a proposal at all; only those need a point read (for the ETag).
  const known = new Set((await ports.store.list()).map((p) => pairKey(p.managerId, p.reportId)));
  for (const pair of input.pairs) {
    const decision = await decide(ports, pair, { now, mode, scannedAt: input.scannedAt, known });
    if (decision.kind === "done") entries.set(pair, decision.entry);
    else if (decision.kind === "create") toCreate.push([pair, decision.stored]);
    else toPropose.push([pair, decision.stored, decision.generation]);
    if (decision.kind === "create") {
      const p = decision.stored.proposal;
      if (OPEN_PROPOSAL_STATES.includes(p.state)) takeSlot(p.managerId, p.slots[p.chosenSlot ?? 0]);
    }
  }
  // Open proposals that were only reported (awaiting the manager) also hold their slots.
  for (const [pair, entry] of entries) {
    if (entry.outcome === "proposed") for (const slot of entry.slots) takeSlot(pair.managerId, slot);
  }

  const total = input.pairs.length;
  const progress = () => input.onProgress?.(entries.size, total);
  progress();

  for (const [pair, stored] of toCreate) {
    entries.set(
      pair,
      fromStep(
        pair,
        await createSafely(ports, stored, { recheck: true, taken: taken.get(pair.managerId) ?? [] }),
      ),
    );
    progress();
  }

  if (toPropose.length > 0) {
    const byManager = new Map<string, string[]>();
    for (const [pair] of toPropose)
      byManager.set(pair.managerUpn, [...(byManager.get(pair.managerUpn) ?? []), pair.reportUpn]);
    const availability = await readAvailability(
      ports,
      [...byManager].map(([managerUpn, reportUpns]) => ({ managerUpn, reportUpns })),
      availabilityWindow(now, ports.policy),
    );
    const ordered = [...toPropose].sort(
      ([a], [b]) => a.managerUpn.localeCompare(b.managerUpn) || a.reportUpn.localeCompare(b.reportUpn),
    );
    for (const [pair, stored, generation] of ordered) {
      const manager = availability.get(pair.managerUpn.toLowerCase());
      const report = availability.get(pair.reportUpn.toLowerCase());
      if (!manager?.ok || !report?.ok) {
        const error =
          (!manager?.ok ? manager?.error : undefined) ?? (!report?.ok ? report?.error : undefined);
        entries.set(
          pair,
          entry(
            pair,
            "skipped",
            null,
            `availability unreadable: ${error?.code ?? "GRAPH.UNEXPECTED"} ${error?.message ?? ""}`.trim(),
          ),
        );
        progress();
        continue;
      }
      const search = ports.findSlots({
        now,
        manager: manager.value.availability,
        report: report.value.availability,
        durationMinutes: ports.policy.newSeries.durationMinutes,
        minNoticeHours: ports.settings.minNoticeHours,
        taken: taken.get(pair.managerId) ?? [],
        limit: 3,
      });
      if (!search.ok) {
        entries.set(pair, entry(pair, "noSlot", null, search.reason));
        progress();
        continue;
      }
      const proposal: SeriesProposal = {
        proposalId: proposalId(pair.managerId, pair.reportId, generation),
        generation,
        managerId: pair.managerId,
        managerUpn: pair.managerUpn,
        managerName: pair.managerName ?? null,
        reportId: pair.reportId,
        reportUpn: pair.reportUpn,
        reportName: pair.reportName ?? null,
        pairStatus: pair.status,
        state: "proposed",
        slots: search.slots
          .slice(0, 3)
          .map((s) =>
            toProposedSlot(s, manager.value.availability.timeZone, report.value.availability.timeZone),
          ),
        chosenSlot: null,
        organizerTimeZone: manager.value.graphTimeZone,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ports.settings.proposalTtlDays * DAY).toISOString(),
        snoozedUntil: null,
        transactionId: null,
        seriesId: null,
        teamsMeeting: null,
        answeredBy: mode === "auto" ? "auto" : null,
        note: null,
      };
      let etag: string;
      try {
        etag = await ports.store.save(proposal, stored?.etag);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== "PROPOSAL.CONFLICT") throw err;
        entries.set(pair, entry(pair, "skipped", null, "another run changed this pair's proposal meanwhile"));
        progress();
        continue;
      }
      // Auto mode books the best slot now; a proposal awaiting its manager holds all of them.
      for (const slot of mode === "auto" ? proposal.slots.slice(0, 1) : proposal.slots)
        takeSlot(pair.managerId, slot);
      if (mode === "auto") {
        // Free/busy was read moments ago for this very search: no re-check before the POST.
        entries.set(pair, fromStep(pair, await createSafely(ports, { proposal, etag }, { recheck: false })));
      } else {
        entries.set(
          pair,
          entry(
            pair,
            "proposed",
            proposal,
            `proposed ${describeSlot(proposal.slots[0]!)}; awaiting the manager`,
          ),
        );
      }
      progress();
    }
  }

  return { generatedAt: now.toISOString(), mode, entries: input.pairs.map((p) => entries.get(p)!) };
}

async function decide(
  ports: SchedulingPorts,
  pair: PlanPair,
  ctx: { now: Date; mode: SchedulingMode; scannedAt: Date; known: Set<string> },
): Promise<Decision> {
  const done = (outcome: PlanOutcome, reason: string, p: SeriesProposal | null = null): Decision => ({
    kind: "done",
    entry: entry(pair, outcome, p, reason),
  });
  const isOptedOut = optedOut(pair, ports.settings.excludedUsers);
  if (pair.status === "excluded" && !isOptedOut) return done("skipped", `excluded: ${pair.reason}`);
  const stored = ctx.known.has(pairKey(pair.managerId, pair.reportId))
    ? await ports.store.get(pair.managerId, pair.reportId)
    : undefined;
  const p = stored?.proposal;
  if (isOptedOut) {
    const reason =
      pair.status === "excluded" ? `excluded: ${pair.reason}` : "opted out (CADENCE_EXCLUDED_USERS)";
    // A proposal made before someone opted out must not stay on offer: its card, the manager's digest line and a
    // late press of its Accept button would all still reach them.
    if (!stored || !p || !["proposed", "accepted", "snoozed"].includes(p.state))
      return done("skipped", reason);
    const withdrawn: SeriesProposal = {
      ...p,
      state: "expired",
      updatedAt: ctx.now.toISOString(),
      note: "withdrawn: opted out (CADENCE_EXCLUDED_USERS)",
    };
    try {
      await ports.store.save(withdrawn, stored.etag);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "PROPOSAL.CONFLICT") throw err;
      return done("skipped", reason);
    }
    return done("skipped", `${reason}; the open proposal was withdrawn`, withdrawn);
  }
  if (p?.state === "declined")
    return done("skipped", `declined on ${p.updatedAt.slice(0, 10)}: never proposed for this pair again`, p);
  if (p?.state === "snoozed" && p.snoozedUntil && Date.parse(p.snoozedUntil) > ctx.now.getTime()) {
    return done("skipped", `snoozed until ${p.snoozedUntil.slice(0, 10)}`, p);
  }
  if (pair.status !== "missing" && pair.status !== "lapsed") {
    if (stored && p && (p.state === "accepted" || p.state === "creating")) return { kind: "create", stored };
    if (stored && p?.state === "proposed") {
      // The pair found a rhythm on its own (someone booked a 1:1): the open proposal is withdrawn.
      const expired: SeriesProposal = {
        ...p,
        state: "expired",
        updatedAt: ctx.now.toISOString(),
        note: `withdrawn: the scan found the pair ${pair.status}`,
      };
      try {
        await ports.store.save(expired, stored.etag);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== "PROPOSAL.CONFLICT") throw err;
        return done("notNeeded", `the scan found the pair ${pair.status}`, p);
      }
      return done(
        "notNeeded",
        `the scan found the pair ${pair.status}; the open proposal was withdrawn`,
        expired,
      );
    }
    return done("notNeeded", `the scan found the pair ${pair.status}`, p ?? null);
  }
  if (!stored || !p) return { kind: "propose", stored: undefined, generation: 1 };
  if (p.state === "created") {
    // The scan may predate the series; a later scan that still finds none means it is gone.
    if (Date.parse(p.updatedAt) >= ctx.scannedAt.getTime())
      return done("created", "series created after the scan ran", p);
    return { kind: "propose", stored, generation: p.generation + 1 };
  }
  if (p.state === "accepted" || p.state === "creating") return { kind: "create", stored };
  if (p.state === "proposed") {
    if (Date.parse(p.expiresAt) <= ctx.now.getTime()) {
      // Stale slots: the pair gets fresh ones under a new generation (the old proposal is replaced).
      return { kind: "propose", stored, generation: p.generation + 1 };
    }
    if (ctx.mode === "auto") return { kind: "create", stored };
    return done(
      "proposed",
      `proposed on ${p.createdAt.slice(0, 10)}; awaiting the manager until ${p.expiresAt.slice(0, 10)}`,
      p,
    );
  }
  // expired, or a snooze that has run out
  return { kind: "propose", stored, generation: p.generation + 1 };
}

async function createSafely(
  ports: SchedulingPorts,
  stored: StoredProposal,
  options: { recheck: boolean; taken?: readonly Slot[] },
): Promise<SeriesStep> {
  try {
    return await createSeries(ports, stored, options);
  } catch (err) {
    const error =
      err instanceof AppError
        ? err
        : new AppError("GRAPH.UNEXPECTED", (err as Error)?.message ?? String(err));
    return {
      outcome: "failed",
      proposal: stored.proposal,
      error,
      reason: `could not create the series (${error.code}: ${error.message})`,
    };
  }
}

function fromStep(pair: PlanPair, step: SeriesStep): PlanEntry {
  if (step.outcome === "failed") return entry(pair, "skipped", step.proposal, step.reason);
  return entry(pair, step.outcome, step.proposal, step.reason);
}

function entry(pair: PlanPair, outcome: PlanOutcome, p: SeriesProposal | null, reason: string): PlanEntry {
  return {
    managerId: pair.managerId,
    managerUpn: pair.managerUpn,
    reportId: pair.reportId,
    reportUpn: pair.reportUpn,
    status: pair.status,
    outcome,
    slots: p?.slots ?? [],
    seriesId: p?.seriesId ?? null,
    proposalId: p?.proposalId ?? null,
    state: p?.state ?? null,
    reason,
  };
}

function describeSlot(s: ProposedSlot): string {
  return `${s.weekday}s at ${s.localTime} ${s.managerTimeZone}, from ${s.start}`;
}

function pairKey(managerId: string, reportId: string): string {
  return `${managerId}\u0000${reportId}`;
}
