import { z } from "zod";

/**
 * How the gateway gets Graph tokens. A managed identity (App Service / Functions, `IDENTITY_ENDPOINT`) or workload
 * identity federation (a federated token file) needs no secret in the app's settings; a client secret or
 * certificate is the fallback where neither is available (local runs, the simulator, other clouds' hosts).
 */
export const graphCredentialKindSchema = z.enum([
  "managedIdentity",
  "workloadIdentity",
  "secret",
  "certificate",
]);
export type GraphCredentialKind = z.infer<typeof graphCredentialKindSchema>;
