import { describe, expect, it } from "vitest";
import { cadencePolicySchema, defaultCadencePolicy } from "../../../shared/domain/cadencePolicy.js";
import { classifyPair, type PairInput } from "../../../shared/domain/classifyPair.js";
import type { PairCalendar } from "../../../shared/domain/pairCalendar.js";
import { pairResultSchema } from "../../../shared/domain/pairResult.js";
import { at, calendar, NOW, pair, type SeriesInput, series, single, viewedSeries } from "./pairFixtures.js";

const MINUTE = 60_000;

function classify(cal: Partial<PairCalendar>, policy = defaultCadencePolicy, now = NOW) {
  const result = classifyPair({ pair, calendar: calendar(cal) }, policy, now);
  // Every result must be storable as it is.
  expect(pairResultSchema.safeParse(result).success).toBe(true);
  return result;
}

/** Mara and Rui's bi-weekly series on Wednesdays 09:00 UTC since 2026-10-07; NOW is Wed 2026-11-25 09:00. */
const biweekly: SeriesInput = series({
  id: "s-biweekly",
  range: { type: "noEnd", startDate: "2026-10-07" },
  occurrences: [at(-49), at(-35), at(-21), at(-7), at(7), at(21), at(35)].map((start) => ({ start })),
});

describe("classifyPair: excluded", () => {
  it("is excluded when the pair opted out, whatever the calendar says", () => {
    const optedOut = {
      ...pair,
      exclusion: { code: "optedOut" as const, detail: "report rui@contoso.com opted out" },
    };
    const result = classifyPair(
      { pair: optedOut, calendar: calendar({ series: [biweekly] }) },
      defaultCadencePolicy,
      NOW,
    );
    expect(result).toMatchObject({
      status: "excluded",
      reason: "excluded: report rui@contoso.com opted out",
    });
    expect(result.lastHeld).toBeNull();
  });

  it("is excluded with the reason when a side has no mailbox (the scan goes on)", () => {
    const input: PairInput = {
      pair,
      excluded: {
        code: "noMailbox",
        detail: "manager mara@contoso.com has no mailbox (MailboxNotEnabledForRESTAPI)",
      },
    };
    expect(classifyPair(input, defaultCadencePolicy, NOW)).toEqual({
      managerId: "m-1",
      managerUpn: "mara@contoso.com",
      reportId: "r-1",
      reportUpn: "rui@contoso.com",
      status: "excluded",
      lastHeld: null,
      nextScheduled: null,
      cadenceDays: null,
      seriesId: null,
      reason: "excluded: manager mara@contoso.com has no mailbox (MailboxNotEnabledForRESTAPI)",
    });
  });
});

describe("classifyPair: healthy", () => {
  it("is healthy with a bi-weekly series held within the floor and booked next", () => {
    expect(classify({ series: [biweekly] })).toEqual({
      managerId: "m-1",
      managerUpn: "mara@contoso.com",
      reportId: "r-1",
      reportUpn: "rui@contoso.com",
      status: "healthy",
      lastHeld: "2026-11-18T09:00:00.000Z",
      nextScheduled: "2026-12-02T09:00:00.000Z",
      cadenceDays: 14,
      seriesId: "s-biweekly",
      reason: "weekly-2 series since 2026-10-07; last held 2026-11-18; next 2026-12-02",
    });
  });

  it("is healthy with ad-hoc 1:1s every two weeks (rhythm = median gap) and one booked", () => {
    const result = classify({ singles: [single(-40), single(-26), single(-12), single(2)] });
    expect(result).toMatchObject({ status: "healthy", cadenceDays: 14, seriesId: null });
    expect(result.reason).toBe("every ~14 days; last held 2026-11-13; next 2026-11-27");
  });

  it("takes the median, so one long gap (a holiday) does not break a bi-weekly rhythm", () => {
    const result = classify({ singles: [single(-60), single(-46), single(-32), single(-4), single(10)] });
    expect(result).toMatchObject({ status: "healthy", cadenceDays: 14 });
  });
});

