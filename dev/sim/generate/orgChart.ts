// The generated org chart: a CEO, department heads, and managers with 3–12 directs, at most 6 levels deep.
import type { Prng } from "./prng.js";
import { DEPARTMENTS, SITES, type Site, type Weekday } from "./sites.js";

export interface WorkingHours {
  days: readonly Weekday[];
  /** Local `HH:mm` in the person's zone. */
  start: string;
  end: string;
}

export interface Person {
  id: string;
  upn: string;
  displayName: string;
  givenName: string;
  surname: string;
  department: string;
  jobTitle: string;
  managerId: string | null;
  /** 1 for the CEO. */
  level: number;
  site: Site;
  workingHours: WorkingHours;
  accountEnabled: boolean;
  hasMailbox: boolean;
  directs: Person[];
}

export const MIN_SPAN = 3;
export const MAX_SPAN = 12;
export const MAX_DEPTH = 6;
const DOMAIN = "contoso.onmicrosoft.com";

/** Builds the people of a tenant; flags (disabled, no mailbox) are set later by the caller. */
export function buildOrgChart(users: number, rng: Prng): Person[] {
  const sizes = levelSizes(users, rng.int(7, 11));
  const upns = new Set<string>();
  const continents = rng.shuffle([...new Set(SITES.map((s) => s.continent))]);
  const siteOfContinent = (i: number): Site =>
    rng.pick(SITES.filter((s) => s.continent === continents[i % continents.length]));

  const ceo = makePerson(rng, upns, {
    level: 1,
    managerId: null,
    department: "Executive Office",
    site: siteOfContinent(0),
  });
  ceo.jobTitle = "Chief Executive Officer";
  const people: Person[] = [ceo];
  let level: Person[] = [ceo];
  for (let depth = 1; depth < sizes.length; depth++) {
    const childCount = sizes[depth]!;
    const spans = spread(childCount, level.length, rng);
    // Which people manage is random; the order they appear in stays the creation order, for readable output.
    const chosen = rng
      .shuffle(level.map((_, i) => i))
      .slice(0, spans.length)
      .sort((a, b) => a - b);
    const managers = chosen.map((i) => level[i]!);
    const next: Person[] = [];
    managers.forEach((manager, i) => {
      for (let k = 0; k < spans[i]!; k++) {
        const isHead = depth === 1;
        const site = isHead
          ? siteOfContinent(k + 1)
          : rng.chance(0.75)
            ? manager.site
            : rng.chance(0.5)
              ? rng.pick(SITES.filter((s) => s.continent === manager.site.continent))
              : rng.pick(SITES);
        const child = makePerson(rng, upns, {
          level: depth + 1,
          managerId: manager.id,
          department: isHead ? DEPARTMENTS[k % DEPARTMENTS.length]! : manager.department,
          site,
        });
        manager.directs.push(child);
        next.push(child);
      }
    });
    people.push(...next);
    level = next;
  }
  for (const person of people) person.jobTitle = jobTitle(person, rng);
  return people;
}

/**
 * People per level: the CEO, 7–11 department heads (capped by size), then geometric growth, as deep as the size
 * allows (≤ 6 levels) while the org keeps growing at least threefold per level and every manager has 3–12 directs.
 */
export function levelSizes(users: number, heads: number): number[] {
  // Tiny orgs may not fit the wished-for number of heads (10 users = CEO + 9), so other head counts are tried.
  for (const top of [heads, users - 1, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3]) {
    if (top < MIN_SPAN || top > Math.min(MAX_SPAN, users - 1)) continue;
    const sizes = levelSizesWithHeads(users, top);
    if (sizes) return sizes;
  }
  throw new RangeError(`Cannot shape an org of ${users} users with spans ${MIN_SPAN}–${MAX_SPAN}`);
}

