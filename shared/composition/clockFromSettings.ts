import type { Settings } from "../config.js";

/** CADENCE_NOW pins the clock (demos, tests, simulated tenants); otherwise the wall clock. */
export function clockFromSettings(current: Pick<Settings, "CADENCE_NOW">): { now: () => Date } {
  const pinned = current.CADENCE_NOW;
  return pinned ? { now: () => new Date(pinned) } : { now: () => new Date() };
}
