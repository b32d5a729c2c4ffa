// Every mailbox's calendar with Exchange's meeting semantics: one organizer copy plus one copy per attendee
// mailbox, series expanded on demand, and a per-mailbox change log that calendarView delta reads.
import type { FreeBusyStatus, PatternedRecurrence } from "@microsoft/microsoft-graph-types";
import { DateTime } from "luxon";
import {
  type DateTimeTimeZone,
  toIanaZone,
  UnknownTimeZoneError,
  zonedToUtc,
} from "../../../shared/domain/timeZone.js";
import type { FixtureEventEntry } from "../fixture.js";
import { GraphError, type IdSource, type SimClock } from "../types.js";
import {
  type AttendeeRec,
  type CopyState,
  type CopyView,
  type EventCopy,
  type EventInstance,
  type ExceptionRec,
  type Meeting,
  type MeetingDef,
  NEVER,
  type OccurrenceInfo,
  type ResponseStatusRec,
} from "./calendarModel.js";
import type { EventCreate, EventPatch } from "./calendarSchemas.js";
import { expandSeries, validateRecurrence } from "./recurrence/expandSeries.js";

/** What the calendar needs of a directory user (the simulator's `Directory` returns a superset). */
export interface CalendarUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail?: string | null;
  hasMailbox?: boolean;
}

/** The part of `dev/sim/directory/directory.ts`'s `Directory` the calendar uses. */
export interface CalendarDirectory {
  get(idOrUpn: string): CalendarUser | undefined | null;
  require(idOrUpn: string): CalendarUser;
  requireMailbox(idOrUpn: string): CalendarUser;
  timeZoneOf(id: string): string;
  workingHoursOf(id: string): unknown;
}

export interface CalendarDeps {
  directory: CalendarDirectory;
  clock: SimClock;
  ids: IdSource;
}

export type AttendeeAnswer = "accepted" | "declined" | "tentativelyAccepted";

/** One event copy changed in one mailbox, as Graph change notifications report it. */
export interface CalendarChange {
  /** The mailbox owner's user id. */
  mailbox: string;
  eventId: string;
  changeType: "created" | "updated" | "deleted";
  /** The copy as it stands after the change (notifications carry its etag). */
  view: CopyView;
}

export type CalendarChangeListener = (change: CalendarChange) => void;

interface ChangeEntry {
  seq: number;
  copy: EventCopy;
  /** The copy as it stood before this change; null when the change created it. */
  before: CopyView | null;
}

const DAY_MS = 86_400_000;

/** A fixture event the calendar cannot represent as Exchange would (e.g. an exception of no occurrence). */
export class CalendarFixtureError extends Error {
  readonly code = "SIM.FIXTURE_INVALID";
}

const NO_STATE: CopyState = {
  responseStatus: { response: "none", time: NEVER },
  occurrenceResponses: new Map(),
  isCancelled: false,
  removed: false,
  hiddenDates: new Set(),
  categories: [],
  isReminderOn: true,
  reminderMinutesBeforeStart: 15,
  lastModified: new Date(0),
  version: 0,
};
const OCCURRENCE_ID = /^(.+)_(\d{4})(\d{2})(\d{2})$/;

export class CalendarStore {
  private readonly copies = new Map<string, EventCopy>();
  private readonly byMailbox = new Map<string, Set<EventCopy>>();
  private readonly transactions = new Map<string, { meeting: Meeting; fingerprint: string }>();
  private readonly changeLog = new Map<string, ChangeEntry[]>();
  private readonly listeners = new Set<CalendarChangeListener>();
  private seq = 0;

  private constructor(readonly deps: CalendarDeps) {}

  static fromFixture(events: FixtureEventEntry[], deps: CalendarDeps): CalendarStore {
    const store = new CalendarStore(deps);
    events.forEach((entry, index) => {
      try {
        store.loadFixtureEntry(entry, index);
      } catch (err) {
        // The store's checks answer API callers with Graph errors (and times it cannot read with RangeError or
        // an unknown zone); a fixture's author needs the entry at fault.
        if (err instanceof GraphError || err instanceof RangeError || err instanceof UnknownTimeZoneError)
          throw new CalendarFixtureError(`events[${index}]: ${err.message}`);
        throw err;
      }
    });
    // Loading is the calendars' initial state, not a change a delta round should report.
    store.changeLog.clear();
    return store;
  }

  /** The mailbox owner named in a URL, with Graph's 404 / MailboxNotEnabledForRESTAPI errors. */
  mailbox(idOrUpn: string): CalendarUser {
    return this.deps.directory.requireMailbox(idOrUpn);
  }

  /** A tenant user by id, UPN or SMTP address (getSchedule and attendees name people by address). */
  findUser(address: string): CalendarUser | undefined {
    return this.deps.directory.get(address) ?? undefined;
  }