describe("classifyPair: belowTarget", () => {
  it("is belowTarget with a monthly series (rhythm above target + 3)", () => {
    const monthly = series({
      id: "s-monthly",
      pattern: { type: "absoluteMonthly", interval: 1, daysOfWeek: [] },
      range: { type: "noEnd", startDate: "2026-06-10" },
      occurrences: [at(-15), at(15)].map((start) => ({ start })),
    });
    const result = classify({ series: [monthly] });
    expect(result).toMatchObject({ status: "belowTarget", cadenceDays: 30, seriesId: "s-monthly" });
    expect(result.reason).toBe(
      "last held 2026-11-10; monthly series since 2026-06-10 is slower than the 14-day target; next 2026-12-10",
    );
  });

  it("is belowTarget after one ad-hoc 1:1 (no rhythm)", () => {
    const result = classify({ singles: [single(-3)] });
    expect(result).toMatchObject({ status: "belowTarget", cadenceDays: null, nextScheduled: null });
    expect(result.reason).toBe(
      "last held 2026-11-22; no rhythm: one 1:1 in the last 90 days; nothing booked in the next 35 days",
    );
  });

  it("is belowTarget with a bi-weekly habit but nothing booked next", () => {
    const result = classify({ singles: [single(-30), single(-16), single(-2)] });
    expect(result).toMatchObject({ status: "belowTarget", cadenceDays: 14 });
    expect(result.reason).toBe("last held 2026-11-23; nothing booked in the next 35 days");
  });

  it("is belowTarget when the next 1:1 is further away than target + 3", () => {
    const result = classify({ singles: [single(-28), single(-14), single(-2), single(20)] });
    expect(result.status).toBe("belowTarget");
    expect(result.reason).toBe("last held 2026-11-23; next 2026-12-15, more than 17 days away");
  });
});

describe("classifyPair: scheduled", () => {
  it("is scheduled when a series created within the floor starts within the lookahead", () => {
    const fresh = series({
      id: "s-new",
      createdAt: "2026-11-20T15:00:00Z",
      range: { type: "noEnd", startDate: "2026-12-02" },
      occurrences: [at(7), at(21), at(35)].map((start) => ({ start })),
    });
    const result = classify({ series: [fresh] });
    expect(result).toMatchObject({ status: "scheduled", seriesId: "s-new", cadenceDays: 14, lastHeld: null });
    expect(result.reason).toBe(
      "new weekly-2 series created 2026-11-20; next 2026-12-02; none held in the last 31 days",
    );
  });

  it("is scheduled when a single 1:1 created within the floor is booked, even after an old lapse", () => {
    const result = classify({ singles: [single(-60), { start: at(10), createdAt: at(-1) }] });
    expect(result.status).toBe("scheduled");
    expect(result.reason).toBe(
      "new 1:1 booked 2026-11-24; next 2026-12-05; none held in the last 31 days; last held 2026-09-26",
    );
  });

  it("is not scheduled when the booking was created before the floor (an old plan is not a new rhythm)", () => {
    expect(classify({ singles: [{ start: at(10), createdAt: at(-40) }] }).status).toBe("missing");
  });
});

