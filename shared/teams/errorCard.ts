/** A one-line Adaptive Card (1.5, as Teams renders) telling the person why their action did nothing. */
export function errorCard(message: string): object {
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body: [
      { type: "TextBlock", text: "Cadence", weight: "Bolder", size: "Medium" },
      { type: "TextBlock", text: message, wrap: true, color: "Attention" },
    ],
  };
}
