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

function parseParam(text: string, template: string): Param {
  const fail = (): never => {
    throw new HostError("HOST.INVALID_ROUTE", `Route "${template}": cannot parse parameter "{${text}}"`);
  };
  const head = /^(\*{1,2})?([A-Za-z_][\w-]*)/.exec(text) ?? fail();
  const [, star, name = ""] = head;
  let rest = text.slice(head[0].length);
  const checks: Check[] = [];
  let optional = Boolean(star);
  let defaultValue: string | undefined;
  while (rest) {
    if (rest === "?") {
      optional = true;
      break;
    }
    if (rest.startsWith("=")) {
      defaultValue = rest.slice(1);
      break;
    }
    const c = /^:([A-Za-z]+)/.exec(rest) ?? fail();
    rest = rest.slice(c[0].length);
    let arg: string | undefined;
    if (rest.startsWith("(")) {
      // An argument (a regex, say) may hold parentheses: it ends at the ")" that ends the constraint.
      const close = /\)(?=$|:|\?|=)/.exec(rest) ?? fail();
      arg = rest.slice(1, close.index);
      rest = rest.slice(close.index + 1);
    }
    checks.push(constraint(c[1] ?? "", arg, template));
  }
  return { name, catchAll: Boolean(star), optional, defaultValue, checks };
}

type Part = { literal: string } | { param: string };

/** Splits a segment into literals and parameters; `{{` and `}}` stand for literal braces, as in ASP.NET. */
function segmentParts(segment: string, template: string): Part[] {
  const parts: Part[] = [];
  let literal = "";
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    const next = segment[i + 1];
    if ((ch === "{" && next === "{") || (ch === "}" && next === "}")) {
      literal += ch;
      i++;
    } else if (ch === "{") {
      if (literal) parts.push({ literal });
      literal = "";
      let param = "";
      for (i++; i < segment.length; i++) {
        const c = segment[i];
        if ((c === "{" || c === "}") && segment[i + 1] === c) {
          param += c;
          i++;
        } else if (c === "}") break;
        else param += c;
      }
      if (i >= segment.length) {
        throw new HostError("HOST.INVALID_ROUTE", `Route "${template}": unclosed "{" in "${segment}"`);
      }
      parts.push({ param });
    } else if (ch === "}") {
      throw new HostError("HOST.INVALID_ROUTE", `Route "${template}": unmatched "}" in "${segment}"`);
    } else literal += ch;
  }
  if (literal) parts.push({ literal });
  return parts;
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
    const parts = segmentParts(segment, template);
    const slash = index === 0 ? "" : "/";
    const first = parts[0];
    const only =
      parts.length === 1 && first && "param" in first ? parseParam(first.param, template) : undefined;
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
      if ("param" in part) {
        const param = parseParam(part.param, template);
        if (param.catchAll || param.optional) {
          throw new HostError(
            "HOST.INVALID_ROUTE",
            `Route "${template}": "{${part.param}}" must stand alone in a segment`,
          );
        }
        params.push(param);
        segmentPattern += `(?<p${params.length - 1}>[^/]+?)`;
      } else {
        segmentPattern += escapeRegex(part.literal);
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
