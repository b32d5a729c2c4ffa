import { describe, expect, it } from "vitest";
import { allEvents, oneOnOneSeries } from "./calendarFixture.js";
import { call, type Ev, HOST, READ_BASIC, relative, simulator } from "./calendarTestKit.js";

const window = { startDateTime: "2026-09-01T00:00:00Z", endDateTime: "2026-12-31T00:00:00Z" };

describe("GET calendarView", () => {
  it("pages 10 at a time by default, with an absolute nextLink carrying a $skiptoken", async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      mailbox: "mara",
      event: {
        subject: `Slot ${i}`,
        start: { dateTime: `2026-12-01T${String(8 + i).padStart(2, "0")}:00:00`, timeZone: "UTC" },
        end: { dateTime: `2026-12-01T${String(8 + i).padStart(2, "0")}:30:00`, timeZone: "UTC" },
      },
    }));
    const sim = simulator(many);
    const q = { startDateTime: "2026-12-01T00:00:00Z", endDateTime: "2026-12-02T00:00:00Z" };
    const first = await call(sim, "GET", "/users/mara/calendarView", { query: q });
    expect(first.body["@odata.context"]).toBe(`https://${HOST}/v1.0/$metadata#users('mara')/calendarView`);
    expect((first.body.value as Ev[]).map((e) => e.subject)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Slot ${i}`),
    );
    const next = first.body["@odata.nextLink"] as string;
    expect(next).toMatch(/^https:\/\/127\.0\.0\.1:8443\/v1\.0\/users\/mara\/calendarView\?.*\$skiptoken=/);
    const second = await call(sim, "GET", relative(next));
    expect((second.body.value as Ev[]).map((e) => e.subject)).toEqual(["Slot 10", "Slot 11"]);
    expect(second.body["@odata.nextLink"]).toBeUndefined();
  });

  it("honours Prefer: odata.maxpagesize and says so in Preference-Applied", async () => {
    const sim = simulator(allEvents);
    const seen: string[] = [];
    let res = await call(sim, "GET", "/users/mara/calendar/calendarView", {
      query: window,
      headers: { Prefer: "odata.maxpagesize=3" },
    });
    expect(res.headers["Preference-Applied"]).toBe("odata.maxpagesize=3");
    for (;;) {
      const page = res.body.value as Ev[];
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page.map((e) => e.id));
      const next = res.body["@odata.nextLink"] as string | undefined;
      if (!next) break;
      res = await call(sim, "GET", relative(next));
    }
    // 8 series items + Planning + the cancelled review.
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  it("$top sets the page size", async () => {
    const sim = simulator(allEvents);
    const res = await call(sim, "GET", "/users/mara/calendarView", { query: { ...window, $top: "4" } });
    expect(res.body.value).toHaveLength(4);
    expect(res.body["@odata.nextLink"]).toBeDefined();
  });

  it("returns times in UTC by default and in the Prefer: outlook.timezone zone when asked", async () => {
    const sim = simulator([oneOnOneSeries]);
    const q = { startDateTime: "2026-11-10T00:00:00Z", endDateTime: "2026-11-11T00:00:00Z" };
    const utc = await call(sim, "GET", "/users/rob/calendarView", { query: q });
    expect((utc.body.value as Ev[])[0]!.start).toEqual({
      dateTime: "2026-11-10T09:00:00.0000000",
      timeZone: "UTC",
    });
    expect(utc.headers["Preference-Applied"]).toBeUndefined();
    const ny = await call(sim, "GET", "/users/rob/calendarView", {
      query: q,
      headers: { Prefer: 'outlook.timezone="Eastern Standard Time"' },
    });
    expect(ny.headers["Preference-Applied"]).toBe('outlook.timezone="Eastern Standard Time"');
    expect((ny.body.value as Ev[])[0]!).toMatchObject({
      start: { dateTime: "2026-11-10T04:00:00.0000000", timeZone: "Eastern Standard Time" },
      end: { dateTime: "2026-11-10T04:30:00.0000000", timeZone: "Eastern Standard Time" },
      originalStartTimeZone: "Europe/Rome",
    });
  });

  it("applies several preferences sent in one Prefer header", async () => {
    const sim = simulator(allEvents);
    const res = await call(sim, "GET", "/users/mara/calendarView", {
      query: window,
      headers: { Prefer: 'outlook.timezone="Pacific Standard Time", odata.maxpagesize=2' },
    });
    expect(res.body.value).toHaveLength(2);
    expect((res.body.value as Ev[])[0]!.start.timeZone).toBe("Pacific Standard Time");
    expect(res.headers["Preference-Applied"]).toBe(
      'outlook.timezone="Pacific Standard Time", odata.maxpagesize=2',
    );
    const unknownZone = await call(sim, "GET", "/users/mara/calendarView", {
      query: window,
      headers: { Prefer: 'outlook.timezone="Nowhere/Special"' },
    });
    expect((unknownZone.body.value as Ev[])[0]!.start.timeZone).toBe("UTC");
    expect(unknownZone.headers["Preference-Applied"]).toBeUndefined();
  });

  it("reads a startDateTime without offset as UTC, whatever the Prefer zone", async () => {
    const sim = simulator([oneOnOneSeries]);
    const res = await call(sim, "GET", "/users/mara/calendarView", {
      query: { startdatetime: "2026-11-10T09:15:00", enddatetime: "2026-11-10T09:20:00" },
      headers: { Prefer: 'outlook.timezone="Europe/Rome"' },
    });
    expect((res.body.value as Ev[]).map((e) => e.start.dateTime)).toEqual(["2026-11-10T10:00:00.0000000"]);
  });

  it("$select returns only the named properties (plus id and annotations), with the context naming them", async () => {
    const sim = simulator(allEvents);
    const res = await call(sim, "GET", "/users/mara/calendarView", {
      query: { ...window, $select: "subject,start" },
    });
    const first = (res.body.value as Ev[])[0]!;
    expect(
      Object.keys(first)
        .filter((k) => !k.startsWith("@"))
        .sort(),
    ).toEqual(["id", "start", "subject"]);
    expect(res.body["@odata.context"]).toBe(
      `https://${HOST}/v1.0/$metadata#users('mara')/calendarView(subject,start)`,
    );
  });

  it("rejects an unknown $select property as Graph does", async () => {
    const sim = simulator(allEvents);
    const res = await call(sim, "GET", "/users/mara/calendarView", {
      query: { ...window, $select: "subject,mood" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "RequestBroker--ParseUri" });
  });

  it("orders by start/dateTime descending and filters on simple equality", async () => {
    const sim = simulator(allEvents);
    const desc = await call(sim, "GET", "/users/mara/calendarView", {
      query: { ...window, $orderby: "start/dateTime desc", $top: "2" },
    });
    expect((desc.body.value as Ev[]).map((e) => e.start.dateTime)).toEqual([
      "2026-12-22T09:00:00.0000000",
      "2026-12-08T09:00:00.0000000",
    ]);
    const filtered = await call(sim, "GET", "/users/mara/calendarView", {
      query: { ...window, $filter: "type eq 'exception'" },
    });
    expect((filtered.body.value as Ev[]).map((e) => e.type)).toEqual(["exception"]);
    const unsupported = await call(sim, "GET", "/users/mara/calendarView", {
      query: { ...window, $filter: "contains(subject,'1:1')" },
    });
    expect(unsupported.status).toBe(400);
  });

  it("requires startDateTime and endDateTime, and a range of at most 1,825 days", async () => {
    const sim = simulator(allEvents);
    const missing = await call(sim, "GET", "/users/mara/calendarView", {
      query: { startDateTime: window.startDateTime },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "ErrorInvalidParameter" });
    const ok = await call(sim, "GET", "/users/mara/calendarView", {
      query: { startDateTime: "2026-01-01T00:00:00Z", endDateTime: "2030-12-31T00:00:00Z" },
    });
    expect(ok.status).toBe(200);
    const tooLong = await call(sim, "GET", "/users/mara/calendarView", {
      query: { startDateTime: "2026-01-01T00:00:00Z", endDateTime: "2031-01-02T00:00:00Z" },
    });
    expect(tooLong.status).toBe(400);
    const garbage = await call(sim, "GET", "/users/mara/calendarView", {
      query: { startDateTime: "yesterday", endDateTime: "2026-01-02T00:00:00Z" },
    });
    expect(garbage.status).toBe(400);
  });

  it("answers Graph's errors for unknown users and users without a mailbox", async () => {
    const sim = simulator(allEvents);
    const unknown = await call(sim, "GET", "/users/ghost/calendarView", { query: window });
    expect(unknown.status).toBe(404);
    const noMailbox = await call(sim, "GET", "/users/nomail/calendarView", { query: window });
    expect(noMailbox.status).toBe(404);
    expect(noMailbox.body.error).toMatchObject({ code: "MailboxNotEnabledForRESTAPI" });
  });

  it("leaves out body and bodyPreview with Calendars.ReadBasic only", async () => {
    const sim = simulator(allEvents);
    const basic = await call(sim, "GET", "/users/mara/calendarView", { query: window, roles: READ_BASIC });
    const first = (basic.body.value as Ev[])[0]!;
    expect(first.body).toBeUndefined();
    expect(first.bodyPreview).toBeUndefined();
    expect(first.subject).toBe("Mara / Rob 1:1");
    const full = await call(sim, "GET", "/users/mara/calendarView", {
      query: window,
      roles: ["Calendars.Read"],
    });
    expect((full.body.value as Ev[])[0]!.body).toEqual({
      contentType: "text",
      content: "Agenda in the card",
    });
  });

  it("returns a private event to an app like any other", async () => {
    const sim = simulator(allEvents);
    const res = await call(sim, "GET", "/users/rob/calendarView", {
      query: { startDateTime: "2026-11-25T00:00:00Z", endDateTime: "2026-11-26T00:00:00Z" },
    });
    expect((res.body.value as Ev[]).map((e) => [e.subject, e.sensitivity, e.showAs])).toEqual([
      ["Doctor", "private", "oof"],
    ]);
  });

  it("refuses callers without a calendar permission", async () => {
    const sim = simulator(allEvents);
    const res = await call(sim, "GET", "/users/mara/calendarView", {
      query: window,
      roles: ["User.Read.All"],
    });
    expect(res.status).toBe(403);
  });
});

