import { describe, expect, it } from "vitest";
import { applyHostJsonOverrides, hostJsonSchema, toHostSettings } from "../../../dev/host/hostJson.js";

const json = {
  version: "2.0",
  extensions: { queues: { maxDequeueCount: 5, visibilityTimeout: "00:00:30" } },
};

describe("host.json overrides from app settings (AzureFunctionsJobHost__…)", () => {
  it("replaces and adds nested values, matching names case-insensitively, numbers as numbers", () => {
    const out = applyHostJsonOverrides(json, {
      AzureFunctionsJobHost__extensions__queues__maxDequeueCount: "2",
      azurefunctionsjobhost__Extensions__Queues__VisibilityTimeout: "00:00:01",
      AzureFunctionsJobHost__extensions__http__routePrefix: "x",
      UNRELATED: "1",
    });
    expect(out).toEqual({
      version: "2.0",
      extensions: {
        queues: { maxDequeueCount: 2, visibilityTimeout: "00:00:01" },
        http: { routePrefix: "x" },
      },
    });
    const settings = toHostSettings(hostJsonSchema.parse(out));
    expect(settings.queues).toMatchObject({ maxDequeueCount: 2, visibilityTimeoutMs: 1000 });
    expect(settings.routePrefix).toBe("x");
  });

  it("leaves host.json as read when no override is set", () => {
    expect(applyHostJsonOverrides(json, { PATH: "/bin" })).toEqual(json);
  });
});
