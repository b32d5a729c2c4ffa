// Exchange's recurrence pattern as arithmetic on local day numbers. The interval is anchored at the period (day,
// week, month, year) of the FIRST OCCURRENCE — the first date on/after range.startDate that fits the pattern,
// ignoring the interval — as Exchange's recurrence blob does (MS-OXOCAL FirstDateTime; Graph's own example: a
// relativeMonthly interval-2 series from Aug 29 with the first Thursday already past starts in September).
// Every function is O(1) in the distance from the series start, so far-future windows cost nothing extra.
import { dayFromIsoDate, dayFromYmd, daysInMonth, weekdayOfDay, ymdFromDay } from "./calendarDay.js";
import type { ParsedRecurrence } from "./recurrenceSchema.js";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const INDEX = { first: 1, second: 2, third: 3, fourth: 4, last: -1 } as const;

export interface OccurrenceRule {
  type: ParsedRecurrence["pattern"]["type"];
  interval: number;
  /** Bit i set: weekday i (0 = Sunday) allowed. */
  weekdayMask: number;
  /** Allowed weekdays as offsets from the first day of the week, ascending (weekly only). */
  weekOffsets: number[];
  firstDayOfWeek: number;
  /** 1-4, or -1 for last. */
  index: number;
  dayOfMonth: number;
  month: number;
  firstDay: number;
  /** Inclusive; Infinity for noEnd. */
  lastDay: number;
}

export function compileOccurrenceRule(recurrence: ParsedRecurrence): OccurrenceRule {
  const { pattern, range } = recurrence;
  let weekdayMask = 0;
  for (const name of pattern.daysOfWeek ?? []) weekdayMask |= 1 << WEEKDAYS.indexOf(name);
  const firstDayOfWeek = WEEKDAYS.indexOf(pattern.firstDayOfWeek ?? "sunday");
  const weekOffsets: number[] = [];
  for (let offset = 0; offset < 7; offset++) {
    if (weekdayMask & (1 << ((firstDayOfWeek + offset) % 7))) weekOffsets.push(offset);
  }
  const rule: OccurrenceRule = {
    type: pattern.type,
    interval: pattern.interval,
    weekdayMask,
    weekOffsets,
    firstDayOfWeek,
    index: INDEX[pattern.index ?? "first"],
    dayOfMonth: pattern.dayOfMonth ?? 0,
    month: pattern.month ?? 0,
    firstDay: 0,
    lastDay: Number.POSITIVE_INFINITY,
  };
  rule.firstDay = firstOccurrence(rule, dayFromIsoDate(range.startDate));
  if (range.type === "endDate") rule.lastDay = dayFromIsoDate(range.endDate!);
  else if (range.type === "numbered") rule.lastDay = nthOccurrence(rule, range.numberOfOccurrences!);
  return rule;
}

/** Local day numbers of the occurrences on days [fromDay, toDay], ascending. */
export function occurrenceDays(rule: OccurrenceRule, fromDay: number, toDay: number): number[] {
  const lo = Math.max(fromDay, rule.firstDay);
  const hi = Math.min(toDay, rule.lastDay);
  const days: number[] = [];
  if (lo > hi) return days;
  const { interval, firstDay } = rule;
  switch (rule.type) {
    case "daily": {
      for (let d = firstDay + Math.ceil((lo - firstDay) / interval) * interval; d <= hi; d += interval)
        days.push(d);
      break;
    }
    case "weekly": {
      const anchor = weekStart(rule, firstDay);
      const weeks = Math.floor((weekStart(rule, lo) - anchor) / 7);
      for (let ws = anchor + Math.floor(weeks / interval) * interval * 7; ws <= hi; ws += interval * 7) {
        for (const offset of rule.weekOffsets) {
          const d = ws + offset;
          if (d >= lo && d <= hi) days.push(d);
        }
      }
      break;
    }
    case "absoluteMonthly":
    case "relativeMonthly": {
      const anchor = monthNumber(firstDay);
      const skip = Math.floor((monthNumber(lo) - anchor) / interval) * interval;
      for (let m = anchor + skip; ; m += interval) {
        const year = Math.floor(m / 12);
        if (dayFromYmd(year, (m % 12) + 1, 1) > hi) break;
        const d = dayInMonth(rule, year, (m % 12) + 1);
        if (d >= lo && d <= hi) days.push(d);
      }
      break;
    }
    case "absoluteYearly":
    case "relativeYearly": {
      const anchor = ymdFromDay(firstDay).year;
      const skip = Math.floor((ymdFromDay(lo).year - anchor) / interval) * interval;
      for (let year = anchor + skip; dayFromYmd(year, 1, 1) <= hi; year += interval) {
        const d = dayInMonth(rule, year, rule.month);
        if (d >= lo && d <= hi) days.push(d);
      }
      break;
    }
  }
  return days;
}

