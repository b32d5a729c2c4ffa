import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureHost, FUNCTION_KEY, MASTER_KEY, startFixtureHost } from "./fixtureHost.js";

let host: FixtureHost;
beforeAll(async () => {
  host = await startFixtureHost();
});
afterAll(async () => {
  await host?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${host.url}${path}`, init);

describe("dev/host HTTP triggers", () => {
  it("routes by template precedence and passes parameters", async () => {
    expect(await (await get("/api/users/42")).json()).toEqual({ by: "id", id: "42" });
    expect(await (await get("/api/users/ada")).json()).toEqual({ by: "name", name: "ada" });
    expect(await (await get("/api/users/me")).json()).toEqual({ by: "literal" });
    expect((await get("/api/users/a1")).status).toBe(404);
  });

  it("supports optional parameters and the function name as the default route", async () => {
    expect(await (await get("/api/items")).json()).toEqual({ method: "GET", id: null });
    expect(await (await get("/api/items/9", { method: "DELETE" })).json()).toEqual({
      method: "DELETE",
      id: "9",
    });
    const plain = await get("/api/plain", { method: "POST" });
    expect(await plain.text()).toBe("plain POST");
    expect(plain.headers.get("content-type")).toMatch(/^text\/plain/);
  });

  it("answers 404 for unknown routes, a missing route prefix, and a method the function does not accept", async () => {
    expect((await get("/api/nowhere")).status).toBe(404);
    expect((await get("/users/42")).status).toBe(404);
    expect((await get("/api/users/42", { method: "POST" })).status).toBe(404);
    expect((await get("/api/echo-body")).status).toBe(404);
  });

  it("passes body, headers and query in, and status, headers, cookies and JSON body out", async () => {
    const res = await get("/api/echo-body?q=hello%20there", {
      method: "PUT",
      headers: { "content-type": "application/json", "x-custom": "yes" },
      body: JSON.stringify({ a: [1, 2] }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-echo-query")).toBe("hello there");
    expect(res.headers.get("x-echo-header")).toBe("yes");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("set-cookie")).toBe("session=abc; Path=/; HttpOnly");
    expect(await res.json()).toEqual({
      received: { a: [1, 2] },
      url: `${host.url}/api/echo-body?q=hello%20there`,
    });
    expect(host.logs.some((l) => l.includes("echoBody got application/json"))).toBe(true);
  });

  it("answers 500 when the handler throws, and logs the failure", async () => {
    const res = await get("/api/throws");
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("");
    expect(
      host.logs.some((l) => l.includes("Executed 'Functions.throws' (Failed") && l.includes("boom")),
    ).toBe(true);
  });

  describe("authorization levels", () => {
    it("lets anonymous functions through without a key", async () => {
      expect((await get("/api/users/1")).status).toBe(200);
    });

    it("requires the function or master key for function level, by header or code query", async () => {
      expect((await get("/api/secure/function")).status).toBe(401);
      expect((await get("/api/secure/function", { headers: { "x-functions-key": "wrong" } })).status).toBe(
        401,
      );
      expect((await get("/api/secure/function?code=wrong")).status).toBe(401);
      const byHeader = await get("/api/secure/function", { headers: { "x-functions-key": FUNCTION_KEY } });
      expect(byHeader.status).toBe(200);
      expect(await byHeader.text()).toBe("function ok");
      expect((await get(`/api/secure/function?code=${FUNCTION_KEY}`)).status).toBe(200);
      expect((await get(`/api/secure/function?code=${MASTER_KEY}`)).status).toBe(200);
    });

    it("requires the master key for admin level", async () => {
      expect((await get("/api/secure/admin")).status).toBe(401);
      expect((await get("/api/secure/admin", { headers: { "x-functions-key": FUNCTION_KEY } })).status).toBe(
        401,
      );
      const ok = await get("/api/secure/admin", { headers: { "x-functions-key": MASTER_KEY } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe("admin ok");
    });

    it("drops App Service authentication's headers from callers without a key, as Azure drops forged ones", async () => {
      const forged = { "x-ms-client-principal": "Zm9yZ2Vk", "x-ms-client-principal-id": "someone" };
      const anonymous = await get("/api/users/me", { headers: forged });
      expect(anonymous.headers.get("x-echo-principal")).toBe("- -");
      const keyed = await get("/api/secure/function", {
        headers: { ...forged, "x-functions-key": FUNCTION_KEY },
      });
      expect(keyed.headers.get("x-echo-principal")).toBe("Zm9yZ2Vk someone");
      const keyedAnonymousRoute = await get("/api/users/me", {
        headers: { ...forged, "x-functions-key": FUNCTION_KEY },
      });
      expect(keyedAnonymousRoute.headers.get("x-echo-principal")).toBe("Zm9yZ2Vk someone");
    });

    it("guards the admin API with the master key", async () => {
      expect((await get("/admin/host/status")).status).toBe(401);
      expect((await get(`/admin/host/status?code=${FUNCTION_KEY}`)).status).toBe(401);
      const status = await get("/admin/host/status", { headers: { "x-functions-key": MASTER_KEY } });
      expect(status.status).toBe(200);
      expect(await status.json()).toMatchObject({ state: "Running" });
    });
  });
});
