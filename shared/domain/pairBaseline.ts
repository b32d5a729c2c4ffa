// What an incremental scan keeps of a pair between scans: its 1:1s as last read, and the window they were read in.
import { z } from "zod";
import { pairCalendarSchema } from "./pairCalendar.js";
import { pairExclusionSchema } from "./pairExclusion.js";

export const pairBaselineSchema = z.object({
  managerId: z.string().min(1),
  reportId: z.string().min(1),
  /** The addresses the calendar was matched under (see `pairAddressKey`): a changed address needs a re-read. */
  addressKey: z.string().min(1),
  /** The calendarView window read, ISO-8601 UTC; the calendar is valid for any scan whose window fits inside. */
  windowStart: z.iso.datetime(),
  windowEnd: z.iso.datetime(),
  readAt: z.iso.datetime(),
  /** The pair's 1:1s in that window, or why the manager's mailbox could not be read (e.g. no mailbox). */
  result: z.union([
    z.object({ calendar: pairCalendarSchema }),
    z.object({ unreadable: pairExclusionSchema }),
  ]),
});
export type PairBaseline = z.infer<typeof pairBaselineSchema>;
