import { HttpRequest, InvocationContext } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { scanQuerySchema, scanTenantHttp } from "../../functions/scanTenant.js";

describe("POST /api/scans query", () => {
  it("is auto by default, full on request, and takes an ISO instant as now", () => {
    expect(scanQuerySchema.parse({})).toEqual({ mode: "auto" });
    expect(scanQuerySchema.parse({ mode: "full", now: "2026-11-28T09:00:00Z" })).toEqual({
      mode: "full",
      now: "2026-11-28T09:00:00Z",
    });
    expect(scanQuerySchema.safeParse({ mode: "incremental" }).success).toBe(false);
    expect(scanQuerySchema.safeParse({ now: "tomorrow" }).success).toBe(false);
  });

  it("answers 400 before starting anything when the query is wrong", async () => {
    const res = await scanTenantHttp(
      new HttpRequest({ method: "POST", url: "http://127.0.0.1/api/scans?mode=sometimes" }),
      new InvocationContext(),
    );
    expect(res.status).toBe(400);
    expect((res.jsonBody as { code: string }).code).toBe("SCAN.BAD_QUERY");
  });
});
