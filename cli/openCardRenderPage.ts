// Renders Adaptive Cards the way Teams' client does — the `adaptivecards` renderer with Teams' host config — in one
// headless Chromium page, for the `cadence cards` previews and the card tests. One browser serves many cards.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import hostConfig from "../cards/hostConfig/teams-light.json" with { type: "json" };

const require = createRequire(import.meta.url);
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * The renderer styles everything but its buttons through the host config; Teams draws them as below. Teams folds
 * buttons that do not fit into a "…" menu; a preview wraps them instead so every one is visible.
 */
function pageStyle(width: number): string {
  return [
    "body{margin:0;padding:16px;background:#f5f5f5}",
    `#card{width:${width}px;background:#fff;border-radius:4px}`,
    ".ac-actionSet{flex-wrap:wrap;row-gap:8px}",
    ".ac-pushButton{font:600 14px 'Segoe UI',Tahoma,Geneva,Verdana,sans-serif;color:#252424;background:#fff;" +
      "border:1px solid #e1dfdd;border-radius:4px;padding:5px 12px;min-height:32px;cursor:pointer}",
    ".ac-pushButton.style-positive{background:#6264a7;border-color:#6264a7;color:#fff}",
    ".ac-pushButton.style-destructive{color:#c4314b}",
  ].join("");
}

export interface RenderedCard {
  /** Parse and validation events of the renderer, and page errors: empty for a card Teams shows as meant. */
  errors: string[];
  /** The rendered card's visible text. */
  text: string;
  /** Titles of the rendered buttons, in order. */
  buttons: string[];
  /** Card ids of the inputs that were rendered into the page. */
  inputs: string[];
}

/** The little of the renderer's and the DOM's API the page script uses (the project compiles without DOM types). */
interface ValidationEventRecord {
  event: number;
  message: string;
}
interface AdaptiveCardsGlobal {
  AdaptiveCard: new () => {
    hostConfig: unknown;
    parse(payload: unknown, context: unknown): void;
    validateProperties(): { validationEvents: ValidationEventRecord[] };
    render(): unknown;
    getAllInputs(): Array<{ id: string; renderedElement: unknown }>;
  };
  HostConfig: new (config: unknown) => unknown;
  SerializationContext: new () => { eventCount: number; getEventAt(index: number): ValidationEventRecord };
  ValidationEvent: Record<number, string>;
}
interface PageElement {
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  replaceChildren(): void;
  contains(node: unknown): boolean;
  appendChild(child: unknown): void;
}
interface PageDocument {
  getElementById(id: string): PageElement;
}

export interface CardRenderPage {
  render(card: object): Promise<RenderedCard>;
  /** A PNG of the card rendered last. */
  screenshot(pngPath: string): Promise<void>;
  close(): Promise<void>;
}

export interface CardRenderOptions {
  chromiumPath?: string;
  /** Teams shows cards about this wide in a 1:1 chat. */
  widthPx?: number;
}

export async function openCardRenderPage(options: CardRenderOptions = {}): Promise<CardRenderPage> {
  const executablePath = options.chromiumPath ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) throw new Error(`Chromium is missing at ${executablePath}`);
  const width = options.widthPx ?? 480;
  const browser = await chromium.launch({ executablePath, args: ARGS });
  try {
    const page = await browser.newPage({
      viewport: { width: width + 32, height: 600 },
      deviceScaleFactor: 1,
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") pageErrors.push(`console: ${m.text()}`);
    });
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${pageStyle(width)}</style></head>` +
        `<body><div id="card"></div></body></html>`,
    );
    await page.addScriptTag({ path: require.resolve("adaptivecards/dist/adaptivecards.min.js") });
    return {
      async render(card) {
        pageErrors.length = 0;
        // Runs in the page: the renderer's own parse and validation events are what "renders with no errors" means.
        const result = await page.evaluate(
          ([payload, config]) => {
            const g = globalThis as unknown as { AdaptiveCards: AdaptiveCardsGlobal; document: PageDocument };
            const AC = g.AdaptiveCards;
            const adaptiveCard = new AC.AdaptiveCard();
            adaptiveCard.hostConfig = new AC.HostConfig(config);
            const context = new AC.SerializationContext();
            adaptiveCard.parse(payload, context);
            const errors: string[] = [];
            for (let i = 0; i < context.eventCount; i++) {
              const e = context.getEventAt(i);
              errors.push(`parse: ${AC.ValidationEvent[e.event]}: ${e.message}`);
            }
            for (const e of adaptiveCard.validateProperties().validationEvents) {
              errors.push(`validate: ${AC.ValidationEvent[e.event]}: ${e.message}`);
            }
            const element = adaptiveCard.render();
            const host = g.document.getElementById("card");
            host.replaceChildren();
            if (!element) errors.push("render: nothing rendered");
            else host.appendChild(element);
            return {
              errors,
              // Every text the card shows; the checks look for whole phrases, so block boundaries do not matter.
              text: host.textContent ?? "",
              buttons: Array.from(host.querySelectorAll("button")).map((b) =>
                (b.getAttribute("aria-label") || b.textContent || "").trim(),
              ),
              // The renderer gives the DOM elements generated ids: the inputs' card ids come from its model.
              inputs: adaptiveCard
                .getAllInputs()
                .filter((i) => i.renderedElement && host.contains(i.renderedElement))
                .map((i) => i.id),
            };
          },
          [card, hostConfig] as const,
        );
        return { ...result, errors: [...result.errors, ...pageErrors] };
      },
      async screenshot(pngPath) {
        await page.locator("#card").screenshot({ path: pngPath });
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