describe("classifyPair: lapsed", () => {
  it("is lapsed when the last 1:1 is older than the floor but within the lookback", () => {
    const result = classify({ singles: [single(-60), single(-45)] });
    expect(result).toMatchObject({ status: "lapsed", lastHeld: at(-45), cadenceDays: 15 });
    expect(result.reason).toBe("last held 2026-10-11; none held in the last 31 days");
  });

  it("says when the series ended", () => {
    const ended = series({
      id: "s-ended",
      range: { type: "endDate", startDate: "2026-06-03", endDate: "2026-09-16" },
      occurrences: [{ start: "2026-09-02T09:00:00Z" }, { start: "2026-09-16T09:00:00Z" }],
    });
    const result = classify({ series: [ended] });
    expect(result).toMatchObject({ status: "lapsed", seriesId: "s-ended", nextScheduled: null });
    expect(result.reason).toBe("last held 2026-09-16; series ended 2026-09-16");
  });

  it("is lapsed when an older series still exists but its occurrences are all cancelled or declined", () => {
    const result = classify({ series: [series({ id: "s-old", occurrences: [] })] });
    expect(result).toMatchObject({ status: "lapsed", seriesId: "s-old", lastHeld: null, cadenceDays: null });
    expect(result.reason).toBe(
      "no 1:1 held in the last 90 days; weekly-2 series since 2026-01-07 still exists, but its occurrences are cancelled or declined",
    );
  });

  it("is lapsed, not scheduled, when an old series resumes after its recent occurrences were cancelled", () => {
    const resumed = series({ id: "s-old", occurrences: [at(-49), at(7)].map((start) => ({ start })) });
    const result = classify({ series: [resumed] });
    expect(result).toMatchObject({
      status: "lapsed",
      seriesId: "s-old",
      nextScheduled: at(7),
      cadenceDays: 14,
    });
    expect(result.reason).toBe(
      "last held 2026-10-07; weekly-2 series since 2026-01-07 still exists, but none held in the last 31 days; next 2026-12-02",
    );
  });
});

describe("classifyPair: missing", () => {
  it("is missing with no 1:1 at all", () => {
    expect(classify({})).toMatchObject({
      status: "missing",
      lastHeld: null,
      nextScheduled: null,
      cadenceDays: null,
      seriesId: null,
      reason: "no 1:1 in the last 90 days",
    });
  });

  it("is missing when the only 1:1s are older than the lookback", () => {
    expect(classify({ singles: [single(-120), single(-100)] }).status).toBe("missing");
  });

  it("is missing when the series ended before the lookback, and says so", () => {
    const ended = series({ range: { type: "endDate", startDate: "2025-01-08", endDate: "2025-12-31" } });
    expect(classify({ series: [ended] }).reason).toBe("no 1:1 in the last 90 days; series ended 2025-12-31");
  });

  it("is missing while a series that has not started yet is beyond the lookahead", () => {
    const later = series({ createdAt: at(-40), range: { type: "noEnd", startDate: "2027-01-13" } });
    expect(classify({ series: [later] }).status).toBe("missing");
  });
});

describe("classifyPair: boundaries", () => {
  it("floor: a 1:1 held exactly 31 days ago, or just after, is within the floor", () => {
    expect(classify({ singles: [single(-31)] }).status).toBe("belowTarget");
    expect(classify({ singles: [{ start: at(-31, MINUTE), createdAt: at(-60) }] }).status).toBe(
      "belowTarget",
    );
  });

  it("floor: a 1:1 held just over 31 days ago is outside the floor", () => {
    expect(classify({ singles: [{ start: at(-31, -MINUTE), createdAt: at(-60) }] }).status).toBe("lapsed");
  });

  it("target + 3: a rhythm of exactly 17 days is healthy, a minute more is not", () => {
    expect(classify({ singles: [single(-10), single(7)] })).toMatchObject({
      status: "healthy",
      cadenceDays: 17,
    });
    const slower = classify({ singles: [single(-10), { start: at(7, MINUTE), createdAt: at(-60) }] });
    expect(slower.status).toBe("belowTarget");
  });

  it("target + 3: a next 1:1 exactly 17 days ahead is healthy, a minute later is not", () => {
    const occurrences = (nextMs: number) => [{ start: at(-5) }, { start: at(17, nextMs) }];
    expect(classify({ series: [series({ occurrences: occurrences(0) })] }).status).toBe("healthy");
    expect(classify({ series: [series({ occurrences: occurrences(MINUTE) })] }).status).toBe("belowTarget");
  });

  it("lookahead: a new booking exactly 35 days ahead is scheduled, a minute later is outside the window", () => {
    expect(classify({ singles: [{ start: at(35), createdAt: at(-1) }] }).status).toBe("scheduled");
    expect(classify({ singles: [{ start: at(35, MINUTE), createdAt: at(-1) }] })).toMatchObject({
      status: "missing",
      nextScheduled: null,
    });
  });

  it("created within the floor: exactly 31 days ago counts, a minute earlier does not", () => {
    expect(classify({ singles: [{ start: at(3), createdAt: at(-31) }] }).status).toBe("scheduled");
    expect(classify({ singles: [{ start: at(3), createdAt: at(-31, -MINUTE) }] }).status).toBe("missing");
  });

  it("lookback: a 1:1 exactly 90 days ago is lapsed, a minute earlier is missing", () => {
    expect(classify({ singles: [single(-90)] }).status).toBe("lapsed");
    expect(classify({ singles: [{ start: at(-90, -MINUTE), createdAt: at(-100) }] }).status).toBe("missing");
  });

  it("now: a 1:1 starting exactly now is scheduled, not held", () => {
    const result = classify({ singles: [single(-14), single(0)] });
    expect(result).toMatchObject({ lastHeld: at(-14), nextScheduled: at(0), status: "healthy" });
  });

  it("follows a configured policy (weekly target)", () => {
    const weekly = cadencePolicySchema.parse({ targetDays: 7, toleranceDays: 1 });
    expect(classify({ series: [biweekly] }, weekly).status).toBe("belowTarget");
  });
});

