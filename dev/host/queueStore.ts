// Queue clients per (connection setting, queue), message encoding, and writing queue output bindings.
import { type QueueClient, QueueServiceClient } from "@azure/storage-queue";
import type { QueueOutputSpec } from "./functionSpecs.js";
import type { RpcInvocationResponse, RpcTypedData } from "./rpc.js";

export type MessageEncoding = "base64" | "none";

export class QueueStore {
  readonly #services = new Map<string, QueueServiceClient>();
  readonly #queues = new Map<string, QueueClient>();
  readonly #created = new Map<string, Promise<unknown>>();
  /** Called after a message is written, so a local listener can poll at once (the host's fast path). */
  onWrite?: (connection: string, queueName: string) => void;

  constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly encoding: MessageEncoding,
  ) {}

  queue(connection: string, queueName: string): QueueClient {
    const key = `${connection}\n${queueName}`;
    let client = this.#queues.get(key);
    if (!client) {
      let service = this.#services.get(connection);
      if (!service) {
        const value = this.env[connection];
        if (!value) throw new Error(`Storage connection setting "${connection}" is not set`);
        service = QueueServiceClient.fromConnectionString(value);
        this.#services.set(connection, service);
      }
      client = service.getQueueClient(queueName);
      this.#queues.set(key, client);
    }
    return client;
  }

  /** Creates the queue once per process, as the host does for triggers and outputs. */
  async ensure(connection: string, queueName: string): Promise<QueueClient> {
    const client = this.queue(connection, queueName);
    const key = `${connection}\n${queueName}`;
    let created = this.#created.get(key);
    if (!created) {
      created = client.createIfNotExists();
      this.#created.set(key, created);
    }
    await created;
    return client;
  }

  encode(text: string): string {
    return this.encoding === "base64" ? Buffer.from(text, "utf8").toString("base64") : text;
  }

  /** Undefined when the text is not base64 though base64 is expected (the host cannot decode it either). */
  decode(text: string): string | undefined {
    if (this.encoding !== "base64") return text;
    const compact = text.replace(/\s+/g, "");
    if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
    return Buffer.from(compact, "base64").toString("utf8");
  }

  async send(connection: string, queueName: string, text: string): Promise<void> {
    const client = await this.ensure(connection, queueName);
    await client.sendMessage(this.encode(text));
    this.onWrite?.(connection, queueName);
  }

  /** Writes every queue output of an invocation response; an array value is one message per item. */
  async writeOutputs(outputs: QueueOutputSpec[], response: RpcInvocationResponse): Promise<void> {
    for (const output of outputs) {
      const data =
        output.binding === "$return"
          ? response.returnValue
          : response.outputData?.find((d) => d.name === output.binding)?.data;
      for (const text of messagesOf(data)) await this.send(output.connection, output.queueName, text);
    }
  }
}

function messagesOf(data: RpcTypedData | null | undefined): string[] {
  if (!data) return [];
  if (data.string != null) return [data.string];
  if (data.json != null) {
    const value: unknown = JSON.parse(data.json);
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
  }
  if (data.bytes != null) return [Buffer.from(data.bytes).toString("utf8")];
  if (data.int != null) return [String(data.int)];
  if (data.double != null) return [String(data.double)];
  if (data.collectionString?.string) return data.collectionString.string;
  return [];
}
