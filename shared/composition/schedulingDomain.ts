// The pure scheduling functions the planner is given: the slot finder and Graph's availability as its input.
import { availabilityFromGraph } from "../domain/scheduling/availabilityFromGraph.js";
import { findSlots } from "../domain/scheduling/findSlots.js";
import type { FindSlots, ToAvailability } from "../usecases/ports/schedulingPorts.js";

export const schedulingDomain: { findSlots: FindSlots; toAvailability: ToAvailability } = {
  findSlots,
  toAvailability: (mailbox, schedule, { now, window }) =>
    availabilityFromGraph(mailbox, schedule, { now, viewStart: window.start }),
};
