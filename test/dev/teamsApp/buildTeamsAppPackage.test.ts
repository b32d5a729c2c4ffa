import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildTeamsAppPackage } from "../../../dev/teamsApp/buildTeamsAppPackage.js";

const APP_DIR = join(import.meta.dirname, "../../../appPackage");
const OPTIONS = {
  teamsAppId: "5f1c8a52-2f43-4b7e-9a0c-0b7f6d1e2a31",
  botAppId: "8d0a3c1e-6b2f-4f59-8e7a-1c2d3e4f5a6b",
  graphClientId: "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
  version: "1.2.3",
  websiteUrl: "https://cadence.example.com",
};

describe("buildTeamsAppPackage", () => {
  it("zips a manifest that validates against its bundled schema, with the bot and both icons", async () => {
    const { manifest, zip } = await buildTeamsAppPackage(APP_DIR, OPTIONS);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const zipped = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
    expect(zipped).toEqual(manifest);
    expect(zipped.id).toBe(OPTIONS.teamsAppId);
    expect(zipped.version).toBe("1.2.3");
    expect(zipped.bots).toEqual([expect.objectContaining({ botId: OPTIONS.botAppId, scopes: ["personal"] })]);
    // Proactive installation through Graph needs the calling app's id here.
    expect(zipped.webApplicationInfo.id).toBe(OPTIONS.graphClientId);
    expect(JSON.stringify(zipped)).not.toMatch(/\{\{/);
    // PNG signatures and the sizes Teams requires (192 colour, 32 outline).
    for (const [name, size] of [
      ["color.png", 192],
      ["outline.png", 32],
    ] as const) {
      const png = Buffer.from(files[name]!);
      expect(png.subarray(1, 4).toString()).toBe("PNG");
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it("refuses ids that are not GUIDs and a version Teams would refuse, naming the option", async () => {
    await expect(buildTeamsAppPackage(APP_DIR, { ...OPTIONS, botAppId: "cadence-bot" })).rejects.toThrow(
      /botAppId/,
    );
    await expect(buildTeamsAppPackage(APP_DIR, { ...OPTIONS, version: "1.2" })).rejects.toThrow(/version/);
  });

  it("fails when the filled manifest breaks the schema (an over-long short name)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teams-app-"));
    const template = JSON.parse(await readFile(join(APP_DIR, "manifest.json"), "utf8"));
    template.name.short = "C".repeat(31);
    await writeFile(join(dir, "manifest.json"), JSON.stringify(template));
    for (const icon of ["color.png", "outline.png"]) await copyFile(join(APP_DIR, icon), join(dir, icon));
    await expect(buildTeamsAppPackage(dir, OPTIONS)).rejects.toMatchObject({
      code: "TEAMS_APP.INVALID_MANIFEST",
    });
  });

  it("npm run package:teams writes the zip", async () => {
    const out = join(tmpdir(), `cadence-teams-app-${process.pid}.zip`);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "dist/dev/teamsApp/main.js",
        "--bot-app-id",
        OPTIONS.botAppId,
        "--website",
        OPTIONS.websiteUrl,
        "--out",
        out,
      ],
      { cwd: join(import.meta.dirname, "../../..") },
    );
    expect(stdout.trim()).toBe(out);
    const files = unzipSync(new Uint8Array(await readFile(out)));
    expect(JSON.parse(new TextDecoder().decode(files["manifest.json"])).bots[0].botId).toBe(OPTIONS.botAppId);
  });
});
