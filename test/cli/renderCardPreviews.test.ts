import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderCardPreviews } from "../../cli/renderCardPreviews.js";
import { cardGallery } from "../shared/teams/cardGallery.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("renderCardPreviews", () => {
  it("writes one PNG per card, card-wide and as tall as its content, from one browser", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cadence-previews-"));
    dirs.push(dir);
    const gallery = cardGallery();
    const agenda = gallery.find((g) => g.name === "agenda.ja.manager")!;
    const error = gallery.find((g) => g.name === "error.built")!;
    const results = await renderCardPreviews([
      { card: agenda.card, pngPath: join(dir, "nested", "agenda.png") },
      { card: error.card, pngPath: join(dir, "error.png") },
    ]);
    expect(results.map((r) => r.errors)).toEqual([[], []]);

    const agendaPng = await readFile(join(dir, "nested", "agenda.png"));
    const errorPng = await readFile(join(dir, "error.png"));
    const agendaSize = pngSize(agendaPng);
    const errorSize = pngSize(errorPng);
    expect(agendaSize.width).toBe(480);
    expect(errorSize.width).toBe(480);
    // The agenda holds a dozen blocks and inputs; the error card three lines.
    expect(agendaSize.height).toBeGreaterThan(400);
    expect(errorSize.height).toBeLessThan(agendaSize.height / 3);
    expect(agendaPng.length).toBeGreaterThan(10_000);
  }, 120_000);

  it("reports renderer errors for a card it still draws", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cadence-previews-"));
    dirs.push(dir);
    const [result] = await renderCardPreviews([
      {
        card: { type: "AdaptiveCard", version: "1.5", body: [{ type: "Nonsense" }] },
        pngPath: join(dir, "x.png"),
      },
    ]);
    expect(result!.errors.join()).toContain("UnknownElementType");
    pngSize(await readFile(join(dir, "x.png")));
  }, 120_000);

  it("launches nothing for no cards", async () => {
    expect(await renderCardPreviews([], { chromiumPath: "/nonexistent" })).toEqual([]);
  });
});
