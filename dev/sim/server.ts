// The tenant simulator: ONE HTTPS server on loopback that stands in for Entra ID, Graph v1.0, the Bot Connector
// and a Teams webhook, recording what it receives (DESIGN.md "The tenant simulator").
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkBatch, runBatch } from "./core/batch.js";
import { ensureSimulatorCertificate } from "./core/certificate.js";
import { handleControl } from "./core/control.js";
import {
  type DispatcherHooks,
  GraphDispatcher,
  type SchemaValidator,
  type ValidationFailure,
} from "./core/graphDispatcher.js";
import { GRAPH_JSON, graphErrorBody } from "./core/graphErrors.js";
import { type AppRegistration, CADENCE_PERMISSIONS, Identity } from "./core/identity.js";
import { type Profile, type ProfileInput, profileSchema } from "./core/profile.js";
import { createRng, deriveSeed, seededUuid } from "./core/random.js";
import { type Counters, type RecordedRequest, Recorder, type WebhookPost } from "./core/recorder.js";
import { Router } from "./core/router.js";
import { type Fault, isAnswerFault, TrafficShaper } from "./core/shaper.js";
import { receiveWebhook } from "./core/webhook.js";
import { type WireFault, writeAnswer } from "./core/writeAnswer.js";
import type { Fixture } from "./fixture.js";
import type { TouchResult } from "./subscriptions/calendarToucher.js";
import type { LifecycleEvent, NotificationDelivery } from "./subscriptions/notificationOutbox.js";
import type { SubscriptionOptions } from "./subscriptions/subscriptionService.js";
import { BotFrameworkSigner } from "./teams/botFrameworkSigner.js";
import { handleTeamsControl } from "./teams/teamsControl.js";
import { teamsGraphRoutes } from "./teams/teamsGraphRoutes.js";
import { type TeamsLimits, TeamsService } from "./teams/teamsService.js";
import { type AreaFactory, createTenant } from "./tenant.js";
import { GraphError, type GraphRoute, type SimClock } from "./types.js";

export interface StartSimulatorOptions {
  /** A tenant fixture (DESIGN.md format); parsed and checked here. */
  fixture: Fixture | unknown;
  /** Seeds ids, the tenant id and the default app's credentials. */
  seed?: number;
  port?: number;
  host?: "127.0.0.1";
  /** Where the CA/leaf certificate is kept between runs; without it a fresh one is made in a temp dir. */
  certDir?: string;
  profile?: ProfileInput;
  /** Apps registered besides the default one (which holds every permission Cadence needs). */
  apps?: AppRegistration[];
  /** Graph areas to serve; defaults to the tenant's directory and calendar. */
  areas?: readonly AreaFactory[];
  /** Extra routes (tests' stand-ins), matched like the areas'. */
  routes?: readonly GraphRoute[];
  /** Called for every body a route names a schema for; throwing records a validation failure. */
  validate?: SchemaValidator;
  /** Keep Graph response bodies in the recording (memory grows with traffic). */
  recordResponses?: boolean;
  /** The clock for token lifetimes and throttling windows (not the tenant clock). */
  wallClock?: () => number;
  /** Change-notification delivery: handshake timeout, batching window, retries, the fetch that reaches receivers. */
  subscriptions?: SubscriptionOptions;
  /** The Bot Connector's limits, and where the channel posts activities (the bot endpoint). */
  teams?: { limits?: Partial<TeamsLimits>; botEndpoint?: string };
}

export interface SimulatorUrls {
  /** `https://127.0.0.1:P/v1.0` */
  graph: string;
  /** Authority host: msal-node's authority is `${login}/${tenantId}`. */
  login: string;
  authority: string;
  botConnector: string;
  /** POST `${webhook}/{id}` */
  webhook: string;
  control: string;
  /** App Service's managed identity endpoint: what IDENTITY_ENDPOINT holds on Azure. */
  identityEndpoint: string;
}

