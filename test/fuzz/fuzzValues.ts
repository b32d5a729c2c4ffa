// The fuzz tests' shared seed and the odd values they feed where a well-formed one is expected.
import fc from "fast-check";

/** One seed for every fuzz property: each run checks the same inputs; fast-check prints it with a failure. */
export const FUZZ_SEED = 20_261_125;

/** Any JSON-ish value of the wrong kind: null, numbers at the edges, strings, arrays, objects. */
export const garbageValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 1e308, -0, Number.NaN, "", " ", "null", "[]", "{}"),
  // Names every object answers to: a lookup by a key from input must not find Object.prototype's members.
  fc.constantFrom("constructor", "__proto__", "toString", "valueOf", "hasOwnProperty"),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), {
    maxKeys: 3,
  }),
);

/** Zone names Graph sends, and ones it doesn't. */
export const weirdTimeZone: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "UTC",
    "utc",
    "Europe/Rome",
    "Pacific Standard Time",
    "tzone://Microsoft/Utc",
    "Customized Time Zone",
    "Mars/Olympus_Mons",
    "UTC+25:00",
    "Etc/GMT+14",
    "Etc/GMT-15",
    "Z",
    "",
    "Europe/../etc/passwd",
  ),
  garbageValue,
);

/** Local date-times as Graph writes them, edge dates, and strings that only look like dates. */
export const weirdDateTime: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "2026-11-20T10:00:00.0000000",
    "2026-11-20T10:00:00Z",
    "2026-11-20T10:00:00+05:30",
    "2026-02-30T10:00:00.0000000",
    "2026-11-20T25:61:00.0000000",
    "2026-11-20",
    "0000-01-01T00:00:00",
    "+275760-09-13T00:00:00",
    "-271821-04-20T00:00:00",
    "9999-12-31T23:59:59.9999999",
    "2026-03-29T02:30:00.0000000",
    "yesterday",
    "",
  ),
  fc
    .integer({ min: -200 * 1440, max: 100 * 1440 })
    .map((minutes) =>
      new Date(Date.parse("2026-11-25T09:00:00Z") + minutes * 60_000).toISOString().slice(0, 19),
    ),
  garbageValue,
);

export type Path = (string | number)[];

/** Every path in a JSON value, containers included. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) out.push(...pathsOf(v, [...prefix, i]));
  } else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** A field set to another value, or removed. */
export type Mutation = { path: Path; change: { set: unknown } | { remove: true } };

/** A copy of `base` with each mutation applied in turn (a path whose parent is gone is skipped). */
export function mutate(base: unknown, mutations: readonly Mutation[]) {
  const copy = structuredClone(base) as Record<string, unknown>;
  for (const { path, change } of mutations) {
    let parent: Record<string | number, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) {
      const next: unknown = parent?.[key];
      parent = next && typeof next === "object" ? (next as Record<string | number, unknown>) : undefined;
    }
    if (!parent) continue;
    const last = path[path.length - 1]!;
    if ("remove" in change) {
      if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
      else delete parent[last];
    } else parent[last] = change.set;
  }
  return copy;
}
