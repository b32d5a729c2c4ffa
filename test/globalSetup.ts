// Starts the services the tests share: one in-memory Azurite for the whole run.
import type { TestProject } from "vitest/node";
import { startAzurite } from "../dev/storage/startAzurite.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Connection string of the run's shared Azurite (also in process.env.AzureWebJobsStorage). */
    azuriteConnectionString: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const azurite = await startAzurite();
  project.provide("azuriteConnectionString", azurite.connectionString);
  // Test workers fork after global setup, so they inherit this like the Functions host reads it.
  process.env.AzureWebJobsStorage = azurite.connectionString;
  return async () => {
    await azurite.stop();
  };
}
