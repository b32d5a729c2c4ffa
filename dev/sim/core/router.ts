// Matches Graph paths (no `/v1.0`, no query) against the areas' route patterns, the way Graph resolves segments.
import type { GraphRoute } from "../types.js";

type Segment = { literal: string } | { param: string };

interface CompiledRoute {
  route: GraphRoute;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: "found"; route: GraphRoute; params: Record<string, string> }
  | { kind: "methodNotAllowed" }
  | { kind: "notFound"; segment: string };

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly GraphRoute[]) {
    this.compiled = routes.map((route) => ({ route, segments: compile(route.pattern) }));
  }

  match(method: string, path: string): RouteMatch {
    const parts = splitPath(path);
    const candidates: { c: CompiledRoute; params: Record<string, string> }[] = [];
    for (const c of this.compiled) {
      const params = matchSegments(c.segments, parts);
      if (params) candidates.push({ c, params });
    }
    if (candidates.length === 0) return { kind: "notFound", segment: this.firstUnknownSegment(parts) };
    const forMethod = candidates.filter((x) => x.c.route.method === method);
    if (forMethod.length === 0) return { kind: "methodNotAllowed" };
    // A literal segment beats a parameter at the same position (`/users/delta` over `/users/{id}`).
    forMethod.sort((a, b) => specificity(b.c.segments).localeCompare(specificity(a.c.segments)));
    const best = forMethod[0]!;
    return { kind: "found", route: best.c.route, params: best.params };
  }

  /** Graph names the first segment it could not resolve: "Resource not found for the segment 'v1.0'." */
  private firstUnknownSegment(parts: string[]): string {
    for (let i = 0; i < parts.length; i++) {
      const prefix = parts.slice(0, i + 1);
      const known = this.compiled.some(
        (c) => c.segments.length > i && matchSegments(c.segments.slice(0, i + 1), prefix) !== undefined,
      );
      if (!known) return parts[i]!;
    }
    return parts[parts.length - 1] ?? "";
  }
}

export function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function compile(pattern: string): Segment[] {
  return splitPath(pattern).map((s) => {
    const m = /^\{(\w+)\}$/.exec(s);
    return m ? { param: m[1]! } : { literal: s.toLowerCase() };
  });
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const part = parts[i]!;
    if ("literal" in seg) {
      if (seg.literal !== safeDecode(part).toLowerCase()) return undefined;
    } else {
      params[seg.param] = safeDecode(part);
    }
  }
  return params;
}

function specificity(segments: Segment[]): string {
  return segments.map((s) => ("literal" in s ? "1" : "0")).join("");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
