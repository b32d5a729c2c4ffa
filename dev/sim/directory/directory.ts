// The simulated tenant's directory: users, the manager tree, mailbox settings, and the change log delta reads.
import type { z } from "zod";
import { type FixtureUser, fixtureUserSchema } from "../fixture.js";
import { GraphError, type IdSource, type SimClock } from "../types.js";
import { DirectoryFixtureError } from "./directoryFixtureError.js";
import { normalizeMailboxSettings } from "./mailboxSettings.js";
import type { SimUser, SimWorkingHours } from "./simUser.js";
import { USER_PROPERTIES } from "./userProperties.js";

/** A user as a test or the control API adds it: the fixture shape, with the id optional (one is minted). */
export type UserInput = Omit<z.input<typeof fixtureUserSchema>, "id"> & { id?: string };

/** One entry of the change log that `/users/delta` replays. */
export interface DirectoryChange {
  /** The directory version this change produced (versions only grow; several entries may share one). */
  version: number;
  userId: string;
  /** Set when the user was deleted: `changed` = soft-deleted (restorable), `deleted` = gone for good. */
  removed?: "changed" | "deleted";
  /** Present when the user's manager changed: the manager before the change. */
  previousManagerId?: string | null;
}

interface Entry {
  user: SimUser;
  /** Position in Graph's (stable) listing order: load order, then creation order. */
  seq: number;
}

export class Directory {
  private readonly byId = new Map<string, Entry>();
  private readonly byUpn = new Map<string, Entry>();
  private readonly byMail = new Map<string, Entry>();
  private readonly reports = new Map<string, Set<string>>();
  private readonly log: DirectoryChange[] = [];
  private nextSeq = 0;
  private currentVersion = 0;

  private constructor(private readonly deps: { clock: SimClock; ids: IdSource }) {}

  /**
   * Loads the fixture's users, rejecting what Entra ID could not hold: duplicate ids, UPNs or mail addresses,
   * a `managerId` naming nobody, a manager cycle, unknown properties, unknown time zones.
   */
  static fromFixture(users: FixtureUser[], deps: { clock: SimClock; ids: IdSource }): Directory {
    const directory = new Directory(deps);
    const firstIndex = new Map<string, number>();
    users.forEach((fixtureUser, index) => {
      const path = `users[${index}]`;
      const user = buildUser(fixtureUser, path);
      for (const [field, value] of [
        ["id", user.id],
        ["userPrincipalName", user.userPrincipalName],
        ["mail", user.mail],
      ] as const) {
        if (!value) continue;
        const key = value.toLowerCase();
        const other = firstIndex.get(key);
        if (other !== undefined && other !== index) {
          throw new DirectoryFixtureError(
            `${path}.${field}`,
            `'${value}' is already used by users[${other}]`,
          );
        }
        firstIndex.set(key, index);
      }
      directory.index({ user, seq: directory.nextSeq++ });
    });
    users.forEach((fixtureUser, index) => {
      if (!fixtureUser.managerId) return;
      const manager = directory.get(fixtureUser.managerId);
      if (!manager) {
        throw new DirectoryFixtureError(
          `users[${index}].managerId`,
          `no user has the id or userPrincipalName '${fixtureUser.managerId}'`,
        );
      }
      directory.link(directory.require(fixtureUser.id).id, manager.id);
    });
    directory.rejectCycles(users);
    return directory;
  }

  /** The directory's version: grows with every mutation; delta tokens are positions in it. */
  get version(): number {
    return this.currentVersion;
  }

  get size(): number {
    return this.byId.size;
  }

  /** By id, userPrincipalName or mail, case-insensitive (as Graph resolves `/users/{id | userPrincipalName}`). */
  get(idOrUpn: string): SimUser | undefined {
    const key = idOrUpn.toLowerCase();
    return (this.byId.get(key) ?? this.byUpn.get(key) ?? this.byMail.get(key))?.user;
  }

