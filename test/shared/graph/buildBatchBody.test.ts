import { describe, expect, it } from "vitest";
import { buildBatchBody } from "../../../shared/graph/buildBatchBody.js";
import { toBatchUrl } from "../../../shared/graph/toBatchUrl.js";

const BASE = "https://graph.microsoft.com/v1.0";

describe("toBatchUrl", () => {
  it("makes absolute nextLinks relative to the version root, without /v1.0, query kept byte for byte", () => {
    expect(
      toBatchUrl(
        "https://graph.microsoft.com/v1.0/users/a%40b.com/calendarView?$skiptoken=AbC%3D%3D&x=1",
        BASE,
      ),
    ).toBe("/users/a%40b.com/calendarView?$skiptoken=AbC%3D%3D&x=1");
    expect(
      toBatchUrl("https://127.0.0.1:4443/v1.0/users?$skiptoken=e30", "https://127.0.0.1:4443/v1.0"),
    ).toBe("/users?$skiptoken=e30");
  });

  it("keeps relative URLs relative and strips a /v1.0 a caller left in", () => {
    expect(toBatchUrl("/users/x/events/1", BASE)).toBe("/users/x/events/1");
    expect(toBatchUrl("users/x", BASE)).toBe("/users/x");
    expect(toBatchUrl("/v1.0/users/x", BASE)).toBe("/users/x");
  });

  it("accepts Graph's public host in links from inside a batch, whatever host the gateway talks to", () => {
    expect(
      toBatchUrl(
        "https://graph.microsoft.com/v1.0/users/a/calendarView?$skiptoken=x",
        "https://127.0.0.1:9/v1.0",
      ),
    ).toBe("/users/a/calendarView?$skiptoken=x");
  });

  it("refuses links to unknown hosts or other versions", () => {
    expect(() => toBatchUrl("https://evil.example/v1.0/users", BASE)).toThrowError(/not under/);
    expect(() => toBatchUrl("https://graph.microsoft.com/beta/users", BASE)).toThrowError(/not under/);
  });
});

describe("buildBatchBody", () => {
  it("builds Graph's $batch JSON with relative URLs, headers and JSON bodies", () => {
    expect(
      buildBatchBody(
        [
          {
            id: "0",
            method: "GET",
            url: `${BASE}/users/m1/calendarView?startDateTime=2026-01-01T00:00:00.000Z`,
            headers: { Prefer: 'outlook.timezone="UTC"' },
          },
          { id: "1", method: "POST", url: "/users/m2/events", body: { subject: "1:1" } },
          { id: "2", method: "GET", url: "/users/m3" },
        ],
        BASE,
      ),
    ).toEqual({
      requests: [
        {
          id: "0",
          method: "GET",
          url: "/users/m1/calendarView?startDateTime=2026-01-01T00:00:00.000Z",
          headers: { Prefer: 'outlook.timezone="UTC"' },
        },
        {
          id: "1",
          method: "POST",
          url: "/users/m2/events",
          headers: { "Content-Type": "application/json" },
          body: { subject: "1:1" },
        },
        { id: "2", method: "GET", url: "/users/m3" },
      ],
    });
  });

  it("holds 1 to 20 requests", () => {
    const one = { id: "x", method: "GET" as const, url: "/users" };
    expect(() => buildBatchBody([], BASE)).toThrowError(RangeError);
    expect(() =>
      buildBatchBody(
        Array.from({ length: 21 }, (_, i) => ({ ...one, id: String(i) })),
        BASE,
      ),
    ).toThrowError(RangeError);
    expect(
      buildBatchBody(
        Array.from({ length: 20 }, (_, i) => ({ ...one, id: String(i) })),
        BASE,
      ).requests,
    ).toHaveLength(20);
  });
});
