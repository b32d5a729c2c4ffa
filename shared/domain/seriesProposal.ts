// A proposed 1:1 series for one manager/report pair (issue 9): its ranked slots and where it stands.
import { z } from "zod";

const instant = z.iso.datetime();

/** One ranked slot as stored and shown: the first occurrence in UTC plus both people's zones (IANA). */
export const proposedSlotSchema = z.object({
  start: instant,
  end: instant,
  weekday: z.enum(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
  /** "HH:MM" of the first occurrence in the manager's zone. */
  localTime: z.string().regex(/^\d{2}:\d{2}$/),
  /** The first three occurrences, UTC (what "taken by another proposal" is checked against). */
  occurrences: z.array(z.object({ start: instant, end: instant })).min(1),
  managerTimeZone: z.string().min(1),
  reportTimeZone: z.string().min(1),
});
export type ProposedSlot = z.infer<typeof proposedSlotSchema>;

/**
 * proposed → accepted → creating → created, or snoozed / declined / expired. `creating` is written BEFORE the
 * POST so a run that dies after it looks the event up by transactionId instead of posting a second one.
 */
export const proposalStateSchema = z.enum([
  "proposed",
  "accepted",
  "creating",
  "created",
  "snoozed",
  "declined",
  "expired",
]);
export type ProposalState = z.infer<typeof proposalStateSchema>;

/** States in which a pair must not get a second proposal. */
export const OPEN_PROPOSAL_STATES: readonly ProposalState[] = ["proposed", "accepted", "creating"];

export const seriesProposalSchema = z.object({
  proposalId: z.string().min(1),
  /** Counts the proposals this pair has had; part of the id and of the transactionId. */
  generation: z.number().int().positive(),
  managerId: z.string().min(1),
  managerUpn: z.string().min(1),
  managerName: z.string().nullable(),
  reportId: z.string().min(1),
  reportUpn: z.string().min(1),
  reportName: z.string().nullable(),
  /** The scan status that asked for a series (missing or lapsed). */
  pairStatus: z.string().min(1),
  state: proposalStateSchema,
  /** Ranked, best first: the best slot and up to two alternatives. */
  slots: z.array(proposedSlotSchema).max(3),
  /** The slot being or already booked (index into `slots`). */
  chosenSlot: z.number().int().min(0).max(2).nullable(),
  /** The organizer's zone as Graph should receive it in start/end/recurrenceTimeZone. */
  organizerTimeZone: z.string().min(1),
  createdAt: instant,
  updatedAt: instant,
  /** After this instant an unanswered proposal is expired (CADENCE_PROPOSAL_TTL_DAYS). */
  expiresAt: instant,
  snoozedUntil: instant.nullable(),
  /** Set with `creating`: the POST's transactionId for the chosen slot. */
  transactionId: z.string().nullable(),
  seriesId: z.string().nullable(),
  /** Whether Graph came back with a Teams meeting (null until created). */
  teamsMeeting: z.boolean().nullable(),
  /** Who answered (a user's oid or "admin") and the latest reason in words. */
  answeredBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type SeriesProposal = z.infer<typeof seriesProposalSchema>;
