// The recurring 1:1 Cadence creates (issue 9): the report as required attendee, bi-weekly on the slot's weekday,
// start/end and recurrence in the manager's zone, a Teams meeting, and a short body drawn from the 1:1 guidance.
import type { Event } from "@microsoft/microsoft-graph-types";
import escapeHtml from "escape-html";
import type { CadencePolicy } from "./cadencePolicy.js";
import type { ProposedSlot, SeriesProposal } from "./seriesProposal.js";
import { localDate, utcToZoned } from "./timeZone.js";

export function seriesEvent(
  proposal: Pick<
    SeriesProposal,
    "managerUpn" | "managerName" | "reportUpn" | "reportName" | "organizerTimeZone"
  >,
  slot: ProposedSlot,
  policy: Pick<CadencePolicy, "newSeries">,
  transactionId: string,
): Event & { transactionId: string } {
  const zone = proposal.organizerTimeZone;
  const manager = firstName(proposal.managerName, proposal.managerUpn);
  const report = firstName(proposal.reportName, proposal.reportUpn);
  const occurrences = policy.newSeries.numberOfOccurrences;
  return {
    transactionId,
    subject: `${manager} / ${report} 1:1`,
    body: { contentType: "html", content: body(manager, report) },
    start: utcToZoned(new Date(slot.start), zone),
    end: utcToZoned(new Date(slot.end), zone),
    attendees: [
      {
        type: "required",
        emailAddress: {
          address: proposal.reportUpn,
          ...(proposal.reportName ? { name: proposal.reportName } : {}),
        },
      },
    ],
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
    showAs: "busy",
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    recurrence: {
      pattern: {
        type: "weekly",
        interval: policy.newSeries.weeklyInterval,
        daysOfWeek: [slot.weekday],
        firstDayOfWeek: "monday",
      },
      range: {
        type: occurrences === null ? "noEnd" : "numbered",
        startDate: localDate(new Date(slot.start), zone),
        recurrenceTimeZone: zone,
        ...(occurrences === null ? {} : { numberOfOccurrences: occurrences }),
      },
    },
  };
}

function firstName(displayName: string | null, upn: string): string {
  const name = displayName?.trim().split(/\s+/)[0];
  return name || upn.split("@")[0]!;
}

function body(manager: string, report: string): string {
  const m = escapeHtml(manager);
  const r = escapeHtml(report);
  return [
    `<p>A bi-weekly 1:1 for ${m} and ${r}: your private, two-way feedback moment.</p>`,
    "<ul>",
    "<li>Bring your own talking points; the time is the report's as much as the manager's.</li>",
    "<li>Give feedback as situation, impact and an alternative; receive it by listening and assuming positive intent.</li>",
    "<li>Leave room for anything personal worth mentioning.</li>",
    "</ul>",
    "<p>Booked by Cadence. Move an occurrence when you need to, but keep the rhythm.</p>",
  ].join("\n");
}
