// The people of the privacy tests and the calendars they are given in a generated tenant: meetings whose subject and
// body are unmistakable markers, and the pairs of the opt-out cases with known calendars.
import type { Fixture, FixtureEventEntry, FixtureUser } from "../../dev/sim/fixture.js";

export const SUBJECT = "SECRET-SUBJECT-";
export const BODY = "SECRET-BODY-";
const DAY = 86_400_000;

export interface Cast {
  /** Opted out: a manager with a 1:1 tomorrow (R1) and a report never met (R2). */
  optedOutManager: FixtureUser;
  r1: FixtureUser;
  r2: FixtureUser;
  /** A manager who stays, whose report R3 opted out (never met) and whose report R4 did not (never met). */
  m3: FixtureUser;
  optedOutReport: FixtureUser;
  r4: FixtureUser;
  /** Nobody opted out: the same shapes as the opted-out manager's, so they show what opting out takes away. */
  control: FixtureUser;
  c1: FixtureUser;
  c2: FixtureUser;
}

/**
 * The generated tenant with (1) every meeting's subject and body replaced by an unmistakable marker (the subject
 * keeps its words: Cadence never reads it, but a later change that did would still classify alike) and (2) the
 * pairs of the opt-out cases given known calendars: a weekly 1:1 with an occurrence tomorrow, or none at all.
 */
export function plant(fixture: Fixture): { fixture: Fixture; cast: Cast } {
  const users = fixture.users.filter((u) => u.accountEnabled !== false && u.hasMailbox !== false);
  const reportsOf = (m: FixtureUser) => users.filter((u) => u.managerId === m.id);
  const isLeaf = (u: FixtureUser) => reportsOf(u).length === 0;
  const zone = (u: FixtureUser) => u.mailboxSettings?.timeZone;
  const uniqueName = (u: FixtureUser) =>
    fixture.users.every((o) => o === u || !o.displayName.includes(u.displayName));
  const candidates = users
    .filter((m) => users.some((u) => u.id === m.managerId))
    .map((m) => ({
      m,
      leaves: reportsOf(m).filter((r) => isLeaf(r) && zone(r) === zone(m) && uniqueName(r)),
    }))
    .filter((c) => c.leaves.length >= 2 && uniqueName(c.m))
    .sort((a, b) => a.m.id.localeCompare(b.m.id));
  if (candidates.length < 3) throw new Error(`the generated tenant has ${candidates.length} usable managers`);
  const [a, b, c] = candidates as [(typeof candidates)[0], (typeof candidates)[0], (typeof candidates)[0]];
  const cast: Cast = {
    optedOutManager: a.m,
    r1: a.leaves[0]!,
    r2: a.leaves[1]!,
    m3: b.m,
    optedOutReport: b.leaves[0]!,
    r4: b.leaves[1]!,
    control: c.m,
    c1: c.leaves[0]!,
    c2: c.leaves[1]!,
  };
  const pairs = [
    [cast.optedOutManager, cast.r1],
    [cast.optedOutManager, cast.r2],
    [cast.m3, cast.optedOutReport],
    [cast.m3, cast.r4],
    [cast.control, cast.c1],
    [cast.control, cast.c2],
  ] as const;
  const names = (u: FixtureUser) =>
    [u.id, u.userPrincipalName, u.mail].filter(Boolean).map((n) => n!.toLowerCase());
  const involves = (entry: FixtureEventEntry, u: FixtureUser) =>
    names(u).includes(entry.mailbox.toLowerCase()) ||
    entry.event.attendees.some((x) => names(u).includes(x.emailAddress.address.toLowerCase()));
  // Every meeting between the two of a cast pair goes: their calendars say exactly what the case needs.
  const events = fixture.events.filter((e) => !pairs.some(([m, r]) => involves(e, m) && involves(e, r)));
  const tomorrow = new Date(Math.floor((Date.parse(fixture.now) + 22 * 3_600_000) / 3_600_000) * 3_600_000);
  for (const [m, r] of [
    [cast.optedOutManager, cast.r1],
    [cast.control, cast.c1],
  ] as const) {
    events.push(weekly1on1(m, r, tomorrow));
  }
  const planted = events.map((e, i) => ({
    ...e,
    event: {
      ...e.event,
      subject: `${e.event.subject ?? "Meeting"} ${SUBJECT}${i}`,
      body: { contentType: "html", content: `<p>${BODY}${i}: notes nobody else should read</p>` },
    },
  }));
  return { fixture: { ...fixture, events: planted }, cast };
}

/** A weekly 30-minute 1:1 the manager organizes, accepted, ten weeks old, whose next occurrence is `next` (UTC). */
function weekly1on1(manager: FixtureUser, report: FixtureUser, next: Date): FixtureEventEntry {
  const first = new Date(next.getTime() - 70 * DAY);
  const local = (d: Date) => d.toISOString().slice(0, 19);
  const weekday = first.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" }).toLowerCase();
  return {
    mailbox: manager.id,
    event: {
      subject: `${manager.displayName} / ${report.displayName}`,
      start: { dateTime: local(first), timeZone: "UTC" },
      end: { dateTime: local(new Date(first.getTime() + 30 * 60_000)), timeZone: "UTC" },
      attendees: [
        { type: "required", emailAddress: { address: report.userPrincipalName, name: report.displayName } },
      ],
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: [weekday], firstDayOfWeek: "monday" },
        range: { type: "noEnd", startDate: local(first).slice(0, 10), recurrenceTimeZone: "UTC" },
      },
      isOnlineMeeting: true,
      createdDateTime: new Date(first.getTime() - 7 * DAY).toISOString(),
    },
    exceptions: [],
    cancelledOccurrences: [],
    responses: { [report.userPrincipalName]: "accepted" },
  };
}
