import type { SeriesProposal } from "../../shared/domain/seriesProposal.js";

/** The lifecycle fields of a proposal nobody has answered yet, as the proposal tests build one. */
export const OPEN_PROPOSAL_DEFAULTS = {
  chosenSlot: null,
  organizerTimeZone: "W. Europe Standard Time",
  createdAt: "2027-02-20T09:00:00.000Z",
  updatedAt: "2027-02-20T09:00:00.000Z",
  expiresAt: "2027-03-06T09:00:00.000Z",
  snoozedUntil: null,
  transactionId: null,
  seriesId: null,
  teamsMeeting: null,
  answeredBy: null,
  note: null,
} satisfies Partial<SeriesProposal>;
