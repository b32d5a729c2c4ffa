// The scheduling Graph port over the real gateway (the readers and writers live in shared/graph/).
import { createEvent } from "../graph/createEvent.js";
import { findEventByTransactionId } from "../graph/findEventByTransactionId.js";
import { readMailboxSettings } from "../graph/readMailboxSettings.js";
import { readSchedules } from "../graph/readSchedules.js";
import type { GraphGateway } from "../graph/types.js";
import type { SchedulingGraph } from "../usecases/ports/schedulingGraph.js";

export function schedulingGraphFromGateway(gateway: GraphGateway): SchedulingGraph {
  return {
    readMailboxSettings: (users) => readMailboxSettings(gateway, users),
    readSchedules: (queries, window) => readSchedules(gateway, queries, window),
    createEvent: (organizer, event) => createEvent(gateway, organizer, event),
    findEventByTransactionId: (organizer, transactionId, around) =>
      findEventByTransactionId(gateway, organizer, transactionId, around),
  };
}