  /** Occurrences, exceptions and single instances overlapping [windowStart, windowEnd), by start then id. */
  calendarView(mailboxId: string, windowStart: Date, windowEnd: Date): EventInstance[] {
    const out: EventInstance[] = [];
    for (const copy of this.byMailbox.get(mailboxId) ?? []) {
      out.push(...expandView(currentView(copy), windowStart.getTime(), windowEnd.getTime()));
    }
    return out.sort(compareInstances);
  }

  /** Series masters and single instances of a mailbox (what `/events` lists). */
  listEvents(mailboxId: string): EventInstance[] {
    const out: EventInstance[] = [];
    for (const copy of this.byMailbox.get(mailboxId) ?? []) {
      if (!copy.state.removed) out.push({ view: currentView(copy) });
    }
    return out.sort(compareInstances);
  }

  getEvent(mailboxId: string, eventId: string): EventInstance {
    const { copy, originalDate } = this.resolve(mailboxId, eventId);
    const view = currentView(copy);
    if (originalDate === undefined) return { view };
    return { view, occurrence: this.requireOccurrence(view, originalDate) };
  }

  /** Occurrences and exceptions of one series master in a window. */
  instances(mailboxId: string, eventId: string, windowStart: Date, windowEnd: Date): EventInstance[] {
    const { copy, originalDate } = this.resolve(mailboxId, eventId);
    if (originalDate !== undefined || !copy.meeting.def.recurrence) return [];
    return expandView(currentView(copy), windowStart.getTime(), windowEnd.getTime()).sort(compareInstances);
  }

  /** Creates a meeting in the organizer's calendar and every attendee mailbox; `created` is false on a replay. */
  create(mailboxId: string, input: EventCreate): { instance: EventInstance; created: boolean } {
    const organizer = this.mailbox(mailboxId);
    const transactionKey = input.transactionId ? `${organizer.id}\n${input.transactionId}` : undefined;
    const replayed = transactionKey ? this.transactions.get(transactionKey) : undefined;
    const replayedCopy = replayed?.meeting.copies.get(organizer.id);
    if (replayed && replayedCopy && !replayedCopy.state.removed) {
      // Exchange answers a repeated create with the event it already made, but only for the same request.
      if (replayed.fingerprint !== fingerprintOf(input)) {
        throw new GraphError(
          400,
          "ErrorDuplicateTransactionId",
          "Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.",
        );
      }
      return { instance: { view: currentView(replayedCopy) }, created: false };
    }
    const now = this.deps.clock.now();
    const recurrence = input.recurrence ? checkRecurrence(input.recurrence as PatternedRecurrence) : null;
    const isOnlineMeeting = input.isOnlineMeeting ?? false;
    const provider = input.onlineMeetingProvider ?? (isOnlineMeeting ? "teamsForBusiness" : "unknown");
    const iCalUId = newICalUId(this.deps.ids);
    const attendees = this.attendeesOf(input.attendees ?? [], organizer.id);
    const def = finishDef({
      ...baseDef(),
      subject: input.subject ?? "",
      body: { contentType: input.body?.contentType ?? "text", content: input.body?.content ?? "" },
      location: input.location?.displayName ?? "",
      ...times(input.start, input.end, input.isAllDay ?? false),
      showAs: input.showAs ?? "busy",
      sensitivity: input.sensitivity ?? "normal",
      importance: input.importance ?? "normal",
      recurrence,
      attendees,
      statuses: initialStatuses(attendees, {}),
      isOnlineMeeting,
      onlineMeetingProvider: provider,
      joinUrl: isOnlineMeeting && provider === "teamsForBusiness" ? teamsJoinUrl(iCalUId) : null,
      allowNewTimeProposals: input.allowNewTimeProposals ?? true,
      responseRequested: input.responseRequested ?? true,
      hideAttendees: input.hideAttendees ?? false,
      lastModified: now,
    });
    const meeting = this.addMeeting({
      iCalUId,
      organizer,
      transactionId: input.transactionId ?? null,
      createdDateTime: now,
      def,
      responses: {},
      personal: {
        categories: input.categories ?? [],
        isReminderOn: input.isReminderOn ?? true,
        reminderMinutesBeforeStart: input.reminderMinutesBeforeStart ?? 15,
      },
    });
    if (transactionKey) this.transactions.set(transactionKey, { meeting, fingerprint: fingerprintOf(input) });
    return { instance: { view: currentView(meeting.copies.get(organizer.id)!) }, created: true };
  }

