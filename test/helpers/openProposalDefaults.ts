import { proposalId } from "../../shared/domain/proposalId.js";
import type { SeriesProposal } from "../../shared/domain/seriesProposal.js";
import { MARA_ID, ROB_ID } from "../dev/sim/teams/teamsFixture.js";

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

/**
 * The Teams fixture's Mara proposing a series to Rob, unanswered: one Monday 10:00 (Rome) slot in March 2030, open
 * until the proposal expires on 2030-03-01, as the bot and HTTP tests seed it.
 */
export function marasOpenProposal(): SeriesProposal {
  const start = "2030-03-04T09:00:00.000Z";
  const end = "2030-03-04T09:30:00.000Z";
  return {
    ...OPEN_PROPOSAL_DEFAULTS,
    proposalId: proposalId(MARA_ID, ROB_ID, 1),
    generation: 1,
    managerId: MARA_ID,
    managerUpn: "mara@contoso.example",
    managerName: "Mara",
    reportId: ROB_ID,
    reportUpn: "rob@contoso.example",
    reportName: "Rob",
    pairStatus: "missing",
    state: "proposed",
    slots: [
      {
        start,
        end,
        weekday: "monday",
        localTime: "10:00",
        occurrences: [{ start, end }],
        managerTimeZone: "Europe/Rome",
        reportTimeZone: "Europe/Rome",
      },
    ],
    expiresAt: "2030-03-01T00:00:00.000Z",
  };
}
