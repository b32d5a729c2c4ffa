// The demo's Teams part: the agenda timer fired through the host's admin endpoint delivers the upcoming cards to
// the simulated Bot Connector, then one user presses "Add" on a card (a signed invoke from the simulated channel).
import { CARD_VERBS } from "../shared/domain/agenda/cardVerbs.js";
import type { Simulator } from "./sim/server.js";

const CARDS_WAIT_MS = 90_000;

export async function deliverDemoCards(options: {
  hostUrl: string;
  masterKey: string;
  sim: Simulator;
  say: (line: string) => void;
  /** How `cadence cards` regenerates the same tenant, e.g. "users=300,seed=42". */
  generateSpec: string;
  now: string;
}): Promise<void> {
  const { sim, say } = options;
  // The agenda cards, and the open scheduling proposals as cards to their managers (when planning made any).
  for (const name of ["sendAgendas", "sendProposalCards"]) {
    const fired = await fetch(`${options.hostUrl}/admin/functions/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-functions-key": options.masterKey },
      body: JSON.stringify({ input: "" }),
    });
    if (fired.status !== 202) throw new Error(`POST /admin/functions/${name} answered ${fired.status}`);
  }
  // The timer runs in the background: wait until the number of cards in the simulated Teams stops growing.
  const cards = () =>
    sim.teams.conversationList().flatMap((c) => c.activities.map((a) => ({ conversation: c, activity: a })));
  const deadline = Date.now() + CARDS_WAIT_MS;
  let seen = -1;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2_000));
    const count = cards().length;
    if (count > 0 && count === seen) break;
    seen = count;
  }
  const sent = cards();
  const agendas = sent.filter((c) => /"occurrenceId":"/.test(JSON.stringify(c.activity.attachments)));
  say(
    `Teams: ${agendas.length} agenda cards and ${sent.length - agendas.length} proposal cards delivered to ` +
      `${new Set(sent.map((c) => c.conversation.userId)).size} people`,
  );
  const first = agendas[0];
  if (first) {
    const json = JSON.stringify(first.activity.attachments);
    const press = await sim.teams.cardAction({
      user: first.conversation.userId,
      activityId: first.activity.id,
      verb: CARD_VERBS.addTalkingPoint,
      data: {
        pairKey: /"pairKey":"([^"]+)"/.exec(json)![1],
        occurrenceId: /"occurrenceId":"([^"]+)"/.exec(json)![1],
        talkingPointText: "Added from the demo: a signed card action",
        talkingPointPrivate: "false",
      },
    });
    say(`  one card action (add a talking point) through a signed invoke: bot answered HTTP ${press.status}`);
  }
  say(`  see them: ${sim.urls.control}/teams (conversations, activities, inbound invokes)`);
  say(
    `  as PNGs: npx cadence cards --generate ${options.generateSpec} --now ${options.now} --out .cadence/cards`,
  );
}
