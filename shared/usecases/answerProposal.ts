// A manager's (or an admin's) answer to a proposal: accept (books the series at once), snooze N days, or decline
// for good. Only the pair's own manager or an admin may answer.

import { optedOut } from "../domain/optedOut.js";
import { parseProposalId } from "../domain/proposalId.js";
import { toSlot } from "../domain/proposedSlot.js";
import { OPEN_PROPOSAL_STATES, type SeriesProposal } from "../domain/seriesProposal.js";
import { AppError } from "../errors.js";
import { createSeries, type SeriesStep } from "./createSeries.js";
import type { SchedulingPorts } from "./ports/schedulingPorts.js";

const DAY = 86_400_000;

export type ProposalAnswer =
  | { action: "accept"; slot?: number | undefined }
  | { action: "snooze"; days: number }
  | { action: "decline" };

/** Who answers: an admin (function key or admin role), or a signed-in user by their Entra object id. */
export type Answerer = { kind: "admin"; name?: string | undefined } | { kind: "user"; oid: string };

export type AnswerResult =
  | { proposal: SeriesProposal; outcome: "snoozed" | "declined"; reason: string }
  | { proposal: SeriesProposal; outcome: Exclude<SeriesStep["outcome"], "failed">; reason: string }
  | { proposal: SeriesProposal; outcome: "failed"; reason: string; error: AppError };

export async function answerProposal(
  ports: SchedulingPorts,
  id: string,
  answer: ProposalAnswer,
  by: Answerer,
): Promise<AnswerResult> {
  const ref = parseProposalId(id);
  const stored = ref && (await ports.store.get(ref.managerId, ref.reportId));
  if (!ref || !stored || stored.proposal.generation !== ref.generation) {
    throw new AppError("PROPOSAL.NOT_FOUND", `no proposal ${id}`, { status: 404 });
  }
  const current = stored.proposal;
  if (by.kind === "user" && by.oid !== current.managerId) {
    throw new AppError("PROPOSAL.FORBIDDEN", "only the pair's manager or an admin may answer this proposal", {
      status: 403,
    });
  }
  const now = ports.clock.now();
  const answeredBy = by.kind === "admin" ? `admin${by.name ? `:${by.name}` : ""}` : by.oid;

  if (answer.action === "accept") {
    // Opting out takes effect at once, not at the next plan: an Accept pressed on a card sent before books nothing.
    if (current.state !== "created" && optedOut(current, ports.settings.excludedUsers)) {
      throw new AppError(
        "PROPOSAL.OPTED_OUT",
        "the manager or the report opted out (CADENCE_EXCLUDED_USERS): no series is booked for this pair",
        { status: 409 },
      );
    }
    // Accepting again (a double click, a retried request) resumes or reports the same series.
    if (current.state === "created" || current.state === "creating" || current.state === "accepted") {
      return createSeries(ports, stored, { recheck: current.state !== "created" });
    }
    requireOpen(current);
    if (answer.slot !== undefined && answer.slot >= current.slots.length) {
      throw new AppError(
        "PROPOSAL.BAD_SLOT",
        `slot ${answer.slot} does not exist: this proposal has ${current.slots.length} (0 is the best)`,
        { status: 400 },
      );
    }
    const accepted: SeriesProposal = {
      ...current,
      state: "accepted",
      chosenSlot: answer.slot ?? 0,
      answeredBy,
      updatedAt: now.toISOString(),
    };
    const etag = await ports.store.save(accepted, stored.etag);
    const others = (await ports.store.list({ managerId: current.managerId }))
      .filter((p) => p.reportId !== current.reportId && OPEN_PROPOSAL_STATES.includes(p.state))
      // A proposal still awaiting its manager holds all its slots; one being booked, the chosen one.
      .flatMap((p) =>
        p.state === "proposed" ? p.slots : p.slots.slice(p.chosenSlot ?? 0, (p.chosenSlot ?? 0) + 1),
      );
    return createSeries(ports, { proposal: accepted, etag }, { recheck: true, taken: others.map(toSlot) });
  }

  requireOpen(current);
  const answered: SeriesProposal =
    answer.action === "snooze"
      ? {
          ...current,
          state: "snoozed",
          snoozedUntil: new Date(now.getTime() + answer.days * DAY).toISOString(),
          answeredBy,
          updatedAt: now.toISOString(),
        }
      : { ...current, state: "declined", answeredBy, updatedAt: now.toISOString() };
  await ports.store.save(answered, stored.etag);
  return answer.action === "snooze"
    ? {
        proposal: answered,
        outcome: "snoozed",
        reason: `snoozed until ${answered.snoozedUntil!.slice(0, 10)}`,
      }
    : {
        proposal: answered,
        outcome: "declined",
        reason: "declined: no series will be proposed for this pair again",
      };
}

function requireOpen(p: SeriesProposal): void {
  if (p.state !== "proposed") {
    throw new AppError(
      "PROPOSAL.NOT_OPEN",
      `proposal ${p.proposalId} is ${p.state}, not open for an answer`,
      {
        status: 409,
      },
    );
  }
}
