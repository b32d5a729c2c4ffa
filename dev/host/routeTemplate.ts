// ASP.NET-style route templates as the Functions host matches them: `users/{id:int}`, `{name?}`, `{*rest}`.
import { HostError } from "./hostError.js";

export interface CompiledRoute {
  template: string;
  /** ASP.NET inbound precedence: smaller is tried first (literals before constrained before plain params). */
  precedence: number[];
  match(path: string): Record<string, string> | undefined;
}

type Check = (value: string) => boolean;

const isInt = (v: string, bits: 32 | 64): boolean => {
  if (!/^-?\d+$/.test(v)) return false;
  const n = BigInt(v);
  const max = bits === 32 ? 2n ** 31n : 2n ** 63n;
  return n >= -max && n < max;
};
const isNumber = (v: string): boolean => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v);

function constraint(name: string, arg: string | undefined, template: string): Check {
  const num = (): number => {
    const n = Number(arg);
    if (arg === undefined || !Number.isFinite(n)) {
      throw new HostError("HOST.INVALID_ROUTE", `Route "${template}": constraint ${name} needs a number`);
    }
    return n;
  };
  const pair = (): [number, number] => {
    const [a, b] = (arg ?? "").split(",").map((x) => Number(x.trim()));
    if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) {
      throw new HostError("HOST.INVALID_ROUTE", `Route "${template}": constraint ${name} needs (min,max)`);
    }
    return [a, b];
  };
  switch (name.toLowerCase()) {
    case "int":
      return (v) => isInt(v, 32);
    case "long":
      return (v) => isInt(v, 64);
    case "bool":
      return (v) => /^(true|false)$/i.test(v);
    case "guid":
      return (v) => /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[)}]?$/i.test(v);
    case "alpha":
      return (v) => /^[a-z]+$/i.test(v);
    case "datetime":
      return (v) => !Number.isNaN(Date.parse(v));
    case "decimal":
    case "double":
    case "float":
      return isNumber;
    case "min": {
      const min = num();
      return (v) => isInt(v, 64) && Number(v) >= min;
    }
    case "max": {
      const max = num();
      return (v) => isInt(v, 64) && Number(v) <= max;
    }
    case "range": {
      const [min, max] = pair();
      return (v) => isInt(v, 64) && Number(v) >= min && Number(v) <= max;
    }
    case "minlength": {
      const min = num();
      return (v) => v.length >= min;
    }
    case "maxlength": {
      const max = num();
      return (v) => v.length <= max;
    }
    case "length": {
      if (arg?.includes(",")) {
        const [min, max] = pair();
        return (v) => v.length >= min && v.length <= max;
      }
      const len = num();
      return (v) => v.length === len;
    }
    case "regex": {
      const re = new RegExp(arg ?? "", "i");
      return (v) => re.test(v);
    }
    default:
      throw new HostError("HOST.INVALID_ROUTE", `Route "${template}": unknown constraint "${name}"`);
  }
}

interface Param {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue?: string;
  checks: Check[];
}

const PARAM = /^(\*{1,2})?([A-Za-z_][\w-]*)((?::[A-Za-z]+(?:\([^)]*\))?)*)(\?|=[^}]*)?$/;

function parseParam(text: string, template: string): Param {
  const m = PARAM.exec(text);
  if (!m)
    throw new HostError("HOST.INVALID_ROUTE", `Route "${template}": cannot parse parameter "{${text}}"`);
  const [, star, name = "", constraints = "", suffix] = m;
  const checks = [...constraints.matchAll(/:([A-Za-z]+)(?:\(([^)]*)\))?/g)].map((c) =>
    constraint(c[1] ?? "", c[2], template),
  );
  return {
    name,
    catchAll: Boolean(star),
    optional: suffix === "?" || Boolean(star),
    defaultValue: suffix?.startsWith("=") ? suffix.slice(1) : undefined,
    checks,
  };
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function compileRoute(template: string): CompiledRoute {
  const trimmed = template.replace(/^\/+|\/+$/g, "");
  const params: Param[] = [];
  const precedence: number[] = [];
  let pattern = "";
  const segments = trimmed === "" ? [] : trimmed.split("/");
  segments.forEach((segment, index) => {
    if (segment === "") throw new HostError("HOST.INVALID_ROUTE", `Route "${template}" has an empty segment`);
    const parts = segment.split(/(\{[^}]*\})/).filter((p) => p !== "");
    const slash = index === 0 ? "" : "/";
    const only =
      parts.length === 1 && parts[0]?.startsWith("{")
        ? parseParam(parts[0].slice(1, -1), template)
        : undefined;
    if (only) {
      params.push(only);
      if (only.catchAll) {
        if (index !== segments.length - 1) {
          throw new HostError(
            "HOST.INVALID_ROUTE",
            `Route "${template}": a catch-all must be the last segment`,
          );
        }
        pattern += `(?:${slash}(?<p${params.length - 1}>.*))?`;
        precedence.push(5);
      } else {
        const group = `(?<p${params.length - 1}>[^/]+)`;
        pattern +=
          only.optional || only.defaultValue !== undefined ? `(?:${slash}${group})?` : `${slash}${group}`;
        precedence.push(only.checks.length > 0 ? 3 : 4);
      }
      return;
    }
    let segmentPattern = "";
    for (const part of parts) {
      if (part.startsWith("{")) {
        const param = parseParam(part.slice(1, -1), template);
        if (param.catchAll || param.optional) {
          throw new HostError(
            "HOST.INVALID_ROUTE",
            `Route "${template}": "${part}" must stand alone in a segment`,
          );
        }
        params.push(param);
        segmentPattern += `(?<p${params.length - 1}>[^/]+?)`;
      } else {
        segmentPattern += escapeRegex(part);
      }
    }
    pattern += slash + segmentPattern;
    precedence.push(parts.length === 1 ? 1 : 2);
  });
  const names = params.map((p) => p.name.toLowerCase());
  if (new Set(names).size !== names.length) {
    throw new HostError("HOST.INVALID_ROUTE", `Route "${template}" repeats a parameter name`);
  }
  const regex = new RegExp(`^${pattern}$`, "i");
  return {
    template: trimmed,
    precedence,
    match(path) {
      const m = regex.exec(path.replace(/^\/+|\/+$/g, ""));
      if (!m) return undefined;
      const values: Record<string, string> = {};
      for (const [i, param] of params.entries()) {
        const raw = m.groups?.[`p${i}`];
        if (raw === undefined || raw === "") {
          if (param.defaultValue !== undefined) values[param.name] = param.defaultValue;
          continue;
        }
        let value: string;
        try {
          value = param.catchAll ? raw : decodeURIComponent(raw);
        } catch {
          return undefined;
        }
        if (!param.checks.every((check) => check(value))) return undefined;
        values[param.name] = value;
      }
      return values;
    },
  };
}

/** Orders routes as ASP.NET does for inbound matching. */
export function byPrecedence(a: CompiledRoute, b: CompiledRoute): number {
  const n = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < n; i++) {
    const x = a.precedence[i] ?? 0;
    const y = b.precedence[i] ?? 0;
    if (x !== y) return x - y;
  }
  return b.precedence.length - a.precedence.length;
}
