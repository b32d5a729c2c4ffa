import { describe, expect, it } from "vitest";
import { createIdSource } from "../../../../dev/sim/core/ids.js";
import { createTenant, FixtureError, parseFixture } from "../../../../dev/sim/tenant.js";
import { STAND_IN_FIXTURE } from "../../../helpers/standInTenant.js";

describe("tenant fixture loading", () => {
  it("names the path of a bad field", () => {
    const bad = structuredClone(STAND_IN_FIXTURE) as { users: Record<string, unknown>[] };
    bad.users.push({
      id: "x",
      displayName: "X",
      userPrincipalName: "x@contoso.example",
      mailboxSettings: { timeZone: 42 },
    });
    expect(() => parseFixture(bad)).toThrow(FixtureError);
    expect(() => parseFixture(bad)).toThrow(/users\[2\]\.mailboxSettings\.timeZone: /);
  });

  it("rejects time zones that are neither IANA nor Windows names, naming the field", () => {
    const bad = structuredClone(STAND_IN_FIXTURE) as { users: { mailboxSettings?: { timeZone: string } }[] };
    bad.users[1]!.mailboxSettings = { timeZone: "Mars/Olympus_Mons" };
    const err = (() => {
      try {
        parseFixture(bad);
      } catch (e) {
        return e as FixtureError;
      }
    })();
    expect(err?.code).toBe("SIM.FIXTURE_INVALID");
    expect(err?.issues).toEqual([
      expect.stringMatching(/^users\[1\]\.mailboxSettings\.timeZone: Unknown time zone "Mars/),
    ]);
  });

  it("names the event entry whose times or mailbox the calendars cannot hold", () => {
    const withEvent = (mailbox: string, dateTime: string) => ({
      ...STAND_IN_FIXTURE,
      events: [
        {
          mailbox,
          event: {
            start: { dateTime, timeZone: "Europe/Rome" },
            end: { dateTime: "2026-11-20T10:30:00", timeZone: "Europe/Rome" },
            attendees: [],
          },
          exceptions: [],
        },
      ],
    });
    expect(() => createTenant(withEvent("ada@contoso.example", "2026-11-20T10:00:00"))).not.toThrow();
    for (const bad of [
      withEvent("ada@contoso.example", "UTC"),
      withEvent("nobody@contoso.example", "2026-11-20"),
    ])
      expect(() => createTenant(bad)).toThrow(
        expect.objectContaining({
          code: "SIM.FIXTURE_INVALID",
          message: expect.stringMatching(/^events\[0\]: /),
        }),
      );
  });

  it("starts the clock at the fixture's now and takes the tenant id from the fixture or the seed", () => {
    const tenant = createTenant(STAND_IN_FIXTURE, { areas: [] });
    expect(tenant.clock.now().toISOString()).toBe("2026-11-25T09:00:00.000Z");
    expect(tenant.tenantId).toBe(STAND_IN_FIXTURE.tenantId);
    const { tenantId: _omit, ...withoutId } = STAND_IN_FIXTURE;
    const a = createTenant(withoutId, { seed: 4, areas: [] }).tenantId;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createTenant(withoutId, { seed: 4, areas: [] }).tenantId).toBe(a);
    expect(createTenant(withoutId, { seed: 5, areas: [] }).tenantId).not.toBe(a);
  });

  it("draws the same ids for the same seed, per kind, independent of other kinds", () => {
    const a = createIdSource(7);
    const b = createIdSource(7);
    const usersA = [a.next("user"), a.next("user")];
    b.next("event");
    expect([b.next("user"), b.next("user")]).toEqual(usersA);
    expect(a.next("event")).toMatch(/^AAMk/);
  });
});
