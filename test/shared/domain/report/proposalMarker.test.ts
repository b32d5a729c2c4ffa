import { describe, expect, it } from "vitest";
import { buildReportModel } from "../../../../shared/domain/report/buildReportModel.js";
import { proposalMarker } from "../../../../shared/domain/report/proposalMarker.js";
import type { SeriesProposal } from "../../../../shared/domain/seriesProposal.js";
import { renderReportCsv } from "../../../../shared/report/renderReportCsv.js";
import { renderReportHtml } from "../../../../shared/report/renderReportHtml.js";
import { countsOf, pair, run } from "../../report/reportRecords.js";

const AT = "2026-11-25T09:00:00.000Z";
const slot = (weekday: "tuesday" | "thursday", localTime: string, start: string) => ({
  start,
  end: new Date(Date.parse(start) + 1_800_000).toISOString(),
  weekday,
  localTime,
  occurrences: [{ start, end: new Date(Date.parse(start) + 1_800_000).toISOString() }],
  managerTimeZone: "Europe/Rome",
  reportTimeZone: "America/New_York",
});

function proposal(report: string, over: Partial<SeriesProposal>): SeriesProposal {
  return {
    proposalId: `p-${report}`,
    generation: 1,
    managerId: "id-ada",
    managerUpn: "ada@contoso.com",
    managerName: "ada",
    reportId: `id-${report}`,
    reportUpn: `${report}@contoso.com`,
    reportName: report,
    pairStatus: "missing",
    state: "proposed",
    slots: [
      slot("tuesday", "10:00", "2026-12-01T09:00:00.000Z"),
      slot("thursday", "15:30", "2026-12-03T14:30:00.000Z"),
    ],
    chosenSlot: null,
    organizerTimeZone: "W. Europe Standard Time",
    createdAt: AT,
    updatedAt: AT,
    expiresAt: "2026-12-09T09:00:00.000Z",
    snoozedUntil: null,
    transactionId: null,
    seriesId: null,
    teamsMeeting: null,
    answeredBy: null,
    note: null,
    ...over,
  };
}

describe("proposalMarker", () => {
  it("says the state and the manager's local time of the slot in play", () => {
    expect(proposalMarker(proposal("b", {}))).toBe("proposed Tue 10:00 Europe/Rome");
    expect(proposalMarker(proposal("b", { state: "creating", chosenSlot: 1 }))).toBe(
      "booking Thu 15:30 Europe/Rome",
    );
    expect(proposalMarker(proposal("b", { state: "created", chosenSlot: 1, seriesId: "AAMk" }))).toBe(
      "series created Thu 15:30 Europe/Rome",
    );
    expect(
      proposalMarker(proposal("b", { state: "snoozed", snoozedUntil: "2026-12-09T09:00:00.000Z" })),
    ).toBe("snoozed until 2026-12-09");
    expect(proposalMarker(proposal("b", { state: "declined" }))).toBe("declined by the manager");
    expect(proposalMarker(proposal("b", { state: "expired" }))).toBeNull();
  });
});

describe("the report's proposal markers", () => {
  const pairs = [
    pair("r1", AT, { manager: "ada", report: "cy", status: "missing", heldDaysAgo: null }),
    pair("r1", AT, { manager: "ada", report: "dee", status: "lapsed", heldDaysAgo: 50 }),
    pair("r1", AT, { manager: "ada", report: "bob", status: "healthy", heldDaysAgo: 3 }),
  ];
  const model = buildReportModel({
    latest: { run: run("r1", AT, countsOf(pairs)), pairs },
    history: [run("r1", AT, countsOf(pairs))],
    now: new Date(AT),
    minGroupSize: 1,
    proposals: [
      proposal("cy", {}),
      proposal("dee", { state: "created", chosenSlot: 0, seriesId: "AAMk" }),
      // Another manager's proposal for the same report id is not this pair's.
      proposal("bob", { managerId: "id-gus" }),
    ],
  });

  it("put each pair's own proposal beside it, in the needing-action list and the CSV", () => {
    const marker = (report: string) => model.pairs.find((p) => p.reportName === report)?.proposal;
    expect(marker("cy")).toBe("proposed Tue 10:00 Europe/Rome");
    expect(marker("dee")).toBe("series created Tue 10:00 Europe/Rome");
    expect(marker("bob")).toBeNull();
    expect(model.needsAction.map((p) => p.proposal).sort()).toEqual([
      "proposed Tue 10:00 Europe/Rome",
      "series created Tue 10:00 Europe/Rome",
    ]);
    expect(renderReportCsv(model)).toContain(",proposed Tue 10:00 Europe/Rome\r\n");
    const html = renderReportHtml(model);
    expect(html).toMatch(/<button type="button">Series<\/button>/);
    expect(html).toContain("<td>series created Tue 10:00 Europe/Rome</td>");
  });

  it("are null for every pair when the report is built without proposals", () => {
    const plain = buildReportModel({
      latest: { run: run("r1", AT, countsOf(pairs)), pairs },
      history: [run("r1", AT, countsOf(pairs))],
      now: new Date(AT),
      minGroupSize: 1,
    });
    expect(plain.pairs.every((p) => p.proposal === null)).toBe(true);
  });
});