  /** Organizer updates reach every copy; an occurrence id turns that occurrence into an exception. */
  update(mailboxId: string, eventId: string, patch: EventPatch): EventInstance {
    const { copy, originalDate } = this.resolve(mailboxId, eventId);
    const now = this.deps.clock.now();
    if (!copy.isOrganizer) {
      const personal = ["categories", "isReminderOn", "reminderMinutesBeforeStart"];
      const other = Object.keys(patch).filter((key) => !personal.includes(key) && !key.startsWith("@"));
      if (other.length > 0) {
        throw new GraphError(
          400,
          "ErrorInvalidRequest",
          `Only the organizer can change ${other.join(", ")} (the simulator keeps attendee copies in step with the organizer).`,
        );
      }
      this.setState(copy, {
        categories: patch.categories ?? copy.state.categories,
        isReminderOn: patch.isReminderOn ?? copy.state.isReminderOn,
        reminderMinutesBeforeStart: patch.reminderMinutesBeforeStart ?? copy.state.reminderMinutesBeforeStart,
      });
      return this.getEvent(mailboxId, eventId);
    }
    const def = copy.meeting.def;
    if (originalDate !== undefined) {
      if (patch.recurrence !== undefined || patch.attendees !== undefined) {
        throw new GraphError(
          400,
          "ErrorInvalidRequest",
          "Recurrence and attendees belong to the series master.",
        );
      }
      const occurrence = this.requireOccurrence(currentView(copy), originalDate);
      const startLocal =
        patch.start ?? occurrence.exception?.start ?? zoned(occurrence.start, def.start.timeZone);
      const endLocal = patch.end ?? occurrence.exception?.end ?? zoned(occurrence.end, def.end.timeZone);
      const t = times(startLocal, endLocal, def.isAllDay);
      const exception: ExceptionRec = {
        ...occurrence.exception,
        originalDate,
        originalStart: occurrence.originalStart,
        start: t.start,
        end: t.end,
        startUtc: t.startUtc,
        endUtc: t.endUtc,
        ...(patch.subject != null ? { subject: patch.subject } : {}),
        ...(patch.showAs != null ? { showAs: patch.showAs } : {}),
        ...(patch.location?.displayName != null ? { location: patch.location.displayName } : {}),
      };
      const exceptions = new Map(def.exceptions).set(originalDate, exception);
      this.setDef(copy.meeting, finishDef({ ...def, exceptions, lastModified: now }));
      return this.getEvent(mailboxId, eventId);
    }
    const start = patch.start ?? def.start;
    const end = patch.end ?? def.end;
    const isAllDay = patch.isAllDay ?? def.isAllDay;
    const recurrence =
      patch.recurrence === undefined
        ? def.recurrence
        : patch.recurrence === null
          ? null
          : checkRecurrence(patch.recurrence as PatternedRecurrence);
    const attendees = patch.attendees
      ? this.attendeesOf(patch.attendees, copy.meeting.organizerId)
      : def.attendees;
    const isOnlineMeeting = patch.isOnlineMeeting ?? def.isOnlineMeeting;
    const provider =
      patch.onlineMeetingProvider ??
      (isOnlineMeeting && !def.isOnlineMeeting ? "teamsForBusiness" : def.onlineMeetingProvider);
    const statuses = new Map<string, ResponseStatusRec>();
    for (const a of attendees) {
      statuses.set(a.address, def.statuses.get(a.address) ?? { response: "none", time: NEVER });
    }
    const next = finishDef({
      ...def,
      subject: patch.subject ?? def.subject,
      body: patch.body
        ? { contentType: patch.body.contentType ?? "text", content: patch.body.content ?? "" }
        : def.body,
      location: patch.location === undefined ? def.location : (patch.location?.displayName ?? ""),
      ...times(start, end, isAllDay),
      showAs: patch.showAs ?? def.showAs,
      sensitivity: patch.sensitivity ?? def.sensitivity,
      importance: patch.importance ?? def.importance,
      recurrence,
      attendees,
      statuses,
      isOnlineMeeting,
      onlineMeetingProvider: provider,
      joinUrl:
        isOnlineMeeting && provider === "teamsForBusiness"
          ? (def.joinUrl ?? teamsJoinUrl(copy.meeting.iCalUId))
          : null,
      allowNewTimeProposals: patch.allowNewTimeProposals ?? def.allowNewTimeProposals,
      responseRequested: patch.responseRequested ?? def.responseRequested,
      hideAttendees: patch.hideAttendees ?? def.hideAttendees,
      lastModified: now,
    });
    this.setDef(copy.meeting, next);
    if (patch.attendees) this.syncAttendeeCopies(copy.meeting);
    if (patch.categories || patch.isReminderOn != null || patch.reminderMinutesBeforeStart != null) {
      this.setState(copy, {
        categories: patch.categories ?? copy.state.categories,
        isReminderOn: patch.isReminderOn ?? copy.state.isReminderOn,
        reminderMinutesBeforeStart: patch.reminderMinutesBeforeStart ?? copy.state.reminderMinutesBeforeStart,
      });
    }
    return this.getEvent(mailboxId, eventId);
  }

  /** Organizer: cancels the meeting (attendee copies stay, marked cancelled) or one occurrence. Attendee: removes own copy. */
  delete(mailboxId: string, eventId: string): void {
    const { copy, originalDate } = this.resolve(mailboxId, eventId);
    if (copy.isOrganizer) this.cancelAsOrganizer(copy, originalDate);
    else if (originalDate !== undefined) {
      this.setState(copy, { hiddenDates: new Set(copy.state.hiddenDates).add(originalDate) });
    } else this.setState(copy, { removed: true });
  }

