import { readFileSync } from "node:fs";
import * as templating from "adaptivecards-templating";
import { describe, expect, it } from "vitest";
import type { PairStatus } from "../../../shared/domain/pairResult.js";
import { buildReportModel } from "../../../shared/domain/report/buildReportModel.js";
import { buildDigestCard } from "../../../shared/teams/buildDigestCard.js";
import { WORKFLOW_MAX_BYTES, workflowMessageBytes } from "../../../shared/teams/workflowMessage.js";
import { countsOf, pair, run } from "../report/reportRecords.js";
import { adaptiveCardValidator } from "./adaptiveCardSchema.js";

const validate = adaptiveCardValidator();
const AT = "2026-11-25T09:00:00.000Z";
const WEEK_AGO = "2026-11-18T09:00:00.000Z";
const STATUSES: PairStatus[] = ["healthy", "belowTarget", "scheduled", "lapsed", "missing", "excluded"];

/** A 10,000-user organisation as pair records: 9,999 reports under managers of 1–12 directs, long names. */
function tenThousandUsers() {
  const pairs = [];
  let manager = 0;
  for (let report = 1; report < 10_000; report++) {
    if (report % ((manager % 12) + 1) === 0) manager++;
    pairs.push(
      pair("r2", AT, {
        manager: `manager${manager}`,
        report: `user${report}`,
        status: STATUSES[(report * 7) % STATUSES.length]!,
        heldDaysAgo: report % 5 === 0 ? null : (report * 13) % 89,
        managerName: `Maximiliane Alexandrina von Hohenzollern-Sigmaringen ${manager} “Ö”`,
        reportName: `Bartholomew Ignatius Featherstonehaugh-Cholmondeley ${report}`,
        department: `Department of Very Long Names ${report % 40}`,
      }),
    );
  }
  return pairs;
}

function modelOf(pairs: ReturnType<typeof tenThousandUsers>) {
  const latest = run("r2", AT, countsOf(pairs));
  return buildReportModel({
    latest: { run: latest, pairs },
    history: [run("r1", WEEK_AGO, { healthy: 40, missing: 60 }), latest],
    now: new Date(AT),
    minGroupSize: 5,
  });
}

describe("buildDigestCard", () => {
  it("the template with its sample data expands to a valid Adaptive Card 1.5", () => {
    const template = JSON.parse(readFileSync("cards/weeklyDigest.json", "utf8"));
    const sample = JSON.parse(readFileSync("cards/weeklyDigest.sample.json", "utf8"));
    const card = new templating.Template(template).expand({ $root: sample });
    expect(validate(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain("${");
  });

  it("stays a valid card within 28 KB for a 10,000-user tenant, ending the gap list with 'and N more'", () => {
    const model = modelOf(tenThousandUsers());
    expect(model.needsAction.length).toBeGreaterThan(4000);
    const digest = buildDigestCard(model, { reportUrl: "https://cadence.example/api/report" });
    expect(validate(digest.card)).toEqual([]);
    expect(digest.bytes).toBe(workflowMessageBytes(digest.message));
    expect(digest.bytes).toBeLessThanOrEqual(WORKFLOW_MAX_BYTES);
    expect(digest.gapsShown).toBe(10);
    expect(digest.more).toBe(model.needsAction.length - 10);
    const text = JSON.stringify(digest.card);
    expect(text).toContain(`…and ${digest.more} more`);
    expect(text).toContain(`${model.health.percent!.toFixed(1)}%`);
    expect(text).toContain("points since 2026-11-18");
  });

  it("lists fewer gaps when the card would not fit, and says how many it left out", () => {
    const model = modelOf(tenThousandUsers());
    const digest = buildDigestCard(model, { maxGaps: 40, maxBytes: 6_000 });
    expect(digest.bytes).toBeLessThanOrEqual(6_000);
    expect(digest.gapsShown).toBeLessThan(40);
    expect(digest.more).toBe(model.needsAction.length - digest.gapsShown);
    expect(validate(digest.card)).toEqual([]);
  });

  it("is wrapped as Teams expects and links to the report with Action.OpenUrl only", () => {
    const digest = buildDigestCard(modelOf(tenThousandUsers().slice(0, 50)), {
      reportUrl: "https://cadence.example/api/report",
    });
    expect(digest.message).toMatchObject({
      type: "message",
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null }],
    });
    expect(digest.card).toMatchObject({
      type: "AdaptiveCard",
      version: "1.5",
      actions: [{ type: "Action.OpenUrl", url: "https://cadence.example/api/report" }],
    });
    expect(JSON.stringify(digest.card)).not.toMatch(/Action\.(Submit|Execute)/);
  });

  it("leaves the link out without a report URL and says when nothing needs action", () => {
    const healthy = [pair("r2", AT, { manager: "a", report: "b", status: "healthy", heldDaysAgo: 2 })];
    const digest = buildDigestCard(modelOf(healthy));
    expect(validate(digest.card)).toEqual([]);
    expect((digest.card as { actions?: unknown[] }).actions ?? []).toEqual([]);
    expect(JSON.stringify(digest.card)).toContain("No pair needs action.");
  });
});
