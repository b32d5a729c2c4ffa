// One Graph request, top-level or inside `$batch`: route, permission, throttling, latency, faults, handler,
// error shape, validation hooks and recording — the same path for both, as in Graph.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { GraphError, type GraphRoute, type SimClock, type SimRequest, type SimResponse } from "../types.js";
import { GRAPH_JSON, graphErrorBody } from "./graphErrors.js";
import type { VerifiedCaller } from "./identity.js";
import type { Recorder } from "./recorder.js";
import type { Router } from "./router.js";
import { type AnswerFault, isAnswerFault, type TrafficShaper } from "./shaper.js";

export type SchemaValidator = (
  kind: "request" | "response",
  schemaName: string,
  body: unknown,
  context: { method: string; url: string; route: GraphRoute },
) => void;

export interface ValidationFailure {
  kind: "request" | "response";
  schemaName: string;
  method: string;
  url: string;
  message: string;
}

export interface DispatchInput {
  method: string;
  /** Relative to `/v1.0`, with the query: `/users/abc/calendarView?startDateTime=…`. */
  url: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: unknown;
  caller: VerifiedCaller;
  batch?: { batchId: string; entryId: string };
}

export interface DispatchOutput {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  /** The connection must be dropped without an answer (fault injection). */
  reset?: boolean;
  /** The request was applied, but its answer must be held, cut or garbled on the wire (see profile `faults`). */
  answerFault?: AnswerFault;
}

export interface DispatcherHooks {
  /** Runs after admission, before the handler: tests hold requests here to make them overlap on purpose. */
  beforeHandler?: (req: SimRequest, route: GraphRoute) => void | Promise<void>;
  /**
   * Runs after the handler applied the request: a fault returned here replaces its answer, as when Graph's front
   * end times out (504) or the connection drops after Exchange already committed a write.
   */
  afterHandler?: (req: SimRequest, route: GraphRoute) => "status504" | "reset" | undefined;
}

const METHODS = new Set(["GET", "POST", "PATCH", "PUT", "DELETE"]);

export class GraphDispatcher {
  readonly validationFailures: ValidationFailure[] = [];

  constructor(
    private readonly deps: {
      router: Router;
      shaper: TrafficShaper;
      recorder: Recorder;
      clock: SimClock;
      validate?: SchemaValidator;
      hooks: DispatcherHooks;
      /** Maps an id or UPN to the mailbox's id: Outlook counts a mailbox's load however it is addressed. */
      resolveMailbox?: (idOrUpn: string) => string | undefined;
    },
  ) {}

  /**
   * Everything up to the throttling decision runs synchronously, so entries of one batch started in a loop
   * are admitted in a fixed order and the per-mailbox concurrency count is deterministic.
   */
  dispatch(input: DispatchInput): Promise<DispatchOutput> {
    const requestId = randomUUID();
    const clientRequestId = input.headers["client-request-id"] ?? requestId;
    const ids = { requestId, clientRequestId };
    const baseHeaders: Record<string, string> = {
      "request-id": requestId,
      "client-request-id": clientRequestId,
      "x-ms-ags-diagnostic": JSON.stringify({ ServerInfo: { DataCenter: "Loopback", Slice: "E" } }),
    };
    const finish = (out: DispatchOutput, extra: { mailbox?: string; route?: GraphRoute }): DispatchOutput => {
      const errorCode = (out.body as { error?: { code?: unknown } } | undefined)?.error?.code;
      this.deps.recorder.add({
        kind: "graph",
        method: input.method,
        url: input.url,
        status: out.reset ? 0 : out.status,
        appId: input.caller.appId,
        ...(extra.mailbox !== undefined ? { mailbox: extra.mailbox } : {}),
        ...(input.batch ? { batchId: input.batch.batchId, batchEntryId: input.batch.entryId } : {}),
        requestId,
        ...(input.body !== undefined ? { requestBody: input.body } : {}),
        ...(out.body !== undefined ? { responseBody: out.body } : {}),
        ...(typeof errorCode === "string" ? { errorCode } : {}),
        tenantTime: this.deps.clock.now().toISOString(),
      });
      if (extra.route && out.status < 300 && out.body !== undefined && extra.route.responseSchema) {
        this.check("response", extra.route.responseSchema, out.body, input, extra.route);
      }
      return out;
    };
    const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) => ({
      status,
      headers: { ...baseHeaders, "content-type": GRAPH_JSON, ...headers },
      body: graphErrorBody(code, message, ids, this.deps.clock),
    });

