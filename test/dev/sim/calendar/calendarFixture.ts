// The small calendar most calendar tests read: a bi-weekly 1:1 series with an exception, a cancelled occurrence
// and a response, plus single events covering online meetings, cancellation and privacy.
export const MARA = "mara@contoso.example";
export const ROB = "rob@contoso.example";

export const oneOnOneSeries = {
  mailbox: "mara",
  event: {
    subject: "Mara / Rob 1:1",
    body: { contentType: "text", content: "Agenda in the card" },
    start: { dateTime: "2026-09-01T10:00:00", timeZone: "Europe/Rome" },
    end: { dateTime: "2026-09-01T10:30:00", timeZone: "Europe/Rome" },
    attendees: [{ type: "required", emailAddress: { address: ROB, name: "Rob" } }],
    recurrence: {
      pattern: { type: "weekly", interval: 2, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" },
      range: { type: "noEnd", startDate: "2026-09-01" },
    },
  },
  exceptions: [
    {
      originalStart: "2026-10-13T10:00:00",
      start: { dateTime: "2026-10-14T11:00:00", timeZone: "Europe/Rome" },
      end: { dateTime: "2026-10-14T11:30:00", timeZone: "Europe/Rome" },
    },
  ],
  cancelledOccurrences: ["2026-10-27"],
  responses: { [ROB]: "accepted" },
};

export const planning = {
  mailbox: MARA,
  event: {
    subject: "Planning",
    start: { dateTime: "2026-11-26T15:00:00", timeZone: "W. Europe Standard Time" },
    end: { dateTime: "2026-11-26T16:00:00", timeZone: "W. Europe Standard Time" },
    attendees: [
      { type: "required", emailAddress: { address: ROB } },
      { type: "optional", emailAddress: { address: "ext@fabrikam.example", name: "Ext" } },
    ],
    isOnlineMeeting: true,
    onlineMeetingProvider: "teamsForBusiness",
  },
};

export const cancelledReview = {
  mailbox: "mara",
  event: {
    subject: "Review (cancelled)",
    start: { dateTime: "2026-11-27T09:00:00", timeZone: "UTC" },
    end: { dateTime: "2026-11-27T10:00:00", timeZone: "UTC" },
    attendees: [{ emailAddress: { address: ROB } }],
    isCancelled: true,
    createdDateTime: "2026-01-01T00:00:00Z",
  },
};

export const robPrivate = {
  mailbox: "rob",
  event: {
    subject: "Doctor",
    start: { dateTime: "2026-11-25T14:00:00", timeZone: "America/New_York" },
    end: { dateTime: "2026-11-25T15:00:00", timeZone: "America/New_York" },
    sensitivity: "private",
    showAs: "oof",
  },
};

export const allEvents = [oneOnOneSeries, planning, cancelledReview, robPrivate];
