// What the simulator saw, so tests assert on the traffic a component produced rather than on its internals.

export interface RecordedRequest {
  seq: number;
  kind: "graph" | "batch" | "token" | "webhook" | "botConnector";
  method: string;
  /** As received: for Graph, relative to `/v1.0` (e.g. `/users?$top=5`); inside a batch, the entry's url. */
  url: string;
  status: number;
  appId?: string;
  mailbox?: string;
  /** The `request-id` of the enclosing `$batch` call, and the entry's `id` in it. */
  batchId?: string;
  batchEntryId?: string;
  requestId?: string;
  requestBody?: unknown;
  /** Kept only when the simulator runs with `recordResponses`. */
  responseBody?: unknown;
  /** Error code of a Graph error response. */
  errorCode?: string;
  /** Tenant-clock time the request was answered. */
  tenantTime: string;
}

export interface WebhookPost {
  seq: number;
  webhookId: string;
  tenantTime: string;
  body: unknown;
}

export interface Counters {
  requests: number;
  graphRequests: number;
  throttled: number;
  faults: number;
  bytesOut: number;
  /** Injected misbehaviour by kind (`throttled`, `throttledWithoutRetryAfter`, `status503`, `timeout`…), all endpoints. */
  injected: Record<string, number>;
}

/** Kinds counted as 429s (by `throttled`), not as faults; Bot Connector and token ones are prefixed `botConnector:`/`token:`. */
const isThrottle = (kind: string) => /(^|:)throttled(WithoutRetryAfter)?$/.test(kind);

export class Recorder {
  private entries: RecordedRequest[] = [];
  private posts: WebhookPost[] = [];
  private seq = 0;
  readonly counters: Counters = {
    requests: 0,
    graphRequests: 0,
    throttled: 0,
    faults: 0,
    bytesOut: 0,
    injected: {},
  };

  constructor(readonly recordResponses: boolean) {}

  add(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
    const recorded = { seq: ++this.seq, ...entry };
    if (!this.recordResponses) delete recorded.responseBody;
    this.entries.push(recorded);
    this.counters.requests++;
    if (entry.kind === "graph") this.counters.graphRequests++;
    if (entry.status === 429) this.counters.throttled++;
    return recorded;
  }

  /** Counts an injected fault (or, for the throttle kinds, an injected 429, which `throttled` already counts). */
  addFault(kind = "other"): void {
    if (!isThrottle(kind)) this.counters.faults++;
    this.counters.injected[kind] = (this.counters.injected[kind] ?? 0) + 1;
  }

  addBytesOut(n: number): void {
    this.counters.bytesOut += n;
  }

  addPost(post: Omit<WebhookPost, "seq">): WebhookPost {
    const recorded = { seq: ++this.seq, ...post };
    this.posts.push(recorded);
    return recorded;
  }

  requests(): readonly RecordedRequest[] {
    return this.entries;
  }

  cards(): readonly WebhookPost[] {
    return this.posts;
  }

  clearRequests(): void {
    this.entries = [];
    this.counters.requests = 0;
    this.counters.graphRequests = 0;
    this.counters.throttled = 0;
    this.counters.faults = 0;
    this.counters.bytesOut = 0;
    this.counters.injected = {};
  }

  clearCards(): void {
    this.posts = [];
  }
}
