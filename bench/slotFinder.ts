// Slot-finder throughput: findSlots over seeded random, realistic pairs (mostly same-region zones, some
// intercontinental, Windows and IANA names, a working week's worth of meetings each, managers with several reports
// whose earlier proposals are `taken`). Prints pairs/second; nothing here passes or fails.
// Run: npm run build --silent && node dist/bench/slotFinder.js [--pairs 20000] [--seed 7]
import { findSlots } from "../shared/domain/scheduling/findSlots.js";
import type {
  BusyItem,
  FreeBusyStatus,
  PersonAvailability,
  Slot,
  Weekday,
} from "../shared/domain/scheduling/slotTypes.js";
import { toIanaZone } from "../shared/domain/timeZone.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
};
const totalPairs = option("pairs", 20_000);
const seed = option("seed", 7);

// mulberry32: small, seeded, good enough to spread inputs.
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const REGIONS: readonly (readonly string[])[] = [
  [
    "Europe/Rome",
    "W. Europe Standard Time",
    "Europe/London",
    "GMT Standard Time",
    "Europe/Paris",
    "Europe/Warsaw",
  ],
  [
    "America/New_York",
    "Eastern Standard Time",
    "Central Standard Time",
    "Pacific Standard Time",
    "America/Denver",
  ],
  ["Asia/Kolkata", "India Standard Time", "Asia/Kathmandu", "Asia/Dubai", "Asia/Singapore"],
  ["Asia/Tokyo", "Tokyo Standard Time", "Australia/Sydney", "AUS Eastern Standard Time", "Pacific/Auckland"],
];
const HOURS: readonly [string, string][] = [
  ["08:00", "17:00"],
  ["09:00", "17:00"],
  ["09:00", "18:00"],
  ["08:30", "16:30"],
  ["10:00", "19:00"],
];
const MON_FRI: Weekday[] = ["monday", "tuesday", "wednesday", "thursday", "friday"];
const STATUSES: FreeBusyStatus[] = ["busy", "busy", "busy", "tentative", "oof", "free", "workingElsewhere"];
const now = new Date("2027-03-01T07:00:00Z");

function person(region: readonly string[]): PersonAvailability {
  const zone = pick(region);
  const [startTime, endTime] = pick(HOURS);
  const busy: BusyItem[] = [];
  // About 3 meetings a working day over the six weeks the finder reads, 30–120 minutes on the quarter hour.
  const count = 60 + Math.floor(random() * 70);
  for (let i = 0; i < count; i++) {
    const start = now.getTime() + Math.floor(random() * 44 * 96) * 15 * 60_000;
    const minutes = 30 * (1 + Math.floor(random() * 4));
    busy.push({ start: new Date(start), end: new Date(start + minutes * 60_000), status: pick(STATUSES) });
  }
  return {
    timeZone: toIanaZone(zone),
    workingHours: { daysOfWeek: MON_FRI, startTime, endTime, timeZone: zone },
    busy,
  };
}

/** Managers with 1–8 reports each; 80% of reports share the manager's region. */
function workload(pairs: number) {
  const managers: { manager: PersonAvailability; reports: PersonAvailability[] }[] = [];
  let made = 0;
  while (made < pairs) {
    const region = pick(REGIONS);
    const size = Math.min(pairs - made, 1 + Math.floor(random() * 8));
    managers.push({
      manager: person(region),
      reports: Array.from({ length: size }, () => person(random() < 0.8 ? region : pick(REGIONS))),
    });
    made += size;
  }
  return managers;
}

function run(managers: ReturnType<typeof workload>) {
  let found = 0;
  let pairs = 0;
  for (const { manager, reports } of managers) {
    const taken: Slot[] = [];
    for (const report of reports) {
      const result = findSlots({ now, manager, report, taken });
      pairs++;
      if (result.ok) {
        found++;
        taken.push(result.slots[0]!);
      }
    }
  }
  return { pairs, found };
}

run(workload(500)); // warm the JIT and the zone tables
const managers = workload(totalPairs);
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const { pairs, found } = run(managers);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
// CPU time too: on a shared machine wall time measures the neighbours as much as the finder.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `slotFinder: ${pairs} pairs (seed ${seed}), ${found} with a slot, ${pairs - found} noSlot\n` +
    `  wall ${seconds.toFixed(2)} s = ${Math.round(pairs / seconds)} pairs/s (${Math.round((seconds / pairs) * 1e6)} µs/pair)\n` +
    `  cpu  ${cpuSeconds.toFixed(2)} s = ${Math.round(pairs / cpuSeconds)} pairs/s per core (${Math.round((cpuSeconds / pairs) * 1e6)} µs/pair)\n`,
);
