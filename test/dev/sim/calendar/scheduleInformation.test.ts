import { describe, expect, it } from "vitest";
import { baseUsers, call, type Ev, READ_BASIC, simulator } from "./calendarTestKit.js";

const gina = {
  id: "gina",
  displayName: "Gina",
  userPrincipalName: "gina@contoso.example",
  mail: "gina@contoso.example",
};
const users = [...baseUsers, gina];

const at = (from: string, to: string) => ({
  start: { dateTime: `2026-11-30T${from}:00`, timeZone: "UTC" },
  end: { dateTime: `2026-11-30T${to}:00`, timeZone: "UTC" },
});
const own = (subject: string, time: object, extra: object = {}) => ({
  mailbox: "gina",
  event: { subject, ...time, ...extra },
});
const invite = (
  subject: string,
  time: object,
  responses: Record<string, string> = {},
  extra: object = {},
) => ({
  mailbox: "mara",
  event: { subject, ...time, attendees: [{ emailAddress: { address: "gina@contoso.example" } }], ...extra },
  responses,
});

/** Gina's Monday, chosen so each slot's digit can be worked out by hand. */
const ginasDay = [
  own("Focus", at("09:00", "10:00")),
  own("Maybe", at("09:30", "10:30"), { showAs: "tentative" }),
  own("Out", at("11:00", "11:15"), { showAs: "oof" }),
  invite("Unanswered", at("12:00", "13:00")),
  invite("Declined", at("13:00", "14:00"), { "gina@contoso.example": "declined" }),
  own("Offsite", at("14:00", "15:00"), { showAs: "workingElsewhere" }),
  invite("Called off", at("15:00", "16:00"), {}, { isCancelled: true }),
  own("Secret", at("16:00", "16:30"), { sensitivity: "private" }),
];

const body = (extra: object = {}) => ({
  schedules: ["gina@contoso.example"],
  startTime: { dateTime: "2026-11-30T08:00:00", timeZone: "UTC" },
  endTime: { dateTime: "2026-11-30T16:00:00", timeZone: "UTC" },
  availabilityViewInterval: 60,
  ...extra,
});

async function schedule(requestBody: object, headers: Record<string, string> = {}) {
  const sim = simulator(ginasDay, users);
  return call(sim, "POST", "/users/mara/calendar/getSchedule", {
    body: requestBody,
    headers,
    roles: READ_BASIC,
  });
}

