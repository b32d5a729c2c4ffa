// infra/main.bicep against the app's own contract, without a Bicep compiler: the settings shared/config.ts reads,
// the queues the functions use, the routes the URLs point at, the identity's roles. The Bicep is read as text
// (its own layout: one `var` array of settings per feature, resources at column 0).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSettings, settingsSchema } from "../../shared/config.js";
import { storageConnectionSettings } from "../../shared/storageConnectionSettings.js";

const bicep = readFileSync("infra/main.bicep", "utf8");
const deployDoc = readFileSync("DEPLOY.md", "utf8");

/** The top-level declaration starting with `head` (e.g. `var roles =`, `resource plan `), up to the next one. */
function declaration(head: string): string {
  const start = bicep.search(new RegExp(`^${head}`, "m"));
  if (start < 0) throw new Error(`main.bicep has no \`${head}\``);
  const rest = bicep.slice(start + 1);
  const end = rest.search(/^(resource|var|param|output|module|func|type|targetScope) /m);
  return end < 0 ? bicep.slice(start) : bicep.slice(start, start + 1 + end);
}

/** Every resource declaration of an ARM type (`Microsoft.Web/sites`), by symbolic name. */
function resourcesOfType(type: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of bicep.matchAll(/^resource (\w+) '([^'@]+)@[^']+'/gm)) {
    if (m[2] === type) found.set(m[1] as string, declaration(`resource ${m[1]} `));
  }
  return found;
}

function onlyResource(type: string): string {
  const all = [...resourcesOfType(type).values()];
  expect(all, type).toHaveLength(1);
  return all[0] as string;
}

const params = new Map(
  [...bicep.matchAll(/^param (\w+) (\w+)(?: = (.+))?$/gm)].map((m) => [m[1] as string, m[3]]),
);

interface SettingEntry {
  name: string;
  /** The Bicep expression of the value, as written. */
  value: string;
}

/** The `{ name: '…' value: … }` entries of a `var X = [ … ]` settings array. */
function settingsVar(name: string): SettingEntry[] {
  const text = declaration(`var ${name} = \\[`);
  return [...text.matchAll(/\{\s*name: '([^']+)'\s*value: (.+)\s*\}/g)].map((m) => ({
    name: m[1] as string,
    value: (m[2] as string).trim(),
  }));
}

const keyVaultReference = /^'@Microsoft\.KeyVault\(SecretUri=\$\{secretUri\}\/([a-z0-9-]+)\/\)'$/;

/**
 * A value the setting could have once deployed: literals and parameter defaults as written, `${…}` parts and
 * resource properties by stand-ins, Key Vault references by a secret of the shape the setting needs.
 */
function standIn(entry: SettingEntry): string {
  if (keyVaultReference.test(entry.value)) {
    return entry.name.endsWith("_URL") ? "https://example.invalid/secret" : "s".repeat(40);
  }
  const literal = /^'(.*)'$/.exec(entry.value);
  if (literal) return (literal[1] as string).replace(/\$\{[^}]+\}/g, "example");
  const defaulted = params.get(entry.value);
  if (defaulted !== undefined) {
    const paramLiteral = /^'(.*)'$/.exec(defaulted);
    if (paramLiteral) return paramLiteral[1] as string;
  }
  return "00000000-0000-4000-8000-000000000001";
}

function deployedSettings(...groups: string[]): Record<string, string> {
  return Object.fromEntries(groups.flatMap((g) => settingsVar(g)).map((e) => [e.name, standIn(e)]));
}

const groups = [
  "commonSettings",
  "graphAppRegistrationSettings",
  "graphManagedIdentitySettings",
  "incrementalScanSettings",
  "weeklyDigestSettings",
  "teamsAppSettings",
];
const allEntries = groups.flatMap((g) => settingsVar(g));
const setNames = new Set(allEntries.map((e) => e.name));
const cadenceSettings = Object.keys(settingsSchema.shape);
// What App Service sets itself when the app has a managed identity.
const platform = { IDENTITY_ENDPOINT: "http://localhost:8081/msi/token" };

