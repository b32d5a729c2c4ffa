// Every kind of card Cadence sends, from the samples beside the templates and from composed views in every
// language: what the schema, size and browser-render tests all run over.
import { readFileSync } from "node:fs";
import { agendaText } from "../../../shared/domain/agenda/agendaText.js";
import type { AgendaInput, Language } from "../../../shared/domain/agenda/agendaTypes.js";
import { composeAgenda } from "../../../shared/domain/agenda/composeAgenda.js";
import { buildAgendaCard } from "../../../shared/teams/buildAgendaCard.js";
import { buildErrorCard } from "../../../shared/teams/buildErrorCard.js";
import { buildManagerDigestCard } from "../../../shared/teams/buildManagerDigestCard.js";
import { buildProposalCard } from "../../../shared/teams/buildProposalCard.js";
import { expandCardTemplate } from "../../../shared/teams/expandCardTemplate.js";
import { agendaInput, MANAGER, REPORT, talkingPoint } from "../domain/agenda/agendaFixtures.js";

export interface GalleryCard {
  name: string;
  card: object;
  /** Texts a person must see on the rendered card. */
  texts: string[];
  /** Titles of the buttons it must show. */
  buttons: string[];
}

const TAGS: Record<Language, string> = {
  en: "en-GB",
  it: "it-IT",
  de: "de-DE",
  fr: "fr-FR",
  es: "es-ES",
  ja: "ja-JP",
};
const ZONES: Record<Language, string> = {
  en: "Europe/London",
  it: "Europe/Rome",
  de: "W. Europe Standard Time",
  fr: "Europe/Paris",
  es: "Europe/Madrid",
  ja: "Asia/Tokyo",
};

function fromSample(name: string, texts: string[], buttons: string[]): GalleryCard {
  const template = JSON.parse(readFileSync(`cards/${name}.json`, "utf8"));
  const sample = JSON.parse(readFileSync(`cards/${name}.sample.json`, "utf8"));
  return { name: `${name}.sample`, card: expandCardTemplate(template, sample), texts, buttons };
}

export function agendaGalleryInput(language: Language, role: "manager" | "report"): AgendaInput {
  return agendaInput({
    recipient: {
      id: role === "manager" ? MANAGER : REPORT,
      role,
      timeZone: ZONES[language],
      language: TAGS[language],
    },
    talkingPoints: [
      talkingPoint({
        id: "tp-1",
        text: "The release slipped by a week",
        createdAt: new Date("2026-12-01T08:00:00Z"),
      }),
      talkingPoint({ id: "tp-2", authorId: MANAGER, text: "Budget for March — [link](https://x.test)" }),
      talkingPoint({ id: "tp-3", authorId: REPORT, text: "Moving house in January", private: true }),
    ],
    heldCount: role === "manager" ? 2 : 9,
    seed: 5,
  });
}

