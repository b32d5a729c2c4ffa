// Builds the Teams app package (manifest.json + the two icons, zipped) from appPackage/, validated offline against
// the manifest schema that @microsoft/app-manifest bundles for the manifest's $schema version.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AppManifestUtils } from "@microsoft/app-manifest";
import { zipSync } from "fflate";
import { z } from "zod";
import { AppError } from "../../shared/errors.js";

const guid = z.uuid({ error: "must be a GUID (the app registration's client id)" });

export const teamsAppPackageOptionsSchema = z.object({
  /** The Teams app's own id (a GUID; stays the same across versions of the package). */
  teamsAppId: guid,
  /** The bot's Microsoft App ID (its Entra app registration). */
  botAppId: guid,
  /** The app registration that calls Graph; Teams lets it install the app for users (webApplicationInfo). */
  graphClientId: guid,
  /** x.y.z; raise it for every upload, Teams refuses an equal version. */
  version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, "must be x.y.z"),
  websiteUrl: z.url({ protocol: /^https$/, error: "must be an https:// URL" }),
});

export type TeamsAppPackageOptions = z.infer<typeof teamsAppPackageOptionsSchema>;

const ICONS = ["color.png", "outline.png"] as const;

export async function buildTeamsAppPackage(
  appPackageDir: string,
  input: TeamsAppPackageOptions,
): Promise<{ manifest: Record<string, unknown>; zip: Uint8Array }> {
  const parsed = teamsAppPackageOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("TEAMS_APP.INVALID_OPTIONS", `Teams app package: ${z.prettifyError(parsed.error)}`);
  }
  const template = await readFile(join(appPackageDir, "manifest.json"), "utf8");
  const values: Record<string, string> = parsed.data;
  const filled = template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new AppError("TEAMS_APP.TEMPLATE", `manifest.json names an unknown ${whole}`);
    return value;
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  // Offline: the $schema names a version whose schema the package bundles, so nothing is fetched.
  const problems = await AppManifestUtils.validateAgainstSchema(manifest as never);
  if (problems.length > 0) {
    throw new AppError("TEAMS_APP.INVALID_MANIFEST", `manifest.json is not valid:\n${problems.join("\n")}`);
  }
  const files: Record<string, Uint8Array> = { "manifest.json": new TextEncoder().encode(filled) };
  for (const icon of ICONS) files[icon] = new Uint8Array(await readFile(join(appPackageDir, icon)));
  return { manifest, zip: zipSync(files, { level: 9 }) };
}
