import type { MailboxSettings } from "@microsoft/microsoft-graph-types";
import type { Keyed } from "../usecases/ports/schedulingGraph.js";
import { GraphRequestError } from "./GraphRequestError.js";
import { runBatched } from "./runBatched.js";
import type { GraphGateway } from "./types.js";

const PER_MAILBOX = 4; // Outlook's concurrent requests per mailbox per app

/**
 * Each user's mailboxSettings (timeZone, workingHours, language…), 20 users per `$batch`, a few batches in
 * flight. Keyed by the id or UPN as given; a user without an Exchange mailbox gets GRAPH.MAILBOX_NOT_ENABLED.
 */
export async function readMailboxSettings(
  gateway: GraphGateway,
  users: readonly string[],
  options: { concurrency?: number } = {},
): Promise<Map<string, Keyed<MailboxSettings>>> {
  const unique = [...new Set(users)];
  const answers = await runBatched(
    gateway,
    unique.map((user) => ({
      key: user,
      group: user.toLowerCase(),
      request: { method: "GET" as const, url: `/users/${encodeURIComponent(user)}/mailboxSettings` },
    })),
    { concurrency: options.concurrency ?? 4, perGroupInFlight: PER_MAILBOX },
  );
  const out = new Map<string, Keyed<MailboxSettings>>();
  for (const user of unique) {
    const answer = answers.get(user)!;
    if (!answer.ok) out.set(user, { ok: false, error: answer.error });
    else if (typeof answer.body !== "object" || answer.body === null) {
      out.set(user, {
        ok: false,
        error: new GraphRequestError("GRAPH.UNEXPECTED", `No mailboxSettings for ${user}`, {
          status: answer.status,
        }),
      });
    } else {
      const { "@odata.context": _context, ...settings } = answer.body as Record<string, unknown>;
      out.set(user, { ok: true, value: settings as MailboxSettings });
    }
  }
  return out;
}