export function cardGallery(): GalleryCard[] {
  const cards: GalleryCard[] = [
    fromSample(
      "agenda",
      ["1:1 with Kenji Sato", "The release slipped by a week", "Is there anything that needs clarity?"],
      ["Done", "Add", "Join in Teams", "Skip this one", "Mute cards for this 1:1"],
    ),
    fromSample(
      "proposal",
      ["Set up a 1:1 with Kenji Sato", "Tuesday 8 December, 17:00–17:30"],
      ["Accept Tue 8 Dec, 09:00", "Wed 9 Dec, 08:30", "Thu 10 Dec, 10:00", "Not now", "Never for Kenji Sato"],
    ),
    fromSample(
      "managerDigest",
      ["Kenji Sato", "Lapsed", "Last 1:1 41 days ago."],
      ["Accept Tue 8 Dec, 09:00"],
    ),
    fromSample(
      "error",
      ["Only Giulia Romano and Kenji Sato can change this agenda.", "CARD.NOT_IN_PAIR"],
      [],
    ),
  ];
  for (const language of Object.keys(TAGS) as Language[]) {
    for (const role of ["manager", "report"] as const) {
      const input = agendaGalleryInput(language, role);
      const view = composeAgenda(input);
      const t = agendaText(language);
      cards.push({
        name: `agenda.${language}.${role}`,
        card: buildAgendaCard(view, { pairKey: input.pair.key, occurrenceId: input.occurrence.id }),
        texts: [
          view.title,
          view.cadenceLine,
          ...view.questions.map((q) => q.text),
          ...view.talkingPoints.map((p) => p.text),
        ],
        buttons: ["card.done", "card.add", "card.join", "card.skip", "card.mute"].map((k) =>
          t(k as "card.done"),
        ),
      });
    }
  }
  cards.push({
    name: "proposal.built",
    card: buildProposalCard({
      proposalId: "prop-1",
      pairKey: "m-1|r-1",
      manager: { name: "Giulia Romano", timeZone: "Europe/Rome" },
      report: { name: "Kenji Sato", timeZone: "Tokyo Standard Time" },
      slots: [
        { start: new Date("2026-12-08T08:00:00Z"), end: new Date("2026-12-08T08:30:00Z") },
        { start: new Date("2026-12-09T08:00:00Z"), end: new Date("2026-12-09T08:30:00Z") },
      ],
    }),
    texts: ["Set up a 1:1 with Kenji Sato", "Tuesday 8 December, 17:00–17:30"],
    buttons: ["Accept Tue 8 Dec, 09:00", "Wed 9 Dec, 09:00", "Not now", "Never for Kenji Sato"],
  });
  cards.push({
    name: "managerDigest.built",
    card: buildManagerDigestCard({
      managerName: "Giulia Romano",
      weekOf: "2026-12-07",
      members: [
        {
          name: "Kenji Sato",
          status: "lapsed",
          detail: "Last 1:1 41 days ago.",
          proposal: { proposalId: "p1", pairKey: "m-1|r-1", slotText: "Tue 8 Dec, 09:00" },
        },
        { name: "Ana García", status: "due", detail: "Last 1:1 15 days ago." },
      ],
    }),
    texts: ["Kenji Sato", "Ana García", "Due"],
    buttons: ["Accept Tue 8 Dec, 09:00"],
  });
  cards.push({
    name: "proposal.built.ja",
    card: buildProposalCard({
      proposalId: "prop-2",
      pairKey: "m-1|r-1",
      manager: { name: "佐藤 健二", timeZone: "Asia/Tokyo", language: "ja-JP" },
      report: { name: "Giulia Romano", timeZone: "Europe/Rome" },
      slots: [
        { start: new Date("2026-12-08T01:00:00Z"), end: new Date("2026-12-08T01:30:00Z") },
        { start: new Date("2026-12-09T01:00:00Z"), end: new Date("2026-12-09T01:30:00Z") },
        { start: new Date("2026-12-10T01:00:00Z"), end: new Date("2026-12-10T01:30:00Z") },
      ],
    }),
    texts: ["Giulia Romano さんとの 1:1 を設定", "2 週間ごと、30 分の Teams 会議。"],
    buttons: ["今はしない", "Giulia Romano さんには提案しない"],
  });
  cards.push({
    name: "managerDigest.built.es",
    card: buildManagerDigestCard({
      managerName: "Ana García",
      language: "es-ES",
      weekOf: "2026-12-07",
      members: [
        {
          name: "Lukas Becker",
          status: "proposalOpen",
          detail: "Propuesta del 2026-12-01.",
          proposal: { proposalId: "p3", pairKey: "m-2|r-3", slotText: "jue 10 dic, 14:00" },
        },
      ],
    }),
    texts: ["Los 1:1 de tu equipo", "Propuesta pendiente"],
    buttons: ["Aceptar jue 10 dic, 14:00"],
  });
  cards.push({
    name: "error.built",
    card: buildErrorCard({ code: "CARD.UNKNOWN_ACTION", message: 'Unknown card action "x".' }),
    texts: ['Unknown card action "x".', "CARD.UNKNOWN_ACTION"],
    buttons: [],
  });
  return cards;
}
