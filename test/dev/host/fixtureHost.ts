// Starts dev/host on the fixture app with its own queue-name prefix, so test files can run in parallel
// against the run's single Azurite.
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { QueueServiceClient } from "@azure/storage-queue";
import { inject } from "vitest";
import { type RunningHost, type StartHostOptions, startHost } from "../../../dev/host/startHost.js";

export const fixtureAppDir = fileURLToPath(new URL("../../fixtures/hostApp", import.meta.url));
export const FUNCTION_KEY = "test-function-key";
export const MASTER_KEY = "test-master-key";

export interface FixtureHost extends RunningHost {
  prefix: string;
  logs: string[];
  queues: QueueServiceClient;
  /** Reads (and deletes) messages from a fixture queue until `count` arrived or the deadline passes. */
  drain(suffix: string, count: number, timeoutMs?: number): Promise<string[]>;
  send(suffix: string, body: unknown): Promise<void>;
}

export async function startFixtureHost(options: Partial<StartHostOptions> = {}): Promise<FixtureHost> {
  const connectionString = inject("azuriteConnectionString");
  const prefix = `t${randomBytes(5).toString("hex")}`;
  const logs: string[] = [];
  const host = await startHost({
    appDir: fixtureAppDir,
    port: 0,
    log: (line) => logs.push(line),
    ...options,
    env: {
      AzureWebJobsStorage: connectionString,
      CADENCE_HOST_FUNCTION_KEY: FUNCTION_KEY,
      CADENCE_HOST_MASTER_KEY: MASTER_KEY,
      QP: prefix,
      EVERY_SECOND_SCHEDULE: "0 0 0 1 1 *",
      ...options.env,
    },
  });
  const queues = QueueServiceClient.fromConnectionString(connectionString);
  const decode = (text: string) => Buffer.from(text, "base64").toString("utf8");
  return {
    ...host,
    prefix,
    logs,
    queues,
    async send(suffix, body) {
      const queue = queues.getQueueClient(`${prefix}-${suffix}`);
      await queue.createIfNotExists();
      const text = typeof body === "string" ? body : JSON.stringify(body);
      await queue.sendMessage(Buffer.from(text).toString("base64"));
    },
    async drain(suffix, count, timeoutMs = 15_000) {
      const queue = queues.getQueueClient(`${prefix}-${suffix}`);
      const found: string[] = [];
      const deadline = Date.now() + timeoutMs;
      while (found.length < count && Date.now() < deadline) {
        if (!(await queue.exists())) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
        for (const m of receivedMessageItems) {
          found.push(decode(m.messageText));
          await queue.deleteMessage(m.messageId, m.popReceipt);
        }
        if (receivedMessageItems.length === 0) await new Promise((r) => setTimeout(r, 50));
      }
      return found;
    },
  };
}