  /** `POST …/cancel`: organizer only, as Graph. */
  cancel(mailboxId: string, eventId: string): void {
    const { copy, originalDate } = this.resolve(mailboxId, eventId);
    if (!copy.isOrganizer) {
      throw new GraphError(
        400,
        "ErrorInvalidRequest",
        "Your request can't be completed. You need to be an organizer to cancel a meeting.",
      );
    }
    this.cancelAsOrganizer(copy, originalDate);
  }

  /** An attendee's answer, for the series or one occurrence; the organizer's copy learns it unless `sendResponse` is false. */
  respond(mailboxId: string, eventId: string, answer: AttendeeAnswer, sendResponse: boolean): void {
    const { copy, originalDate } = this.resolve(mailboxId, eventId);
    if (copy.isOrganizer) {
      throw new GraphError(
        400,
        "ErrorInvalidRequest",
        "Your request can't be completed. You can't respond to this meeting because you're the meeting organizer.",
      );
    }
    const status: ResponseStatusRec = { response: answer, time: this.deps.clock.now().toISOString() };
    if (originalDate === undefined) this.setState(copy, { responseStatus: status });
    else {
      this.setState(copy, {
        occurrenceResponses: new Map(copy.state.occurrenceResponses).set(originalDate, status),
      });
    }
    const def = copy.meeting.def;
    const me = def.attendees.find((a) => a.userId === copy.mailboxId);
    if (!sendResponse || !me) return;
    if (originalDate === undefined) {
      this.setDef(copy.meeting, { ...def, statuses: new Map(def.statuses).set(me.address, status) });
    } else {
      const perDate = new Map(def.occurrenceStatuses.get(originalDate) ?? []).set(me.address, status);
      this.setDef(copy.meeting, {
        ...def,
        occurrenceStatuses: new Map(def.occurrenceStatuses).set(originalDate, perDate),
      });
    }
  }