  require(idOrUpn: string): SimUser {
    const user = this.get(idOrUpn);
    if (!user) {
      throw new GraphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return user;
  }

  /** The user, if Exchange Online would serve their calendar and mailbox settings; else Graph's error. */
  requireMailbox(idOrUpn: string): SimUser {
    const user = this.require(idOrUpn);
    if (!user.hasMailbox) {
      throw new GraphError(
        404,
        "MailboxNotEnabledForRESTAPI",
        "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
      );
    }
    return user;
  }

  /** Every user (disabled ones included), in Graph's stable listing order. */
  all(): SimUser[] {
    return Array.from(this.byId.values(), (entry) => entry.user);
  }

  /** The listing position of a user, for keyset paging (`$skiptoken`). */
  sequenceOf(id: string): number {
    const entry = this.byId.get(id.toLowerCase());
    if (!entry) throw new RangeError(`No user '${id}'`);
    return entry.seq;
  }

  managerOf(id: string): SimUser | undefined {
    const managerId = this.require(id).managerId;
    return managerId ? this.get(managerId) : undefined;
  }

  /** In listing order. */
  directReportsOf(id: string): SimUser[] {
    const ids = this.reports.get(this.require(id).id) ?? new Set<string>();
    return Array.from(ids, (reportId) => this.byId.get(reportId.toLowerCase())!)
      .sort((a, b) => a.seq - b.seq)
      .map((entry) => entry.user);
  }

  /** The mailbox's time zone as stored (IANA or Windows name); "UTC" when never set. */
  timeZoneOf(id: string): string {
    return this.require(id).mailboxSettings.timeZone;
  }

  workingHoursOf(id: string): SimWorkingHours {
    return this.require(id).mailboxSettings.workingHours;
  }

  /** Creates a user, or merges the given fields into an existing one (matched by id). */
  upsertUser(input: UserInput): SimUser {
    const existing = input.id ? this.byId.get(input.id.toLowerCase()) : undefined;
    const id = existing?.user.id ?? input.id ?? this.deps.ids.next("user");
    const path = `user '${id}'`;
    const merged = existing
      ? { ...existing.user, ...input, id }
      : { createdDateTime: this.deps.clock.now().toISOString(), ...input, id };
    const parsed = fixtureUserSchema.safeParse(merged);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DirectoryFixtureError(`${path}.${issue.path.join(".")}`, issue.message);
    }
    const user = buildUser(parsed.data, path);
    for (const [field, value] of [
      ["userPrincipalName", user.userPrincipalName],
      ["mail", user.mail],
    ] as const) {
      const holder = value ? this.get(value) : undefined;
      if (holder && holder.id !== id) {
        throw new DirectoryFixtureError(
          `${path}.${field}`,
          `'${value}' is already used by user '${holder.id}'`,
        );
      }
    }
    const managerId = this.resolveManager(id, parsed.data.managerId ?? null, `${path}.managerId`);
    const previousManagerId = existing?.user.managerId ?? null;
    if (existing) {
      // Re-keying byId under the same key keeps the user's place in the listing order.
      this.unindex(existing, { keepId: true });
      this.unlink(existing.user.id);
    }
    this.index({ user, seq: existing?.seq ?? this.nextSeq++ });
    if (managerId) this.link(id, managerId);
    this.record([
      {
        userId: id,
        ...(managerId !== previousManagerId || !existing ? { previousManagerId } : {}),
      },
    ]);
    return user;
  }

  /**
   * Deletes a user. Entra ID soft-deletes (restorable for 30 days, delta says `changed`); `permanent` models a
   * hard delete (`deleted`). The user's reports are left without a manager, as Entra ID leaves them.
   */
  removeUser(idOrUpn: string, options: { permanent?: boolean } = {}): void {
    const user = this.require(idOrUpn);
    const entry = this.byId.get(user.id.toLowerCase())!;
    const orphans = this.directReportsOf(user.id);
    for (const report of orphans) this.unlink(report.id);
    this.unlink(user.id);
    this.unindex(entry);
    this.reports.delete(user.id);
    this.record([
      ...orphans.map((report) => ({ userId: report.id, previousManagerId: user.id })),
      { userId: user.id, removed: options.permanent ? ("deleted" as const) : ("changed" as const) },
    ]);
  }

  /** Sets (or, with null, removes) a user's manager, refusing a change that would close a cycle. */
  setManager(idOrUpn: string, managerIdOrUpn: string | null): void {
    const user = this.require(idOrUpn);
    const managerId = this.resolveManager(user.id, managerIdOrUpn, `user '${user.id}'.managerId`);
    const previousManagerId = user.managerId;
    if (managerId === previousManagerId) return;
    this.unlink(user.id);
    if (managerId) this.link(user.id, managerId);
    this.record([{ userId: user.id, previousManagerId }]);
  }

