// Between the slot finder's Slot (Dates) and the stored, shown ProposedSlot (ISO strings plus both zones).
import type { Slot } from "./scheduling/slotTypes.js";
import type { ProposedSlot } from "./seriesProposal.js";

export function toProposedSlot(slot: Slot, managerTimeZone: string, reportTimeZone: string): ProposedSlot {
  return {
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    weekday: slot.weekday,
    localTime: slot.localTime,
    occurrences: slot.occurrences.map((o) => ({ start: o.start.toISOString(), end: o.end.toISOString() })),
    managerTimeZone,
    reportTimeZone,
  };
}

/** A stored slot as the finder's `taken` wants it (the score is irrelevant there). */
export function toSlot(slot: ProposedSlot): Slot {
  return {
    start: new Date(slot.start),
    end: new Date(slot.end),
    weekday: slot.weekday,
    localTime: slot.localTime,
    occurrences: slot.occurrences.map((o) => ({ start: new Date(o.start), end: new Date(o.end) })),
    score: 0,
  };
}