/** The settings DEPLOY.md says this template leaves unset, each with its reason (a table under that heading). */
function documentedUnset(): string[] {
  const section = /^### Settings this template leaves unset\n([\s\S]*?)(?=^#{1,3} )/m.exec(deployDoc);
  if (!section) throw new Error('DEPLOY.md has no "### Settings this template leaves unset" section');
  return [...(section[1] as string).matchAll(/^\| `(\w+)`\s*\|\s*\S/gm)].map((m) => m[1] as string);
}

describe("main.bicep app settings", () => {
  it("are a valid Cadence configuration in every combination the parameters allow", () => {
    const appRegistration = deployedSettings("commonSettings", "graphAppRegistrationSettings");
    const managedIdentity = deployedSettings("commonSettings", "graphManagedIdentitySettings");
    const everything = deployedSettings(
      "commonSettings",
      "graphAppRegistrationSettings",
      "incrementalScanSettings",
      "weeklyDigestSettings",
      "teamsAppSettings",
    );
    for (const s of [appRegistration, managedIdentity, everything]) {
      expect(() => parseSettings({ ...platform, ...s })).not.toThrow();
    }
    expect(parseSettings({ ...platform, ...managedIdentity }).GRAPH_AUTH).toBe("managedIdentity");
    const full = parseSettings({ ...platform, ...everything });
    expect(full.CADENCE_NOTIFICATION_URL).toMatch(/^https:/);
    expect(full.CADENCE_DIGEST_SCHEDULE).toBeDefined();
  });

  it("all reach the Function App: every settings group is in the appSettings the site gets", () => {
    const combined = declaration("var appSettings =");
    for (const g of groups) expect(combined).toContain(g);
    expect(onlyResource("Microsoft.Web/sites")).toMatch(/^\s+appSettings: appSettings$/m);
  });

  it("set every setting Cadence reads, or DEPLOY.md says why the template leaves it unset", () => {
    const unset = documentedUnset();
    const neither = cadenceSettings.filter((s) => !setNames.has(s) && !unset.includes(s));
    expect(neither).toEqual([]);
    // …and the list does not contradict the template or name settings that do not exist.
    expect(unset.filter((s) => setNames.has(s))).toEqual([]);
    expect(unset.filter((s) => !cadenceSettings.includes(s))).toEqual([]);
  });

  it("name only settings Cadence or the host reads", () => {
    const host = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
    expect([...setNames].filter((s) => !cadenceSettings.includes(s) && !host.includes(s))).toEqual([]);
  });

  it("leave out what Flex Consumption refuses or what would bring keys back", () => {
    for (const forbidden of [
      "FUNCTIONS_WORKER_RUNTIME",
      "FUNCTIONS_EXTENSION_VERSION",
      "WEBSITE_RUN_FROM_PACKAGE",
      "WEBSITE_NODE_DEFAULT_VERSION",
      "AzureWebJobsStorage",
      "APPINSIGHTS_INSTRUMENTATIONKEY",
    ]) {
      expect(setNames.has(forbidden), forbidden).toBe(false);
    }
  });

  it("hold every secret as a Key Vault reference whose secret DEPLOY.md tells the admin to write", () => {
    const secretLike = allEntries.filter((e) => /SECRET|CLIENT_STATE|WEBHOOK_URL|PASSWORD|KEY$/.test(e.name));
    expect(secretLike.map((e) => e.name).sort()).toEqual([
      "CADENCE_BOT_APP_SECRET",
      "CADENCE_DIGEST_WEBHOOK_URL",
      "CADENCE_NOTIFICATION_CLIENT_STATE",
      "GRAPH_CLIENT_SECRET",
    ]);
    for (const entry of secretLike) {
      const secret = keyVaultReference.exec(entry.value)?.[1];
      expect(secret, `${entry.name} = ${entry.value}`).toBeDefined();
      expect(deployDoc).toContain(`--name ${secret}`);
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Bicep interpolation, as written in the template
    expect(declaration("var secretUri =")).toContain("'${vault.properties.vaultUri}secrets'");
    // References resolve as the app's user-assigned identity, which reads secrets through Azure RBAC.
    expect(onlyResource("Microsoft.Web/sites")).toMatch(/keyVaultReferenceIdentity: identity\.id/);
    expect(onlyResource("Microsoft.KeyVault/vaults")).toMatch(/enableRbacAuthorization: true/);
    // No literal that looks like a secret anywhere in the template.
    expect(bicep).not.toMatch(/AccountKey=|InstrumentationKey=|listKeys\(/);
  });

  it("connect storage through the identity, as the host and shared/storageConnectionSettings.ts read it", () => {
    const s = deployedSettings("commonSettings");
    const connection = storageConnectionSettings(s);
    expect(connection.ok && connection.value.kind).toBe("identity");
    expect(s.AzureWebJobsStorage__credential).toBe("managedidentity");
    const byName = new Map(allEntries.map((e) => [e.name, e.value]));
    expect(byName.get("AzureWebJobsStorage__accountName")).toBe("storage.name");
    expect(byName.get("AzureWebJobsStorage__clientId")).toBe("identity.properties.clientId");
    expect(onlyResource("Microsoft.Storage/storageAccounts")).toMatch(/allowSharedKeyAccess: false/);
  });

  it("point the URLs at the functions' own routes", () => {
    const route = (file: string) => {
      const m = /route: "([^"]+)"/.exec(readFileSync(`functions/${file}.ts`, "utf8"));
      if (!m) throw new Error(`functions/${file}.ts has no route`);
      return m[1] as string;
    };
    const value = (name: string) => allEntries.find((e) => e.name === name)?.value;
    expect(value("CADENCE_NOTIFICATION_URL")).toBe(
      `'https://\${appHost}/api/${route("graphNotifications")}'`,
    );
    expect(value("CADENCE_REPORT_URL")).toBe(`'https://\${appHost}/api/${route("cadenceReport")}'`);
    expect(onlyResource("Microsoft.BotService/botServices")).toContain(
      `endpoint: 'https://\${functionApp.properties.defaultHostName}/api/${route("botMessages")}'`,
    );
    // appHost is the site's name on azurewebsites.net (the site's own settings cannot read its host name).
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Bicep interpolation, as written in the template
    expect(declaration("var appHost =")).toContain("'${functionAppName}.azurewebsites.net'");
    expect(onlyResource("Microsoft.Web/sites")).toMatch(/^\s+name: functionAppName$/m);
  });
});

