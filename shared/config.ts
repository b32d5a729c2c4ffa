// Every setting Cadence reads, validated once. Names are app-setting names (Azure app settings, local.settings.json
// `Values`, or the environment); bindings refer to them by name (e.g. `%CADENCE_SCAN_SCHEDULE%`).
import { Cron } from "croner";
import { z } from "zod";
import { cadencePolicySchema } from "./domain/cadencePolicy.js";
import { graphCredentialKindSchema } from "./graph/graphCredentialKindSchema.js";
import { graphAuthFromSettings } from "./graphAuthFromSettings.js";
import { storageConnectionSettings } from "./storageConnectionSettings.js";

const positiveDays = (fallback: number) => z.coerce.number().int().min(1).max(3650).default(fallback);
const flag = z
  .enum(["true", "false", "1", "0", ""])
  .default("false")
  .transform((v) => v === "true" || v === "1");
const httpsUrl = z.url({ protocol: /^https$/, error: "must be an https:// URL" });

/** The raw settings, by name. Exported so tests can check each rule with safeParse. */
export const settingsSchema = z
  .object({
    /** A connection string (Azurite, local runs); on Azure prefer the identity-based `AzureWebJobsStorage__*`. */
    AzureWebJobsStorage: z.string().min(1).optional(),
    GRAPH_TENANT_ID: z.string().min(1, "required: the Entra tenant id (GUID) or domain"),
    /** Required but for a managed identity, where it names a user-assigned identity (unset: system-assigned). */
    GRAPH_CLIENT_ID: z.string().min(1).optional(),
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    GRAPH_CLIENT_CERTIFICATE_PATH: z.string().min(1).optional(),
    GRAPH_AUTHORITY_HOST: httpsUrl.default("https://login.microsoftonline.com"),
    GRAPH_BASE_URL: httpsUrl.default("https://graph.microsoft.com/v1.0"),
    GRAPH_CA_CERT_PATH: z.string().min(1).optional(),
    // The timer binding reads this setting by name (`%CADENCE_SCAN_SCHEDULE%`), so it has no default here.
    CADENCE_SCAN_SCHEDULE: z
      .string({ error: 'required: the nightly scan\'s NCRONTAB schedule, e.g. "0 0 2 * * *"' })
      .refine(isNcrontab, 'must be a 6-field NCRONTAB expression (seconds first), e.g. "0 0 2 * * *"'),
    CADENCE_FULL_RESCAN: flag,
    CADENCE_TARGET_DAYS: positiveDays(14),
    CADENCE_FLOOR_DAYS: positiveDays(31),
    CADENCE_LOOKBACK_DAYS: positiveDays(90),
    CADENCE_LOOKAHEAD_DAYS: positiveDays(35),
    /** Pins "now" for scans (demos and tests on a simulated tenant); never set it in production. */
    CADENCE_NOW: z.iso
      .datetime({ offset: true, error: "must be an ISO-8601 instant like 2026-11-25T09:00:00Z" })
      .optional(),
    CADENCE_EXCLUDED_USERS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(/[,;\s]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    // Incremental scans (issue 4): Graph change notifications mark changed mailboxes between scans.
    /** Where Graph posts change notifications: the app's `/api/graph/notifications`. Unset: every scan is full. */
    CADENCE_NOTIFICATION_URL: z
      .url({ protocol: /^https?$/, error: "must be an https:// URL" })
      .refine(
        (v) => v.startsWith("https:") || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(v),
        "must be an https:// URL (Graph only posts to https; http is for a local simulator on 127.0.0.1)",
      )
      .optional(),
    /** A secret Graph echoes in every notification; one without it is ignored. */
    CADENCE_NOTIFICATION_CLIENT_STATE: z
      .string()
      .min(16, "must be a secret of 16 to 128 characters")
      .max(128)
      .optional(),
    /** Days a scan reads beyond the lookahead, so what it keeps stays valid that long (more bytes, same requests). */
    CADENCE_REFRESH_MARGIN_DAYS: z.coerce.number().int().min(0).max(365).default(28),
    /**
     * Days a scan reads before the lookback (same requests, more bytes): a series seen only there, whose later
     * occurrences are all cancelled, is confirmed from its master and makes its pair lapsed rather than missing.
     * Keep in step with scanShard's DEFAULT_HISTORY_DAYS (the CLI's value).
     */
    CADENCE_HISTORY_DAYS: z.coerce.number().int().min(0).max(1000).default(90),
    // The admin report and its weekly digest (issue 5).
    CADENCE_REPORT_ADMIN_ROLE: z.string().min(1).default("Cadence.Admin"),
    CADENCE_REPORT_MIN_GROUP_SIZE: z.coerce.number().int().min(1).max(10_000).default(5),
    CADENCE_REPORT_URL: z.url({ protocol: /^https?$/, error: "must be an http(s):// URL" }).optional(),
    CADENCE_DIGEST_WEBHOOK_URL: httpsUrl.optional(),
    // Read by the weeklyDigest timer binding (`%CADENCE_DIGEST_SCHEDULE%`); unset, the digest timer is not registered.
    CADENCE_DIGEST_SCHEDULE: z
      .string()
      .refine(isNcrontab, 'must be a 6-field NCRONTAB expression (seconds first), e.g. "0 0 8 * * 1"')
      .optional(),
    // Agenda cards (issue 10). Read by the sendAgendas timer binding (`%CADENCE_AGENDA_SCHEDULE%`) when set; unset,
    // the function registers the default itself (every 15 minutes), so the app loads without it.
    CADENCE_AGENDA_SCHEDULE: z
      .string()
      .refine(isNcrontab, 'must be a 6-field NCRONTAB expression (seconds first), e.g. "0 */15 * * * *"')
      .optional(),
    // The managers' weekly team card through the bot. Read by the sendManagerDigests timer binding when set; unset,
    // the function registers its default (Mondays 08:00 UTC) itself, as sendAgendas does.
    CADENCE_MANAGER_DIGEST_SCHEDULE: z
      .string()
      .refine(isNcrontab, 'must be a 6-field NCRONTAB expression (seconds first), e.g. "0 0 8 * * 1"')
      .optional(),
    /** Days before Cadence tries again to reach a user who blocked the bot (a new conversation). */
    CADENCE_AGENDA_BLOCKED_RETRY_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    // Series proposals and creation (issue 9).
    /** propose: the manager approves each proposal; auto: series are created without asking. */
    CADENCE_SCHEDULING_MODE: z
      .enum(["propose", "auto"], { error: "must be propose or auto" })
      .default("propose"),
    CADENCE_MIN_NOTICE_HOURS: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 14)
      .default(24),
    /** Days an unanswered proposal stays open before it expires (the next plan proposes fresh times). */
    CADENCE_PROPOSAL_TTL_DAYS: positiveDays(14),
    /** noEnd, or the number of occurrences a new series has. */
    CADENCE_SERIES_END: z
      .union([z.literal("noEnd"), z.coerce.number().int().min(1).max(999)], {
        error: 'must be "noEnd" or a number of occurrences (1-999)',
      })
      .default("noEnd"),
    // The Teams bot (issue 10). The bot is the Graph app registration unless told otherwise.
    /** The bot's Microsoft App ID: the audience of inbound tokens. Unset: GRAPH_CLIENT_ID. */
    CADENCE_BOT_APP_ID: z.string().min(1).optional(),
    /** The bot's client secret for Bot Connector tokens. Unset: GRAPH_CLIENT_SECRET. */
    CADENCE_BOT_APP_SECRET: z.string().min(1).optional(),
    /** Where proactive 1:1 conversations are created (Teams' global service URL). */
    CADENCE_BOT_SERVICE_URL: httpsUrl.default("https://smba.trafficmanager.net/teams/"),
    /** The channel's OpenID metadata, whose JWKS signs inbound activities. */
    CADENCE_BOT_OPENID_METADATA_URL: httpsUrl.default(
      "https://login.botframework.com/v1/.well-known/openidconfiguration",
    ),
    /** The `iss` of inbound activity tokens. */
    CADENCE_BOT_ISSUER: z.string().min(1).default("https://api.botframework.com"),
    /** The Cadence Teams app's id in the org's app catalog; unset: the app is never installed for users. */
    CADENCE_TEAMS_APP_ID: z.string().min(1).optional(),
    // Secretless auth (issue 8): how Graph tokens are got; unset, inferred (see graphAuthFromSettings).
    GRAPH_AUTH: graphCredentialKindSchema.optional(),
    /** Set by the platform, never by hand: AKS workload identity's token file, App Service's identity endpoint. */
    AZURE_FEDERATED_TOKEN_FILE: z.string().min(1).optional(),
    IDENTITY_ENDPOINT: z.string().min(1).optional(),
    // The host's identity-based storage connection (instead of the AzureWebJobsStorage connection string).
    AzureWebJobsStorage__accountName: z.string().min(1).optional(),
    AzureWebJobsStorage__tableServiceUri: z.string().min(1).optional(),
    AzureWebJobsStorage__queueServiceUri: z.string().min(1).optional(),
    AzureWebJobsStorage__credential: z.string().min(1).optional(),
    AzureWebJobsStorage__clientId: z.string().min(1).optional(),
    /** Pair results of runs older than this many days are deleted by the daily purgeResults timer. */
    CADENCE_RETENTION_DAYS: positiveDays(400),
    /** Longest wait for one Graph, token or Bot Connector exchange; past it the attempt counts as a dropped connection. */
    GRAPH_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(100_000),
  })
  // Checked even when other settings are invalid, so one run lists every problem.
  .superRefine(
    (s, ctx) => {
      const storage = storageConnectionSettings(s);
      if (!storage.ok) ctx.addIssue({ code: "custom", path: [storage.setting], message: storage.message });
      const graphAuth = graphAuthFromSettings(s);
      for (const problem of graphAuth.problems) {
        ctx.addIssue({ code: "custom", path: [problem.setting], message: problem.message });
      }
      if (!s.CADENCE_NOTIFICATION_URL !== !s.CADENCE_NOTIFICATION_CLIENT_STATE) {
        ctx.addIssue({
          code: "custom",
          path: [
            s.CADENCE_NOTIFICATION_URL ? "CADENCE_NOTIFICATION_CLIENT_STATE" : "CADENCE_NOTIFICATION_URL",
          ],
          message:
            "required with the other: incremental scans need both the notification URL and its client state",
        });
      }
      if (s.CADENCE_BOT_APP_ID && !s.CADENCE_BOT_APP_SECRET) {
        ctx.addIssue({
          code: "custom",
          path: ["CADENCE_BOT_APP_SECRET"],
          message: "required with CADENCE_BOT_APP_ID: the bot app's client secret",
        });
      }
    },
    { when: () => true },
  )
  .superRefine((s, ctx) => {
    // The policy's own rules (thresholds must nest), reported under the setting names.
    const policy = cadencePolicySchema.safeParse(policySettings(s));
    for (const issue of policy.error?.issues ?? []) {
      const field = String(issue.path[0]);
      ctx.addIssue({ code: "custom", path: [POLICY_SETTING[field] ?? field], message: issue.message });
    }
  });

