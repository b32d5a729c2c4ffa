import type { SimClock } from "../types.js";

/** The simulator's tenant clock: frozen at `start` until set or advanced, so a test decides what "now" is. */
export function createSimClock(start: Date): SimClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (instant) => {
      if (Number.isNaN(instant.getTime())) throw new RangeError("SimClock.set: invalid date");
      current = instant.getTime();
    },
    advance: (ms) => {
      if (!Number.isFinite(ms)) throw new RangeError("SimClock.advance: ms must be finite");
      current += ms;
    },
  };
}
