import { describe, expect, it } from "vitest";
import { clientPrincipalSchema } from "../../../shared/auth/readClientPrincipal.js";
import { authorizeReportRequest } from "../../../shared/report/authorizeReportRequest.js";

const ROLE = "Cadence.Admin";
const principal = (claims: { typ: string; val: string }[], extra: object = {}) =>
  Buffer.from(JSON.stringify({ auth_typ: "aad", name_typ: "name", claims, ...extra })).toString("base64");
const headers = (value?: string) =>
  new Headers(value === undefined ? {} : { "x-ms-client-principal": value });

describe("authorizeReportRequest", () => {
  it("lets a request without a principal through: the platform has already checked its function key", () => {
    expect(authorizeReportRequest(headers(), ROLE)).toEqual({ ok: true, via: "key" });
  });

  it("accepts a signed-in user holding the admin app role (Entra `roles` claim)", () => {
    const access = authorizeReportRequest(
      headers(
        principal([
          { typ: "name", val: "Ada" },
          { typ: "roles", val: ROLE },
        ]),
      ),
      ROLE,
    );
    expect(access).toEqual({ ok: true, via: "principal", user: "Ada" });
  });

  it("accepts the role under the principal's own role claim type", () => {
    const typ = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    expect(authorizeReportRequest(headers(principal([{ typ, val: ROLE }], { role_typ: typ })), ROLE).ok).toBe(
      true,
    );
  });

  it("lets a signed-in manager in, scoped to the pairs of their object id", () => {
    const access = authorizeReportRequest(
      headers(
        principal([
          { typ: "name", val: "Mara" },
          { typ: "roles", val: "Cadence.Reader" },
          { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: "oid-mara" },
        ]),
      ),
      ROLE,
    );
    expect(access).toEqual({ ok: true, via: "principal", user: "Mara", manager: "oid-mara" });
  });

  it("refuses a signed-in user without the role or an object id with 403, whatever other claims say", () => {
    const access = authorizeReportRequest(
      headers(
        principal([
          { typ: "roles", val: "Cadence.Reader" },
          { typ: "groups", val: ROLE },
        ]),
      ),
      ROLE,
    );
    expect(access).toMatchObject({ ok: false, status: 403, code: "REPORT.FORBIDDEN" });
  });

  it("refuses a header that is not a base64 JSON principal with 401", () => {
    for (const bad of ["not base64 json", Buffer.from('{"claims":"x"}').toString("base64")]) {
      expect(authorizeReportRequest(headers(bad), ROLE)).toMatchObject({
        status: 401,
        code: "REPORT.BAD_PRINCIPAL",
      });
    }
  });

  it("schema: claims must be typ/val strings", () => {
    expect(clientPrincipalSchema.safeParse({ claims: [{ typ: "roles", val: ROLE }] }).success).toBe(true);
    expect(clientPrincipalSchema.safeParse({ claims: [{ typ: "roles", val: 1 }] }).success).toBe(false);
  });
});