describe("main.bicep hosting", () => {
  it("is Flex Consumption (FC1) running Node 22", () => {
    const plan = onlyResource("Microsoft.Web/serverfarms");
    expect(plan).toMatch(/tier: 'FlexConsumption'/);
    expect(plan).toMatch(/name: 'FC1'/);
    const site = onlyResource("Microsoft.Web/sites");
    expect(site).toMatch(/kind: 'functionapp,linux'/);
    expect(site).toMatch(/serverFarmId: plan\.id/);
    expect(site).toMatch(/functionAppConfig: \{[\s\S]*runtime: \{\s*name: 'node'\s*version: '22'\s*\}/);
    expect(site).toMatch(
      /deployment: \{\s*storage: \{\s*type: 'blobContainer'[\s\S]*authentication: \{\s*type: 'UserAssignedIdentity'\s*userAssignedIdentityResourceId: identity\.id/,
    );
    expect(site).toMatch(/type: 'UserAssigned'/);
    expect(site).toMatch(/httpsOnly: true/);
  });

  it("creates every queue the functions trigger on or write to", () => {
    const constants = new Map<string, string>();
    const referenced = new Set<string>();
    for (const file of readdirSync("functions").filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(`functions/${file}`, "utf8");
      for (const m of source.matchAll(/export const (\w+) = "([^"]+)"/g))
        constants.set(m[1] as string, m[2] as string);
      for (const m of source.matchAll(/queueName: (\w+|"[^"]+")/g)) referenced.add(m[1] as string);
    }
    const used = [...referenced].map((r) => (r.startsWith('"') ? r.slice(1, -1) : constants.get(r)));
    expect(used).not.toContain(undefined);
    expect(used.length).toBeGreaterThanOrEqual(4);
    const declared = [...declaration("var queueNames =").matchAll(/^\s+'([a-z0-9-]+)'$/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual([...new Set(used)].sort());
    expect(onlyResource("Microsoft.Storage/storageAccounts/queueServices/queues")).toMatch(
      /for name in queueNames/,
    );
  });

  it("gives the identity exactly the roles the host and Cadence need, on the right resources", () => {
    const builtIn: Record<string, { id: string; scope: string }> = {
      storageBlobDataOwner: { id: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", scope: "storage" },
      storageQueueDataContributor: { id: "974c5e8b-45b9-4653-ba55-5f855dd0fb88", scope: "storage" },
      storageTableDataContributor: { id: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", scope: "storage" },
      keyVaultSecretsUser: { id: "4633458b-17de-408a-b874-0445c86b69e6", scope: "vault" },
      monitoringMetricsPublisher: { id: "3913510d-42f4-4e42-8a64-420c390055eb", scope: "insights" },
    };
    const roleVar = declaration("var roles =");
    const assignments = [...resourcesOfType("Microsoft.Authorization/roleAssignments").values()];
    for (const [key, { id, scope }] of Object.entries(builtIn)) {
      expect(roleVar, key).toContain(`${key}: '${id}'`);
      const granted = assignments.filter(
        (a) =>
          new RegExp(`roles\\.${key}\\b`).test(a) &&
          new RegExp(`scope: ${scope}$`, "m").test(a) &&
          /principalId: identity\.properties\.principalId/.test(a),
      );
      expect(granted, key).toHaveLength(1);
    }
    // The identity gets nothing broader than these (no Owner, Contributor or account-key roles).
    const toIdentity = assignments.filter((a) => /principalId: identity\.properties\.principalId/.test(a));
    expect(toIdentity).toHaveLength(Object.keys(builtIn).length);
  });

  it("sends telemetry with Entra auth only (local auth off, the identity as publisher)", () => {
    expect(onlyResource("Microsoft.Insights/components")).toMatch(/DisableLocalAuth: true/);
    expect(onlyResource("Microsoft.Insights/components")).toMatch(/WorkspaceResourceId: logs\.id/);
    onlyResource("Microsoft.OperationalInsights/workspaces");
    const auth = allEntries.find((e) => e.name === "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Bicep interpolation, as written in the template
    expect(auth?.value).toBe("'ClientId=${identity.properties.clientId};Authorization=AAD'");
  });

  it("registers the bot for the app registration, single-tenant, with the Teams channel on", () => {
    const bot = onlyResource("Microsoft.BotService/botServices");
    expect(bot).toMatch(/msaAppId: appRegistrationClientId/);
    expect(bot).toMatch(/msaAppType: 'SingleTenant'/);
    expect(bot).toMatch(/msaAppTenantId: tenantId/);
    const channel = onlyResource("Microsoft.BotService/botServices/channels");
    expect(channel).toMatch(/parent: bot/);
    expect(channel).toMatch(/channelName: 'MsTeamsChannel'/);
  });
});

describe("infra/main.parameters.example.json", () => {
  const example = JSON.parse(readFileSync("infra/main.parameters.example.json", "utf8")) as {
    parameters: Record<string, { value: unknown }>;
  };

  it("names only parameters main.bicep has, and every one without a default", () => {
    const names = Object.keys(example.parameters);
    expect(names.filter((n) => !params.has(n))).toEqual([]);
    const required = [...params].filter(([, d]) => d === undefined).map(([n]) => n);
    expect(required.filter((n) => !names.includes(n))).toEqual([]);
  });

  it("gives schedules Cadence accepts", () => {
    const v = (n: string) => String(example.parameters[n]?.value);
    expect(() =>
      parseSettings({
        GRAPH_TENANT_ID: "contoso.onmicrosoft.com",
        GRAPH_CLIENT_ID: v("appRegistrationClientId"),
        GRAPH_CLIENT_SECRET: "s",
        AzureWebJobsStorage__accountName: "cadence",
        CADENCE_SCAN_SCHEDULE: v("scanSchedule"),
        CADENCE_AGENDA_SCHEDULE: v("agendaSchedule"),
        CADENCE_MANAGER_DIGEST_SCHEDULE: v("managerDigestSchedule"),
        CADENCE_DIGEST_SCHEDULE: v("digestSchedule"),
        CADENCE_SCHEDULING_MODE: v("schedulingMode"),
      }),
    ).not.toThrow();
  });
});