    const parsed = new URL(input.url, "https://graph.invalid");
    const method = input.method.toUpperCase();
    if (!METHODS.has(method)) {
      return Promise.resolve(
        finish(fail(405, "Request_BadRequest", `Unsupported HTTP method '${method}'.`), {}),
      );
    }
    const match = this.deps.router.match(method, parsed.pathname);
    if (match.kind === "notFound") {
      return Promise.resolve(
        finish(fail(400, "BadRequest", `Resource not found for the segment '${match.segment}'.`), {}),
      );
    }
    if (match.kind === "methodNotAllowed") {
      return Promise.resolve(
        finish(
          fail(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target."),
          {},
        ),
      );
    }
    const { route, params } = match;
    const addressed = route.mailboxParam ? params[route.mailboxParam] : undefined;
    const mailbox =
      addressed === undefined
        ? undefined
        : (this.deps.resolveMailbox?.(addressed) ?? addressed).toLowerCase();
    const done = (out: DispatchOutput) =>
      finish(out, { route, ...(mailbox !== undefined ? { mailbox } : {}) });

    if (!route.permissions.some((p) => input.caller.roles.includes(p))) {
      // Directory routes answer with the directory's code; mailbox routes with Exchange's.
      return Promise.resolve(
        done(
          mailbox === undefined
            ? fail(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
            : fail(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again."),
        ),
      );
    }

    const admission = this.deps.shaper.admit({
      appId: input.caller.appId,
      mailbox,
      fingerprint: `${method} ${input.url} ${input.caller.appId} ${input.body === undefined ? "" : JSON.stringify(input.body)}`,
    });
    if (admission.kind === "throttled") {
      if (admission.injected) {
        this.deps.recorder.addFault(
          admission.retryAfterSeconds === undefined ? "throttledWithoutRetryAfter" : "throttled",
        );
      }
      return Promise.resolve(
        done(
          fail(
            429,
            admission.code,
            admission.message,
            admission.retryAfterSeconds === undefined
              ? {}
              : { "retry-after": String(admission.retryAfterSeconds) },
          ),
        ),
      );
    }
    // Inside a batch an entry has no wire of its own: its answer faults are the envelope's (see admitBatchAnswer).
    const answerFault = isAnswerFault(admission.fault) && !input.batch ? admission.fault : undefined;
    const refusal = isAnswerFault(admission.fault) ? undefined : admission.fault;

    const simRequest: SimRequest = {
      method: method as SimRequest["method"],
      path: parsed.pathname,
      params,
      query: parsed.searchParams,
      headers: input.headers,
      body: input.body,
      appId: input.caller.appId,
      roles: input.caller.roles,
    };
    return (async (): Promise<DispatchOutput> => {
      try {
        if (admission.latencyMs > 0) await sleep(admission.latencyMs);
        if (refusal) {
          this.deps.recorder.addFault(refusal);
          if (refusal === "reset") return done({ status: 0, headers: baseHeaders, reset: true });
          return done(
            refusal === "status503"
              ? fail(
                  503,
                  "ServiceUnavailable",
                  "The service is temporarily unavailable. Please retry later.",
                  {
                    "retry-after": "1",
                  },
                )
              : fail(
                  504,
                  "GatewayTimeout",
                  "The gateway did not receive a timely response from the upstream server.",
                ),
          );
        }
        if (route.requestSchema && input.body !== undefined) {
          this.check("request", route.requestSchema, input.body, input, route);
        }
        await this.deps.hooks.beforeHandler?.(simRequest, route);
        let response: SimResponse;
        try {
          response = await route.handler(simRequest);
        } catch (err) {
          if (err instanceof GraphError)
            return done(fail(err.status, err.code, err.message, lower(err.headers)));
          const message = err instanceof Error ? err.message : String(err);
          return done(fail(500, "InternalServerError", `Simulator handler failed: ${message}`));
        }
        const lost = this.deps.hooks.afterHandler?.(simRequest, route);
        if (lost) {
          this.deps.recorder.addFault(lost);
          if (lost === "reset") return done({ status: 0, headers: baseHeaders, reset: true });
          return done(
            fail(
              504,
              "GatewayTimeout",
              "The gateway did not receive a timely response from the upstream server.",
            ),
          );
        }
        const headers: Record<string, string> = { ...baseHeaders, ...lower(response.headers ?? {}) };
        if (response.body !== undefined && headers["content-type"] === undefined)
          headers["content-type"] = GRAPH_JSON;
        if (answerFault) this.deps.recorder.addFault(answerFault);
        return done({
          status: response.status,
          headers,
          ...(response.body !== undefined ? { body: response.body } : {}),
          ...(answerFault ? { answerFault } : {}),
        });
      } finally {
        admission.release();
      }
    })();
  }

  private check(
    kind: "request" | "response",
    schemaName: string,
    body: unknown,
    input: DispatchInput,
    route: GraphRoute,
  ): void {
    if (!this.deps.validate) return;
    try {
      this.deps.validate(kind, schemaName, body, { method: input.method, url: input.url, route });
    } catch (err) {
      this.validationFailures.push({
        kind,
        schemaName,
        method: input.method,
        url: input.url,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
