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

export const pairCalendarSchema = z.object({
  /** The manager's mailbox time zone (IANA or Windows name): dates in the reason are local to it. */
  timeZone: z.string().min(1).default("UTC"),
  /** Single-instance 1:1s (and occurrences whose series master isn't a 1:1 of the pair). */
  singles: z.array(meetingSchema.extend({ createdAt: instant })).default([]),
  /**
   * The pair's 1:1 series masters, each with its 1:1 occurrences in the window (moved occurrences at their
   * new start). A master whose occurrences are all cancelled or declined has `occurrences: []`; it still
   * exists, which is what makes a pair `lapsed` rather than `missing`.
   */
  series: z
    .array(
      z.object({
        id: z.string().min(1),
        createdAt: instant,
        pattern: seriesPatternSchema,
        range: seriesRangeSchema,
        recurrenceTimeZone: z.string().min(1),
        occurrences: z.array(meetingSchema),
      }),
    )
    .default([]),
});

export type PairCalendar = z.infer<typeof pairCalendarSchema>;