describe("POST calendar/getSchedule", () => {
  it("builds the availabilityView slot by slot: busy beats tentative, declined and cancelled are free", async () => {
    // 08 free · 09 busy+tentative → 2 · 10 tentative → 1 · 11 oof → 3 · 12 unanswered → 1 · 13 declined → 0
    // 14 working elsewhere → 4 · 15 cancelled → 0
    const res = await schedule(body());
    expect(res.status).toBe(200);
    const [info] = res.body.value as Ev[];
    expect(info!.scheduleId).toBe("gina@contoso.example");
    expect(info!.availabilityView).toBe("02131040");
    const half = await schedule(body({ availabilityViewInterval: 30 }));
    expect((half.body.value as Ev[])[0]!.availabilityView).toBe("0022103011004400");
    const byDefault = await schedule(body({ availabilityViewInterval: undefined }));
    expect((byDefault.body.value as Ev[])[0]!.availabilityView).toBe("0022103011004400");
  });

  it("lists the busy items with their status, hiding a private item's subject", async () => {
    const res = await schedule(body({ endTime: { dateTime: "2026-11-30T17:00:00", timeZone: "UTC" } }));
    const items = ((res.body.value as Ev[])[0]!.scheduleItems as Ev[]).map((i) => [
      i.subject,
      i.status,
      i.isPrivate,
    ]);
    expect(items).toEqual([
      ["Focus", "busy", false],
      ["Maybe", "tentative", false],
      ["Out", "oof", false],
      ["Unanswered", "tentative", false],
      ["Offsite", "workingElsewhere", false],
      [undefined, "busy", true],
    ]);
  });

  it("writes item times in UTC, or in the Prefer: outlook.timezone zone", async () => {
    const utc = await schedule(body());
    expect(((utc.body.value as Ev[])[0]!.scheduleItems as Ev[])[0]).toMatchObject({
      start: { dateTime: "2026-11-30T09:00:00.0000000", timeZone: "UTC" },
    });
    const pst = await schedule(body(), { Prefer: 'outlook.timezone="Pacific Standard Time"' });
    expect(pst.headers["Preference-Applied"]).toBe('outlook.timezone="Pacific Standard Time"');
    expect(((pst.body.value as Ev[])[0]!.scheduleItems as Ev[])[0]).toMatchObject({
      start: { dateTime: "2026-11-30T01:00:00.0000000", timeZone: "Pacific Standard Time" },
      end: { dateTime: "2026-11-30T02:00:00.0000000", timeZone: "Pacific Standard Time" },
    });
  });

  it("reads a window given in another zone", async () => {
    // 09:00–11:00 in Rome is 08:00–10:00 UTC: free, then busy.
    const res = await schedule(
      body({
        startTime: { dateTime: "2026-11-30T09:00:00", timeZone: "W. Europe Standard Time" },
        endTime: { dateTime: "2026-11-30T11:00:00", timeZone: "W. Europe Standard Time" },
      }),
    );
    expect((res.body.value as Ev[])[0]!.availabilityView).toBe("02");
  });

  it("returns each schedule's working hours from its mailbox settings", async () => {
    const res = await schedule(body({ schedules: ["mara@contoso.example", "gina@contoso.example"] }));
    const [mara, g] = res.body.value as Ev[];
    expect(mara!.workingHours).toEqual({
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "09:00:00.0000000",
      endTime: "18:00:00.0000000",
      timeZone: { name: "W. Europe Standard Time" },
    });
    expect(g!.workingHours).toMatchObject({ startTime: "08:00:00.0000000", endTime: "17:00:00.0000000" });
  });

  it("answers unknown and mailbox-less schedules with a per-schedule error, not a failed request", async () => {
    const res = await schedule(
      body({ schedules: ["ghost@contoso.example", "nomail@contoso.example", "gina@contoso.example"] }),
    );
    expect(res.status).toBe(200);
    const [ghost, nomail, g] = res.body.value as Ev[];
    expect(ghost).toEqual({
      scheduleId: "ghost@contoso.example",
      error: {
        message: "Unable to resolve e-mail address ghost@contoso.example to an Active Directory object.",
        responseCode: "5009",
      },
    });
    expect(nomail!.error.responseCode).toBe("ErrorNonExistentMailbox");
    expect(g!.availabilityView).toBe("02131040");
  });

  it("enforces Graph's limits: 20 schedules, a window under 62 days, an interval of 5–1440 minutes", async () => {
    const many = Array.from({ length: 21 }, (_, i) => `u${i}@contoso.example`);
    expect((await schedule(body({ schedules: many }))).status).toBe(400);
    expect((await schedule(body({ schedules: many.slice(0, 20) }))).status).toBe(200);
    const days = (n: number) => ({
      availabilityViewInterval: 1440,
      startTime: { dateTime: "2026-11-01T00:00:00", timeZone: "UTC" },
      endTime: { dateTime: new Date(Date.UTC(2026, 10, 1 + n)).toISOString().slice(0, 19), timeZone: "UTC" },
    });
    expect((await schedule(body(days(61)))).status).toBe(200);
    expect((await schedule(body(days(62)))).status).toBe(400);
    expect((await schedule(body({ availabilityViewInterval: 4 }))).status).toBe(400);
    expect((await schedule(body({ availabilityViewInterval: 1441 }))).status).toBe(400);
    expect((await schedule(body({ availabilityViewInterval: 5 }))).status).toBe(200);
    const inverted = await schedule(body({ endTime: { dateTime: "2026-11-30T07:00:00", timeZone: "UTC" } }));
    expect(inverted.status).toBe(400);
    expect((await schedule({ schedules: [] })).status).toBe(400);
  });
});
