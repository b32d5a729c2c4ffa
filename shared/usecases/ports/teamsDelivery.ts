// What card delivery needs from Teams (the Bot Connector): a 1:1 conversation per user, send and update a card.
import type { Keyed } from "./schedulingGraph.js";

export interface TeamsUser {
  id: string;
  /** Entra tenant id the user belongs to. */
  tenantId: string;
}

export interface TeamsDelivery {
  /**
   * The bot's 1:1 conversation with the user, installing the Teams app for them first when it is missing.
   * Errors: TEAMS.BLOCKED (the user blocked the bot: record it, do not retry), TEAMS.NOT_INSTALLED, TEAMS.THROTTLED.
   */
  ensureConversation(user: TeamsUser): Promise<Keyed<{ conversationId: string; serviceUrl: string }>>;
  /** Posts an Adaptive Card (the card JSON, not the attachment) into the conversation. */
  sendCard(
    conversation: { conversationId: string; serviceUrl: string },
    card: object,
  ): Promise<{ activityId: string }>;
  /** Replaces a card sent earlier (PUT …/activities/{activityId}). */
  updateCard(
    conversation: { conversationId: string; serviceUrl: string },
    activityId: string,
    card: object,
  ): Promise<void>;
}
