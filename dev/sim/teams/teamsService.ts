// Teams as a bot sees it: the app catalog entry and per-user installations (Graph), the Bot Connector v3 API a bot
// calls (1:1 conversations, activities, their limits), and the channel posting signed activities to the bot.
import { randomUUID } from "node:crypto";
import type { Identity } from "../core/identity.js";
import type { Recorder } from "../core/recorder.js";
import type { Directory } from "../directory/directory.js";
import { GraphError, type SimClock } from "../types.js";
import { BotFrameworkSigner } from "./botFrameworkSigner.js";

export interface TeamsLimits {
  /** Bot Connector's per-conversation limit (Teams documents 7 per second per bot per thread). */
  conversationPerSecond: number;
  /** All of the bot's Bot Connector calls in the tenant per second. */
  tenantPerSecond: number;
}

/** Teams' other per-bot-per-thread windows besides the per-second one: 8 per 2 s, 60 per 30 s, 1800 per hour. */
const PER_CONVERSATION_LONGER_WINDOWS = [
  { requests: 8, windowMs: 2_000 },
  { requests: 60, windowMs: 30_000 },
  { requests: 1800, windowMs: 3_600_000 },
];

export const DEFAULT_TEAMS_LIMITS: TeamsLimits = { conversationPerSecond: 7, tenantPerSecond: 50 };

export interface TeamsOptions {
  tenantId: string;
  /** The bot's Microsoft App ID (the Entra app Teams posts to and accepts bot tokens from). */
  botAppId: string;
  /** The catalog id of the org's Cadence Teams app (what `teamsApp@odata.bind` names). */
  teamsAppId: string;
  /** The manifest's `id` (`teamsApp.externalId`). */
  manifestId: string;
  clock: SimClock;
  wallClock: () => number;
  recorder: Recorder;
  identity: Identity;
  directory: Directory | undefined;
  signer: BotFrameworkSigner;
  /** `https://127.0.0.1:P/botConnector`, known once the server listens. */
  base: () => string;
  limits?: Partial<TeamsLimits>;
  /** How the channel reaches the bot endpoint (plain fetch: the local host is http). */
  fetch?: typeof fetch;
}

export interface SimActivity {
  id: string;
  type: string;
  text?: string;
  attachments?: unknown[];
  sentAt: string;
  /** Tenant time of the last update (PUT, or a refreshed card from an invoke answer). */
  updatedAt?: string;
  updates: number;
}

export interface SimConversation {
  id: string;
  /** The Graph chat id of the same 1:1 chat. */
  chatId: string;
  userId: string;
  tenantId: string;
  createdAt: string;
  activities: SimActivity[];
}

export interface SimInstallation {
  id: string;
  userId: string;
  teamsAppId: string;
  installedAt: string;
}

export interface InboundDelivery {
  seq: number;
  tenantTime: string;
  endpoint: string;
  activity: Record<string, unknown>;
  /** HTTP status from the bot, or 0 when it could not be reached. */
  status: number;
  body?: unknown;
  error?: string;
}

export interface CardActionInput {
  /** User id or UPN of the person pressing the button. */
  user: string;
  /** The activity (card) the button is on. */
  activityId: string;
  verb: string;
  data?: unknown;
  conversationId?: string;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const CARD = "application/vnd.microsoft.card.adaptive";

export class TeamsService {
  readonly limits: TeamsLimits;
  private readonly installations = new Map<string, SimInstallation>();
  private readonly blocked = new Set<string>();
  private readonly conversations = new Map<string, SimConversation>();
  private readonly inbound: InboundDelivery[] = [];
  private readonly windows = new Map<string, { start: number; count: number }>();
  private endpoint: string | undefined;
  private seq = 0;
  private activitySeq = 0;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly o: TeamsOptions) {
    this.limits = { ...DEFAULT_TEAMS_LIMITS, ...o.limits };
  }

  get botAppId(): string {
    return this.o.botAppId;
  }
  get teamsAppId(): string {
    return this.o.teamsAppId;
  }
  /** What a bot uses as `serviceUrl` (Teams' are like `https://smba.trafficmanager.net/emea/`). */
  get serviceUrl(): string {
    return `${this.o.base()}/`;
  }
  get openIdMetadataUrl(): string {
    return `${this.o.base()}/v1/.well-known/openidconfiguration`;
  }
  get issuer(): string {
    return BotFrameworkSigner.issuerFor(this.o.base());
  }
  get botEndpoint(): string | undefined {
    return this.endpoint;
  }

