// What the series planner and its answers receive: Graph, the proposal store, the clock, the policy, and the
// pure scheduling functions (injected so the slot finder and the Graph-to-availability converter stay swappable).
import type { MailboxSettings, ScheduleInformation } from "@microsoft/microsoft-graph-types";
import type { CadencePolicy } from "../../domain/cadencePolicy.js";
import type { PersonAvailability, SlotRequest, SlotSearch } from "../../domain/scheduling/slotTypes.js";
import type { ProposalStorePort } from "./proposalStore.js";
import type { Clock } from "./scanPorts.js";
import type { SchedulingGraph } from "./schedulingGraph.js";

export type FindSlots = (request: SlotRequest) => SlotSearch;

/**
 * One person's availability from their mailboxSettings and their getSchedule answer; throws an error with a
 * `code` (e.g. TIMEZONE.UNKNOWN) when the mailbox cannot be used.
 */
export type ToAvailability = (
  mailbox: MailboxSettings,
  schedule: ScheduleInformation,
  context: { now: Date; window: { start: Date; end: Date } },
) => PersonAvailability;

export type SchedulingMode = "propose" | "auto";

export interface SchedulingSettings {
  /** propose: the manager answers each proposal; auto: series are created at once. */
  mode: SchedulingMode;
  minNoticeHours: number;
  /** An unanswered proposal expires this many days after it was made. */
  proposalTtlDays: number;
  /** CADENCE_EXCLUDED_USERS: UPNs or ids whose pairs never get a proposal (as the scan excludes them). */
  excludedUsers: readonly string[];
}

export interface SchedulingPorts {
  graph: SchedulingGraph;
  store: ProposalStorePort;
  clock: Clock;
  policy: CadencePolicy;
  findSlots: FindSlots;
  toAvailability: ToAvailability;
  settings: SchedulingSettings;
}