describe("classifyPair: rhythm and the active series", () => {
  it("weekly interval k is 7k days; several weekdays shorten it", () => {
    const twiceAWeek = series({
      pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday", "thursday"] },
      occurrences: [{ start: at(-2) }, { start: at(2) }],
    });
    expect(classify({ series: [twiceAWeek] }).cadenceDays).toBe(3.5);
  });

  it("daily interval k is k days; monthly interval k is 30k days", () => {
    const daily = series({
      pattern: { type: "daily", interval: 3, daysOfWeek: [] },
      occurrences: [{ start: at(1) }],
    });
    expect(classify({ series: [daily] }).cadenceDays).toBe(3);
    const bimonthly = series({
      pattern: { type: "relativeMonthly", interval: 2, daysOfWeek: ["tuesday"] },
      occurrences: [{ start: at(20) }],
    });
    expect(classify({ series: [bimonthly] }).cadenceDays).toBe(60);
  });

  it("the series' interval wins over the gaps actually seen", () => {
    const moved = series({ occurrences: [at(-30), at(-13), at(1)].map((start) => ({ start })) });
    expect(classify({ series: [moved] })).toMatchObject({ cadenceDays: 14, status: "healthy" });
  });

  it("a series with no 1:1 left after now (all cancelled or declined) is not active: the rhythm is the median gap", () => {
    const stopped = series({ occurrences: [at(-27), at(-6)].map((start) => ({ start })) });
    expect(classify({ series: [stopped] })).toMatchObject({
      cadenceDays: 21,
      status: "belowTarget",
      seriesId: "series-1",
    });
  });

  it("a series whose range ended is not active even if an occurrence is listed after now", () => {
    const ended = series({
      range: { type: "endDate", startDate: "2026-01-07", endDate: "2026-11-24" },
      occurrences: [at(-28), at(-14), at(10)].map((start) => ({ start })),
    });
    expect(classify({ series: [ended] }).cadenceDays).toBe(19);
  });

  it("a numbered series ends after its count of periods", () => {
    const numbered = (numberOfOccurrences: number): SeriesInput =>
      series({ range: { type: "numbered", startDate: "2026-09-02", numberOfOccurrences }, occurrences: [] });
    // 5 bi-weekly occurrences from 2026-09-02 are over by 2026-11-11: the series no longer exists, so its
    // cancelled occurrences don't make the pair lapsed; 10 run into 2027, so the series still exists.
    expect(classify({ series: [numbered(5)] }).reason).toBe(
      "no 1:1 in the last 90 days; series of 5 since 2026-09-02 ended",
    );
    expect(classify({ series: [numbered(10)] }).status).toBe("lapsed");
  });

  it("with two active series, the more frequent one sets the rhythm and the series id", () => {
    const monthly = series({
      id: "s-monthly",
      pattern: { type: "absoluteMonthly", interval: 1, daysOfWeek: [] },
      occurrences: [{ start: at(-20) }, { start: at(10) }],
    });
    const weekly = series({ id: "s-weekly", occurrences: [{ start: at(-6) }, { start: at(8) }] });
    expect(classify({ series: [monthly, weekly] })).toMatchObject({ seriesId: "s-weekly", cadenceDays: 14 });
  });

  it("a series rarer than the lookahead is not active: the rhythm falls back to the median gap", () => {
    const sixWeekly = series({
      pattern: { type: "weekly", interval: 6, daysOfWeek: ["wednesday"] },
      occurrences: [{ start: at(-84) }, { start: at(-42) }],
    });
    expect(classify({ series: [sixWeekly] })).toMatchObject({ cadenceDays: 42, status: "lapsed" });
  });

  it("no active series and fewer than two 1:1s: no rhythm", () => {
    expect(classify({ singles: [single(-50)] }).cadenceDays).toBeNull();
  });

  it("a duplicate invite at the same instant counts once", () => {
    const result = classify({ singles: [single(-14), single(-14), single(0)] });
    expect(result.cadenceDays).toBe(14);
  });

  it("ignores 1:1s handed in outside the window", () => {
    const result = classify({ singles: [single(-200), single(-5), single(60)] });
    expect(result).toMatchObject({ cadenceDays: null, nextScheduled: null, status: "belowTarget" });
  });
});

