import type { Settings } from "../config.js";

/**
 * The bot's app id: its own, else the Graph app's; undefined when neither is set (Graph through a system-assigned
 * managed identity and no bot registered), in which case nothing is sent to Teams and every inbound call is refused.
 */
export function botAppIdFromSettings(settings: Settings): string | undefined {
  return settings.CADENCE_BOT_APP_ID ?? settings.GRAPH_CLIENT_ID;
}