describe("GET events, event and instances", () => {
  it("lists masters and single instances, never occurrences", async () => {
    const sim = simulator(allEvents);
    const res = await call(sim, "GET", "/users/mara/events");
    expect((res.body.value as Ev[]).map((e) => e.type).sort()).toEqual([
      "seriesMaster",
      "singleInstance",
      "singleInstance",
    ]);
  });

  it("pages /events with $top/$skip nextLinks", async () => {
    const sim = simulator(allEvents);
    const first = await call(sim, "GET", "/users/mara/events", { query: { $top: "2" } });
    expect(first.body.value).toHaveLength(2);
    const next = first.body["@odata.nextLink"] as string;
    expect(next).toContain("$skip=2");
    const second = await call(sim, "GET", relative(next));
    expect(second.body.value).toHaveLength(1);
  });

  it("gets one occurrence by the id calendarView gave it, and the same id every time", async () => {
    const sim = simulator(allEvents);
    const q = { startDateTime: "2026-11-24T00:00:00Z", endDateTime: "2026-11-25T00:00:00Z" };
    const a = ((await call(sim, "GET", "/users/mara/calendarView", { query: q })).body.value as Ev[])[0]!;
    const b = ((await call(sim, "GET", "/users/mara/calendarView", { query: q })).body.value as Ev[])[0]!;
    expect(a.id).toBe(b.id);
    const got = await call(sim, "GET", `/users/mara/events/${a.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: a.id, type: "occurrence", seriesMasterId: a.seriesMasterId });
    expect(got.body["@odata.context"]).toBe(`https://${HOST}/v1.0/$metadata#users('mara')/events/$entity`);
    const foreign = await call(sim, "GET", `/users/rob/events/${a.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toMatchObject({ code: "ErrorItemNotFound" });
  });

  it("does not find a cancelled occurrence", async () => {
    const sim = simulator(allEvents);
    const master = ((await call(sim, "GET", "/users/mara/events")).body.value as Ev[]).find(
      (e) => e.type === "seriesMaster",
    )!;
    expect((await call(sim, "GET", `/users/mara/events/${master.id}_20261027`)).status).toBe(404);
    expect((await call(sim, "GET", `/users/mara/events/${master.id}_20261110`)).status).toBe(200);
    expect((await call(sim, "GET", `/users/mara/events/${master.id}_20261111`)).status).toBe(404);
  });

  it("lists a series' instances in a window, exceptions included", async () => {
    const sim = simulator(allEvents);
    const master = ((await call(sim, "GET", "/users/rob/events")).body.value as Ev[]).find(
      (e) => e.type === "seriesMaster",
    )!;
    const res = await call(sim, "GET", `/users/rob/events/${master.id}/instances`, {
      query: { startDateTime: "2026-10-01T00:00:00Z", endDateTime: "2026-11-30T00:00:00Z" },
    });
    expect((res.body.value as Ev[]).map((e) => [e.type, e.start.dateTime.slice(0, 10)])).toEqual([
      ["exception", "2026-10-14"],
      ["occurrence", "2026-11-10"],
      ["occurrence", "2026-11-24"],
    ]);
    const missing = await call(sim, "GET", `/users/rob/events/${master.id}/instances`);
    expect(missing.status).toBe(400);
  });
});