describe("classifyPair: time zones in the reason", () => {
  // 2026-10-24T22:30Z is 00:30 on 2026-10-25 in Rome (CEST, the night DST ends) and 15:30 on 10-24 in LA.
  const late = { singles: [{ start: "2026-10-24T22:30:00Z", createdAt: "2026-10-01T00:00:00Z" }] };

  it("writes dates in the manager's zone, given by its Windows name", () => {
    const now = new Date("2026-10-26T12:00:00Z");
    const result = classify({ ...late, timeZone: "W. Europe Standard Time" }, defaultCadencePolicy, now);
    expect(result.lastHeld).toBe("2026-10-24T22:30:00.000Z");
    expect(result.reason).toMatch(/^last held 2026-10-25;/);
  });

  it("writes dates in the manager's zone, given by its IANA name", () => {
    const now = new Date("2026-10-26T12:00:00Z");
    expect(classify({ ...late, timeZone: "Europe/Rome" }, defaultCadencePolicy, now).reason).toMatch(
      /2026-10-25/,
    );
    expect(classify({ ...late, timeZone: "America/Los_Angeles" }, defaultCadencePolicy, now).reason).toMatch(
      /^last held 2026-10-24;/,
    );
  });

  it("judges a series' end date in its recurrence time zone", () => {
    // 2026-11-25T12:00Z is still 11-25 in UTC but already 11-26 01:00 in Auckland (NZDT, +13): a series
    // ending 11-25 is still running in the first zone and has ended in the second.
    const noon = new Date("2026-11-25T12:00:00Z");
    const ending = (recurrenceTimeZone: string) =>
      series({
        recurrenceTimeZone,
        range: { type: "endDate", startDate: "2026-01-07", endDate: "2026-11-25" },
        occurrences: [{ start: at(-40) }],
      });
    expect(classify({ series: [ending("UTC")] }, defaultCadencePolicy, noon).reason).toBe(
      "last held 2026-10-16; weekly-2 series since 2026-01-07 still exists, but none held in the last 31 days",
    );
    expect(
      classify({ series: [ending("New Zealand Standard Time")] }, defaultCadencePolicy, noon).reason,
    ).toBe("last held 2026-10-16; series ended 2026-11-25");
  });
});

