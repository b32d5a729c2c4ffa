import { readFileSync } from "node:fs";
import type { Settings } from "../config.js";
import { createHttpsFetch } from "../graph/createHttpsFetch.js";
import { type BotRequestVerifier, createBotRequestVerifier } from "../teams/createBotRequestVerifier.js";
import { botAppIdFromSettings } from "./botAppIdFromSettings.js";

/** The inbound-activity check the settings describe; the bot id falls back to the Graph app's, never to none. */
export function botRequestVerifierFromSettings(settings: Settings): BotRequestVerifier {
  const caPem = settings.GRAPH_CA_CERT_PATH ? readFileSync(settings.GRAPH_CA_CERT_PATH, "utf8") : undefined;
  return createBotRequestVerifier({
    botAppId: botAppIdFromSettings(settings),
    openIdMetadataUrl: settings.CADENCE_BOT_OPENID_METADATA_URL,
    issuer: settings.CADENCE_BOT_ISSUER,
    fetch: createHttpsFetch(caPem ? { caPem } : {}),
  });
}
