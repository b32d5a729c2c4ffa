// The combined markdown table of every tenant size's result (bench/results/scan.md and the README).
import { type ScanBenchResult, TARGETS } from "./scanBenchResult.js";

const n = (v: number) => v.toLocaleString("en-US");
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;
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
      loop.basis === "extrapolated"
        ? `per-user loop, extrapolated from a sample of ${n(loop.sampleUsers)} users`
        : `per-user loop, all ${n(loop.sampleUsers)} users`;
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
      `| ${n(r.users)} | ${r.ratios.cadenceHttpVsLowerBound} ${ok(r.targetsMet.cadenceVsLowerBound)} | ${est}${r.ratios.loopVsCadenceGraphRequests} ${ok(r.targetsMet.loopVsCadenceRequests)} | ${est}${r.ratios.loopVsCadenceHttpRequests} | ${est}${r.ratios.loopVsCadenceWall} ${ok(r.targetsMet.loopVsCadenceWall)} | ${est}${r.ratios.loopVsCadenceBytes} | ${r.incremental.status} | ${statuses} |`,
    );
  }
  rows.push("");
  for (const r of results) {
    const c = r.cadence;
    const l = r.loop.measured.calendars;
    rows.push(
      `- ${n(r.users)} users: Cadence spent ${time(c.directoryMs)} on the directory and ${time(c.calendarMs)} on ` +
        `calendars (${n(c.calendarReads)} shards, ${n(c.mailboxesRead)} mailboxes, ${n(c.eventsRead)} events, ` +
        `${perEvent(c.stats.bytesReceived, c.eventsRead)} per event with \`$select\`), CPU ${time(c.cpuMs)}; ` +
        `the loop read ${n(l.events)} events from ${n(l.users)} users (${perEvent(l.bytesReceived, l.events)} per event ` +
        `without \`$select\`, ${n(l.failedUsers)} users without a readable mailbox), CPU ${time(r.loop.measured.cpuMs)}.`,
    );
  }
  return `${rows.join("\n")}\n`;
}