export interface Simulator {
  urls: SimulatorUrls;
  port: number;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The Function app's system-assigned managed identity (holds every permission Cadence needs). */
  managedIdentity: { clientId: string; identityHeader: string };
  /** Path of the CA certificate PEM that clients must trust. */
  caCert: string;
  caPem: string;
  clock: SimClock;
  identity: Identity;
  readonly profile: Profile;
  /** Replaces the whole profile (missing fields take their defaults) and resets throttling counters. */
  setProfile(profile: ProfileInput): Profile;
  requests(): readonly RecordedRequest[];
  clearRequests(): void;
  cards(): readonly WebhookPost[];
  counters(): Counters;
  validationFailures: readonly ValidationFailure[];
  hooks: DispatcherHooks;
  /** Every validation handshake and change-notification POST sent to subscribers, with the answers. */
  notifications(): readonly NotificationDelivery[];
  clearNotifications(): void;
  /** Resolves once every queued change notification has been delivered or given up on. */
  notificationsIdle(): Promise<void>;
  /** Someone edits `count` events of a mailbox outside Cadence (notifications fire as for a Graph PATCH). */
  touchCalendar(mailbox: string, count?: number): TouchResult;
  /** Teams: the Cadence app in the catalog (`teams.teamsAppId`), installations, the Bot Connector, the channel. */
  teams: TeamsService;
  /** Graph sends a lifecycle notification of the subscription (and removes it, for `subscriptionRemoved`). */
  sendLifecycle(subscriptionId: string, event: LifecycleEvent): { sent: boolean };
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export async function startSimulator(opts: StartSimulatorOptions): Promise<Simulator> {
  const seed = opts.seed ?? 1;
  const tenant = createTenant(opts.fixture, {
    seed,
    ...(opts.areas ? { areas: opts.areas } : {}),
    ...(opts.subscriptions ? { subscriptions: opts.subscriptions } : {}),
  });
  const touchCalendar = (mailbox: string, count?: number): TouchResult => {
    if (!tenant.toucher) throw new Error("This tenant serves no calendars to touch.");
    return tenant.toucher.touch(mailbox, count);
  };
  const wallClock = opts.wallClock ?? Date.now;
  const credentialRng = createRng(deriveSeed(seed, "default-app"));
  const clientId = seededUuid(credentialRng);
  const clientSecret = `sim~${seededUuid(credentialRng).replaceAll("-", "")}`;
  const managedIdentity = {
    clientId: seededUuid(credentialRng),
    identityHeader: seededUuid(credentialRng).replaceAll("-", ""),
  };
  const identity = await Identity.create({
    tenantId: tenant.tenantId,
    apps: [
      { clientId, clientSecret, displayName: "Cadence", roles: [...CADENCE_PERMISSIONS] },
      {
        clientId: managedIdentity.clientId,
        displayName: "cadence-func",
        roles: [...CADENCE_PERMISSIONS],
        managedIdentity: true,
      },
      ...(opts.apps ?? []),
    ],
    wallClock,
  });
  const recorder = new Recorder(opts.recordResponses ?? false);
  // The default app is also the bot (one Entra app, as a single-tenant bot is registered); the org's catalog
  // holds one Cadence Teams app whose ids come from the seed.
  const teamsRng = createRng(deriveSeed(seed, "teams-app"));
  const teams = new TeamsService({
    tenantId: tenant.tenantId,
    botAppId: clientId,
    teamsAppId: seededUuid(teamsRng),
    manifestId: seededUuid(teamsRng),
    clock: tenant.clock,
    wallClock,
    recorder,
    identity,
    directory: tenant.directory,
    signer: await BotFrameworkSigner.create(wallClock),
    base: () => `https://127.0.0.1:${port}/botConnector`,
    ...(opts.teams?.limits ? { limits: opts.teams.limits } : {}),
  });
  if (opts.teams?.botEndpoint) teams.setBotEndpoint(opts.teams.botEndpoint);
  const shaper = new TrafficShaper(profileSchema.parse(opts.profile ?? {}), wallClock);
  const hooks: DispatcherHooks = {};
  const dispatcher = new GraphDispatcher({
    router: new Router([...tenant.routes, ...teamsGraphRoutes(teams), ...(opts.routes ?? [])]),
    shaper,
    recorder,
    clock: tenant.clock,
    ...(opts.validate ? { validate: opts.validate } : {}),
    hooks,
    resolveMailbox: (idOrUpn) => tenant.directory?.get(idOrUpn)?.id,
  });
  // Batches are numbered from the last profile change, so the same seed gives the same response orders.
  let batchSeq = 0;
  const setProfile = (input: ProfileInput): Profile => {
    const profile = profileSchema.parse(input);
    shaper.reset(profile);
    batchSeq = 0;
    return profile;
  };

  const cert = await ensureSimulatorCertificate(opts.certDir);
  let tempDir: string | undefined;
  let caCert = cert.caCertPath;
  if (!caCert) {
    tempDir = await mkdtemp(join(tmpdir(), "cadence-sim-"));
    caCert = join(tempDir, "ca.pem");
    await writeFile(caCert, cert.caPem);
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const path = url.pathname;
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    if (raw === undefined)
      return send(res, 413, { error: { code: "RequestEntityTooLarge", message: "Body too large." } });
    const headers = lowerHeaders(req);

    if (/^\/v1\.0\/(\$|%24)batch\/?$/i.test(path)) {
      if (method !== "POST")
        return sendGraphError(res, 405, "Request_BadRequest", "Use POST for $batch.", headers);
      return handleBatch(res, raw, headers, url);
    }
    if (/^\/v1\.0(\/|$)/i.test(path)) return handleGraph(res, raw, headers, url, method);
    if (path === "/control/teams" || path.startsWith("/control/teams/")) {
      const out = await handleTeamsControl(method, path, raw.length > 0 ? safeJson(raw) : undefined, teams);
      return send(res, out.status, out.body);
    }
    if (path.startsWith("/control/") || path === "/control") {
      const body = raw.length > 0 ? safeJson(raw) : undefined;
      const out = handleControl(method, path, body, {
        recorder,
        clock: tenant.clock,
        getProfile: () => shaper.profile,
        setProfile: (p) => setProfile(p as ProfileInput),
        validationFailures: dispatcher.validationFailures,
        ...(tenant.subscriptions
          ? {
              subscriptions: {
                deliveries: () => tenant.subscriptions!.deliveries(),
                clearDeliveries: () => tenant.subscriptions!.clearDeliveries(),
                touchCalendar,
                sendLifecycle: (id, event) => tenant.subscriptions!.sendLifecycle(id, event),
              },
            }
          : {}),
      });
      return send(res, out.status, out.body);
    }
    const webhook = /^\/webhook\/([^/]+)\/?$/.exec(path);
    if (webhook) {
      if (method !== "POST")
        return send(res, 405, { error: { code: "MethodNotAllowed", message: "POST only." } });
      const out = receiveWebhook(decodeURIComponent(webhook[1]!), raw, { recorder, clock: tenant.clock });
      recorder.add({
        kind: "webhook",
        method,
        url: path,
        status: out.status,
        tenantTime: tenant.clock.now().toISOString(),
      });
      return send(res, out.status, out.body);
    }
    if (path.startsWith("/botConnector/")) {
      const subpath = path.slice("/botConnector".length);
      const fate = subpath.startsWith("/v3/")
        ? shaper.admitPlain("botConnector", `${method} ${subpath} ${raw.toString("utf8")}`)
        : ({ kind: "admitted", fault: undefined } as const);
      if (fate.kind === "throttled" || (fate.fault && !isAnswerFault(fate.fault))) {
        return refuse(res, "botConnector", method, subpath, fate);
      }
      const out = await teams.handle(method, subpath, headers, raw);
      if (fate.fault) recorder.addFault(`botConnector:${fate.fault}`);
      return send(res, out.status, out.body, out.headers, wireFault(fate.fault));
    }
    const idp =
      /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token|discovery\/v2\.0\/keys)$/.exec(
        path,
      );
    if (idp) return handleIdentity(res, idp[1]!, idp[2]!, method, raw, headers, url);
    if (path === "/msi/token" && method === "GET") {
      return identity
        .managedIdentityToken(url.searchParams, headers["x-identity-header"], {
          identityHeader: managedIdentity.identityHeader,
          systemAssignedClientId: managedIdentity.clientId,
        })
        .then((out) => {
          recorder.add({
            kind: "token",
            method,
            url: path,
            status: out.status,
            appId: typeof out.body.client_id === "string" ? out.body.client_id : "",
            tenantTime: tenant.clock.now().toISOString(),
          });
          send(res, out.status, out.body);
        });
    }
    return send(res, 404, { error: { code: "NotFound", message: `Nothing is served at ${path}.` } });
  };

