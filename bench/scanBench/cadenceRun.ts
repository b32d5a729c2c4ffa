// Child process: one full Cadence scan against the simulator, wired exactly as `cadence scan` wires it, so its
// peak RSS and CPU are Cadence's alone. Prints one JSON line (CadenceMeasurement).
import { readFileSync } from "node:fs";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { createGraphGateway } from "../../shared/graph/createGraphGateway.js";
import { readEvents } from "../../shared/graph/readEvents.js";
import type { GraphStats } from "../../shared/graph/types.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import type { DirectoryEntry, ScanGraph } from "../../shared/usecases/ports/scanPorts.js";
import { runScanInProcess } from "../../shared/usecases/runScanInProcess.js";
import { readChildInput } from "./childInput.js";
import { managersToRead } from "./lowerBound.js";

export interface CadenceMeasurement {
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of this process over its whole life (Node itself included), MiB. */
  peakRssMiB: number;
  /** Resident set before the scan started (Node, the SDKs, compiled code), MiB. */
  startRssMiB: number;
  stats: GraphStats;
  counts: Record<string, number>;
  errors: string[];
  pairs: number;
  directoryUsers: number;
  /** Managers with at least one pair not excluded by the directory: the mailboxes a scan must read. */
  managersToRead: number;
  /** Mailboxes the scan actually asked the calendar reader for, and how many reader calls (shards) it made. */
  mailboxesRead: number;
  calendarReads: number;
  /** Series masters read to confirm series the calendarViews could not settle (once per run). */
  seriesMastersRead: number;
  /** Calendar items the scan received (occurrences and single events), to put bytes per event side by side. */
  eventsRead: number;
  /** Where the wall time went: reading the directory, then from the first calendar read to the last answer. */
  directoryMs: number;
  calendarMs: number;
}

const input = readChildInput();
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const startRss = process.resourceUsage().maxRSS * 1024;
const cpuStart = process.cpuUsage();
const started = performance.now();

const gateway = createGraphGateway({
  tenantId: input.tenantId,
  clientId: input.clientId,
  clientSecret: input.clientSecret,
  authorityHost: input.login,
  graphBaseUrl: input.graph,
  caPem: readFileSync(input.caCert, "utf8"),
});
const real = scanGraphFromGateway(gateway);
// Observes the port without changing what it does: the directory it saw and the mailboxes it was asked for.
let directory: DirectoryEntry[] = [];
const mailboxes = new Set<string>();
let calendarReads = 0;
let eventsRead = 0;
let directoryMs = 0;
let firstCalendarRead: number | undefined;
let lastCalendarAnswer = 0;
let seriesMastersRead = 0;
const graph: Required<ScanGraph> = {
  async listUsers() {
    const t = performance.now();
    directory = await real.listUsers();
    directoryMs = performance.now() - t;
    return directory;
  },
  async readCalendarViews(ids, window) {
    calendarReads++;
    firstCalendarRead ??= performance.now();
    for (const id of ids) mailboxes.add(id);
    const read = await real.readCalendarViews(ids, window);
    lastCalendarAnswer = performance.now();
    for (const result of read.values()) if (result.ok) eventsRead += result.value.length;
    return read;
  },
  // Production confirms series only a master can settle; without this the bench would skip those reads.
  readEvents(refs) {
    seriesMastersRead += refs.length;
    return readEvents(gateway, refs);
  },
};
const store = new MemoryScanStore();
const run = await runScanInProcess({
  graph,
  store,
  clock: { now: () => new Date(input.now) },
  policy: defaultCadencePolicy,
  runSuffix: () => "bench",
});
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);

const result: CadenceMeasurement = {
  wallMs: Math.round(wallMs),
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
  startRssMiB: mib(startRss),
  stats: gateway.stats(),
  counts: run.counts,
  errors: run.errors,
  pairs: run.pairs,
  directoryUsers: directory.length,
  managersToRead: managersToRead(directory).size,
  mailboxesRead: mailboxes.size,
  calendarReads,
  eventsRead,
  seriesMastersRead,
  directoryMs: Math.round(directoryMs),
  calendarMs: Math.round(firstCalendarRead === undefined ? 0 : lastCalendarAnswer - firstCalendarRead),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
