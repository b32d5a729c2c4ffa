// People editing their calendars outside Cadence: each touch changes one event of a mailbox through the calendar
// store, so delta rounds and change notifications see it exactly as they would see a Graph PATCH.
import { DateTime } from "luxon";
import { toIanaZone } from "../../../shared/domain/timeZone.js";
import type { EventInstance } from "../calendar/calendarModel.js";
import { type CalendarStore, occurrenceId } from "../calendar/calendarStore.js";

export interface TouchedEvent {
  eventId: string;
  /** moved: the next occurrence of a series starts 30 min later; renamed: the subject changed; recategorized: an attendee's own categories changed. */
  change: "moved" | "renamed" | "recategorized";
}

export interface TouchResult {
  mailbox: string;
  touched: TouchedEvent[];
}

const MOVE_MS = 30 * 60_000;
const LOOKAHEAD_MS = 400 * 86_400_000;
const EDIT_SUFFIX = / \(edit \d+\)$/;

export class CalendarToucher {
  /** Per mailbox, where the next touch starts, so repeated touches spread over the calendar. */
  private readonly cursors = new Map<string, number>();
  private edits = 0;

  constructor(private readonly calendar: CalendarStore) {}

  /** Changes up to `count` events of the mailbox (fewer when it has fewer), in a fixed order. */
  touch(idOrUpn: string, count = 1): TouchResult {
    const owner = this.calendar.mailbox(idOrUpn);
    const events = this.calendar.listEvents(owner.id);
    const n = Math.min(count, events.length);
    const start = this.cursors.get(owner.id) ?? 0;
    const touched: TouchedEvent[] = [];
    for (let i = 0; i < n; i++) touched.push(this.edit(owner.id, events[(start + i) % events.length]!));
    this.cursors.set(owner.id, events.length === 0 ? 0 : (start + n) % events.length);
    return { mailbox: owner.id, touched };
  }

  private edit(mailbox: string, instance: EventInstance): TouchedEvent {
    const { copy, def } = instance.view;
    this.edits += 1;
    if (!copy.isOrganizer) {
      // An attendee can only change their own copy's personal fields; the meeting belongs to the organizer.
      const categories = copy.state.categories.includes("Touched")
        ? copy.state.categories.filter((c) => c !== "Touched")
        : [...copy.state.categories, "Touched"];
      this.calendar.update(mailbox, copy.id, { categories });
      return { eventId: copy.id, change: "recategorized" };
    }
    if (def.recurrence) {
      const now = this.calendar.deps.clock.now();
      const next = this.calendar
        .instances(mailbox, copy.id, now, new Date(now.getTime() + LOOKAHEAD_MS))
        .find((o) => o.occurrence && o.occurrence.start.getTime() >= now.getTime());
      if (next?.occurrence) {
        const { originalDate, start, end } = next.occurrence;
        const eventId = occurrenceId(copy.id, originalDate);
        this.calendar.update(mailbox, eventId, {
          start: local(start.getTime() + MOVE_MS, def.start.timeZone),
          end: local(end.getTime() + MOVE_MS, def.end.timeZone),
        });
        return { eventId, change: "moved" };
      }
    }
    const subject = `${def.subject.replace(EDIT_SUFFIX, "")} (edit ${this.edits})`;
    this.calendar.update(mailbox, copy.id, { subject });
    return { eventId: copy.id, change: "renamed" };
  }
}

function local(instant: number, timeZone: string): { dateTime: string; timeZone: string } {
  const dt = DateTime.fromMillis(instant, { zone: toIanaZone(timeZone) });
  return { dateTime: dt.toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone };
}