const POLICY_SETTING: Record<string, string> = {
  targetDays: "CADENCE_TARGET_DAYS",
  floorDays: "CADENCE_FLOOR_DAYS",
  lookbackDays: "CADENCE_LOOKBACK_DAYS",
  lookaheadDays: "CADENCE_LOOKAHEAD_DAYS",
};

function isNcrontab(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 6) return false;
  try {
    new Cron(expression, { paused: true });
    return true;
  } catch {
    return false;
  }
}

export type Settings = z.infer<typeof settingsSchema>;

/** The cadence policy's thresholds as the settings give them. */
export function policySettings(
  s: Pick<
    Settings,
    "CADENCE_TARGET_DAYS" | "CADENCE_FLOOR_DAYS" | "CADENCE_LOOKBACK_DAYS" | "CADENCE_LOOKAHEAD_DAYS"
  >,
) {
  return {
    targetDays: s.CADENCE_TARGET_DAYS,
    floorDays: s.CADENCE_FLOOR_DAYS,
    lookbackDays: s.CADENCE_LOOKBACK_DAYS,
    lookaheadDays: s.CADENCE_LOOKAHEAD_DAYS,
  };
}

export class ConfigError extends Error {
  readonly code = "CONFIG.INVALID";
  constructor(readonly problems: readonly string[]) {
    super(`Cadence settings are invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Validates settings from an environment-like record; throws ONE ConfigError listing every problem. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  // An empty app setting means "not set", as in the Azure portal.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = settingsSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(settings)";
    const got = typeof issue.path[0] === "string" ? present[issue.path[0]] : undefined;
    // The notification client state and a Workflows webhook URL (its `sig`) are secrets too, though their names do
    // not say so; any other URL may carry a key in its query (`?code=`), so a query is never shown.
    const shown =
      got === undefined || /SECRET|KEY|Storage|CLIENT_STATE|WEBHOOK/i.test(name)
        ? ""
        : ` (got "${got.replace(/\?.*$/s, "?…")}")`;
    return `${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(problems);
}

let cached: Settings | undefined;

/** The process's settings, read and validated on first use. */
export function settings(): Settings {
  cached ??= parseSettings(process.env);
  return cached;
}

/**
 * Whether an optional setting a binding reads by name (`%NAME%`) is set. Read when the app loads, before (and
 * whatever) the full validation says, so an invalid setting elsewhere still loads the app and shows in health.
 */
export function bindingSetting(
  name: "CADENCE_DIGEST_SCHEDULE",
  env: Record<string, string | undefined> = process.env,
): boolean {
  return (env[name] ?? "").trim() !== "";
}

/** The Graph settings alone, for the command line's audits of a real tenant (no storage, no schedules). */
export type GraphSettings = Pick<
  Settings,
  Extract<keyof Settings, `GRAPH_${string}`> | (typeof PLATFORM_IDENTITY_SETTINGS)[number]
>;

/** Set by the platform where it offers an identity; they choose how Graph tokens are got. */
const PLATFORM_IDENTITY_SETTINGS = ["AZURE_FEDERATED_TOKEN_FILE", "IDENTITY_ENDPOINT"] as const;

const isGraphSetting = (name: string) =>
  name.startsWith("GRAPH_") || (PLATFORM_IDENTITY_SETTINGS as readonly string[]).includes(name);

/** Validates the GRAPH_* settings by the app's rules; throws one ConfigError listing only their problems. */
export function parseGraphSettings(env: Record<string, string | undefined>): GraphSettings {
  const graph = Object.fromEntries(Object.entries(env).filter(([k]) => isGraphSetting(k)));
  // Valid stand-ins for the settings an audit does not use, so every problem reported is a Graph one.
  const parsed = parseSettings({
    AzureWebJobsStorage: "unused",
    CADENCE_SCAN_SCHEDULE: "0 0 2 * * *",
    ...graph,
  });
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => isGraphSetting(k))) as GraphSettings;
}
