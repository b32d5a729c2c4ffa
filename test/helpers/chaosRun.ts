// What the chaos tests share: the real Graph gateway and Teams delivery tuned for a simulator injecting faults
// (short waits, many attempts, a client timeout the held answers outlast), a scan whose pairs compare across runs,
// and the planning ports and proposal shape a clean and a chaotic plan are compared by.

import { createRng } from "../../dev/sim/core/random.js";
import type { Simulator } from "../../dev/sim/server.js";
import { simulatorGateway } from "../../dev/sim/simulatorGateway.js";
import { scanGraphFromGateway } from "../../shared/composition/scanGraphFromGateway.js";
import { schedulingDomain } from "../../shared/composition/schedulingDomain.js";
import { schedulingGraphFromGateway } from "../../shared/composition/schedulingGraphFromGateway.js";
import { defaultCadencePolicy } from "../../shared/domain/cadencePolicy.js";
import { createAppTokenProvider } from "../../shared/graph/createAppTokenProvider.js";
import type { GraphGatewayOptions } from "../../shared/graph/createGraphGateway.js";
import { createHttpsFetch } from "../../shared/graph/createHttpsFetch.js";
import { installTeamsApp } from "../../shared/graph/installTeamsApp.js";
import type { GraphGateway } from "../../shared/graph/types.js";
import { MemoryScanStore } from "../../shared/store/memoryScanStore.js";
import type { ProposalStore } from "../../shared/store/proposalStore.js";
import { createBotConnectorClient } from "../../shared/teams/createBotConnectorClient.js";
import { createTeamsDelivery } from "../../shared/teams/createTeamsDelivery.js";
import type { SchedulingPorts } from "../../shared/usecases/ports/schedulingPorts.js";
import { runScanInProcess } from "../../shared/usecases/runScanInProcess.js";

/** The gateway as production builds it, with waits recorded in `sleeps` and cut short (Retry-After is tiny). */
export function chaosGateway(
  sim: Simulator,
  rngSeed: number,
  timeoutMs: number,
  sleeps: number[] = [],
  options: Partial<GraphGatewayOptions> = {},
): GraphGateway {
  const rng = createRng(rngSeed);
  return simulatorGateway(sim, {
    // At ~35% failed attempts, 25 attempts make giving up (0.35^25) practically impossible.
    maxAttempts: 25,
    baseDelayMs: 2,
    maxDelayMs: 40,
    random: rng.next,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((r) => setTimeout(r, Math.min(ms, 5)));
    },
    timeoutMs,
    ...options,
  });
}

/** The real Teams delivery against the simulator's Bot Connector, installing the app through `installGateway`. */
export function chaosTeamsDelivery(sim: Simulator, installGateway: GraphGateway, timeoutMs: number) {
  const fetch = createHttpsFetch({ caPem: sim.caPem, timeoutMs });
  const tokens = createAppTokenProvider({
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    authorityHost: sim.urls.login,
    scope: "https://api.botframework.com/.default",
    fetch,
  });
  return createTeamsDelivery({
    connector: createBotConnectorClient({
      tokens,
      botAppId: sim.clientId,
      fetch,
      timeoutMs,
      maxAttempts: 8,
      baseDelayMs: 2,
      maxWaitMs: 40,
    }),
    serviceUrl: sim.teams.serviceUrl,
    installApp: (userId) => installTeamsApp(installGateway, userId, sim.teams.teamsAppId),
  });
}

/** One in-process scan at `now`; its pairs sorted by manager/report so two runs compare with toEqual. */
export async function scanSorted(gateway: GraphGateway, now: Date) {
  const store = new MemoryScanStore();
  const run = await runScanInProcess({
    graph: scanGraphFromGateway(gateway),
    store,
    clock: { now: () => now },
    policy: defaultCadencePolicy,
    runSuffix: () => "chaos",
  });
  const pairs = (await store.listPairs(run.runId)).sort((a, b) =>
    `${a.managerId}/${a.reportId}`.localeCompare(`${b.managerId}/${b.reportId}`),
  );
  return { run, pairs };
}

/** Planning in propose mode at `now` over the real scheduling graph. */
export function proposePorts(store: ProposalStore, gateway: GraphGateway, now: Date): SchedulingPorts {
  return {
    graph: schedulingGraphFromGateway(gateway),
    store,
    clock: { now: () => now },
    policy: defaultCadencePolicy,
    ...schedulingDomain,
    settings: { mode: "propose", minNoticeHours: 24, proposalTtlDays: 14, excludedUsers: [] },
  };
}

/** What a plan proposed, per pair and sorted: a clean and a chaotic plan compare with toEqual. */
export function proposalShape(proposals: readonly { managerId: string; reportId: string; slots: unknown }[]) {
  return proposals
    .map((p) => ({ pair: `${p.managerId}/${p.reportId}`, slots: p.slots }))
    .sort((a, b) => a.pair.localeCompare(b.pair));
}
