// Every queue trigger's message schema through parseQueueMessage, fuzzed: nothing throws, a message that does not
// parse goes to the poison output as the same text and is logged without its content, one that parses does not.
import { InvocationContext, output } from "@azure/functions";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQueueMessage } from "../../functions/parseQueueMessage.js";
import { scanPrepareMessageSchema } from "../../functions/scanQueue.js";
import { subscriptionUpkeepMessageSchema } from "../../functions/subscriptionUpkeepQueue.js";
import { shardMessageSchema, toShardWire } from "../../shared/store/shardQueueMessage.js";
import { planMessageSchema } from "../../shared/usecases/planMessage.js";

const poison = output.storageQueue({ queueName: "q-poison", connection: "AzureWebJobsStorage" });
const MARKER = "Zq7-private";

const SCHEMAS = {
  "scan-prepare": scanPrepareMessageSchema,
  "scan-shards": shardMessageSchema,
  "series-plans": planMessageSchema,
  "subscription-upkeep": subscriptionUpkeepMessageSchema,
};

function run<S extends (typeof SCHEMAS)[keyof typeof SCHEMAS]>(schema: S, message: unknown) {
  const logs: string[] = [];
  const context = new InvocationContext({
    triggerMetadata: { id: "m-1" },
    logHandler: (level, ...args) => logs.push(`${level}: ${args.join(" ")}`),
  });
  const parsed = parseQueueMessage(schema, message, context, { name: "q", poison });
  return { parsed, logs, poisoned: context.extraOutputs.get(poison) };
}

function marked(value: unknown): unknown {
  if (typeof value === "string") return MARKER + value;
  if (Array.isArray(value)) return value.map(marked);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, marked(v)]));
  }
  return value;
}

/** Any JSON a queue could hold, with the marker planted in strings so a leak into the logs shows. */
const messages = fc.oneof(
  fc.jsonValue().map(marked),
  fc.string().map((s) => `${MARKER}${s}`),
  fc.record({ runId: fc.oneof(fc.string(), fc.integer()), mode: fc.string().map((s) => MARKER + s) }),
);

describe.each(Object.entries(SCHEMAS))("parseQueueMessage on %s", (_name, schema) => {
  it("never throws; poisons exactly what does not parse, as the same text, and logs no content", () => {
    fc.assert(
      fc.property(messages, (message) => {
        const { parsed, logs, poisoned } = run(schema, message);
        if (parsed !== undefined) {
          expect(poisoned).toBeUndefined();
          return;
        }
        expect(poisoned).toBe(typeof message === "string" ? message : JSON.stringify(message));
        expect(logs).toHaveLength(1);
        expect(logs[0]).toMatch(/^error: queue q: message m-1 is malformed, moved to q-poison: .+/);
        expect(logs[0]).not.toContain(MARKER);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe("parseQueueMessage", () => {
  it("hands a well-formed message through untouched, nothing poisoned or logged", () => {
    const wire = toShardWire({
      runId: "run-1",
      shardIndex: 0,
      shardCount: 1,
      now: "2026-11-25T09:00:00.000Z",
      managerIds: ["id-a"],
      pairs: [
        {
          managerId: "id-a",
          managerUpn: "a@contoso.com",
          managerMail: null,
          reportId: "id-b",
          reportUpn: "b@contoso.com",
          reportMail: null,
          exclusion: null,
          managerName: null,
          reportName: null,
          department: null,
        },
      ],
    });
    const { parsed, logs, poisoned } = run(shardMessageSchema, wire);
    expect((parsed as { pairs: unknown[] } | undefined)?.pairs).toHaveLength(1);
    expect(poisoned).toBeUndefined();
    expect(logs).toEqual([]);
  });
});
