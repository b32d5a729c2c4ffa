import { z } from "zod";

/** Graph's calendarView accepts at most 1,825 days (five years) between start and end. */
const MAX_RANGE_MS = 1825 * 24 * 3600 * 1000;

/** The time range a calendar read covers; validated because a bad one fails every mailbox the same way. */
export const calendarWindowSchema = z
  .object({ start: z.date(), end: z.date() })
  .refine((w) => w.end.getTime() > w.start.getTime(), { message: "end must be after start", path: ["end"] })
  .refine((w) => w.end.getTime() - w.start.getTime() <= MAX_RANGE_MS, {
    message: "calendarView spans at most 1825 days",
    path: ["end"],
  });

export type CalendarWindow = z.infer<typeof calendarWindowSchema>;
