import type { Settings } from "../config.js";

/** The bot's app id: its own, else the Graph app's. config.ts refuses settings that give neither. */
export function botAppIdFromSettings(settings: Settings): string {
  const id = settings.CADENCE_BOT_APP_ID ?? settings.GRAPH_CLIENT_ID;
  if (!id) throw new Error("CADENCE_BOT_APP_ID: required when GRAPH_CLIENT_ID is not set");
  return id;
}