  setBotEndpoint(url: string | undefined): void {
    this.endpoint = url;
  }

  setBlocked(user: string, blocked: boolean): void {
    const id = this.requireUser(user).id;
    if (blocked) this.blocked.add(id);
    else this.blocked.delete(id);
  }

  isInstalled(user: string): boolean {
    return this.installations.has(this.requireUser(user).id);
  }

  snapshot() {
    return {
      botAppId: this.botAppId,
      teamsAppId: this.teamsAppId,
      manifestId: this.o.manifestId,
      serviceUrl: this.serviceUrl,
      openIdMetadataUrl: this.openIdMetadataUrl,
      botEndpoint: this.endpoint ?? null,
      limits: this.limits,
      installations: [...this.installations.values()],
      blocked: [...this.blocked],
      conversations: [...this.conversations.values()],
      inbound: this.inbound,
    };
  }

  conversationList(): readonly SimConversation[] {
    return [...this.conversations.values()];
  }

  inboundDeliveries(): readonly InboundDelivery[] {
    return this.inbound;
  }

  /** Resolves once every activity the channel started posting (installation updates) got its answer. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** A channel token for tests (expired ones, other audiences). */
  signInboundToken(opts: { audience?: string; lifetimeSeconds?: number; serviceUrl?: string } = {}) {
    return this.o.signer.sign(this.o.base(), {
      audience: opts.audience ?? this.botAppId,
      serviceUrl: opts.serviceUrl ?? this.serviceUrl,
      ...(opts.lifetimeSeconds !== undefined ? { lifetimeSeconds: opts.lifetimeSeconds } : {}),
    });
  }

  // ── Graph: /users/{id}/teamwork/installedApps ──────────────────────────────────────────────────────────

  /** Installs the catalog app for the user; the caller may only install the app whose bot it is. */
  install(user: string, teamsAppBind: unknown, callerAppId: string): SimInstallation {
    const target = this.requireUser(user);
    const appId = parseTeamsAppBind(teamsAppBind);
    if (appId !== this.teamsAppId) {
      throw new GraphError(404, "NotFound", `The Teams app '${appId}' was not found in the app catalog.`);
    }
    // ReadWriteSelfForUser: only the app whose webApplicationInfo.id is the calling app.
    if (callerAppId !== this.botAppId) {
      throw new GraphError(403, "Forbidden", "The app may only install itself (ReadWriteSelfForUser).");
    }
    if (this.installations.has(target.id)) {
      throw new GraphError(409, "Conflict", "App is already installed for this user.");
    }
    const installation: SimInstallation = {
      id: Buffer.from(`${target.id}##${this.teamsAppId}`).toString("base64"),
      userId: target.id,
      teamsAppId: this.teamsAppId,
      installedAt: this.o.clock.now().toISOString(),
    };
    this.installations.set(target.id, installation);
    this.postInBackground(this.installationUpdateActivity(target.id, "add"));
    return installation;
  }

  uninstall(user: string): void {
    const id = this.requireUser(user).id;
    if (this.installations.delete(id)) this.postInBackground(this.installationUpdateActivity(id, "remove"));
  }

  installedAppsOf(user: string): { installation: SimInstallation; teamsApp: Record<string, unknown> }[] {
    const target = this.requireUser(user);
    const installation = this.installations.get(target.id);
    return installation ? [{ installation, teamsApp: this.catalogApp() }] : [];
  }

  catalogApp(): Record<string, unknown> {
    return {
      id: this.teamsAppId,
      externalId: this.o.manifestId,
      displayName: "Cadence",
      distributionMethod: "organization",
    };
  }

