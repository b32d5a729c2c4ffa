// How the simulated cloud misbehaves: Outlook's throttling, latency and faults. Everything is off by default.
import { z } from "zod";

const rate = z.number().min(0).max(1);

export const profileSchema = z.object({
  /** Seeds every chance decision (latency, faults, throttling, batch response order). */
  seed: z.number().int().default(0),
  /** Outlook allows 4 concurrent requests per (app, mailbox); the 5th gets 429 MailboxConcurrency. */
  mailboxConcurrency: z.number().int().positive().nullable().default(null),
  /** Request budget per (app, mailbox) per fixed window, e.g. Outlook's 10,000 per 10 minutes. */
  budget: z
    .object({ requests: z.number().int().positive(), windowMs: z.number().int().positive() })
    .nullable()
    .default(null),
  /** Log-normal latency added to every Graph request, given by its median and 99th percentile. */
  latency: z
    .object({ medianMs: z.number().nonnegative(), p99Ms: z.number().nonnegative() })
    .refine((l) => l.p99Ms >= l.medianMs, { message: "p99Ms must be at least medianMs", path: ["p99Ms"] })
    .nullable()
    .default(null),
  /**
   * Share of requests that fail, by kind. Refused before the handler runs (nothing applied): `status503`,
   * `status504`, `reset` (connection dropped). After the handler applied the request (its answer is lost):
   * `timeout` (the answer is held `slowResponseMs`, past the client's timeout), `truncated` (200 whose body is cut
   * mid-way and the connection closed), `malformed` (200 with a complete body that is not JSON). A `$batch`
   * answer draws the last three once, as a whole (its entries have no wire of their own), after all entries ran.
   */
  faults: z
    .object({
      status503: rate.default(0),
      status504: rate.default(0),
      reset: rate.default(0),
      timeout: rate.default(0),
      truncated: rate.default(0),
      malformed: rate.default(0),
    })
    .default({ status503: 0, status504: 0, reset: 0, timeout: 0, truncated: 0, malformed: 0 }),
  /** Share of Graph requests answered 429 regardless of load, for resilience tests. */
  throttleRate: rate.default(0),
  /** Retry-After (seconds, fractions allowed) for concurrency and rate throttling. */
  retryAfterSeconds: z.number().positive().default(1),
  /** Share of the `throttleRate` 429s sent without Retry-After (Graph does not always send it: back off). */
  throttleWithoutRetryAfter: rate.default(0),
  /** How long a `timeout` fault holds its answer (or until the client gives up and closes the connection). */
  slowResponseMs: z.number().int().nonnegative().default(30_000),
  /**
   * Which endpoints `throttleRate` and `faults` apply to: Graph (also inside `$batch`), the Bot Connector's
   * `/v3/conversations…` calls, the token endpoint. The load-based limits (mailbox concurrency, budget) are Graph's.
   */
  applyTo: z.array(z.enum(["graph", "botConnector", "token"])).default(["graph"]),
});

export type Profile = z.output<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;

/** Outlook's published limits (DESIGN.md "Graph limits"), for runs that want the real constraints. */
export const OUTLOOK_LIMITS = {
  mailboxConcurrency: 4,
  budget: { requests: 10_000, windowMs: 10 * 60 * 1000 },
} as const satisfies ProfileInput;
