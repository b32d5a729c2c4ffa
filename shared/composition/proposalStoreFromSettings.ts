// The proposals table, opened once per process for planning, the proposal API and the report's markers.
import { settings } from "../config.js";
import { ProposalStore } from "../store/proposalStore.js";
import { oncePerProcess } from "./oncePerProcess.js";
import { storageFromSettings } from "./storageFromSettings.js";

export const proposalStoreFromSettings: () => Promise<ProposalStore> = oncePerProcess(() =>
  ProposalStore.open(storageFromSettings(settings())),
);
