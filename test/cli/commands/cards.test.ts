// `cadence cards` end to end: the compiled CLI, its embedded simulator over HTTPS, the real readers and sendAgendas.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cardIndexEntrySchema } from "../../../cli/commands/cards.js";

const run = promisify(execFile);
const cadence = (...args: string[]) =>
  run(process.execPath, ["bin/cadence.js", ...args], { maxBuffer: 64 * 1024 * 1024 });

describe("cadence cards", () => {
  it("writes one card per participant of each 1:1 in the next 24 hours, and the index", async () => {
    const out = await mkdtemp(join(tmpdir(), "cadence-cards-"));
    // In this generated tenant the next 1:1 after 10:00 on the 26th is Ngozi and Adebayo's at 09:00 on the 27th.
    await cadence("cards", "--generate", "users=60,seed=3", "--now", "2026-11-26T10:00:00Z", "--out", out);
    const index = z
      .array(cardIndexEntrySchema)
      .parse(JSON.parse(await readFile(join(out, "index.json"), "utf8")));
    expect(index.length).toBeGreaterThan(0);
    expect(index.length % 2).toBe(0);
    for (const entry of index) {
      expect(entry.file).toBe(
        `${entry.occurrenceStart.replace(".000Z", "Z").replaceAll(":", "")}-${entry.recipientUpn}.json`,
      );
      expect([entry.pair.managerUpn, entry.pair.reportUpn]).toContain(entry.recipientUpn);
      const start = Date.parse(entry.occurrenceStart);
      expect(start).toBeGreaterThanOrEqual(Date.parse("2026-11-26T10:00:00Z"));
      expect(start).toBeLessThanOrEqual(Date.parse("2026-11-27T10:00:00Z"));
      const card = JSON.parse(await readFile(join(out, entry.file), "utf8"));
      expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
      // The real agenda card: its add-a-talking-point button names this occurrence's pair.
      expect(JSON.stringify(card)).toContain('"verb":"agenda.addTalkingPoint"');
      const png = await readFile(join(out, entry.file.replace(/\.json$/, ".png")));
      expect(png.subarray(1, 4).toString()).toBe("PNG");
    }
    expect(index).toContainEqual(
      expect.objectContaining({
        recipientUpn: "adebayo.okafor@contoso.onmicrosoft.com",
        occurrenceStart: "2026-11-27T09:00:00.000Z",
      }),
    );
    const files = (await readdir(out)).filter((f) => f.endsWith(".json") && f !== "index.json");
    expect((await readdir(out)).filter((f) => f.endsWith(".png"))).toHaveLength(index.length);
    expect(files.sort()).toEqual(index.map((e) => e.file).sort());
  }, 180_000);

  it("requires --out", async () => {
    const usage = await cadence("cards", "--generate", "users=20,seed=1").catch((e) => e);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--out: required");
  });
});
