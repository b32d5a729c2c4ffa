// A queue round trip that proves the host machinery end to end: HTTP → echo-in → queue trigger → echo-out.
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
  output,
} from "@azure/functions";
import { z } from "zod";
import { AppError } from "../shared/errors.js";

/** Any JSON object; `fail: true` makes the queue step throw so retries and the poison queue can be exercised. */
export const echoMessageSchema = z.looseObject({ fail: z.boolean().optional() });
export type EchoMessage = z.infer<typeof echoMessageSchema>;

const echoIn = output.storageQueue({ queueName: "echo-in", connection: "AzureWebJobsStorage" });
const echoOut = output.storageQueue({ queueName: "echo-out", connection: "AzureWebJobsStorage" });

/** POST /api/echo: queues the JSON body on echo-in. */
export async function echoHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return {
      status: 400,
      jsonBody: { code: "ECHO.INVALID_BODY", message: "The body must be a JSON object" },
    };
  }
  const message = echoMessageSchema.safeParse(body);
  if (!message.success) {
    return { status: 400, jsonBody: { code: "ECHO.INVALID_BODY", message: z.prettifyError(message.error) } };
  }
  context.extraOutputs.set(echoIn, message.data);
  return { status: 202, jsonBody: { queued: true } };
}

/** echo-in → echo-out, carrying the delivery attempt so callers can see retries. */
export async function echoQueue(queueItem: unknown, context: InvocationContext): Promise<void> {
  const message = echoMessageSchema.parse(queueItem);
  if (message.fail) {
    throw new AppError("ECHO.REQUESTED_FAILURE", "The message asked to fail", {
      details: { dequeueCount: context.triggerMetadata?.dequeueCount },
    });
  }
  context.extraOutputs.set(echoOut, { message, dequeueCount: context.triggerMetadata?.dequeueCount });
}

app.http("echo", {
  methods: ["POST"],
  authLevel: "function",
  route: "echo",
  extraOutputs: [echoIn],
  handler: echoHttp,
});
app.storageQueue("echoQueue", {
  queueName: "echo-in",
  connection: "AzureWebJobsStorage",
  extraOutputs: [echoOut],
  handler: echoQueue,
});
