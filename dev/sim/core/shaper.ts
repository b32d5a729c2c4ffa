// Decides, per Graph request, whether it is throttled, how late it answers and whether it fails.
import type { Profile } from "./profile.js";
import { createRng, deriveSeed } from "./random.js";

/** Faults that refuse a request before it is applied. */
export type RefusalFault = "status503" | "status504" | "reset";
/** Faults that lose the answer of a request that was applied. */
export type AnswerFault = "timeout" | "truncated" | "malformed";
export type Fault = RefusalFault | AnswerFault;

export function isAnswerFault(fault: Fault | undefined): fault is AnswerFault {
  return fault === "timeout" || fault === "truncated" || fault === "malformed";
}

export type Admission =
  | { kind: "admitted"; latencyMs: number; fault: Fault | undefined; release: () => void }
  | {
      kind: "throttled";
      /** Undefined: the 429 carries no Retry-After header. */
      retryAfterSeconds: number | undefined;
      code: string;
      message: string;
      /** Drawn by `throttleRate` (not by load): counted as an injected fault. */
      injected: boolean;
    };

/** The fate of a request to an endpoint with no load model (Bot Connector, token endpoint). */
export type PlainAdmission =
  | { kind: "throttled"; retryAfterSeconds: number | undefined }
  | { kind: "admitted"; fault: Fault | undefined };

export type ShapedTarget = "graph" | "botConnector" | "token";

export interface AdmissionKey {
  appId: string;
  /** Lower-cased mailbox (user id or UPN) for mailbox-scoped routes. */
  mailbox: string | undefined;
  /**
   * What the request is (method, url, body). Chance decisions are keyed by it and by how often it was seen,
   * so a replay gets the same fates even when concurrent requests arrive in another order.
   */
  fingerprint: string;
}

export class TrafficShaper {
  private readonly inFlight = new Map<string, number>();
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly seen = new Map<string, number>();

  constructor(
    public profile: Profile,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** Replaces the profile and forgets counters, so a test starts from a clean slate. */
  reset(profile: Profile): void {
    this.profile = profile;
    this.windows.clear();
    this.seen.clear();
  }

  /** Synchronous on purpose: requests started in one tick (a batch) are admitted in order, deterministically. */
  admit(key: AdmissionKey): Admission {
    const p = this.profile;
    const occurrence = (this.seen.get(key.fingerprint) ?? 0) + 1;
    this.seen.set(key.fingerprint, occurrence);
    const rng = createRng(deriveSeed(p.seed, key.fingerprint, occurrence));
    const throttleDraw = rng.next();
    const faultDraw = rng.next();
    const latencyNormal = rng.normal();
    // Drawn after the others, so seeds chosen before this knob existed keep their fates.
    const retryAfterDraw = rng.next();
    const applies = p.applyTo.includes("graph");

    if (applies && p.throttleRate > 0 && throttleDraw < p.throttleRate) {
      return {
        kind: "throttled",
        retryAfterSeconds: retryAfterDraw < p.throttleWithoutRetryAfter ? undefined : p.retryAfterSeconds,
        code: "TooManyRequests",
        message: "Too many requests. Please retry after the time given in Retry-After.",
        injected: true,
      };
    }
    const mailboxKey = key.mailbox === undefined ? undefined : `${key.appId}\u0000${key.mailbox}`;
    if (mailboxKey && p.budget) {
      const now = this.wallClock();
      let w = this.windows.get(mailboxKey);
      if (!w || now - w.start >= p.budget.windowMs) {
        w = { start: now, count: 0 };
        this.windows.set(mailboxKey, w);
      }
      if (w.count >= p.budget.requests) {
        return {
          kind: "throttled",
          retryAfterSeconds: Math.max(1, Math.ceil((w.start + p.budget.windowMs - now) / 1000)),
          code: "ApplicationThrottled",
          message: "Application is over its MailboxRequests limit.",
          injected: false,
        };
      }
      w.count++;
    }
    if (mailboxKey && p.mailboxConcurrency !== null) {
      const current = this.inFlight.get(mailboxKey) ?? 0;
      if (current >= p.mailboxConcurrency) {
        return {
          kind: "throttled",
          retryAfterSeconds: p.retryAfterSeconds,
          code: "ApplicationThrottled",
          message: "Application is over its MailboxConcurrency limit.",
          injected: false,
        };
      }
    }
    if (mailboxKey) this.inFlight.set(mailboxKey, (this.inFlight.get(mailboxKey) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released || !mailboxKey) return;
      released = true;
      const left = (this.inFlight.get(mailboxKey) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(mailboxKey);
      else this.inFlight.set(mailboxKey, left);
    };
    return {
      kind: "admitted",
      latencyMs: latencyFor(p, latencyNormal),
      fault: applies ? faultFor(p, faultDraw) : undefined,
      release,
    };
  }

  /**
   * The wire fate of a `$batch` answer: the envelope is one HTTP answer, so it is held, cut or garbled as a whole
   * (after every entry was applied); the entries themselves draw only refusals and throttling.
   */
  admitBatchAnswer(fingerprint: string): AnswerFault | undefined {
    const p = this.profile;
    if (!p.applyTo.includes("graph")) return undefined;
    const key = `$batch ${fingerprint}`;
    const occurrence = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, occurrence);
    return answerFaultFor(p, createRng(deriveSeed(p.seed, key, occurrence)).next());
  }

  /**
   * The fate of a Bot Connector or token request, keyed like Graph's (fingerprint and occurrence), when the
   * profile applies to `target`; otherwise always admitted.
   */
  admitPlain(target: Exclude<ShapedTarget, "graph">, fingerprint: string): PlainAdmission {
    const p = this.profile;
    if (!p.applyTo.includes(target)) return { kind: "admitted", fault: undefined };
    const key = `${target} ${fingerprint}`;
    const occurrence = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, occurrence);
    const rng = createRng(deriveSeed(p.seed, key, occurrence));
    const throttleDraw = rng.next();
    const faultDraw = rng.next();
    const retryAfterDraw = rng.next();
    if (p.throttleRate > 0 && throttleDraw < p.throttleRate) {
      return {
        kind: "throttled",
        retryAfterSeconds: retryAfterDraw < p.throttleWithoutRetryAfter ? undefined : p.retryAfterSeconds,
      };
    }
    return { kind: "admitted", fault: faultFor(p, faultDraw) };
  }
}

/** Faults of a whole answer that carries many (a `$batch`): only the kinds that hit the wire, not the entries. */
function answerFaultFor(p: Profile, draw: number): AnswerFault | undefined {
  let edge = 0;
  for (const kind of ["timeout", "truncated", "malformed"] as const) {
    edge += p.faults[kind];
    if (draw < edge) return kind;
  }
  return undefined;
}

/** Cumulative bands over one draw; the first three kept their order so old seeds give old fates. */
function faultFor(p: Profile, draw: number): Fault | undefined {
  let edge = 0;
  for (const kind of ["reset", "status503", "status504", "timeout", "truncated", "malformed"] as const) {
    edge += p.faults[kind];
    if (draw < edge) return kind;
  }
  return undefined;
}

// z of the 99th percentile of the standard normal: p99 = median · e^(σ·2.3263).
const Z99 = 2.326347874;

function latencyFor(p: Profile, normal: number): number {
  if (!p.latency || p.latency.medianMs === 0) return 0;
  const sigma = Math.log(Math.max(p.latency.p99Ms, p.latency.medianMs) / p.latency.medianMs) / Z99;
  return p.latency.medianMs * Math.exp(sigma * normal);
}
