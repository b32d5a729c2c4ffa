// The combined markdown table of every tenant size's result (bench/results/scan.md and the README).
import { INCREMENTAL_TARGET, type IncrementalMeasurement } from "./incrementalRescan.js";
import { type ScanBenchResult, TARGETS } from "./scanBenchResult.js";

type Measured = Extract<IncrementalMeasurement, { status: "measured" }>;

const n = (v: number) => v.toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
const size = (bytes: number) => (bytes < 1_000_000 ? `${(bytes / 1000).toFixed(1)} kB` : mb(bytes));
const time = (ms: number) =>
  ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
const perEvent = (bytes: number, events: number) =>
  events === 0 ? "n/a" : `${(bytes / events / 1000).toFixed(1)} kB`;
const ok = (met: boolean) => (met ? "✓" : "✗");

export function scanBenchTable(results: readonly ScanBenchResult[]): string {
  const rows = [
    "| users | reader | HTTP round trips | Graph requests | bytes received | wall time | peak RSS | throttled (429) |",
    "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const r of results) {
    const c = r.cadence;
    const loop = r.loop.totals;
    const est = loop.basis === "extrapolated" ? "≈ " : "";
    const loopLabel =
      (loop.basis === "extrapolated"
        ? `per-user loop, extrapolated from a sample of ${n(loop.sampleUsers)} users`
        : `per-user loop, all ${n(loop.sampleUsers)} users`) +
      (r.loop.reusedFrom ? ` (measured ${r.loop.reusedFrom.slice(0, 10)}, not re-run)` : "");
    rows.push(
      `| ${n(r.users)} | Cadence | ${n(c.stats.httpRequests)} | ${n(c.stats.requests)} | ${mb(c.stats.bytesReceived)} | ${time(c.wallMs)} | ${c.peakRssMiB} MiB | ${n(c.stats.throttled)} |`,
      `| ${n(r.users)} | ${loopLabel} | ${est}${n(loop.requests)} | ${est}${n(loop.requests)} | ${est}${mb(loop.bytesReceived)} | ${est}${time(loop.wallMs)} | ${r.loop.measured.peakRssMiB} MiB${loop.basis === "extrapolated" ? " (the sample's run)" : ""} | ${n(r.loop.measured.throttled)} |`,
      `| ${n(r.users)} | lower bound: ${r.lowerBound.directoryPages} directory pages + ceil(${n(r.lowerBound.managersToRead)} managers / 20) | ${n(r.lowerBound.total)} | | | | | |`,
    );
  }
  rows.push(
    "",
    `| users | Cadence HTTP / lower bound (≤ ${TARGETS.cadenceVsLowerBound}) | loop / Cadence Graph requests (≥ ${TARGETS.loopVsCadenceRequests}) | loop / Cadence HTTP round trips | loop / Cadence wall time (≥ ${TARGETS.loopVsCadenceWall}) | loop / Cadence bytes | incremental rescan after 1% changed (≤ 10% of full) | statuses |`,
    "| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
  );
  for (const r of results) {
    const est = r.loop.totals.basis === "extrapolated" ? "≈ " : "";
    const statuses = Object.entries(r.cadence.counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status} ${n(count)}`)
      .join(", ");
    rows.push(
      `| ${n(r.users)} | ${r.ratios.cadenceHttpVsLowerBound} ${ok(r.targetsMet.cadenceVsLowerBound)} | ${est}${r.ratios.loopVsCadenceGraphRequests} ${ok(r.targetsMet.loopVsCadenceRequests)} | ${est}${r.ratios.loopVsCadenceHttpRequests} | ${est}${r.ratios.loopVsCadenceWall} ${ok(r.targetsMet.loopVsCadenceWall)} | ${est}${r.ratios.loopVsCadenceBytes} | ${incrementalCell(r.incremental)} | ${statuses} |`,
    );
  }
  const measured = results.filter(
    (r): r is ScanBenchResult & { incremental: Measured } => r.incremental.status === "measured",
  );
  if (measured.length > 0) rows.push("", ...incrementalRows(measured));
  rows.push("");
  for (const r of results) {
    const c = r.cadence;
    const l = r.loop.measured.calendars;
    rows.push(
      `- ${n(r.users)} users: Cadence spent ${time(c.directoryMs)} on the directory and ${time(c.calendarMs)} on ` +
        `calendars (${n(c.calendarReads)} shards, ${n(c.mailboxesRead)} mailboxes, ${n(c.eventsRead)} events, ` +
        `${n(c.seriesMastersRead ?? 0)} series masters confirmed, ` +
        `${perEvent(c.stats.bytesReceived, c.eventsRead)} per event with \`$select\`), CPU ${time(c.cpuMs)}; ` +
        `the loop read ${n(l.events)} events from ${n(l.users)} users (${perEvent(l.bytesReceived, l.events)} per event ` +
        `without \`$select\`, ${n(l.failedUsers)} users without a readable mailbox), CPU ${time(r.loop.measured.cpuMs)}; ` +
        `status counts against the generator's planted truth: ${countDifferences(r.plantedCounts, c.counts)}.`,
    );
  }
  return `${rows.join("\n")}\n`;
}

