// What `cadence plan` takes from the settings: the same CADENCE_* names and rules as the app (config.ts), read
// alone so the CLI needs no storage or Graph settings to plan a fixture.
import { z } from "zod";
import { policySettings, settingsSchema } from "../shared/config.js";
import { type CadencePolicy, cadencePolicySchema } from "../shared/domain/cadencePolicy.js";
import type { SchedulingSettings } from "../shared/usecases/ports/schedulingPorts.js";
import { UsageError } from "./command.js";

const shape = settingsSchema.shape;
const planEnvSchema = z.object({
  CADENCE_TARGET_DAYS: shape.CADENCE_TARGET_DAYS,
  CADENCE_FLOOR_DAYS: shape.CADENCE_FLOOR_DAYS,
  CADENCE_LOOKBACK_DAYS: shape.CADENCE_LOOKBACK_DAYS,
  CADENCE_LOOKAHEAD_DAYS: shape.CADENCE_LOOKAHEAD_DAYS,
  CADENCE_EXCLUDED_USERS: shape.CADENCE_EXCLUDED_USERS,
  CADENCE_MIN_NOTICE_HOURS: shape.CADENCE_MIN_NOTICE_HOURS,
  CADENCE_PROPOSAL_TTL_DAYS: shape.CADENCE_PROPOSAL_TTL_DAYS,
  CADENCE_SERIES_END: shape.CADENCE_SERIES_END,
});

/**
 * The policy and scheduling settings for one plan: `--create` means auto mode, `--min-notice-hours` overrides
 * CADENCE_MIN_NOTICE_HOURS, and CADENCE_SERIES_END decides whether a booked series ends.
 */
export function planSettings(
  args: { create: boolean; minNoticeHours?: number | undefined },
  env: Record<string, string | undefined> = process.env,
): { policy: CadencePolicy; settings: SchedulingSettings } {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = planEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  }
  const s = parsed.data;
  const policy = cadencePolicySchema.parse(policySettings(s));
  const end = s.CADENCE_SERIES_END;
  return {
    policy: {
      ...policy,
      newSeries: { ...policy.newSeries, numberOfOccurrences: end === "noEnd" ? null : end },
    },
    settings: {
      mode: args.create ? "auto" : "propose",
      minNoticeHours: args.minNoticeHours ?? s.CADENCE_MIN_NOTICE_HOURS,
      proposalTtlDays: s.CADENCE_PROPOSAL_TTL_DAYS,
      excludedUsers: s.CADENCE_EXCLUDED_USERS,
    },
  };
}
