// The bot's 1:1 conversation with a user: stored once, created (and the app installed) when missing; a user who
// blocked the bot is not asked again until the pause is over, so a block is recorded and reported, not retried forever.
import { AppError } from "../errors.js";
import type { ConversationStore } from "./ports/agendaStores.js";
import type { TeamsDelivery } from "./ports/teamsDelivery.js";

const DAY = 86_400_000;

export interface ConversationPorts {
  store: ConversationStore;
  teams: Pick<TeamsDelivery, "ensureConversation">;
  tenantId: string;
  /** Days before a user who blocked the bot is tried again (default 30). */
  blockedRetryDays?: number;
}

export type ConversationOutcome =
  | { kind: "ok"; value: { conversationId: string; serviceUrl: string } }
  | { kind: "blocked" }
  | { kind: "failed"; code: string };

export async function conversationFor(
  ports: ConversationPorts,
  now: Date,
  userId: string,
): Promise<ConversationOutcome> {
  const stored = await ports.store.getConversation(userId);
  if (stored?.blocked && stored.blockedAt) {
    const pauseMs = (ports.blockedRetryDays ?? 30) * DAY;
    if (now.getTime() - Date.parse(stored.blockedAt) < pauseMs) return { kind: "blocked" };
  } else if (stored?.conversationId && stored.serviceUrl) {
    return { kind: "ok", value: { conversationId: stored.conversationId, serviceUrl: stored.serviceUrl } };
  }
  // Per-user refusals come back as values, tenant-wide failures (auth, throttling past its retries) as typed
  // throws, like sendCard's: both end here as "failed" so the claim is released and a later run tries again.
  let ensured: Awaited<ReturnType<TeamsDelivery["ensureConversation"]>>;
  try {
    ensured = await ports.teams.ensureConversation({ id: userId, tenantId: ports.tenantId });
  } catch (err) {
    if (err instanceof AppError) return { kind: "failed", code: err.code };
    throw err;
  }
  if (!ensured.ok) {
    if (ensured.error.code !== "TEAMS.BLOCKED") return { kind: "failed", code: ensured.error.code };
    await markBlocked(ports, now, userId);
    return { kind: "blocked" };
  }
  await ports.store.saveConversation({ userId, ...ensured.value, blocked: false, blockedAt: null });
  return { kind: "ok", value: ensured.value };
}

export async function markBlocked(
  ports: Pick<ConversationPorts, "store">,
  now: Date,
  userId: string,
): Promise<void> {
  const stored = await ports.store.getConversation(userId);
  await ports.store.saveConversation({
    userId,
    conversationId: stored?.conversationId ?? null,
    serviceUrl: stored?.serviceUrl ?? null,
    blocked: true,
    blockedAt: now.toISOString(),
  });
}
