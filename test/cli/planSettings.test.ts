import { describe, expect, it } from "vitest";
import { UsageError } from "../../cli/command.js";
import { planSettings } from "../../cli/planSettings.js";

describe("planSettings", () => {
  it("takes the app's defaults with no settings: propose, 24 h notice, open-ended series", () => {
    const { policy, settings } = planSettings({ create: false }, {});
    expect(settings).toEqual({ mode: "propose", minNoticeHours: 24, proposalTtlDays: 14, excludedUsers: [] });
    expect(policy.newSeries).toEqual({ durationMinutes: 30, weeklyInterval: 2, numberOfOccurrences: null });
  });

  it("reads the scheduling settings; --create is auto and --min-notice-hours wins over the setting", () => {
    const env = {
      CADENCE_MIN_NOTICE_HOURS: "72",
      CADENCE_PROPOSAL_TTL_DAYS: "7",
      CADENCE_SERIES_END: "26",
      CADENCE_EXCLUDED_USERS: "ceo@contoso.com; cfo@contoso.com",
      CADENCE_TARGET_DAYS: "7",
      CADENCE_MIN_NOTICE_HOURS_UNRELATED: "x",
    };
    const fromEnv = planSettings({ create: true }, env);
    expect(fromEnv.settings).toEqual({
      mode: "auto",
      minNoticeHours: 72,
      proposalTtlDays: 7,
      excludedUsers: ["ceo@contoso.com", "cfo@contoso.com"],
    });
    expect(fromEnv.policy).toMatchObject({ targetDays: 7, newSeries: { numberOfOccurrences: 26 } });
    expect(planSettings({ create: true, minNoticeHours: 0 }, env).settings.minNoticeHours).toBe(0);
  });

  it("refuses an invalid setting, naming it", () => {
    expect(() => planSettings({ create: false }, { CADENCE_SERIES_END: "0" })).toThrow(UsageError);
    expect(() => planSettings({ create: false }, { CADENCE_MIN_NOTICE_HOURS: "-1" })).toThrow(
      /CADENCE_MIN_NOTICE_HOURS/,
    );
  });
});