  /** Calls `listener` after every change of an event copy; returns the function that stops it. */
  onChange(listener: CalendarChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Position of the newest change; a delta round started now sees only later changes. */
  currentSeq(): number {
    return this.seq;
  }

  /** Copies of a mailbox changed in (`seq`, `upto`], each with the version it had at `seq` (null: created since). */
  changesSince(
    mailboxId: string,
    seq: number,
    upto = Number.POSITIVE_INFINITY,
  ): { copy: EventCopy; before: CopyView | null }[] {
    const first = new Map<EventCopy, CopyView | null>();
    for (const entry of this.changeLog.get(mailboxId) ?? []) {
      if (entry.seq > seq && entry.seq <= upto && !first.has(entry.copy)) first.set(entry.copy, entry.before);
    }
    return [...first].map(([copy, before]) => ({ copy, before }));
  }

  /** Instances of one version of a copy in a window (delta compares the version a client saw with today's). */
  instancesOfView(view: CopyView, windowStart: Date, windowEnd: Date): EventInstance[] {
    return expandView(view, windowStart.getTime(), windowEnd.getTime());
  }

  currentView(copy: EventCopy): CopyView {
    return currentView(copy);
  }

  private cancelAsOrganizer(copy: EventCopy, originalDate: string | undefined): void {
    const meeting = copy.meeting;
    const now = this.deps.clock.now();
    if (originalDate !== undefined) {
      const cancelledDates = new Set(meeting.def.cancelledDates).add(originalDate);
      this.setDef(meeting, { ...meeting.def, cancelledDates, lastModified: now });
      return;
    }
    // Exchange moves the organizer's item to Deleted Items and leaves a "Canceled:" item with each attendee.
    this.setState(copy, { removed: true });
    if (meeting.copies.size > 1)
      this.setDef(meeting, { ...meeting.def, isCancelled: true, lastModified: now });
  }

  private loadFixtureEntry(entry: FixtureEventEntry, index: number): void {
    const organizer = this.deps.directory.require(entry.mailbox);
    const event = entry.event as FixtureEventEntry["event"] & Record<string, unknown>;
    const now = this.deps.clock.now();
    const recurrence = event.recurrence ? checkRecurrence(event.recurrence as PatternedRecurrence) : null;
    const attendees = this.attendeesOf(event.attendees, organizer.id);
    const str = (key: string): string | undefined =>
      typeof event[key] === "string" ? (event[key] as string) : undefined;
    const bool = (key: string): boolean | undefined =>
      typeof event[key] === "boolean" ? (event[key] as boolean) : undefined;
    const body = event.body as { contentType?: "text" | "html"; content?: string } | undefined;
    const location = event.location as { displayName?: string } | undefined;
    const isOnlineMeeting = bool("isOnlineMeeting") ?? false;
    const provider = (str("onlineMeetingProvider") ??
      (isOnlineMeeting ? "teamsForBusiness" : "unknown")) as MeetingDef["onlineMeetingProvider"];
    const iCalUId = str("iCalUId") ?? newICalUId(this.deps.ids);
    let def = finishDef({
      ...baseDef(),
      subject: event.subject ?? "",
      body: { contentType: body?.contentType ?? "text", content: body?.content ?? "" },
      location: location?.displayName ?? "",
      ...times(event.start, event.end, event.isAllDay ?? false),
      showAs: (str("showAs") ?? "busy") as FreeBusyStatus,
      sensitivity: (str("sensitivity") ?? "normal") as MeetingDef["sensitivity"],
      importance: (str("importance") ?? "normal") as MeetingDef["importance"],
      recurrence,
      attendees,
      statuses: initialStatuses(attendees, this.responsesByAddress(entry.responses, attendees)),
      isCancelled: event.isCancelled ?? false,
      isOnlineMeeting,
      onlineMeetingProvider: provider,
      joinUrl: isOnlineMeeting && provider === "teamsForBusiness" ? teamsJoinUrl(iCalUId) : null,
      lastModified: now,
    });
    if (recurrence) {
      const zone = recurrenceZone(def);
      const exceptions = new Map<string, ExceptionRec>();
      for (const ex of entry.exceptions) {
        const originalStart = /(Z|[+-]\d{2}:?\d{2})$/.test(ex.originalStart)
          ? new Date(ex.originalStart)
          : zonedToUtc({ dateTime: ex.originalStart, timeZone: def.start.timeZone });
        const originalDate = DateTime.fromJSDate(originalStart, { zone: toIanaZone(zone) }).toISODate()!;
        // An exception must name a real occurrence, or the series would silently keep it and gain a phantom.
        const occurrence = findOccurrence({ def, state: NO_STATE } as CopyView, originalDate);
        if (occurrence?.originalStart.getTime() !== originalStart.getTime()) {
          throw new CalendarFixtureError(
            `events[${index}].exceptions: "${ex.originalStart}" is not the start of an occurrence of "${def.subject}"`,
          );
        }
        const t = times(ex.start, ex.end, def.isAllDay);
        exceptions.set(originalDate, { originalDate, originalStart, ...t });
      }
      def = finishDef({ ...def, exceptions, cancelledDates: new Set(entry.cancelledOccurrences) });
    }
    const created = event.createdDateTime
      ? new Date(event.createdDateTime)
      : new Date(Math.min(firstOccurrenceStart(def).getTime(), now.getTime()));
    const lastModified = str("lastModifiedDateTime");
    def = { ...def, lastModified: lastModified ? new Date(lastModified) : created };
    this.addMeeting({
      iCalUId,
      organizer,
      transactionId: str("transactionId") ?? null,
      createdDateTime: created,
      def,
      responses: this.responsesByUserId(entry.responses),
      personal: { categories: [], isReminderOn: true, reminderMinutesBeforeStart: 15 },
    });
  }

  private addMeeting(input: {
    iCalUId: string;
    organizer: CalendarUser;
    transactionId: string | null;
    createdDateTime: Date;
    def: MeetingDef;
    responses: Record<string, ResponseStatusRec["response"]>;
    personal: Pick<CopyState, "categories" | "isReminderOn" | "reminderMinutesBeforeStart">;
  }): Meeting {
    const { organizer, def } = input;
    const meeting: Meeting = {
      iCalUId: input.iCalUId,
      organizerId: organizer.id,
      organizer: { name: organizer.displayName, address: organizer.mail ?? organizer.userPrincipalName },
      transactionId: input.transactionId,
      createdDateTime: input.createdDateTime,
      def,
      defVersion: 0,
      copies: new Map(),
    };
    this.addCopy(meeting, organizer.id, true, { response: "organizer", time: NEVER }, input.personal);
    for (const attendee of def.attendees) {
      if (!attendee.userId || meeting.copies.has(attendee.userId)) continue;
      const answer = input.responses[attendee.userId];
      const time = answer ? def.lastModified.toISOString() : NEVER;
      this.addCopy(
        meeting,
        attendee.userId,
        false,
        { response: answer ?? "notResponded", time },
        input.personal,
      );
    }
    return meeting;
  }

  private addCopy(
    meeting: Meeting,
    mailboxId: string,
    isOrganizer: boolean,
    responseStatus: ResponseStatusRec,
    personal: Pick<CopyState, "categories" | "isReminderOn" | "reminderMinutesBeforeStart">,
  ): EventCopy {
    const copy: EventCopy = {
      id: this.deps.ids.next("event"),
      mailboxId,
      isOrganizer,
      meeting,
      createdDateTime: meeting.createdDateTime,
      state: {
        responseStatus,
        occurrenceResponses: new Map(),
        isCancelled: false,
        removed: false,
        hiddenDates: new Set(),
        ...personal,
        lastModified: meeting.def.lastModified,
        version: 0,
      },
    };
    meeting.copies.set(mailboxId, copy);
    this.copies.set(copy.id, copy);
    const set = this.byMailbox.get(mailboxId) ?? new Set<EventCopy>();
    this.byMailbox.set(mailboxId, set.add(copy));
    this.log(copy, null);
    return copy;
  }

  /** New attendees get a copy; people dropped from the meeting get theirs marked cancelled, as Exchange does. */
  private syncAttendeeCopies(meeting: Meeting): void {
    const wanted = new Set(meeting.def.attendees.flatMap((a) => (a.userId ? [a.userId] : [])));
    for (const userId of wanted) {
      const existing = meeting.copies.get(userId);
      if (!existing) {
        this.addCopy(
          meeting,
          userId,
          false,
          { response: "notResponded", time: NEVER },
          {
            categories: [],
            isReminderOn: true,
            reminderMinutesBeforeStart: 15,
          },
        );
      } else if ((existing.state.isCancelled || existing.state.removed) && !existing.isOrganizer) {
        // Invited again: Exchange delivers a fresh request, so the copy is back and awaits an answer.
        this.setState(existing, {
          isCancelled: false,
          removed: false,
          responseStatus: { response: "notResponded", time: NEVER },
        });
      }
    }
    for (const [userId, copy] of meeting.copies) {
      if (!copy.isOrganizer && !wanted.has(userId) && !copy.state.isCancelled)
        this.setState(copy, { isCancelled: true });
    }
  }

  private setDef(meeting: Meeting, def: MeetingDef): void {
    const before = [...meeting.copies.values()].map((copy) => [copy, currentView(copy)] as const);
    meeting.def = def;
    meeting.defVersion += 1;
    for (const [copy, view] of before) this.log(copy, view);
  }

  private setState(copy: EventCopy, change: Partial<CopyState>): void {
    const before = currentView(copy);
    copy.state = {
      ...copy.state,
      ...change,
      lastModified: this.deps.clock.now(),
      version: copy.state.version + 1,
    };
    this.log(copy, before);
  }

  private log(copy: EventCopy, before: CopyView | null): void {
    this.seq += 1;
    const entries = this.changeLog.get(copy.mailboxId) ?? [];
    entries.push({ seq: this.seq, copy, before });
    this.changeLog.set(copy.mailboxId, entries);
    if (this.listeners.size > 0) this.notify(copy, before);
  }

  private notify(copy: EventCopy, before: CopyView | null): void {
    const removed = copy.state.removed;
    const changeType =
      before === null || (before.state.removed && !removed)
        ? "created"
        : removed && !before.state.removed
          ? "deleted"
          : "updated";
    const change: CalendarChange = {
      mailbox: copy.mailboxId,
      eventId: copy.id,
      changeType,
      view: currentView(copy),
    };
    // A listener's failure must not undo or fail the calendar change that already happened.
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {}
    }
  }

