// The envelope a Teams Workflows "post card when a webhook request is received" flow expects: a bot-style
// message whose one attachment is the Adaptive Card.

/** Workflows webhooks refuse larger requests (the simulator does too). */
export const WORKFLOW_MAX_BYTES = 28 * 1024;

export interface WorkflowMessage {
  type: "message";
  attachments: [
    { contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: object },
  ];
}

export function workflowMessage(card: object): WorkflowMessage {
  return {
    type: "message",
    attachments: [
      { contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card },
    ],
  };
}

/** The bytes the message takes on the wire (UTF-8 JSON), which is what the 28 KB limit counts. */
export function workflowMessageBytes(message: WorkflowMessage): number {
  return Buffer.byteLength(JSON.stringify(message), "utf8");
}
