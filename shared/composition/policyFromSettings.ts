import { policySettings, type Settings } from "../config.js";
import { type CadencePolicy, cadencePolicySchema } from "../domain/cadencePolicy.js";

/** The cadence policy the settings describe (config.ts has already checked that it is valid). */
export function policyFromSettings(settings: Settings): CadencePolicy {
  return cadencePolicySchema.parse(policySettings(settings));
}