  private resolve(mailboxId: string, eventId: string): { copy: EventCopy; originalDate?: string } {
    const owner = this.mailbox(mailboxId);
    const direct = this.copies.get(eventId);
    if (direct && direct.mailboxId === owner.id && !direct.state.removed) return { copy: direct };
    const match = OCCURRENCE_ID.exec(eventId);
    if (match) {
      const copy = this.copies.get(match[1]!);
      if (copy && copy.mailboxId === owner.id && !copy.state.removed && copy.meeting.def.recurrence) {
        const originalDate = `${match[2]}-${match[3]}-${match[4]}`;
        if (findOccurrence(currentView(copy), originalDate)) return { copy, originalDate };
      }
    }
    throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
  }

  private requireOccurrence(view: CopyView, originalDate: string): OccurrenceInfo {
    const occurrence = findOccurrence(view, originalDate);
    if (!occurrence)
      throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    return occurrence;
  }

  private attendeesOf(
    input: readonly { type?: AttendeeRec["type"]; emailAddress: { address: string; name?: string | null } }[],
    organizerId: string,
  ): AttendeeRec[] {
    const out: AttendeeRec[] = [];
    const seen = new Set<string>();
    for (const a of input) {
      const address = a.emailAddress.address.toLowerCase();
      if (seen.has(address)) continue;
      seen.add(address);
      const user = this.findUser(address);
      if (user?.id === organizerId) continue;
      const hasMailbox = user && user.hasMailbox !== false;
      out.push({
        type: a.type ?? "required",
        address,
        name: a.emailAddress.name ?? user?.displayName ?? address,
        ...(hasMailbox ? { userId: user.id } : {}),
      });
    }
    return out;
  }

  private responsesByAddress(
    responses: FixtureEventEntry["responses"],
    attendees: readonly AttendeeRec[],
  ): Record<string, ResponseStatusRec["response"]> {
    const out: Record<string, ResponseStatusRec["response"]> = {};
    for (const [key, answer] of Object.entries(responses)) {
      const user = this.findUser(key);
      const attendee = attendees.find(
        (a) => a.address === key.toLowerCase() || (user && a.userId === user.id),
      );
      if (attendee) out[attendee.address] = answer;
    }
    return out;
  }

  private responsesByUserId(
    responses: FixtureEventEntry["responses"],
  ): Record<string, ResponseStatusRec["response"]> {
    const out: Record<string, ResponseStatusRec["response"]> = {};
    for (const [key, answer] of Object.entries(responses)) {
      const user = this.findUser(key);
      if (user) out[user.id] = answer;
    }
    return out;
  }
}

function currentView(copy: EventCopy): CopyView {
  return { copy, def: copy.meeting.def, defVersion: copy.meeting.defVersion, state: copy.state };
}

