import { describe, expect, it } from "vitest";
import { HostError } from "../../../dev/host/hostError.js";
import { byPrecedence, compileRoute } from "../../../dev/host/routeTemplate.js";

describe("compileRoute", () => {
  it("matches literals case-insensitively and decodes parameters", () => {
    const route = compileRoute("users/{id}/Events");
    expect(route.match("USERS/a%20b/events")).toEqual({ id: "a b" });
    expect(route.match("users/a/other")).toBeUndefined();
  });

  it("treats an optional parameter as absent when its segment is missing", () => {
    const route = compileRoute("items/{id?}");
    expect(route.match("items")).toEqual({});
    expect(route.match("items/7")).toEqual({ id: "7" });
    expect(route.match("items/7/8")).toBeUndefined();
  });

  it("applies constraints", () => {
    expect(compileRoute("n/{id:int}").match("n/12")).toEqual({ id: "12" });
    expect(compileRoute("n/{id:int}").match("n/x")).toBeUndefined();
    expect(compileRoute("n/{id:int}").match("n/99999999999")).toBeUndefined();
    expect(compileRoute("n/{id:long:min(10)}").match("n/9")).toBeUndefined();
    expect(compileRoute("n/{id:range(1,5)}").match("n/5")).toEqual({ id: "5" });
    expect(compileRoute("n/{g:guid}").match("n/0f8fad5b-d9cb-469f-a165-70867728950e")).toBeDefined();
    expect(compileRoute("n/{s:alpha:length(2,3)}").match("n/abcd")).toBeUndefined();
    expect(compileRoute("n/{b:bool}").match("n/TRUE")).toEqual({ b: "TRUE" });
    expect(compileRoute("n/{c:regex(^[a-z]{{3}}$)}").match("n/abc")).toEqual({ c: "abc" });
    expect(compileRoute("n/{c:regex(^[a-z]{{3}}$)}").match("n/ab")).toBeUndefined();
  });

  it("captures the rest of the path with a catch-all and fills defaults", () => {
    expect(compileRoute("files/{*path}").match("files/a/b%20c.txt")).toEqual({ path: "a/b%20c.txt" });
    expect(compileRoute("files/{*path}").match("files")).toEqual({});
    expect(compileRoute("page/{n=1}").match("page")).toEqual({ n: "1" });
  });

  it("orders literal before constrained before plain parameters", () => {
    const routes = ["users/{name}", "users/me", "users/{id:int}", "{*all}"].map(compileRoute);
    expect(routes.sort(byPrecedence).map((r) => r.template)).toEqual([
      "users/me",
      "users/{id:int}",
      "users/{name}",
      "{*all}",
    ]);
  });

  it("rejects templates the host would reject", () => {
    expect(() => compileRoute("a/{id:nonsense}")).toThrow(HostError);
    expect(() => compileRoute("a/{*rest}/b")).toThrow(/catch-all/);
    expect(() => compileRoute("a/{id}/{ID}")).toThrow(/repeats/);
    expect(() => compileRoute("a//b")).toThrow(/empty segment/);
  });
});
