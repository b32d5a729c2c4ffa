import { GraphError } from "@microsoft/microsoft-graph-client";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../shared/errors.js";
import { GraphRequestError } from "../../../shared/graph/GraphRequestError.js";
import { toAppError } from "../../../shared/graph/toAppError.js";

const odata = (status: number, code: string, message = "m") => ({
  status,
  body: { error: { code, message } },
});

describe("toAppError", () => {
  it("maps OData error bodies (as $batch items carry them) by status and Graph code", () => {
    const cases: Array<[number, string, string]> = [
      [400, "BadRequest", "GRAPH.BAD_REQUEST"],
      [401, "InvalidAuthenticationToken", "GRAPH.UNAUTHORIZED"],
      [403, "ErrorAccessDenied", "GRAPH.FORBIDDEN"],
      [404, "ErrorItemNotFound", "GRAPH.NOT_FOUND"],
      [404, "MailboxNotEnabledForRESTAPI", "GRAPH.MAILBOX_NOT_ENABLED"],
      [400, "MailboxNotSupportedForRESTAPI", "GRAPH.MAILBOX_NOT_ENABLED"],
      [410, "SyncStateNotFound", "GRAPH.SYNC_STATE_EXPIRED"],
      [429, "TooManyRequests", "GRAPH.THROTTLED"],
      [503, "ServiceNotAvailable", "GRAPH.UNAVAILABLE"],
      [504, "GatewayTimeout", "GRAPH.UNAVAILABLE"],
      [409, "Conflict", "GRAPH.BAD_REQUEST"],
    ];
    for (const [status, graphCode, code] of cases) {
      const error = toAppError(odata(status, graphCode, "the reason"));
      expect(error).toBeInstanceOf(GraphRequestError);
      expect({
        code: error.code,
        status: error.status,
        graphCode: (error as GraphRequestError).graphCode,
      }).toEqual({
        code,
        status,
        graphCode,
      });
      expect(error.message).toContain("the reason");
    }
  });

  it("maps the SDK's GraphError", () => {
    const sdk = new GraphError(404, "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
    sdk.code = "MailboxNotEnabledForRESTAPI";
    const error = toAppError(sdk);
    expect(error.code).toBe("GRAPH.MAILBOX_NOT_ENABLED");
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/hosted on-premise/);
  });

  it("maps msal's rejected client credentials to GRAPH.UNAUTHORIZED with a hint", () => {
    const msal = Object.assign(new Error("invalid_client: AADSTS7000215: Invalid client secret provided."), {
      errorCode: "invalid_client",
      errorMessage: "AADSTS7000215: Invalid client secret provided.\nTrace ID: 1",
      subError: "",
    });
    const error = toAppError(msal);
    expect(error.code).toBe("GRAPH.UNAUTHORIZED");
    expect(error.message).toMatch(/AADSTS7000215: Invalid client secret provided\. — check/);
  });

  it("maps socket failures to GRAPH.UNAVAILABLE", () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(toAppError(reset).code).toBe("GRAPH.UNAVAILABLE");
  });

  it("passes AppErrors through and wraps anything else as UNEXPECTED", () => {
    const own = new AppError("SLOT.NONE_FOUND", "x");
    expect(toAppError(own)).toBe(own);
    const other = toAppError(new TypeError("boom"));
    expect(other.code).toBe("UNEXPECTED");
    expect(other.message).toBe("boom");
    expect(toAppError("text").message).toBe("text");
  });
});