function baseDef(): Omit<
  MeetingDef,
  | "subject"
  | "body"
  | "location"
  | "start"
  | "end"
  | "startUtc"
  | "endUtc"
  | "isAllDay"
  | "recurrence"
  | "attendees"
  | "statuses"
  | "lastModified"
  | "boundsStart"
  | "boundsEnd"
> {
  return {
    showAs: "busy",
    sensitivity: "normal",
    importance: "normal",
    occurrenceStatuses: new Map(),
    exceptions: new Map(),
    cancelledDates: new Set(),
    isCancelled: false,
    isOnlineMeeting: false,
    onlineMeetingProvider: "unknown",
    joinUrl: null,
    allowNewTimeProposals: true,
    responseRequested: true,
    hideAttendees: false,
  };
}

function initialStatuses(
  attendees: readonly AttendeeRec[],
  answers: Record<string, ResponseStatusRec["response"]>,
): Map<string, ResponseStatusRec> {
  const out = new Map<string, ResponseStatusRec>();
  for (const a of attendees) {
    const answer = answers[a.address];
    out.set(a.address, { response: answer ?? "none", time: NEVER });
  }
  return out;
}

/** Parses and checks an event's start/end as Graph does (400 on unknown zones or an end before the start). */
function times(
  start: DateTimeTimeZone,
  end: DateTimeTimeZone,
  isAllDay: boolean,
): Pick<MeetingDef, "start" | "end" | "startUtc" | "endUtc" | "isAllDay"> {
  let startUtc: Date;
  let endUtc: Date;
  try {
    startUtc = zonedToUtc(start);
    endUtc = zonedToUtc(end);
  } catch (err) {
    if (err instanceof UnknownTimeZoneError) {
      throw new GraphError(
        400,
        "TimeZoneNotSupportedException",
        `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${err.zone}'.`,
      );
    }
    throw new GraphError(400, "ErrorInvalidRequest", (err as Error).message);
  }
  if (endUtc.getTime() < startUtc.getTime()) {
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "The end time of an event can't be before its start time.",
    );
  }
  if (
    isAllDay &&
    (!isMidnight(start.dateTime) || !isMidnight(end.dateTime) || endUtc.getTime() === startUtc.getTime())
  ) {
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "An all-day event must start and end at midnight, at least one day apart.",
    );
  }
  return { start: normalized(start), end: normalized(end), startUtc, endUtc, isAllDay };
}

function isMidnight(dateTime: string): boolean {
  return /T00:00(:00(\.0+)?)?$/.test(dateTime) || !dateTime.includes("T");
}

/** Graph's own spelling of a local time, `2026-11-25T09:00:00.0000000`. */
function normalized(local: DateTimeTimeZone): DateTimeTimeZone {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/.exec(local.dateTime);
  if (!m) throw new GraphError(400, "ErrorInvalidRequest", `Invalid dateTime '${local.dateTime}'.`);
  const dateTime = `${m[1]}T${m[2] ?? "00"}:${m[3] ?? "00"}:${m[4] ?? "00"}.0000000`;
  return { dateTime, timeZone: local.timeZone };
}

function zoned(instant: Date, timeZone: string): DateTimeTimeZone {
  const dt = DateTime.fromJSDate(instant, { zone: toIanaZone(timeZone) });
  return { dateTime: `${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`, timeZone };
}

function checkRecurrence(recurrence: PatternedRecurrence): PatternedRecurrence {
  try {
    validateRecurrence(recurrence);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "RECURRENCE.INVALID") {
      throw new GraphError(400, "ErrorInvalidRequest", (err as Error).message);
    }
    throw err;
  }
  return recurrence;
}

function recurrenceZone(def: Pick<MeetingDef, "recurrence" | "start">): string {
  return def.recurrence?.range?.recurrenceTimeZone || def.start.timeZone;
}

/** Fills in the bounds every later window test relies on to skip series that cannot overlap. */
function finishDef(def: Omit<MeetingDef, "boundsStart" | "boundsEnd"> & Partial<MeetingDef>): MeetingDef {
  let boundsStart = def.startUtc.getTime();
  let boundsEnd = def.endUtc.getTime();
  const range = def.recurrence?.range;
  if (range) {
    const duration = boundsEnd - boundsStart;
    boundsEnd = Number.POSITIVE_INFINITY;
    // Dates are read as UTC midnight with a day's slack each side, which covers every zone offset (±14 h) and
    // DST without a zone lookup: these are only bounds for skipping series outside a window.
    if (range.type === "endDate" && range.endDate) {
      boundsEnd = Date.parse(`${range.endDate}T00:00:00Z`) + 2 * DAY_MS + duration;
    }
    if (range.startDate)
      boundsStart = Math.min(boundsStart, Date.parse(`${range.startDate}T00:00:00Z`) - DAY_MS);
    for (const ex of def.exceptions.values()) {
      boundsStart = Math.min(boundsStart, ex.startUtc.getTime());
      boundsEnd = Math.max(boundsEnd, ex.endUtc.getTime());
    }
  }
  return { ...def, boundsStart, boundsEnd };
}

