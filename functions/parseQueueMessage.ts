import type { InvocationContext, StorageQueueOutput } from "@azure/functions";
import type { z } from "zod";
import { queueMessageIssues } from "./queueMessageIssues.js";

/**
 * A queue trigger's message through its schema. One that does not parse can never succeed, and retrying it until
 * the host gives up (maxDequeueCount) only delays it: it goes to `<queue>-poison` at once through `poison` (the
 * same text, so an admin can move it back once fixed), with an error naming the queue, the message id and what
 * is wrong, never the body. Answers undefined then, and the trigger returns normally (the host deletes it).
 */
export function parseQueueMessage<S extends z.ZodType>(
  schema: S,
  message: unknown,
  context: InvocationContext,
  queue: { name: string; poison: StorageQueueOutput },
): z.output<S> | undefined {
  const parsed = schema.safeParse(message);
  if (parsed.success) return parsed.data;
  const id = context.triggerMetadata?.id ?? "(no id)";
  context.error(
    `queue ${queue.name}: message ${String(id)} is malformed, moved to ${queue.name}-poison: ` +
      queueMessageIssues(parsed.error),
  );
  // Text travels as is; anything else as its JSON (an array output would become one message per item).
  context.extraOutputs.set(queue.poison, typeof message === "string" ? message : JSON.stringify(message));
  return undefined;
}
