// `cadence report` in process: a fixture tenant in the embedded simulator, scanned, rendered to --out files.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../cli/command.js";
import { reportArgsSchema, reportCommand } from "../../cli/commands/report.js";
import type { ReportModel } from "../../shared/domain/report/reportModel.js";

const SECRET_SUBJECT = "Performance concern SECRET-SUBJECT-7";
const SECRET_BODY = "Private matter SECRET-BODY-7";
const mailbox = { timeZone: "Europe/Rome" };
const user = (id: string, displayName: string, department: string, managerId?: string) => ({
  id,
  displayName,
  userPrincipalName: `${id}@contoso.example`,
  mail: `${id}@contoso.example`,
  department,
  ...(managerId ? { managerId } : {}),
  mailboxSettings: mailbox,
});
const oneOnOne = (organizer: string, attendee: string, start: string, withSecrets = false) => ({
  mailbox: `${organizer}@contoso.example`,
  event: {
    subject: withSecrets ? SECRET_SUBJECT : "1:1",
    ...(withSecrets ? { body: { contentType: "text", content: SECRET_BODY } } : {}),
    start: { dateTime: start, timeZone: "UTC" },
    end: {
      dateTime: start.replace(/T(\d\d)/, (_, h: string) => `T${String(Number(h) + 1).padStart(2, "0")}`),
      timeZone: "UTC",
    },
    attendees: [{ type: "required", emailAddress: { address: `${attendee}@contoso.example` } }],
    recurrence: {
      pattern: { type: "weekly", interval: 2, daysOfWeek: ["monday"], firstDayOfWeek: "monday" },
      range: { type: "noEnd", startDate: start.slice(0, 10) },
    },
    createdDateTime: "2026-08-01T00:00:00Z",
  },
});

const FIXTURE = {
  now: "2026-11-25T09:00:00Z",
  users: [
    user("ceo", "Chief, Exec", "Board"),
    user("ana", 'Ana "Boss" Ørsted', "Sales", "ceo"),
    user("ben", "Ben, Jr.", "Sales", "ana"),
    user("cleo", "Cléo Ñúñez", "Sales", "ana"),
    user("dan", "Dan =cmd", "Ops", "ceo"),
    user("eli", "Eli\nNewline", "Ops", "dan"),
  ],
  events: [
    oneOnOne("ana", "ben", "2026-09-07T09:00:00", true),
    oneOnOne("dan", "eli", "2026-09-07T10:00:00"),
  ],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cadence-report-cli-"));
  await writeFile(join(dir, "tenant.json"), JSON.stringify(FIXTURE));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function report(format: string, ...extra: string[]): Promise<string> {
  const out = join(dir, `report-${format}-${extra.length}.${format}`);
  const code = await reportCommand.run([
    "--fixture",
    join(dir, "tenant.json"),
    "--format",
    format,
    "--out",
    out,
    ...extra,
  ]);
  expect(code).toBe(0);
  return readFile(out, "utf8");
}

describe("cadence report", () => {
  it("JSON: the model of the fixture's scan, one manager row per manager", async () => {
    const model = JSON.parse(await report("json")) as ReportModel;
    expect(model.generatedAt).toBe("2026-11-25T09:00:00.000Z");
    expect(model.managers.map((m) => m.name)).toEqual(['Ana "Boss" Ørsted', "Chief, Exec", "Dan =cmd"]);
    expect(model.totals.pairs).toBe(5);
    expect(model.pairs.find((p) => p.reportName === "Ben, Jr.")?.status).toBe("healthy");
  });

  it("CSV: one row per pair, hostile names intact after a round trip", async () => {
    const rows = parse(await report("csv"), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => `${r.manager} → ${r.report}`).sort()).toEqual(
      [
        'Ana "Boss" Ørsted → Ben, Jr.',
        'Ana "Boss" Ørsted → Cléo Ñúñez',
        "Chief, Exec → Dan =cmd",
        'Chief, Exec → Ana "Boss" Ørsted',
        "Dan =cmd → Eli\nNewline",
      ].sort(),
    );
  });

  it("HTML: a whole page; the filters narrow it", async () => {
    const html = await report("html");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("Ana &quot;Boss&quot; Ørsted");
    const ops = JSON.parse(await report("json", "--department", "Ops")) as ReportModel;
    expect(ops.pairs.map((p) => p.reportName)).toEqual(["Dan =cmd", "Eli\nNewline"]);
  });

  it("never carries a meeting subject or body, in any format", async () => {
    for (const format of ["json", "csv", "html"]) {
      const text = await report(format);
      expect(text).not.toContain("SECRET-SUBJECT");
      expect(text).not.toContain("SECRET-BODY");
    }
  });

  it("rejects bad arguments with a usage error", async () => {
    await expect(reportCommand.run(["--format", "pdf", "--fixture", "x"])).rejects.toBeInstanceOf(UsageError);
    await expect(reportCommand.run(["--nope"])).rejects.toBeInstanceOf(UsageError);
    await expect(reportCommand.run(["--min-group-size", "0"])).rejects.toThrow(
      "--min-group-size: must be at least 1",
    );
    expect(reportArgsSchema.safeParse({ minGroupSize: "0" }).success).toBe(false);
    expect(reportArgsSchema.parse({})).toMatchObject({ format: "html", minGroupSize: 5 });
  });
});
