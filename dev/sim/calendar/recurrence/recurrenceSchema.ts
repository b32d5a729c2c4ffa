// Graph's `patternedRecurrence` as Exchange accepts it for events (see Graph's "Schedule repeating appointments
// as recurring events in Outlook"): which fields each pattern/range type requires, and the values they may take.
import { z } from "zod";
import { toIanaZone } from "../../../../shared/domain/timeZone.js";

export const dayOfWeekSchema = z.enum([
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
]);

export const weekIndexSchema = z.enum(["first", "second", "third", "fourth", "last"]);

/** Exchange clamps a too-large day to the month's last day, but never lets a yearly day exceed its month. */
const maxDayInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const recurrencePatternSchema = z
  .looseObject({
    type: z.enum([
      "daily",
      "weekly",
      "absoluteMonthly",
      "relativeMonthly",
      "absoluteYearly",
      "relativeYearly",
    ]),
    interval: z.number().int().min(1),
    // Graph echoes 0 / null / [] for the fields a pattern type ignores, so those stay acceptable here; values
    // outside an enumeration are rejected even when ignored, as Graph does.
    daysOfWeek: z.array(dayOfWeekSchema).nullish(),
    firstDayOfWeek: dayOfWeekSchema.nullish(),
    index: weekIndexSchema.nullish(),
    dayOfMonth: z.number().int().min(0).max(31).nullish(),
    month: z.number().int().min(0).max(12).nullish(),
  })
  .superRefine((p, ctx) => {
    const need = (field: "daysOfWeek" | "dayOfMonth" | "month", ok: boolean) => {
      if (!ok)
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `${field} is required when type is ${p.type}`,
        });
    };
    if (p.type === "weekly" || p.type === "relativeMonthly" || p.type === "relativeYearly") {
      need("daysOfWeek", (p.daysOfWeek?.length ?? 0) > 0);
    }
    if (p.type === "absoluteMonthly" || p.type === "absoluteYearly")
      need("dayOfMonth", (p.dayOfMonth ?? 0) >= 1);
    if (p.type === "absoluteYearly" || p.type === "relativeYearly") need("month", (p.month ?? 0) >= 1);
    if (
      p.type === "absoluteYearly" &&
      p.month &&
      p.dayOfMonth &&
      p.dayOfMonth > maxDayInMonth[p.month - 1]!
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["dayOfMonth"],
        message: `dayOfMonth ${p.dayOfMonth} does not exist in month ${p.month}`,
      });
    }
  });

export const recurrenceRangeSchema = z
  .looseObject({
    type: z.enum(["endDate", "noEnd", "numbered"]),
    startDate: z.iso.date(),
    endDate: z.iso.date().nullish(),
    numberOfOccurrences: z.number().int().min(0).nullish(),
    recurrenceTimeZone: z.string().nullish(),
  })
  .superRefine((r, ctx) => {
    if (r.type === "endDate") {
      if (!r.endDate) {
        ctx.addIssue({
          code: "custom",
          path: ["endDate"],
          message: "endDate is required when type is endDate",
        });
      } else if (r.endDate < r.startDate) {
        ctx.addIssue({ code: "custom", path: ["endDate"], message: "endDate is before startDate" });
      }
    }
    if (r.type === "numbered" && !((r.numberOfOccurrences ?? 0) >= 1)) {
      ctx.addIssue({
        code: "custom",
        path: ["numberOfOccurrences"],
        message: "numberOfOccurrences must be a positive integer when type is numbered",
      });
    }
    if (r.recurrenceTimeZone) {
      try {
        toIanaZone(r.recurrenceTimeZone);
      } catch {
        ctx.addIssue({
          code: "custom",
          path: ["recurrenceTimeZone"],
          message: `unknown time zone "${r.recurrenceTimeZone}"`,
        });
      }
    }
  });

export const patternedRecurrenceSchema = z.looseObject({
  pattern: recurrencePatternSchema,
  range: recurrenceRangeSchema,
});

export type ParsedRecurrence = z.infer<typeof patternedRecurrenceSchema>;
