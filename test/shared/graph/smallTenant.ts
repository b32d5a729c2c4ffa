// A hand-written tenant for the gateway's integration tests: one manager with a bi-weekly 1:1 series, a report
// without an Exchange mailbox, and enough plain users to need several batches (and, optionally, two user pages).

export const NOW = "2026-11-25T09:00:00Z";
export const WINDOW = { start: new Date("2026-08-27T00:00:00Z"), end: new Date("2026-12-30T00:00:00Z") };

export const ADA = "0a000000-0000-4000-8000-000000000001";
export const BO = "0a000000-0000-4000-8000-000000000002";
export const CY = "0a000000-0000-4000-8000-000000000003";

const filler = (i: number) => ({
  id: `0b000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  displayName: `Filler ${i}`,
  userPrincipalName: `filler${i}@contoso.example`,
  mail: `filler${i}@contoso.example`,
  department: "Ops",
  managerId: ADA,
});

export function smallTenant(fillers = 43) {
  return {
    now: NOW,
    tenantId: "11111111-2222-4333-8444-555555555555",
    users: [
      {
        id: ADA,
        displayName: "Ada Manager",
        userPrincipalName: "ada@contoso.example",
        mail: "ada@contoso.example",
        department: "R&D",
        mailboxSettings: { timeZone: "Europe/Rome" },
      },
      {
        id: BO,
        displayName: "Bo Report",
        userPrincipalName: "bo@contoso.example",
        mail: "bo@contoso.example",
        department: "R&D",
        managerId: ADA,
        mailboxSettings: { timeZone: "W. Europe Standard Time" },
      },
      {
        id: CY,
        displayName: "Cy NoMailbox",
        userPrincipalName: "cy@contoso.example",
        department: "R&D",
        managerId: ADA,
        hasMailbox: false,
      },
      ...Array.from({ length: fillers }, (_, i) => filler(i + 1)),
    ],
    events: [
      {
        mailbox: "ada@contoso.example",
        event: {
          subject: "Ada / Bo 1:1",
          start: { dateTime: "2026-09-01T10:00:00", timeZone: "Europe/Rome" },
          end: { dateTime: "2026-09-01T10:30:00", timeZone: "Europe/Rome" },
          attendees: [{ type: "required", emailAddress: { address: "bo@contoso.example" } }],
          recurrence: {
            pattern: { type: "weekly", interval: 2, daysOfWeek: ["tuesday"], firstDayOfWeek: "monday" },
            range: { type: "noEnd", startDate: "2026-09-01" },
          },
        },
        cancelledOccurrences: ["2026-10-13"],
      },
      {
        mailbox: "bo@contoso.example",
        event: {
          subject: "Coffee",
          start: { dateTime: "2026-11-02T15:00:00", timeZone: "UTC" },
          end: { dateTime: "2026-11-02T15:15:00", timeZone: "UTC" },
          attendees: [{ type: "required", emailAddress: { address: "ada@contoso.example" } }],
        },
      },
    ],
  };
}
