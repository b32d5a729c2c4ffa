// Decides, per Graph request, whether it is throttled, how late it answers and whether it fails.
import type { Profile } from "./profile.js";
import { createRng, deriveSeed } from "./random.js";

export type Fault = "status503" | "status504" | "reset";

export type Admission =
  | { kind: "admitted"; latencyMs: number; fault: Fault | undefined; release: () => void }
  | { kind: "throttled"; retryAfterSeconds: number; code: string; message: string };

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

    if (p.throttleRate > 0 && throttleDraw < p.throttleRate) {
      return {
        kind: "throttled",
        retryAfterSeconds: p.retryAfterSeconds,
        code: "TooManyRequests",
        message: "Too many requests. Please retry after the time given in Retry-After.",
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
      fault: faultFor(p, faultDraw),
      release,
    };
  }
}

function faultFor(p: Profile, draw: number): Fault | undefined {
  const { reset, status503, status504 } = p.faults;
  if (draw < reset) return "reset";
  if (draw < reset + status503) return "status503";
  if (draw < reset + status503 + status504) return "status504";
  return undefined;
}

// z of the 99th percentile of the standard normal: p99 = median · e^(σ·2.3263).
const Z99 = 2.326347874;

function latencyFor(p: Profile, normal: number): number {
  if (!p.latency || p.latency.medianMs === 0) return 0;
  const sigma = Math.log(Math.max(p.latency.p99Ms, p.latency.medianMs) / p.latency.medianMs) / Z99;
  return p.latency.medianMs * Math.exp(sigma * normal);
}
