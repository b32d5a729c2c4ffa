// The demo's scheduling step: waits for the plan the completed scan queued, then accepts a few proposals through
// the HTTP API as an admin would and prints the series Graph (the simulator) created.
import type { SeriesProposal } from "../shared/domain/seriesProposal.js";

/** Accepts up to `count` open proposals (each of a different manager); returns the proposals it booked. */
export async function acceptDemoProposals(
  baseUrl: string,
  functionKey: string,
  say: (line: string) => void,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<SeriesProposal[]> {
  const headers = { "x-functions-key": functionKey, "content-type": "application/json" };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let open: SeriesProposal[] = [];
  // Planning runs in its own queue invocation after the scan completes and writes proposals one by one: poll
  // until it has written some and the count holds still for a second.
  for (let seen = -1; (open.length === 0 || open.length !== seen) && Date.now() < deadline; ) {
    seen = open.length;
    await new Promise((r) => setTimeout(r, 1000));
    const res = await fetch(`${baseUrl}/api/proposals?state=proposed`, { headers });
    if (res.status !== 200) throw new Error(`GET /api/proposals answered ${res.status}`);
    open = ((await res.json()) as { proposals: SeriesProposal[] }).proposals;
  }
  say("");
  say(`Series proposals: ${open.length} open (${baseUrl}/api/proposals)`);
  // Pairs across time zones first: they show what the slot finder does.
  const sameZone = (p: SeriesProposal) =>
    p.slots[0]?.managerTimeZone === p.slots[0]?.reportTimeZone ? 1 : 0;
  const picked = [...new Map(open.map((p) => [p.managerId, p])).values()]
    .sort(
      (a, b) =>
        sameZone(a) - sameZone(b) ||
        a.managerUpn.localeCompare(b.managerUpn) ||
        a.reportUpn.localeCompare(b.reportUpn),
    )
    .slice(0, options.count ?? 3);
  const created: SeriesProposal[] = [];
  for (const p of picked) {
    const res = await fetch(`${baseUrl}/api/proposals/${encodeURIComponent(p.proposalId)}/accept`, {
      method: "POST",
      headers,
      body: "{}",
    });
    const body = (await res.json()) as { outcome?: string; reason?: string; proposal?: SeriesProposal };
    const done = body.proposal;
    const slot = done?.slots[done.chosenSlot ?? 0];
    if (res.status !== 200 || body.outcome !== "created" || !done || !slot) {
      say(`  ${pair(p)}: ${body.outcome ?? res.status} — ${body.reason ?? ""}`);
      continue;
    }
    created.push(done);
    say(`  accepted ${pair(done)}: every other ${slot.weekday}`);
    say(
      `    ${local(slot.start, slot.managerTimeZone)} for the manager, ${local(slot.start, slot.reportTimeZone)} for the report`,
    );
    say(`    series ${done.seriesId}${done.teamsMeeting ? " (Teams meeting)" : ""}`);
  }
  return created;
}

function pair(p: SeriesProposal): string {
  return `${p.managerName ?? p.managerUpn} / ${p.reportName ?? p.reportUpn}`;
}

function local(instant: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(instant));
  return `${text} ${timeZone}`;
}