describe("classifyPair: series seen only in calendarView (pattern and range unknown)", () => {
  it("is lapsed when the series' only sign of life is a declined occurrence within the floor", () => {
    const result = classify({ series: [viewedSeries([], [-20, -6])] });
    expect(result).toMatchObject({
      status: "lapsed",
      seriesId: "series-1",
      lastHeld: null,
      cadenceDays: null,
    });
    expect(result.reason).toBe(
      "no 1:1 held in the last 90 days; series created 2026-01-05 (every ~14 days) still exists, but its occurrences are declined",
    );
  });

  it("is missing when its declined occurrences all lie before the floor and nothing is ahead: it ended", () => {
    expect(classify({ series: [viewedSeries([], [-60, -46])] })).toMatchObject({
      status: "missing",
      seriesId: "series-1",
      reason: "no 1:1 in the last 90 days; series ended 2026-10-10",
    });
  });

  it("is missing when a series created within the floor was declined from the start (never a rhythm)", () => {
    const refusedAtOnce = viewedSeries([], [3, 17], { createdAt: at(-10) });
    expect(classify({ series: [refusedAtOnce] })).toMatchObject({
      status: "missing",
      seriesId: "series-1",
      reason:
        "no 1:1 in the last 90 days; series created 2026-11-15 (every ~14 days) still exists, but its occurrences are declined",
    });
  });

  it("is belowTarget when held within the floor but its occurrences ahead are declined", () => {
    expect(classify({ series: [viewedSeries([-20, -6], [8, 22])] })).toMatchObject({
      status: "belowTarget",
      seriesId: "series-1",
      nextScheduled: null,
      cadenceDays: 14,
      reason: "last held 2026-11-19; nothing booked in the next 35 days",
    });
  });

  it("an active series with a single 1:1 in sight has no interval: the pair's median gap stands in", () => {
    const result = classify({ series: [viewedSeries([4])], singles: [single(-24), single(-10)] });
    expect(result).toMatchObject({ status: "healthy", cadenceDays: 14, seriesId: "series-1" });
    expect(result.reason).toBe("every ~14 days; last held 2026-11-15; next 2026-11-29");
  });

  it("with several active series the most frequent sets the rhythm; an unknown interval counts as the rarest", () => {
    const weekly = viewedSeries([-7, 0, 7], [], { id: "s-weekly" });
    const biweekly = viewedSeries([-14, 14], [], { id: "s-biweekly" });
    expect(classify({ series: [biweekly, weekly] })).toMatchObject({ seriesId: "s-weekly", cadenceDays: 7 });
    const monthly = series({
      id: "s-monthly",
      pattern: { type: "absoluteMonthly", interval: 1, daysOfWeek: [] },
      occurrences: [{ start: at(20) }],
    });
    const once = viewedSeries([3], [], { id: "s-once" });
    expect(classify({ series: [once, monthly] }).seriesId).toBe("s-monthly");
  });

  it("the series id falls back to the one that ended most recently, across both kinds of series", () => {
    const endedWithRange = series({
      id: "s-range",
      range: { type: "endDate", startDate: "2026-06-03", endDate: "2026-09-16" },
      occurrences: [{ start: "2026-09-16T09:00:00Z" }],
    });
    const endedInView = viewedSeries([-64, -50], [], { id: "s-view" });
    expect(classify({ series: [endedWithRange, endedInView] })).toMatchObject({
      status: "lapsed",
      seriesId: "s-view",
      reason: "last held 2026-10-06; series ended 2026-10-06",
    });
  });

  it("a master series created within the floor whose occurrences are all cancelled is no lapse either", () => {
    const fresh = series({
      createdAt: at(-10),
      range: { type: "noEnd", startDate: "2026-11-18" },
      occurrences: [],
    });
    expect(classify({ series: [fresh] })).toMatchObject({
      status: "missing",
      seriesId: "series-1",
      reason:
        "no 1:1 in the last 90 days; weekly-2 series since 2026-11-18 still exists, but its occurrences are cancelled or declined",
    });
  });
});

describe("pairResultSchema", () => {
  it("rejects a result with an unknown status or a non-UTC instant", () => {
    const ok = classify({ series: [biweekly] });
    expect(pairResultSchema.safeParse({ ...ok, status: "fine" }).success).toBe(false);
    expect(pairResultSchema.safeParse({ ...ok, lastHeld: "2026-11-18T10:00:00+01:00" }).success).toBe(false);
  });
});
