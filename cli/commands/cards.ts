// `cadence cards`: every agenda card the next timer runs would send over the coming lead window, written to files.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { agendaCardPartsReal } from "../../shared/composition/agendaCardPartsReal.js";
import { upcomingCalendarFromGateway } from "../../shared/composition/upcomingCalendarFromGateway.js";
import { MemoryAgendaStore } from "../../shared/store/memoryAgendaStore.js";
import type { TeamsDelivery } from "../../shared/usecases/ports/teamsDelivery.js";
import { sendAgendas } from "../../shared/usecases/sendAgendas.js";
import { auditTenant } from "../auditTenant.js";
import { type Command, parseOptions } from "../command.js";
import { renderCardPreviews } from "../renderCardPreviews.js";
import { openTenantSource } from "../tenantSource.js";

export const cardsArgsSchema = z.object({
  fixture: z.string().min(1).optional(),
  generate: z.string().min(1).optional(),
  now: z.string().optional(),
  out: z.string({ error: "required: the directory to write the cards to" }).min(1),
});

/** One line of `index.json` (issue 10's contract). */
export const cardIndexEntrySchema = z.object({
  file: z.string(),
  recipientUpn: z.string(),
  pair: z.object({ managerUpn: z.string(), reportUpn: z.string() }),
  occurrenceStart: z.iso.datetime(),
  language: z.string(),
});
export type CardIndexEntry = z.infer<typeof cardIndexEntrySchema>;

export const cardsCommand: Command = {
  name: "cards",
  summary: "write the agenda cards the next lead window would send (JSON + PNG preview + index.json)",
  usage: [
    "  cadence cards [--fixture FILE | --generate users=N,seed=S] [--now ISO] --out DIR",
    "",
    "  Scans the tenant in this process, then runs the agenda delivery once at --now (default: the fixture's",
    "  `now`, else the wall clock) with every person on the default 24-hour lead time, sending nothing: each card",
    "  that run would post is written to DIR as <occurrenceStart>-<recipientUpn>.json (start in UTC, colons",
    "  dropped, e.g. 2026-12-02T090000Z-ana@contoso.com.json) with a PNG preview beside it, and DIR/index.json",
    '  lists them: [{ "file", "recipientUpn", "pair": { "managerUpn", "reportUpn" }, "occurrenceStart", "language" }].',
    "  Without --fixture/--generate it reads Microsoft Graph with the GRAPH_* settings, as `cadence scan` does.",
  ].join("\n"),
  async run(argv) {
    const args = parseOptions(argv, ["fixture", "generate", "now", "out"], cardsArgsSchema);
    const source = await openTenantSource(args);
    try {
      const { run, store: scans } = await auditTenant(source);
      const pairs = await scans.listPairs(run.runId);
      const upnOf = new Map(
        pairs.flatMap((p) => [[p.managerId, p.managerUpn] as const, [p.reportId, p.reportUpn] as const]),
      );
      const captured = new Map<string, object>();
      const teams: TeamsDelivery = {
        ensureConversation: async (user) => ({
          ok: true,
          value: { conversationId: `cli:${user.id}`, serviceUrl: "cli:" },
        }),
        sendCard: async (_conversation, card) => {
          const activityId = String(captured.size + 1);
          captured.set(activityId, card);
          return { activityId };
        },
        updateCard: async () => {},
      };
      const store = new MemoryAgendaStore();
      const calendar = upcomingCalendarFromGateway(source.gateway);
      const result = await sendAgendas({
        ...agendaCardPartsReal,
        clock: { now: () => source.now },
        pairs: { latestPairs: async () => pairs },
        calendar,
        mailboxSettings: calendar,
        teams,
        store,
        tenantId: "cli",
      });

      await mkdir(args.out, { recursive: true });
      const index: CardIndexEntry[] = [];
      const sent = store
        .allDeliveries()
        .filter((d) => d.state === "sent" && d.activityId)
        .sort((a, b) => a.start.localeCompare(b.start) || a.recipientId.localeCompare(b.recipientId));
      for (const delivery of sent) {
        const recipientUpn = upnOf.get(delivery.recipientId) ?? delivery.recipientId;
        const file = `${delivery.start.replace(/\.\d{3}Z$/, "Z").replaceAll(":", "")}-${recipientUpn}.json`;
        await writeFile(
          join(args.out, file),
          `${JSON.stringify(captured.get(delivery.activityId!), null, 2)}\n`,
        );
        index.push({
          file,
          recipientUpn,
          pair: {
            managerUpn: upnOf.get(delivery.managerId) ?? delivery.managerId,
            reportUpn: upnOf.get(delivery.reportId) ?? delivery.reportId,
          },
          occurrenceStart: delivery.start,
          language: delivery.language,
        });
      }
      await writeFile(join(args.out, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
      const previews = await renderPreviews(args.out, index, captured, sent);
      process.stderr.write(
        `${index.length} cards for ${new Set(index.map((e) => e.occurrenceStart + e.pair.managerUpn)).size} ` +
          `1:1s written to ${args.out}${previews}` +
          (result.unreadManagers.length
            ? `; ${result.unreadManagers.length} calendars could not be read`
            : "") +
          "\n",
      );
      return 0;
    } finally {
      await source.close();
    }
  },
};

/** One PNG beside each card JSON, rendered in headless Chromium as Teams would (cli/renderCardPreviews.ts). */
async function renderPreviews(
  outDir: string,
  index: readonly CardIndexEntry[],
  captured: ReadonlyMap<string, object>,
  sent: readonly { activityId: string | null }[],
): Promise<string> {
  const results = await renderCardPreviews(
    index.map((entry, i) => ({
      card: captured.get(sent[i]!.activityId!)!,
      pngPath: join(outDir, entry.file.replace(/\.json$/, ".png")),
    })),
  );
  const withErrors = results.filter((r) => r.errors.length > 0).length;
  return ` with PNG previews${withErrors ? ` (${withErrors} rendered with errors)` : ""}`;
}
