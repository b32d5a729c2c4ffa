// `cadence plan --create` as an admin runs it: the compiled CLI reading "real Graph" from the GRAPH_* settings,
// which point at a `cadence sim` child process — bookings counted from the simulator's recorded requests.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrustingFetch } from "../../../dev/sim/core/trustingFetch.js";
import { generateTenant } from "../../../dev/sim/generate/generateTenant.js";

const root = resolve(import.meta.dirname, "../../..");
const cli = join(root, "bin/cadence.js");
const SPEC = "users=90,seed=4";
const NOW = generateTenant({ users: 90, seed: 4 }).fixture.now;

interface SimInfo {
  graph: string;
  login: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCert: string;
  control: string;
}
interface PlanJson {
  policy: { mode: string; minNoticeHours: number; newSeries: { numberOfOccurrences: number | null } };
  proposals: Array<{
    managerUpn: string;
    reportUpn: string;
    status: string;
    outcome: string;
    seriesId: string | null;
    slots: unknown[];
  }>;
}

let sim: ChildProcess;
let info: SimInfo;
let trusting: ReturnType<typeof createTrustingFetch>;

beforeAll(async () => {
  const built = await stat(join(root, "dist/cli/planSettings.js")).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const source = await stat(join(root, "cli/planSettings.ts")).then((s) => s.mtimeMs);
  if (built < source) {
    // Keeps `npx vitest run test/cli` honest when run alone (npm test builds first); other files' type errors
    // must not stop the emit.
    await promisify(execFile)("npx", ["tsc", "-p", "tsconfig.json"], { cwd: root }).catch(() => undefined);
  }
  sim = spawn(process.execPath, [cli, "sim", "--generate", SPEC], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: sim.stdout! }).once("line", res);
    sim.once("exit", (code) => rej(new Error(`cadence sim exited with ${code}`)));
  });
  info = JSON.parse(line) as SimInfo;
  trusting = createTrustingFetch(await readFile(info.caCert, "utf8"));
}, 180_000);

afterAll(async () => {
  if (sim && sim.exitCode === null) {
    const gone = new Promise((res) => sim.once("exit", res));
    sim.kill("SIGTERM");
    await gone;
  }
});

function plan(
  extra: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [cli, "plan", "--format", "json", "--now", NOW, ...extra], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        GRAPH_TENANT_ID: info.tenantId,
        GRAPH_CLIENT_ID: info.clientId,
        GRAPH_CLIENT_SECRET: info.clientSecret,
        GRAPH_AUTHORITY_HOST: info.login,
        GRAPH_BASE_URL: info.graph,
        GRAPH_CA_CERT_PATH: info.caCert,
        ...env,
      },
    });
    let out = "";
    let err = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.once("exit", (code) => res({ code: code ?? -1, out, err }));
  });
}

async function eventPosts(): Promise<
  Array<{ method: string; url: string; status: number; requestBody?: unknown }>
> {
  const res = await trusting(`${info.control}/requests`);
  const body = (await res.json()) as {
    value: Array<{ kind: string; method: string; url: string; status: number }>;
  };
  return body.value.filter((r) => r.kind === "graph" && r.method === "POST" && /\/events$/.test(r.url));
}

describe("cadence plan --create against a running cadence sim", () => {
  let booked: PlanJson["proposals"];

  it("books every proposable pair once, honouring CADENCE_SERIES_END", async () => {
    const run = await plan(["--create", "--min-notice-hours", "48"], { CADENCE_SERIES_END: "12" });
    expect(run.code, run.err).toBe(0);
    const json = JSON.parse(run.out) as PlanJson;
    expect(json.policy).toMatchObject({
      mode: "auto",
      minNoticeHours: 48,
      newSeries: { numberOfOccurrences: 12 },
    });
    const needing = json.proposals.filter((p) => p.status === "missing" || p.status === "lapsed");
    expect(needing.length).toBeGreaterThan(3);
    booked = json.proposals.filter((p) => p.outcome === "created");
    // Every pair needing a series is booked unless no time fits (said so), and nothing else is booked.
    expect(needing.every((p) => ["created", "noSlot"].includes(p.outcome))).toBe(true);
    expect(booked.length).toBeGreaterThan(needing.length / 2);
    expect(booked.every((p) => p.status === "missing" || p.status === "lapsed")).toBe(true);
    const posts = await eventPosts();
    expect(posts).toHaveLength(booked.length);
    expect(posts.every((p) => p.status === 201)).toBe(true);
    expect(new Set(booked.map((b) => b.seriesId)).size).toBe(booked.length);
    expect(
      posts.every(
        (p) =>
          (p.requestBody as { recurrence: { range: { type: string; numberOfOccurrences: number } } })
            .recurrence.range.numberOfOccurrences === 12,
      ),
    ).toBe(true);
  }, 300_000);

  it("books nothing when run again: the booked pairs are now scheduled", async () => {
    const before = (await eventPosts()).length;
    const run = await plan(["--create"]);
    expect(run.code, run.err).toBe(0);
    const json = JSON.parse(run.out) as PlanJson;
    expect((await eventPosts()).length).toBe(before);
    expect(json.proposals.filter((p) => p.outcome === "created")).toEqual([]);
    for (const b of booked) {
      const now = json.proposals.find((p) => p.managerUpn === b.managerUpn && p.reportUpn === b.reportUpn);
      expect(now?.status, `${b.managerUpn} / ${b.reportUpn}`).toBe("scheduled");
      expect(now?.outcome).toBe("notNeeded");
    }
  }, 300_000);

  it("refuses a bad CADENCE_SERIES_END before reading the tenant", async () => {
    const run = await plan(["--create"], { CADENCE_SERIES_END: "forever" });
    expect(run.code).toBe(2);
    expect(run.err).toContain("CADENCE_SERIES_END");
  }, 60_000);
});
