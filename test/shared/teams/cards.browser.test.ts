// Every card rendered by the `adaptivecards` renderer with Teams' host config in headless Chromium (Debian's
// chromium via playwright-core): no parse, validation or page errors, and the DOM shows what the card is for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CardRenderPage, openCardRenderPage } from "../../../cli/openCardRenderPage.js";
import { cardGallery } from "./cardGallery.js";

const gallery = cardGallery();
let page: CardRenderPage;

beforeAll(async () => {
  page = await openCardRenderPage();
}, 120_000);

afterAll(async () => {
  await page?.close();
});

describe("the cards in the adaptivecards renderer (Teams host config, headless Chromium)", () => {
  it.each(gallery.map((g) => [g.name, g] as const))(
    "%s renders with no errors and shows its content",
    async (_, g) => {
      const rendered = await page.render(g.card);
      expect(rendered.errors).toEqual([]);
      for (const text of g.texts) expect(rendered.text, text).toContain(text);
      for (const title of g.buttons) expect(rendered.buttons, title).toContain(title);
    },
  );

  it("shows the agenda's text input and private toggle, and one Done per talking point", async () => {
    const agenda = gallery.find((g) => g.name === "agenda.it.report")!;
    const rendered = await page.render(agenda.card);
    expect(rendered.inputs).toEqual(expect.arrayContaining(["talkingPointText", "talkingPointPrivate"]));
    // The report sees the two shared points and their own private one.
    expect(rendered.buttons.filter((b) => b === "Fatto")).toHaveLength(3);
    expect(rendered.text).toContain("Moving house in January · privato");
    expect(rendered.text).toContain("Budget for March — [link](https://x.test)");
  });

  it("reports a broken card instead of passing it", async () => {
    const rendered = await page.render({
      type: "AdaptiveCard",
      version: "1.5",
      body: [{ type: "Nonsense" }],
      actions: [
        { type: "Action.Execute", title: "x" },
        ...Array.from({ length: 7 }, () => ({ type: "Action.OpenUrl", title: "y", url: "https://a.test" })),
      ],
    });
    expect(rendered.errors.length).toBeGreaterThan(0);
  });
});
