// A directory user as the simulator holds it: Graph's microsoft.graph.user shape plus the simulator's own fields.
import type { MailboxSettings, User, WorkingHours } from "@microsoft/microsoft-graph-types";

/** Working hours as Exchange reports them: every field present, times as `HH:mm:ss.fffffff`. */
export interface SimWorkingHours extends WorkingHours {
  daysOfWeek: NonNullable<WorkingHours["daysOfWeek"]>;
  startTime: string;
  endTime: string;
  timeZone: { name: string };
}

export interface SimMailboxSettings extends MailboxSettings {
  /** As stored: an IANA or a Windows name. */
  timeZone: string;
  workingHours: SimWorkingHours;
}

export interface SimUser extends User {
  id: string;
  displayName: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  /** Simulator field: the manager's id (Graph exposes it as the `manager` navigation property). */
  managerId: string | null;
  /** Simulator field: false means no Exchange Online mailbox (calendar and mailboxSettings calls fail). */
  hasMailbox: boolean;
  mailboxSettings: SimMailboxSettings;
}
