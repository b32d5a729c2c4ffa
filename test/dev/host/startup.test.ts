import { cp, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HostError } from "../../../dev/host/hostError.js";
import { loadLocalSettings } from "../../../dev/host/localSettings.js";
import { fixtureAppDir, startFixtureHost } from "./fixtureHost.js";

describe("dev/host start-up", () => {
  it("fails with a clear message naming the function and an invalid NCRONTAB schedule", async () => {
    const failure = startFixtureHost({ main: "broken/badSchedule.js" });
    await expect(failure).rejects.toBeInstanceOf(HostError);
    await expect(failure).rejects.toMatchObject({ code: "HOST.INVALID_SCHEDULE" });
    await expect(failure).rejects.toThrow(/Function "badTimer".*"0 \*\/5 \* \* \* {2}banana".*NCRONTAB/);
  });

  it("fails naming the function and binding it cannot serve", async () => {
    await expect(startFixtureHost({ main: "broken/blobTrigger.js" })).rejects.toMatchObject({
      code: "HOST.UNSUPPORTED_BINDING",
      message: expect.stringMatching(/Function "blobWatcher".*blobTrigger/),
    });
  });

  it("fails on a binding option it does not know", async () => {
    await expect(startFixtureHost({ main: "broken/unknownOption.js" })).rejects.toMatchObject({
      code: "HOST.INVALID_BINDING",
      message: expect.stringMatching(/Function "oddHttp".*webHookType/),
    });
  });

  it("fails when a queue binding's connection setting is missing", async () => {
    await expect(startFixtureHost({ env: { AzureWebJobsStorage: undefined } })).rejects.toMatchObject({
      code: "HOST.MISSING_SETTING",
      message: expect.stringMatching(/AzureWebJobsStorage/),
    });
  });

  it("fails clearly when the port is taken", async () => {
    const first = await startFixtureHost();
    try {
      await expect(startFixtureHost({ port: first.port })).rejects.toThrow(
        new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${first.port}.*EADDRINUSE`),
      );
    } finally {
      await first.close();
    }
  });

  it("fails when main matches no file", async () => {
    await expect(startFixtureHost({ main: "nothing/*.js" })).rejects.toMatchObject({ code: "HOST.APP_LOAD" });
  });

  it("loads local.settings.json Values without overriding the environment", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cadence-host-"));
    try {
      await writeFile(
        join(dir, "local.settings.json"),
        JSON.stringify({ IsEncrypted: false, Values: { A: "from file", B: "from file", N: 3 } }),
      );
      const env: NodeJS.ProcessEnv = { A: "from env" };
      await loadLocalSettings(dir, env);
      expect(env).toEqual({ A: "from env", B: "from file", N: "3" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("takes queue names from local.settings.json when the environment lacks them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cadence-host-"));
    try {
      await cp(fixtureAppDir, dir, { recursive: true });
      // Outside the repo the app resolves @azure/functions through its own node_modules, as a deployed app does.
      await symlink(
        fileURLToPath(new URL("../../../node_modules", import.meta.url)),
        join(dir, "node_modules"),
      );
      await writeFile(join(dir, "local.settings.json"), JSON.stringify({ Values: { QP: "fromsettings" } }));
      const host = await startFixtureHost({ appDir: dir, env: { QP: undefined } });
      try {
        const queues = host.functions.flatMap((f) => (f.kind === "queue" ? [f.queueName] : []));
        expect(queues).toContain("fromsettings-in");
      } finally {
        await host.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
