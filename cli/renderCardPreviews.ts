// PNG previews of cards for `cadence cards`, so a person can look at what would be sent: one Chromium for all.
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { type CardRenderOptions, openCardRenderPage } from "./openCardRenderPage.js";

export interface CardPreview {
  card: object;
  pngPath: string;
}

export interface CardPreviewResult {
  pngPath: string;
  /** What the renderer reported; a preview is written even when this is not empty. */
  errors: string[];
}

export async function renderCardPreviews(
  previews: readonly CardPreview[],
  options: CardRenderOptions = {},
): Promise<CardPreviewResult[]> {
  if (previews.length === 0) return [];
  const page = await openCardRenderPage(options);
  try {
    const results: CardPreviewResult[] = [];
    for (const preview of previews) {
      const rendered = await page.render(preview.card);
      await mkdir(dirname(preview.pngPath), { recursive: true });
      await page.screenshot(preview.pngPath);
      results.push({ pngPath: preview.pngPath, errors: rendered.errors });
    }
    return results;
  } finally {
    await page.close();
  }
}
