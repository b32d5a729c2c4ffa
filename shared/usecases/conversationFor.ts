// The bot's 1:1 conversation with a user: stored once, created (and the app installed) when missing; a user who
// blocked the bot is not asked again until the pause is over, so a block is recorded and reported, not retried forever.
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
  const ensured = await ports.teams.ensureConversation({ id: userId, tenantId: ports.tenantId });
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
