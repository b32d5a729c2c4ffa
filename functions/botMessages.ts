import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from "@azure/functions";
import { z } from "zod";
import { botRequestVerifierFromSettings } from "../shared/composition/botRequestVerifierFromSettings.js";
import { cardActionsFromSettings } from "../shared/composition/cardActionsFromSettings.js";
import { settings } from "../shared/config.js";
import { AppError } from "../shared/errors.js";
import { cardActionValueSchema } from "../shared/teams/cardActionValueSchema.js";
import type { BotRequestVerifier } from "../shared/teams/createBotRequestVerifier.js";
import type { HandleCardAction } from "../shared/usecases/ports/cardActions.js";
import { limitRequestBody } from "./limitRequestBody.js";

const CARD = "application/vnd.microsoft.card.adaptive";
const ERROR = "application/vnd.microsoft.error";

// One verifier per worker: it caches the channel's signing keys between invocations.
let wiring: { verifier: BotRequestVerifier; handleCardAction: HandleCardAction } | undefined;
const wired = () => {
  wiring ??= {
    verifier: botRequestVerifierFromSettings(settings()),
    handleCardAction: cardActionsFromSettings(settings()),
  };
  return wiring;
};

/**
 * POST /api/messages, the bot endpoint Teams posts activities to. Anonymous at the Functions level: the channel's
 * JWT is the authentication, and nothing is read or done before it checks out. An `Action.Execute` press
 * (`invoke` `adaptiveCard/action`) is answered with the refreshed card or an invoke error; other activities
 * (installation and conversation updates, messages) are acknowledged.
 */
export async function botMessages(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const { verifier, handleCardAction } = wired();
  let activity: Awaited<ReturnType<BotRequestVerifier["verify"]>>;
  try {
    activity = await verifier.verify(request);
  } catch (err) {
    if (err instanceof AppError && (err.code === "BOT.UNAUTHORIZED" || err.code === "BOT.BAD_ACTIVITY")) {
      context.warn(`bot request refused (${err.code}): ${err.message}`);
      return { status: err.status ?? 401, jsonBody: { code: err.code, message: err.message } };
    }
    throw err;
  }
  if (activity.type !== "invoke") return { status: 200 };
  if (activity.name !== "adaptiveCard/action") {
    return {
      status: 501,
      jsonBody: { code: "BOT.UNSUPPORTED_INVOKE", message: `No handler for ${activity.name}` },
    };
  }
  const value = cardActionValueSchema.safeParse(activity.value);
  if (!value.success) return invokeError(400, "CARD.MALFORMED_ACTION", z.prettifyError(value.error));
  const actorId = activity.from.aadObjectId;
  if (!actorId) return invokeError(401, "CARD.UNKNOWN_ACTOR", "The action names no Entra user.");
  const result = await handleCardAction({
    actorId,
    verb: value.data.action.verb,
    data: value.data.action.data ?? {},
    conversationId: activity.conversation.id,
    replyToId: activity.replyToId,
  });
  if ("error" in result) {
    return invokeError(result.error.status ?? 400, result.error.code, result.error.message);
  }
  return { status: 200, jsonBody: { statusCode: 200, type: CARD, value: result.card } };
}

/** Universal Actions' error answer: HTTP 200 carrying the error, which Teams shows under the card. */
function invokeError(statusCode: number, code: string, message: string): HttpResponseInit {
  return { status: 200, jsonBody: { statusCode, type: ERROR, value: { code, message } } };
}

// The Bot Connector refuses activities over 256 KiB (MessageSizeTooBig), so the channel never sends more.
app.http("botMessages", {
  methods: ["POST"],
  authLevel: "anonymous",
  route: "messages",
  handler: limitRequestBody(262_144, botMessages),
});