function levelSizesWithHeads(users: number, top: number): number[] | undefined {
  let fallback: number[] | undefined;
  for (let depth = MAX_DEPTH; depth >= 2; depth--) {
    const ratio = depth > 2 ? solveRatio((users - 1) / top, depth - 1) : 0;
    const sizes = [1, top];
    for (let k = 1; k < depth - 2; k++) sizes.push(Math.max(MIN_SPAN, Math.round(top * ratio ** k)));
    if (depth > 2) sizes.push(users - sizes.reduce((a, b) => a + b, 0));
    const feasible =
      sizes.reduce((a, b) => a + b, 0) === users &&
      sizes.every((size, k) => k === 0 || (size >= MIN_SPAN && size <= MAX_SPAN * sizes[k - 1]!));
    if (!feasible) continue;
    if (depth === 2 || ratio >= 3) return sizes;
    fallback ??= sizes;
  }
  return fallback;
}

/** The growth r with 1 + r + … + r^(levels-1) = total. */
function solveRatio(total: number, levels: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    let sum = 0;
    for (let k = 0; k < levels; k++) sum += mid ** k;
    if (sum < total) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Splits `children` over some of `available` managers, each getting 3–12. */
function spread(children: number, available: number, rng: Prng): number[] {
  const fewest = Math.ceil(children / MAX_SPAN);
  const most = Math.min(available, Math.floor(children / MIN_SPAN));
  const wanted = Math.round(children / (5 + rng.next() * 4));
  const count = Math.min(most, Math.max(fewest, wanted));
  const spans = new Array<number>(count).fill(MIN_SPAN);
  const open = spans.map((_, i) => i);
  for (let extra = children - MIN_SPAN * count; extra > 0; extra--) {
    const at = Math.floor(rng.next() * open.length);
    const index = open[at]!;
    spans[index]! += 1;
    if (spans[index] === MAX_SPAN) open.splice(at, 1);
  }
  return spans;
}

function makePerson(
  rng: Prng,
  upns: Set<string>,
  at: { level: number; managerId: string | null; department: string; site: Site },
): Person {
  const given = rng.pick(at.site.names.given);
  const family = rng.pick(at.site.names.family);
  // Some tenants sync "Family, Given" from HR systems; Cadence must not split names on commas.
  const displayName = rng.chance(0.2) ? `${family}, ${given}` : `${given} ${family}`;
  const base = `${asciiLocalPart(given)}.${asciiLocalPart(family)}`;
  let upn = `${base}@${DOMAIN}`;
  for (let n = 2; upns.has(upn); n++) upn = `${base}${n}@${DOMAIN}`;
  upns.add(upn);
  return {
    id: rng.uuid(),
    upn,
    displayName,
    givenName: given,
    surname: family,
    department: at.department,
    jobTitle: "",
    managerId: at.managerId,
    level: at.level,
    site: at.site,
    workingHours: workingHours(at.site, at.level > 1 && rng.chance(0.15), rng),
    accountEnabled: true,
    hasMailbox: true,
    directs: [],
  };
}

function workingHours(site: Site, partTime: boolean, rng: Prng): WorkingHours {
  if (partTime) {
    return rng.chance(0.5)
      ? { days: site.workWeek.slice(0, 4), start: "09:00", end: "17:00" }
      : { days: site.workWeek, start: "09:00", end: "13:00" };
  }
  const start = rng.pick(["08:00", "08:30", "09:00", "09:00", "09:30", "10:00"]);
  const [h, m] = start.split(":").map(Number) as [number, number];
  const end = `${String(h + 8).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
  return { days: site.workWeek, start, end };
}

function jobTitle(person: Person, rng: Prng): string {
  if (person.level === 1) return "Chief Executive Officer";
  if (person.level === 2) return `VP ${person.department}`;
  if (person.directs.length > 0)
    return rng.pick([`${person.department} Director`, `${person.department} Manager`]);
  return rng.pick(["Specialist", "Senior Specialist", "Analyst", "Associate", "Lead"]);
}

const FOLD: Record<string, string> = { ł: "l", ø: "o", æ: "ae", ß: "ss", đ: "d", ð: "d", þ: "th", œ: "oe" };

/** UPN local parts are ASCII: "Ó Súilleabháin" → "osuilleabhain", "Łukasz" → "lukasz". */
function asciiLocalPart(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[łøæßđðþœ]/g, (ch) => FOLD[ch] ?? "")
    .replace(/[^a-z0-9-]/g, "");
}
