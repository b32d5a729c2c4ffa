// Drains one storage queue for one queue-trigger function with the WebJobs queue processor's semantics:
// batched dequeue, backoff when empty, release after failure, poison queue after maxDequeueCount.
import { randomUUID } from "node:crypto";
import type { DequeuedMessageItem } from "@azure/storage-queue";
import type { QueueFunctionSpec } from "./functionSpecs.js";
import type { QueueSettings } from "./hostJson.js";
import type { QueueStore } from "./queueStore.js";
import type { RpcInvocationRequest, RpcInvocationResponse, RpcTypedData } from "./rpc.js";

const MIN_POLL_MS = 100;
/** How long a dequeued message stays invisible while its invocation runs (the host's default). */
const PROCESSING_VISIBILITY_S = 600;

export type QueueInvoke = (
  spec: QueueFunctionSpec,
  request: RpcInvocationRequest & { invocationId: string },
) => Promise<RpcInvocationResponse>;

export interface QueueListenerEvents {
  log(level: "information" | "warning" | "error", message: string): void;
}

function typedMessage(text: string): RpcTypedData {
  try {
    JSON.parse(text);
    return { json: text };
  } catch {
    return { string: text };
  }
}

const iso = (d: Date | undefined): RpcTypedData => ({ string: d ? d.toISOString() : "" });

export class QueueListener {
  #running = false;
  #inFlight = new Set<Promise<void>>();
  #wake?: () => void;
  #backoffMs = MIN_POLL_MS;
  #loop?: Promise<void>;

  constructor(
    readonly spec: QueueFunctionSpec,
    private readonly store: QueueStore,
    private readonly settings: QueueSettings,
    private readonly invoke: QueueInvoke,
    private readonly events: QueueListenerEvents,
  ) {}

  async start(): Promise<void> {
    await this.store.ensure(this.spec.connection, this.spec.queueName);
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Polls now instead of waiting out the backoff (a local output just wrote to this queue). */
  wake(): void {
    this.#backoffMs = MIN_POLL_MS;
    this.#wake?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
    await Promise.allSettled([...this.#inFlight]);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #run(): Promise<void> {
    const queue = this.store.queue(this.spec.connection, this.spec.queueName);
    const { batchSize, newBatchThreshold, maxPollingIntervalMs } = this.settings;
    while (this.#running) {
      if (this.#inFlight.size > newBatchThreshold) {
        await Promise.race(this.#inFlight);
        continue;
      }
      let messages: DequeuedMessageItem[];
      try {
        const received = await queue.receiveMessages({
          numberOfMessages: batchSize,
          visibilityTimeout: PROCESSING_VISIBILITY_S,
        });
        messages = received.receivedMessageItems;
      } catch (err) {
        if (!this.#running) break;
        this.events.log(
          "warning",
          `Queue "${this.spec.queueName}": polling failed: ${(err as Error).message}`,
        );
        messages = [];
      }
      if (messages.length === 0) {
        // Randomised exponential backoff, as the host's queue poller does, capped at maxPollingInterval.
        const delay = Math.min(maxPollingIntervalMs, this.#backoffMs) * (0.8 + Math.random() * 0.4);
        this.#backoffMs = Math.min(maxPollingIntervalMs, this.#backoffMs * 2);
        await this.#sleep(delay);
        continue;
      }
      this.#backoffMs = MIN_POLL_MS;
      for (const message of messages) {
        const task = this.#process(message).finally(() => this.#inFlight.delete(task));
        this.#inFlight.add(task);
      }
    }
  }

  async #process(message: DequeuedMessageItem): Promise<void> {
    const { queueName, connection } = this.spec;
    const queue = this.store.queue(connection, queueName);
    const { maxDequeueCount, visibilityTimeoutMs } = this.settings;
    if (message.dequeueCount > maxDequeueCount) {
      await this.#poison(message);
      return;
    }
    const text = this.store.decode(message.messageText);
    if (text === undefined) {
      // As the Queues extension does: retrying cannot fix the encoding, so the message goes to poison at once.
      this.events.log(
        "warning",
        `Message ${message.messageId} on queue '${queueName}' is not base64 (host.json messageEncoding). Moving it to queue '${queueName}-poison'.`,
      );
      try {
        await this.#poison(message, false);
      } catch (err) {
        this.events.log(
          "warning",
          `Queue "${queueName}": could not poison message: ${(err as Error).message}`,
        );
      }
      return;
    }
    const request = {
      invocationId: randomUUID(),
      inputData: [{ name: this.spec.triggerBinding, data: typedMessage(text) }],
      triggerMetadata: {
        DequeueCount: { int: message.dequeueCount },
        Id: { string: message.messageId },
        PopReceipt: { string: message.popReceipt },
        InsertionTime: iso(message.insertedOn),
        ExpirationTime: iso(message.expiresOn),
        NextVisibleTime: iso(message.nextVisibleOn),
        QueueTrigger: { string: text },
        sys: {
          json: JSON.stringify({
            MethodName: this.spec.name,
            UtcNow: new Date().toISOString(),
            RandGuid: randomUUID(),
          }),
        },
      },
    };
    try {
      await this.invoke(this.spec, request);
    } catch {
      // The invocation already logged its error; what remains is the message's fate.
      try {
        if (message.dequeueCount >= maxDequeueCount) {
          await this.#poison(message);
        } else {
          await queue.updateMessage(
            message.messageId,
            message.popReceipt,
            undefined,
            Math.round(visibilityTimeoutMs / 1000),
          );
        }
      } catch (err) {
        this.events.log(
          "warning",
          `Queue "${queueName}": could not release message: ${(err as Error).message}`,
        );
      }
      return;
    }
    try {
      await queue.deleteMessage(message.messageId, message.popReceipt);
    } catch (err) {
      this.events.log("warning", `Queue "${queueName}": could not delete message: ${(err as Error).message}`);
    }
  }

  async #poison(message: DequeuedMessageItem, exhausted = true): Promise<void> {
    const { queueName, connection } = this.spec;
    const poisonName = `${queueName}-poison`;
    if (exhausted) {
      this.events.log(
        "warning",
        `Message ${message.messageId} has reached MaxDequeueCount of ${this.settings.maxDequeueCount}. Moving message to queue '${poisonName}'.`,
      );
    }
    const poison = await this.store.ensure(connection, poisonName);
    await poison.sendMessage(message.messageText);
    await this.store.queue(connection, queueName).deleteMessage(message.messageId, message.popReceipt);
  }
}
