import { readFileSync } from "node:fs";
import type { Settings } from "../config.js";
import { AppError } from "../errors.js";
import { createHttpsFetch } from "../graph/createHttpsFetch.js";
import { type BotRequestVerifier, createBotRequestVerifier } from "../teams/createBotRequestVerifier.js";
import { botAppIdFromSettings } from "./botAppIdFromSettings.js";

/** The inbound-activity check the settings describe; the bot id falls back to the Graph app's, never to none. */
export function botRequestVerifierFromSettings(settings: Settings): BotRequestVerifier {
  const botAppId = botAppIdFromSettings(settings);
  if (!botAppId) {
    // No bot id means no audience to check: refuse everything rather than accept anonymous calls.
    const refusal = new AppError("BOT.UNAUTHORIZED", "No bot is configured (CADENCE_BOT_APP_ID)", {
      status: 401,
    });
    return { verify: () => Promise.reject(refusal) };
  }
  const caPem = settings.GRAPH_CA_CERT_PATH ? readFileSync(settings.GRAPH_CA_CERT_PATH, "utf8") : undefined;
  return createBotRequestVerifier({
    botAppId,
    openIdMetadataUrl: settings.CADENCE_BOT_OPENID_METADATA_URL,
    issuer: settings.CADENCE_BOT_ISSUER,
    fetch: createHttpsFetch(caPem ? { caPem } : {}),
  });
}