function firstOccurrence(rule: OccurrenceRule, startDay: number): number {
  switch (rule.type) {
    case "daily":
      return startDay;
    case "weekly": {
      let d = startDay;
      while (!(rule.weekdayMask & (1 << weekdayOfDay(d)))) d++;
      return d;
    }
    case "absoluteMonthly":
    case "relativeMonthly": {
      const { year, month } = ymdFromDay(startDay);
      const d = dayInMonth(rule, year, month);
      return d >= startDay ? d : dayInMonth(rule, month === 12 ? year + 1 : year, (month % 12) + 1);
    }
    case "absoluteYearly":
    case "relativeYearly": {
      const { year } = ymdFromDay(startDay);
      const d = dayInMonth(rule, year, rule.month);
      return d >= startDay ? d : dayInMonth(rule, year + 1, rule.month);
    }
  }
}

/** The day of the n-th occurrence (1-based), counted from the first. */
function nthOccurrence(rule: OccurrenceRule, n: number): number {
  const { interval, firstDay } = rule;
  switch (rule.type) {
    case "daily":
      return firstDay + (n - 1) * interval;
    case "weekly": {
      const anchor = weekStart(rule, firstDay);
      const inFirstWeek = rule.weekOffsets.filter((offset) => anchor + offset >= firstDay);
      if (n <= inFirstWeek.length) return anchor + inFirstWeek[n - 1]!;
      const rest = n - inFirstWeek.length;
      const perWeek = rule.weekOffsets.length;
      const week = Math.ceil(rest / perWeek);
      return anchor + week * interval * 7 + rule.weekOffsets[(rest - 1) % perWeek]!;
    }
    // Every month (and every year's month) holds exactly one occurrence: days clamp to the month's end and
    // every weekday appears at least four times in a month.
    case "absoluteMonthly":
    case "relativeMonthly": {
      const m = monthNumber(firstDay) + (n - 1) * interval;
      return dayInMonth(rule, Math.floor(m / 12), (m % 12) + 1);
    }
    case "absoluteYearly":
    case "relativeYearly":
      return dayInMonth(rule, ymdFromDay(firstDay).year + (n - 1) * interval, rule.month);
  }
}

function weekStart(rule: OccurrenceRule, day: number): number {
  return day - ((weekdayOfDay(day) - rule.firstDayOfWeek + 7) % 7);
}

function monthNumber(day: number): number {
  const { year, month } = ymdFromDay(day);
  return year * 12 + month - 1;
}

/** The occurrence day in a given month: the absolute day (clamped to the month's last day, as Exchange does)
 *  or the index-th of the allowed weekdays counted together (Graph: "the second Thursday or Friday"). */
function dayInMonth(rule: OccurrenceRule, year: number, month: number): number {
  const length = daysInMonth(year, month);
  const first = dayFromYmd(year, month, 1);
  if (rule.type === "absoluteMonthly" || rule.type === "absoluteYearly") {
    return first + Math.min(rule.dayOfMonth, length) - 1;
  }
  if (rule.index === -1) {
    for (let d = first + length - 1; ; d--) if (rule.weekdayMask & (1 << weekdayOfDay(d))) return d;
  }
  let seen = 0;
  for (let d = first; ; d++) {
    if (rule.weekdayMask & (1 << weekdayOfDay(d)) && ++seen === rule.index) return d;
  }
}