  chatOf(user: string, installationId: string): Record<string, unknown> {
    const target = this.requireUser(user);
    const installation = this.installations.get(target.id);
    if (!installation || installation.id !== installationId) {
      throw new GraphError(404, "NotFound", `Installation '${installationId}' was not found for the user.`);
    }
    return {
      id: this.chatId(target.id),
      topic: null,
      createdDateTime: installation.installedAt,
      lastUpdatedDateTime: installation.installedAt,
      chatType: "oneOnOne",
      webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(this.chatId(target.id))}/0?tenantId=${this.o.tenantId}`,
      tenantId: this.o.tenantId,
      onlineMeetingInfo: null,
      viewpoint: null,
      isHiddenForAllMembers: false,
    };
  }

  // ── Bot Connector v3 ─────────────────────────────────────────────────────────────────────────────────

  /** Everything under `/botConnector`: the channel's OpenID metadata and keys, then `/v3/…` with a bot token. */
  async handle(
    method: string,
    subpath: string,
    headers: Record<string, string>,
    raw: Buffer,
  ): Promise<Reply> {
    if (method === "GET" && subpath === "/v1/.well-known/openidconfiguration") {
      return { status: 200, body: this.o.signer.openIdMetadata(this.o.base()) };
    }
    if (method === "GET" && subpath === "/v1/.well-known/keys")
      return { status: 200, body: this.o.signer.jwks() };
    const reply = await this.handleV3(method, subpath, headers, raw);
    this.o.recorder.add({
      kind: "botConnector",
      method,
      url: subpath,
      status: reply.status,
      ...(raw.length > 0 ? { requestBody: safeJson(raw) } : {}),
      ...(reply.status >= 400 ? { errorCode: errorCodeOf(reply.body) } : {}),
      tenantTime: this.o.clock.now().toISOString(),
    });
    return reply;
  }

  private async handleV3(
    method: string,
    subpath: string,
    headers: Record<string, string>,
    raw: Buffer,
  ): Promise<Reply> {
    try {
      const caller = await this.o.identity.verifyBearer(headers.authorization, "bot");
      if (caller.appId !== this.botAppId) return denied();
    } catch {
      return denied();
    }
    const body = raw.length > 0 ? safeJson(raw) : undefined;
    if (raw.length > 0 && body === undefined) return botError(400, "BadSyntax", "Request body is not JSON.");
    const tenantLimited = this.take("tenant", [{ requests: this.limits.tenantPerSecond, windowMs: 1000 }]);
    if (tenantLimited) return tenantLimited;

    if (subpath === "/v3/conversations") {
      if (method !== "POST") return botError(405, "MethodNotAllowed", "Use POST.");
      return this.createConversation(body);
    }
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(subpath);
    if (!m) return botError(404, "NotFound", `Nothing is served at ${subpath}.`);
    const conversation = this.findConversation(decodeURIComponent(m[1]!));
    if (!conversation) return botError(404, "ConversationNotFound", "Conversation not found.");
    const refused = this.refusal(conversation.userId);
    if (refused) return refused;
    const limited = this.take(`conversation\u0000${conversation.id}`, [
      { requests: this.limits.conversationPerSecond, windowMs: 1000 },
      ...PER_CONVERSATION_LONGER_WINDOWS,
    ]);
    if (limited) return limited;
    const activityId = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    if (!isActivity(body)) return botError(400, "BadArgument", "The activity is missing or has no type.");
    if (method === "POST") {
      // POST …/activities/{id} is a reply to that activity; in a 1:1 chat it is just another message.
      return { status: 201, body: { id: this.addActivity(conversation, body).id } };
    }
    if (method === "PUT" && activityId !== undefined) {
      const existing = conversation.activities.find((a) => a.id === activityId);
      if (!existing) return botError(404, "ActivityNotFoundInConversation", "Activity not found.");
      existing.attachments = Array.isArray(body.attachments) ? body.attachments : [];
      if (typeof body.text === "string") existing.text = body.text;
      existing.updatedAt = this.o.clock.now().toISOString();
      existing.updates++;
      return { status: 200, body: { id: existing.id } };
    }
    return botError(405, "MethodNotAllowed", `${method} is not supported here.`);
  }

  private createConversation(body: unknown): Reply {
    const b = body as {
      bot?: { id?: unknown };
      members?: { id?: unknown }[];
      isGroup?: unknown;
      channelData?: { tenant?: { id?: unknown } };
      tenantId?: unknown;
    };
    if (
      !b ||
      typeof b !== "object" ||
      !Array.isArray(b.members) ||
      b.members.length !== 1 ||
      b.isGroup === true
    ) {
      return botError(400, "BadArgument", "A 1:1 conversation needs exactly one member and isGroup false.");
    }
    const tenantId = b.channelData?.tenant?.id ?? b.tenantId;
    if (typeof tenantId !== "string" || tenantId.toLowerCase() !== this.o.tenantId.toLowerCase()) {
      return botError(400, "BadArgument", "channelData.tenant.id must name the user's tenant.");
    }
    const memberId = String(b.members[0]?.id ?? "").replace(/^29:/, "");
    const user = this.o.directory?.get(memberId);
    if (!user) return botError(404, "MemberNotFound", `Member '${memberId}' was not found in the tenant.`);
    const refused = this.refusal(user.id);
    if (refused) return refused;
    const conversation = this.openConversation(user.id);
    // A ConversationResourceResponse; an `activity` in the request is posted as the conversation's first message.
    const first = isActivity((body as { activity?: unknown }).activity)
      ? this.addActivity(conversation, (body as { activity: { type: string } }).activity)
      : undefined;
    // Teams answers with the existing 1:1 conversation when there is one: creating it again is harmless.
    return {
      status: 201,
      body: { id: conversation.id, serviceUrl: this.serviceUrl, ...(first ? { activityId: first.id } : {}) },
    };
  }

  private addActivity(
    conversation: SimConversation,
    body: { type: string; text?: unknown; attachments?: unknown },
  ): SimActivity {
    const activity: SimActivity = {
      id: `1:${++this.activitySeq}`,
      type: body.type,
      ...(typeof body.text === "string" ? { text: body.text } : {}),
      ...(Array.isArray(body.attachments) ? { attachments: body.attachments } : {}),
      sentAt: this.o.clock.now().toISOString(),
      updates: 0,
    };
    conversation.activities.push(activity);
    return activity;
  }

  private refusal(userId: string): Reply | undefined {
    if (this.blocked.has(userId)) {
      return botError(403, "ConversationBlockedByUser", "User blocked the conversation with the bot.");
    }
    if (!this.installations.has(userId)) {
      return botError(403, "BotNotInConversationRoster", "The bot is not part of the conversation roster.");
    }
    return undefined;
  }

  /** Admits a call against every window of `key` (all must have room), else 429 until the fullest one rolls. */
  private take(key: string, windows: readonly { requests: number; windowMs: number }[]): Reply | undefined {
    const now = this.o.wallClock();
    const states = windows.map(({ requests, windowMs }) => {
      const id = `${key}\u0000${windowMs}`;
      let w = this.windows.get(id);
      if (!w || now - w.start >= windowMs) {
        w = { start: now, count: 0 };
        this.windows.set(id, w);
      }
      return { w, requests, windowMs };
    });
    const full = states.filter((x) => x.w.count >= x.requests);
    if (full.length > 0) {
      const waitMs = Math.max(...full.map((x) => x.w.start + x.windowMs - now));
      const reply = botError(429, "Throttled", "Too many requests.");
      reply.headers = { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) };
      return reply;
    }
    for (const x of states) x.w.count++;
    return undefined;
  }

  /** By conversation id, or by the Graph chat id of an installation (which Teams accepts as the same chat). */
  private findConversation(id: string): SimConversation | undefined {
    const known = this.conversations.get(id) ?? [...this.conversations.values()].find((c) => c.chatId === id);
    if (known) return known;
    const userId = [...this.installations.keys()].find((u) => this.chatId(u) === id);
    return userId === undefined ? undefined : this.openConversation(userId);
  }

  private openConversation(userId: string): SimConversation {
    const id = this.conversationIdFor(userId);
    let conversation = this.conversations.get(id);
    if (!conversation) {
      conversation = {
        id,
        chatId: this.chatId(userId),
        userId,
        tenantId: this.o.tenantId,
        createdAt: this.o.clock.now().toISOString(),
        activities: [],
      };
      this.conversations.set(id, conversation);
    }
    return conversation;
  }

  private chatId(userId: string): string {
    return `19:${userId}_${this.botAppId}@unq.gbl.spaces`;
  }

  // ── Channel → bot ────────────────────────────────────────────────────────────────────────────────────

  /** A user presses an `Action.Execute` button on a card the bot sent them; Teams posts the invoke. */
  async cardAction(input: CardActionInput): Promise<InboundDelivery> {
    const user = this.requireUser(input.user);
    const conversation = input.conversationId
      ? this.findConversation(input.conversationId)
      : [...this.conversations.values()].find((c) => c.userId === user.id);
    if (!conversation || conversation.userId !== user.id) {
      throw new GraphError(404, "ConversationNotFound", `No conversation of the bot with '${input.user}'.`);
    }
    const card = conversation.activities.find((a) => a.id === input.activityId);
    if (!card)
      throw new GraphError(404, "ActivityNotFound", `No activity '${input.activityId}' in the chat.`);
    const activity = {
      ...this.envelope(user.id, user.displayName, conversation.id),
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId: card.id,
      value: {
        action: { type: "Action.Execute", verb: input.verb, data: input.data ?? {} },
        trigger: "manual",
      },
    };
    const delivery = await this.post(activity);
    const answer = delivery.body as { statusCode?: unknown; type?: unknown; value?: unknown } | undefined;
    if (delivery.status === 200 && answer?.statusCode === 200 && answer.type === CARD && answer.value) {
      // Teams swaps the card in the chat for the one the bot answered with.
      card.attachments = [{ contentType: CARD, content: answer.value }];
      card.updatedAt = this.o.clock.now().toISOString();
      card.updates++;
    }
    return delivery;
  }

  installationUpdate(user: string, action: "add" | "remove"): Promise<InboundDelivery> {
    return this.post(this.installationUpdateActivity(this.requireUser(user).id, action));
  }

  private installationUpdateActivity(userId: string, action: "add" | "remove"): Record<string, unknown> {
    const user = this.o.directory?.get(userId);
    return {
      ...this.envelope(userId, user?.displayName ?? "", this.conversationIdFor(userId)),
      type: "installationUpdate",
      action,
    };
  }

  private conversationIdFor(userId: string): string {
    return `a:${Buffer.from(`${userId}|${this.botAppId}`).toString("base64url")}`;
  }

  private envelope(userId: string, name: string, conversationId: string): Record<string, unknown> {
    const now = this.o.clock.now().toISOString();
    return {
      id: `f:${randomUUID()}`,
      timestamp: now,
      localTimestamp: now,
      serviceUrl: this.serviceUrl,
      channelId: "msteams",
      from: { id: `29:${userId}`, name, aadObjectId: userId },
      conversation: { conversationType: "personal", tenantId: this.o.tenantId, id: conversationId },
      recipient: { id: `28:${this.botAppId}`, name: "Cadence" },
      channelData: { tenant: { id: this.o.tenantId } },
      locale: "en-US",
    };
  }

  private postInBackground(activity: Record<string, unknown>): void {
    if (!this.endpoint) return;
    const p = this.post(activity).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async post(activity: Record<string, unknown>): Promise<InboundDelivery> {
    const endpoint = this.endpoint;
    const base = { tenantTime: this.o.clock.now().toISOString(), endpoint: endpoint ?? "", activity };
    if (!endpoint) {
      return this.addInbound({ ...base, status: 0, error: "No bot endpoint is configured." });
    }
    const token = await this.signInboundToken();
    try {
      const res = await (this.o.fetch ?? fetch)(endpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(activity),
        // Teams gives up on a bot that has not answered within about 15 seconds.
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      return this.addInbound({
        ...base,
        status: res.status,
        ...(text ? { body: safeJson(Buffer.from(text)) ?? text } : {}),
      });
    } catch (err) {
      return this.addInbound({ ...base, status: 0, error: (err as Error).message });
    }
  }

  private addInbound(d: Omit<InboundDelivery, "seq">): InboundDelivery {
    const recorded = { seq: ++this.seq, ...d };
    this.inbound.push(recorded);
    return recorded;
  }

  private requireUser(idOrUpn: string) {
    const user = this.o.directory?.get(idOrUpn);
    if (!user) {
      throw new GraphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return user;
  }
}

function parseTeamsAppBind(bind: unknown): string {
  const m = typeof bind === "string" ? /\/appCatalogs\/teamsApps\/([^/?#]+)$/i.exec(bind) : null;
  if (!m) {
    throw new GraphError(
      400,
      "BadRequest",
      "teamsApp@odata.bind must be https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{id}.",
    );
  }
  return decodeURIComponent(m[1]!);
}

function isActivity(body: unknown): body is { type: string; text?: unknown; attachments?: unknown } {
  return typeof body === "object" && body !== null && typeof (body as { type?: unknown }).type === "string";
}

function denied(): Reply {
  return { status: 401, body: { message: "Authorization has been denied for this request." } };
}

function botError(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

function errorCodeOf(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === "string" ? code : "Unauthorized";
}

function safeJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}