  const origin = (headers: Record<string, string>) => `https://${headers.host ?? `127.0.0.1:${port}`}`;

  const handleIdentity = (
    res: ServerResponse,
    tenantSegment: string,
    endpoint: string,
    method: string,
    raw: Buffer,
    headers: Record<string, string>,
    url: URL,
  ): void | Promise<void> => {
    if (!identity.knowsTenant(tenantSegment)) {
      return send(res, 400, {
        error: "invalid_tenant",
        error_description: `AADSTS90002: Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        error_codes: [90002],
      });
    }
    if (endpoint.startsWith("v2.0/") && method === "GET") {
      return send(res, 200, identity.openIdConfiguration(origin(headers), tenantSegment));
    }
    if (endpoint.startsWith("discovery/") && method === "GET") return send(res, 200, identity.jwks());
    if (endpoint.startsWith("oauth2/") && method === "POST") {
      const form = new URLSearchParams(raw.toString("utf8"));
      const fate = shaper.admitPlain(
        "token",
        `${url.pathname} ${form.get("client_id")} ${form.get("scope")}`,
      );
      if (fate.kind === "throttled" || (fate.fault && !isAnswerFault(fate.fault))) {
        return refuse(res, "token", method, url.pathname, fate);
      }
      const tokenUrl = `${origin(headers)}${url.pathname}`;
      return identity.token(form, tokenUrl).then((out) => {
        recorder.add({
          kind: "token",
          method,
          url: url.pathname,
          status: out.status,
          appId: form.get("client_id") ?? "",
          ...(typeof out.body.error === "string" ? { errorCode: out.body.error } : {}),
          tenantTime: tenant.clock.now().toISOString(),
        });
        if (fate.fault) recorder.addFault(`token:${fate.fault}`);
        send(res, out.status, out.body, {}, wireFault(fate.fault));
      });
    }
    return send(res, 405, { error: "invalid_request", error_description: "Method not allowed." });
  };

  const authenticate = async (
    res: ServerResponse,
    headers: Record<string, string>,
    kind: "graph" | "batch",
    method: string,
    relativeUrl: string,
  ) => {
    try {
      return await identity.verifyBearer(headers.authorization);
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      const requestId = randomUUID();
      recorder.add({
        kind,
        method,
        url: relativeUrl,
        status: err.status,
        requestId,
        errorCode: err.code,
        tenantTime: tenant.clock.now().toISOString(),
      });
      sendGraphError(res, err.status, err.code, err.message, headers, err.headers, requestId);
      return undefined;
    }
  };

  const handleGraph = async (
    res: ServerResponse,
    raw: Buffer,
    headers: Record<string, string>,
    url: URL,
    method: string,
  ): Promise<void> => {
    const relativeUrl = url.pathname.replace(/^\/v1\.0/i, "") + url.search;
    const caller = await authenticate(res, headers, "graph", method, relativeUrl);
    if (!caller) return;
    let body: unknown;
    if (raw.length > 0) {
      body = safeJson(raw);
      if (body === undefined) {
        return sendGraphError(res, 400, "BadRequest", "Unable to read JSON request payload.", headers);
      }
    }
    const out = await dispatcher.dispatch({ method, url: relativeUrl || "/", headers, body, caller });
    if (out.reset) {
      res.socket?.destroy();
      return;
    }
    send(res, out.status, out.body, out.headers, wireFault(out.answerFault));
  };

  const handleBatch = async (
    res: ServerResponse,
    raw: Buffer,
    headers: Record<string, string>,
    url: URL,
  ): Promise<void> => {
    const caller = await authenticate(res, headers, "batch", "POST", "/$batch");
    if (!caller) return;
    const batchId = randomUUID();
    const clientRequestId = headers["client-request-id"] ?? batchId;
    const checked = checkBatch(safeJson(raw));
    const record = (status: number, errorCode?: string, responseBody?: unknown) =>
      recorder.add({
        kind: "batch",
        method: "POST",
        url: url.pathname.replace(/^\/v1\.0/i, "") + url.search,
        status,
        appId: caller.appId,
        requestId: batchId,
        ...(errorCode ? { errorCode } : {}),
        ...(responseBody !== undefined ? { responseBody } : {}),
        tenantTime: tenant.clock.now().toISOString(),
      });
    if (!checked.ok) {
      record(400, "BadRequest");
      return sendGraphError(res, 400, "BadRequest", checked.message, headers, {}, batchId);
    }
    const answerFault = shaper.admitBatchAnswer(raw.toString("utf8"));
    const responses = await runBatch(checked.batch, {
      dispatcher,
      caller,
      batchId,
      clientRequestId,
      clock: tenant.clock,
      rng: createRng(deriveSeed(shaper.profile.seed, "batch", ++batchSeq)),
    });
    if (answerFault) recorder.addFault(answerFault);
    record(200, undefined, { responses });
    send(
      res,
      200,
      { responses },
      { "request-id": batchId, "client-request-id": clientRequestId },
      wireFault(answerFault),
    );
  };

  const send = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
    fault?: WireFault,
  ): void => {
    const payload = body === undefined || status === 204 ? undefined : Buffer.from(JSON.stringify(body));
    const out: Record<string, string | number> = { ...headers };
    if (payload) {
      out["content-type"] ??= GRAPH_JSON;
      out["content-length"] = payload.length;
    } else {
      out["content-length"] = 0;
    }
    recorder.addBytesOut(payload?.length ?? 0);
    writeAnswer(res, status, payload, out, fault);
  };

  const wireFault = (kind: Fault | undefined): WireFault | undefined =>
    isAnswerFault(kind) ? { kind, holdMs: shaper.profile.slowResponseMs } : undefined;

  /** A Bot Connector or token request refused by the profile before it is applied: 429, 503/504 or a reset. */
  const refuse = (
    res: ServerResponse,
    kind: "botConnector" | "token",
    method: string,
    url: string,
    fate: ReturnType<TrafficShaper["admitPlain"]>,
  ): void => {
    const status =
      fate.kind === "throttled"
        ? 429
        : fate.fault === "status503"
          ? 503
          : fate.fault === "status504"
            ? 504
            : 0;
    const what =
      fate.kind === "throttled"
        ? fate.retryAfterSeconds === undefined
          ? "throttledWithoutRetryAfter"
          : "throttled"
        : (fate.fault ?? "other");
    recorder.addFault(`${kind}:${what}`);
    recorder.add({ kind, method, url, status, tenantTime: tenant.clock.now().toISOString() });
    if (status === 0) {
      res.socket?.destroy();
      return;
    }
    const asked = fate.kind === "throttled" ? fate.retryAfterSeconds : 1;
    // Entra sends whole seconds (msal reads them with parseInt); Bot Connector as the profile says.
    const retryAfter = asked !== undefined && kind === "token" ? Math.max(1, Math.ceil(asked)) : asked;
    const code = status === 429 ? "Throttled" : status === 503 ? "ServiceUnavailable" : "GatewayTimeout";
    send(
      res,
      status,
      kind === "token"
        ? { error: "temporarily_unavailable", error_description: `${code}: try again later.` }
        : { error: { code, message: `${code}: try again later.` } },
      retryAfter === undefined ? {} : { "retry-after": String(retryAfter) },
    );
  };

  const sendGraphError = (
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    reqHeaders: Record<string, string>,
    extra: Record<string, string> = {},
    requestId: string = randomUUID(),
  ): void => {
    const clientRequestId = reqHeaders["client-request-id"] ?? requestId;
    send(res, status, graphErrorBody(code, message, { requestId, clientRequestId }, tenant.clock), {
      "request-id": requestId,
      "client-request-id": clientRequestId,
      ...extra,
    });
  };

  const server: Server = createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(res, 500, {
        error: {
          code: "InternalServerError",
          message: `Simulator failure: ${(err as Error)?.message ?? err}`,
        },
      });
    });
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const base = `https://${host}:${port}`;
  const login = `https://localhost:${port}`;

  return {
    urls: {
      graph: `${base}/v1.0`,
      login,
      authority: `${login}/${tenant.tenantId}`,
      botConnector: `${base}/botConnector`,
      webhook: `${base}/webhook`,
      control: `${base}/control`,
      identityEndpoint: `${base}/msi/token`,
    },
    port,
    tenantId: tenant.tenantId,
    clientId,
    clientSecret,
    managedIdentity,
    caCert,
    caPem: cert.caPem,
    clock: tenant.clock,
    identity,
    get profile() {
      return shaper.profile;
    },
    setProfile,
    requests: () => recorder.requests(),
    clearRequests: () => recorder.clearRequests(),
    cards: () => recorder.cards(),
    counters: () => ({ ...recorder.counters }),
    validationFailures: dispatcher.validationFailures,
    hooks,
    notifications: () => tenant.subscriptions?.deliveries() ?? [],
    clearNotifications: () => tenant.subscriptions?.clearDeliveries(),
    notificationsIdle: () => tenant.subscriptions?.idle() ?? Promise.resolve(),
    touchCalendar,
    teams,
    sendLifecycle: (id, event) => {
      if (!tenant.subscriptions) throw new Error("This tenant serves no calendars.");
      return tenant.subscriptions.sendLifecycle(id, event);
    },
    close: async () => {
      await teams.idle();
      tenant.subscriptions?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

function safeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}