function seriesOf(def: MeetingDef) {
  return { start: def.start, end: def.end, isAllDay: def.isAllDay, recurrence: def.recurrence! };
}

function firstOccurrenceStart(def: MeetingDef): Date {
  if (!def.recurrence) return def.startUtc;
  // Most series start within days; widening in steps keeps loading a large tenant cheap.
  for (const days of [35, 400, 1500]) {
    const from = new Date(def.boundsStart);
    const occurrences = expandSeries(seriesOf(def), from, new Date(from.getTime() + days * DAY_MS));
    const first = occurrences.find((o) => !def.cancelledDates.has(o.originalDate));
    if (first) return first.start;
  }
  return def.startUtc;
}

function findOccurrence(view: CopyView, originalDate: string): OccurrenceInfo | undefined {
  const { def, state } = view;
  if (!def.recurrence || def.cancelledDates.has(originalDate) || state.hiddenDates.has(originalDate))
    return undefined;
  const exception = def.exceptions.get(originalDate);
  if (exception) {
    return {
      originalDate,
      originalStart: exception.originalStart,
      start: exception.startUtc,
      end: exception.endUtc,
      exception,
    };
  }
  const day = zonedToUtc({ dateTime: `${originalDate}T00:00:00`, timeZone: recurrenceZone(def) }).getTime();
  const duration = def.endUtc.getTime() - def.startUtc.getTime();
  const found = expandSeries(
    seriesOf(def),
    new Date(day - duration - DAY_MS),
    new Date(day + 2 * DAY_MS),
  ).find((o) => o.originalDate === originalDate);
  return found ? { originalDate, originalStart: found.start, start: found.start, end: found.end } : undefined;
}

function overlaps(start: number, end: number, windowStart: number, windowEnd: number): boolean {
  if (start >= windowEnd) return false;
  return end > windowStart || (start === end && start >= windowStart);
}

function expandView(view: CopyView, windowStart: number, windowEnd: number): EventInstance[] {
  const { def, state } = view;
  if (state.removed) return [];
  if (def.boundsStart >= windowEnd || def.boundsEnd < windowStart) return [];
  if (!def.recurrence) {
    return overlaps(def.startUtc.getTime(), def.endUtc.getTime(), windowStart, windowEnd) ? [{ view }] : [];
  }
  const out: EventInstance[] = [];
  const duration = def.endUtc.getTime() - def.startUtc.getTime();
  const from = new Date(windowStart - duration);
  for (const o of expandSeries(seriesOf(def), from, new Date(windowEnd))) {
    const date = o.originalDate;
    if (def.cancelledDates.has(date) || state.hiddenDates.has(date) || def.exceptions.has(date)) continue;
    if (!overlaps(o.start.getTime(), o.end.getTime(), windowStart, windowEnd)) continue;
    out.push({
      view,
      occurrence: { originalDate: date, originalStart: o.start, start: o.start, end: o.end },
    });
  }
  for (const ex of def.exceptions.values()) {
    if (def.cancelledDates.has(ex.originalDate) || state.hiddenDates.has(ex.originalDate)) continue;
    if (!overlaps(ex.startUtc.getTime(), ex.endUtc.getTime(), windowStart, windowEnd)) continue;
    out.push({
      view,
      occurrence: {
        originalDate: ex.originalDate,
        originalStart: ex.originalStart,
        start: ex.startUtc,
        end: ex.endUtc,
        exception: ex,
      },
    });
  }
  return out;
}

/** Graph's id for one occurrence: stable, and names its master and original date. */
export function occurrenceId(masterId: string, originalDate: string): string {
  return `${masterId}_${originalDate.replaceAll("-", "")}`;
}

export function instanceId(instance: EventInstance): string {
  const { copy } = instance.view;
  return instance.occurrence ? occurrenceId(copy.id, instance.occurrence.originalDate) : copy.id;
}

function instanceStart(instance: EventInstance): Date {
  return instance.occurrence?.start ?? instance.view.def.startUtc;
}

function compareInstances(a: EventInstance, b: EventInstance): number {
  const d = instanceStart(a).getTime() - instanceStart(b).getTime();
  if (d !== 0) return d;
  const ia = instanceId(a);
  const ib = instanceId(b);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** Exchange's global object id prefix, then a unique part: the form Outlook iCalUIds take. */
function newICalUId(ids: IdSource): string {
  return `040000008200E00074C5B7101A82E00800000000${ids.next("iCalUId").replaceAll("-", "").toUpperCase()}`;
}

function teamsJoinUrl(iCalUId: string): string {
  const thread = iCalUId.slice(-32).toLowerCase();
  return `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${thread}%40thread.v2/0`;
}

/** A create request's content, key order aside: what decides whether a repeated transactionId is the same request. */
function fingerprintOf(input: EventCreate): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(
            Object.keys(value as object)
              .sort()
              .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
          )
        : value;
  return JSON.stringify(canonical(input));
}
