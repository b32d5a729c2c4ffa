// `npm run package:teams`: writes the Teams app package to upload in the Teams admin center (or sideload).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildTeamsAppPackage } from "./buildTeamsAppPackage.js";

const HELP = `Usage: npm run package:teams -- [options]

Builds appPackage/ into a Teams app package (.zip): manifest.json validated against its schema, and the icons.

  --teams-app-id GUID     the manifest's id             (env TEAMS_APP_ID; default: the bot app id). Not
                          CADENCE_TEAMS_APP_ID: that is the catalog id Teams assigns when the package is uploaded
  --bot-app-id GUID       the bot's Microsoft App ID    (env CADENCE_BOT_APP_ID, else GRAPH_CLIENT_ID, as the app)
  --graph-client-id GUID  the app that calls Graph      (env GRAPH_CLIENT_ID; default: the bot app id)
  --website URL           https:// site with /privacy and /terms pages (env TEAMS_APP_WEBSITE)
  --out FILE              default dist/cadence-teams-app.zip
  --help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "teams-app-id": { type: "string" },
      "bot-app-id": { type: "string" },
      "graph-client-id": { type: "string" },
      website: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
  // The same fallback as the app's settings: the bot is the Graph app unless CADENCE_BOT_APP_ID names another.
  const botAppId =
    values["bot-app-id"] ?? process.env.CADENCE_BOT_APP_ID ?? process.env.GRAPH_CLIENT_ID ?? "";
  const { zip } = await buildTeamsAppPackage(join(root, "appPackage"), {
    teamsAppId: values["teams-app-id"] ?? process.env.TEAMS_APP_ID ?? botAppId,
    botAppId,
    graphClientId: values["graph-client-id"] ?? process.env.GRAPH_CLIENT_ID ?? botAppId,
    version: pkg.version,
    websiteUrl: values.website ?? process.env.TEAMS_APP_WEBSITE ?? "",
  });
  const out = resolve(values.out ?? join(root, "dist/cadence-teams-app.zip"));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, zip);
  process.stdout.write(`${out}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
