// The TeamsDelivery port over the Bot Connector, installing the Teams app through Graph for users who lack it.
import { AppError } from "../errors.js";
import type { TeamsDelivery, TeamsUser } from "../usecases/ports/teamsDelivery.js";
import type { BotConnectorClient } from "./createBotConnectorClient.js";

export interface TeamsDeliveryOptions {
  connector: BotConnectorClient;
  /** Where new 1:1 conversations are created (CADENCE_BOT_SERVICE_URL). */
  serviceUrl: string;
  /** Installs the Teams app for a user (shared/graph/installTeamsApp); absent: users without it are reported. */
  installApp?: (userId: string) => Promise<unknown>;
}

/** Failures that belong to one user: returned as values, so a run goes on with the others. */
const PER_USER = new Set(["TEAMS.BLOCKED", "TEAMS.NOT_INSTALLED", "TEAMS.THROTTLED", "TEAMS.NOT_FOUND"]);

export function createTeamsDelivery(options: TeamsDeliveryOptions): TeamsDelivery {
  const { connector, serviceUrl } = options;
  const attachment = (card: object) => ({
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }],
  });
  const create = (user: TeamsUser) =>
    connector.createConversation(serviceUrl, { aadObjectId: user.id, tenantId: user.tenantId });

  return {
    async ensureConversation(user) {
      try {
        let conversationId: string;
        try {
          conversationId = await create(user);
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== "TEAMS.NOT_INSTALLED" || !options.installApp)
            throw err;
          await options.installApp(user.id);
          conversationId = await create(user);
        }
        return { ok: true, value: { conversationId, serviceUrl } };
      } catch (err) {
        if (err instanceof AppError && (PER_USER.has(err.code) || isUserGraphFailure(err.code))) {
          return { ok: false, error: err };
        }
        throw err;
      }
    },
    async sendCard(conversation, card) {
      const activityId = await connector.sendActivity(
        conversation.serviceUrl,
        conversation.conversationId,
        attachment(card),
      );
      return { activityId };
    },
    async updateCard(conversation, activityId, card) {
      await connector.updateActivity(
        conversation.serviceUrl,
        conversation.conversationId,
        activityId,
        attachment(card),
      );
    },
  };
}

/** The installation failed for this user (not for every user, as a bad credential would). */
function isUserGraphFailure(code: string): boolean {
  return code.startsWith("GRAPH.") && code !== "GRAPH.UNAUTHORIZED";
}
