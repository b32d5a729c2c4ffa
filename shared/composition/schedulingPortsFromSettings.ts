// The planner's real adapters from the settings, built once per process (msal's cache and the table client live
// as long as the worker).

import { type Settings, settings } from "../config.js";
import type { CadencePolicy } from "../domain/cadencePolicy.js";
import type { PlanLatestScanPorts } from "../usecases/planLatestScan.js";
import { clockFromSettings } from "./clockFromSettings.js";
import { gatewayFromSettings } from "./gatewayFromSettings.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { policyFromSettings } from "./policyFromSettings.js";
import { proposalStoreFromSettings } from "./proposalStoreFromSettings.js";
import { scanStoreFromSettings } from "./scanStoreFromSettings.js";

export const schedulingPortsFromSettings: () => Promise<PlanLatestScanPorts> = oncePerProcess(async () => {
  const current = settings();
  // Loaded on first use, so registering the functions never loads the Graph writers or the slot finder.
  const [{ schedulingDomain }, { schedulingGraphFromGateway }] = await Promise.all([
    import("./schedulingDomain.js"),
    import("./schedulingGraphFromGateway.js"),
  ]);
  return {
    graph: schedulingGraphFromGateway(gatewayFromSettings(current)),
    store: await proposalStoreFromSettings(),
    scans: await scanStoreFromSettings(),
    clock: clockFromSettings(current),
    policy: schedulingPolicy(current),
    ...schedulingDomain,
    settings: {
      mode: current.CADENCE_SCHEDULING_MODE,
      minNoticeHours: current.CADENCE_MIN_NOTICE_HOURS,
      proposalTtlDays: current.CADENCE_PROPOSAL_TTL_DAYS,
      excludedUsers: current.CADENCE_EXCLUDED_USERS,
    },
  };
});

function schedulingPolicy(current: Settings): CadencePolicy {
  const policy = policyFromSettings(current);
  const end = current.CADENCE_SERIES_END;
  return { ...policy, newSeries: { ...policy.newSeries, numberOfOccurrences: end === "noEnd" ? null : end } };
}