  /** The changes after version `since` up to and including version `upto`, oldest first. */
  changesBetween(since: number, upto: number): DirectoryChange[] {
    return this.log.filter((change) => change.version > since && change.version <= upto);
  }

  private record(changes: Omit<DirectoryChange, "version">[]): void {
    this.currentVersion += 1;
    for (const change of changes) this.log.push({ ...change, version: this.currentVersion });
  }

  private index(entry: Entry): void {
    this.byId.set(entry.user.id.toLowerCase(), entry);
    this.byUpn.set(entry.user.userPrincipalName.toLowerCase(), entry);
    if (entry.user.mail) this.byMail.set(entry.user.mail.toLowerCase(), entry);
  }

  private unindex(entry: Entry, options: { keepId?: boolean } = {}): void {
    if (!options.keepId) this.byId.delete(entry.user.id.toLowerCase());
    this.byUpn.delete(entry.user.userPrincipalName.toLowerCase());
    if (entry.user.mail) this.byMail.delete(entry.user.mail.toLowerCase());
  }

  private link(userId: string, managerId: string): void {
    this.byId.get(userId.toLowerCase())!.user.managerId = managerId;
    let set = this.reports.get(managerId);
    if (!set) {
      set = new Set();
      this.reports.set(managerId, set);
    }
    set.add(userId);
  }

  private unlink(userId: string): void {
    const user = this.byId.get(userId.toLowerCase())?.user;
    if (!user?.managerId) return;
    this.reports.get(user.managerId)?.delete(userId);
    user.managerId = null;
  }

  /** The manager's canonical id; throws if unknown or if the user would end up managing themself. */
  private resolveManager(userId: string, managerIdOrUpn: string | null, path: string): string | null {
    if (managerIdOrUpn === null) return null;
    const manager = this.get(managerIdOrUpn);
    if (!manager) {
      throw new DirectoryFixtureError(path, `no user has the id or userPrincipalName '${managerIdOrUpn}'`);
    }
    const chain: string[] = [];
    for (let cursor: SimUser | undefined = manager; cursor; ) {
      chain.push(cursor.userPrincipalName);
      if (cursor.id.toLowerCase() === userId.toLowerCase()) {
        throw new DirectoryFixtureError(path, `manager cycle: ${chain.join(" → ")} → ...`);
      }
      cursor = cursor.managerId ? this.get(cursor.managerId) : undefined;
    }
    return manager.id;
  }

  /** Walks each manager chain once (O(n) overall), naming the first user found on a cycle. */
  private rejectCycles(users: FixtureUser[]): void {
    const done = new Set<string>();
    const indexOf = new Map(users.map((user, index) => [user.id.toLowerCase(), index]));
    for (const start of this.byId.values()) {
      const onPath = new Map<string, number>();
      const path: SimUser[] = [];
      for (let cursor: SimUser | undefined = start.user; cursor && !done.has(cursor.id); ) {
        if (onPath.has(cursor.id)) {
          const cycle = path.slice(onPath.get(cursor.id)).map((user) => user.userPrincipalName);
          throw new DirectoryFixtureError(
            `users[${indexOf.get(cursor.id.toLowerCase())}].managerId`,
            `manager cycle: ${[...cycle, cursor.userPrincipalName].join(" → ")}`,
          );
        }
        onPath.set(cursor.id, path.length);
        path.push(cursor);
        cursor = cursor.managerId ? this.get(cursor.managerId) : undefined;
      }
      for (const user of path) done.add(user.id);
    }
  }
}

/** Splits a fixture user into Graph properties and simulator fields, rejecting properties Graph doesn't define. */
function buildUser(fixtureUser: FixtureUser, path: string): SimUser {
  const { managerId: _manager, hasMailbox, mailboxSettings, accountEnabled, ...graph } = fixtureUser;
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(graph)) {
    if (key.startsWith("@")) continue;
    if (!USER_PROPERTIES.has(key)) {
      throw new DirectoryFixtureError(
        `${path}.${key}`,
        "not a property of microsoft.graph.user in Graph v1.0",
      );
    }
    properties[key] = value;
  }
  return {
    ...(properties as Omit<SimUser, "managerId" | "hasMailbox" | "mailboxSettings" | "accountEnabled">),
    accountEnabled,
    managerId: null,
    hasMailbox,
    mailboxSettings: normalizeMailboxSettings(mailboxSettings, `${path}.mailboxSettings`),
  };
}