function incrementalCell(m: IncrementalMeasurement): string {
  if (m.status !== "measured") return m.status;
  const inc = m.incrementalScan.traffic.httpRequests;
  return `${n(inc)} / ${n(m.referenceScan.traffic.httpRequests)} HTTP = ${m.ratios.httpRequestsVsFull} ${ok(m.targetMet)}`;
}

/** The incremental rescan next to the full scan it replaces, and what keeping the subscriptions costs. */
function incrementalRows(results: ReadonlyArray<ScanBenchResult & { incremental: Measured }>): string[] {
  const rows = [
    `| users | scan | HTTP round trips | Graph requests | bytes (sent + received) | wall time | managers read | incremental / full at T + 1 day: HTTP (≤ ${INCREMENTAL_TARGET}) / Graph requests / bytes |`,
    "| ---: | --- | ---: | ---: | ---: | ---: | --- | --- |",
  ];
  const bytes = (t: { bytesSent: number; bytesReceived: number }) => size(t.bytesSent + t.bytesReceived);
  for (const r of results) {
    const m = r.incremental;
    const f = m.fullScan;
    const i = m.incrementalScan;
    const s = m.subscriptions;
    const reasons = Object.entries(i.rereads)
      .map(([reason, count]) => `${reason} ${n(count)}`)
      .join(", ");
    const renewal = m.renewal.perDay
      ? `${m.renewal.perDay.httpRequests} HTTP / ${m.renewal.perDay.requests} Graph requests / ${size(m.renewal.perDay.bytes)} per day`
      : "no renewal seen";
    rows.push(
      `| ${n(r.users)} | full at T with incremental state (${m.refreshMarginDays}-day refresh margin, + 1 users deltaLink request) | ${n(f.traffic.httpRequests)} | ${n(f.traffic.requests)} | ${bytes(f.traffic)} | ${time(f.wallMs)} | ${n(f.mailboxesRead)} (all) | |`,
      `| ${n(r.users)} | its subscriptions (created once) | ${n(s.traffic.httpRequests)} | ${n(s.traffic.requests)} | ${bytes(s.traffic)} | ${time(s.wallMs)} | ${n(s.created)} created, ${n(s.failed.length)} failed | |`,
      `| ${n(r.users)} | **incremental, at T + 1 day**, after ${n(m.touched.managers)} managers (1%) had ${m.touched.eventsPerManager} events touched | ${n(i.traffic.httpRequests)} | ${n(i.traffic.requests)} | ${bytes(i.traffic)} | ${time(i.wallMs)} | ${n(i.mailboxesRead)} (${reasons || "none"}) | **${m.ratios.httpRequestsVsFull} ${ok(m.targetMet)}** / ${m.ratios.graphRequestsVsFull} / ${m.ratios.bytesVsFull} |`,
      `| ${n(r.users)} | full again at T + 1 day (reference) | ${n(m.referenceScan.traffic.httpRequests)} | ${n(m.referenceScan.traffic.requests)} | ${bytes(m.referenceScan.traffic)} | ${time(m.referenceScan.wallMs)} | | ${n(m.comparison.mismatches)} of ${n(m.comparison.compared)} pairs differ from the incremental scan |`,
      `| ${n(r.users)} | subscription renewals, amortised (renewed on days ${m.renewal.renewalDays.join(", ")} of a replayed daily timer) | | | | | | ${renewal} |`,
    );
  }
  return rows;
}

/** How a scan's status counts differ from the planted ones ("identical" when they do not). */
export function countDifferences(planted: Record<string, number>, got: Record<string, number>): string {
  const statuses = [...new Set([...Object.keys(planted), ...Object.keys(got)])].sort();
  const diffs = statuses
    .map((status) => [status, (got[status] ?? 0) - (planted[status] ?? 0)] as const)
    .filter(([, d]) => d !== 0)
    .map(([status, d]) => `${status} ${d > 0 ? "+" : "−"}${n(Math.abs(d))}`);
  return diffs.length === 0 ? "identical" : diffs.join(", ");
}
