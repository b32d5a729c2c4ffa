// What the cadence rules need from the manager's calendar, already reduced to the pair's 1:1s.
import { z } from "zod";

const instant = z.iso.datetime({ offset: true });
const localDate = z.iso.date();

const seriesPatternSchema = z.object({
  type: z.enum(["daily", "weekly", "absoluteMonthly", "relativeMonthly", "absoluteYearly", "relativeYearly"]),
  interval: z.number().int().positive(),
  /** Weekly patterns: the days it falls on (several days per week shorten the rhythm). */
  daysOfWeek: z.array(z.string()).default([]),
});

// Dates are local dates in `recurrenceTimeZone`, as Graph states them.
const seriesRangeSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("noEnd"), startDate: localDate }),
  z.object({ type: z.literal("endDate"), startDate: localDate, endDate: localDate }),
  z.object({
    type: z.literal("numbered"),
    startDate: localDate,
    numberOfOccurrences: z.number().int().positive(),
  }),
]);

/** A held or scheduled 1:1 (not cancelled, not declined) that starts at `start`. */
const meetingSchema = z.object({ start: instant });

const seriesCommon = {
  /** Graph's series master id (`seriesMasterId` on its occurrences). */
  id: z.string().min(1),
  createdAt: instant,
  /** Its 1:1 occurrences (moved ones at their new start): not cancelled, declined by neither side. */
  occurrences: z.array(meetingSchema),
  /**
   * Occurrences that would be 1:1s but that the manager or the report declined. They are what is left of a
   * series a side refused, so they prove it still exists (see `classifyPair`); they are never held or scheduled.
   */
  declinedOccurrences: z.array(meetingSchema).default([]),
};

/** A series whose master was read: its recurrence is known. */
const seriesWithRecurrenceSchema = z.object({
  ...seriesCommon,
  pattern: seriesPatternSchema,
  range: seriesRangeSchema,
  recurrenceTimeZone: z.string().min(1),
});

/**
 * A series known only from its occurrences in calendarView (shards read no masters: one request per mailbox;
 * the run reads only those of `seriesToConfirm`). Its recurrence is unknown and stays null rather than guessed;
 * its rhythm comes from the gaps between its occurrences, and it ends, for all the cadence rules can tell, at its
 * last visible occurrence.
 */
const seriesFromOccurrencesSchema = z.object({
  ...seriesCommon,
  pattern: z.null(),
  range: z.null(),
  recurrenceTimeZone: z.null(),
});

export const pairCalendarSchema = z.object({
  /**
   * The zone (IANA or Windows name) the reason's dates are written in. UTC unless the caller read the manager's
   * mailbox zone: the scan does not (it would cost a mailboxSettings batch per shard), so its reasons are UTC.
   */
  timeZone: z.string().min(1).default("UTC"),
  /** Single-instance 1:1s (and occurrences whose series master is known not to be a 1:1 of the pair). */
  singles: z.array(meetingSchema.extend({ createdAt: instant })).default([]),
  /**
   * The pair's 1:1 series with their occurrences in the window. A master whose occurrences are all cancelled
   * or declined has `occurrences: []`; it still exists, which is what makes a pair `lapsed` rather than
   * `missing`. Cancelled occurrences are absent from calendarView, so only a master can show that case.
   */
  series: z.array(z.union([seriesWithRecurrenceSchema, seriesFromOccurrencesSchema])).default([]),
  /**
   * Series (known from their occurrences) whose master a scan looked up and did not find: deleted, cancelled or
   * unusable. They stay as their occurrences show them, and are not looked up again for this calendar.
   */
  mastersGone: z.array(z.string().min(1)).optional(),
});

export type PairCalendar = z.infer<typeof pairCalendarSchema>;
