import { z } from "zod";
import { type GraphCredentialKind, graphCredentialKindSchema } from "./graphCredentialKindSchema.js";

const httpsUrl = z.url({ protocol: /^https$/, message: "must be an https:// URL" });

/** The data part of createGraphGateway's options (functions — clock, sleep, random — are not validated here). */
export const graphGatewayOptionsSchema = z
  .object({
    tenantId: z.string().min(1),
    /** The app registration's client id; for a managed identity, a user-assigned identity's (none: system-assigned). */
    clientId: z.string().min(1).optional(),
    /** How tokens are got; unset, the secret or certificate given decides (see graphCredentialKindSchema). */
    credential: graphCredentialKindSchema.optional(),
    /** Workload identity federation: the file the platform keeps a federated token in (AZURE_FEDERATED_TOKEN_FILE). */
    federatedTokenFile: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    /** One PEM with the app's certificate and private key. */
    certificatePem: z
      .string()
      .includes("PRIVATE KEY", { message: "must contain the private key" })
      .optional(),
    authorityHost: httpsUrl.default("https://login.microsoftonline.com"),
    /** Origin plus exactly one version segment: the SDK splits URLs that way. */
    graphBaseUrl: httpsUrl
      .regex(/^https:\/\/[^/]+\/[^/]+\/?$/, "must look like https://graph.microsoft.com/v1.0")
      .default("https://graph.microsoft.com/v1.0"),
    /** Extra CA (PEM) trusted for both token and Graph requests — the simulator's; TLS is never disabled. */
    caPem: z.string().includes("BEGIN CERTIFICATE").optional(),
    /** Token scope; Graph's even for the simulator, which issues tokens for the same audience. */
    scope: z.string().min(1).default("https://graph.microsoft.com/.default"),
    maxAttempts: z.number().int().min(1).max(30).default(10),
    baseDelayMs: z.number().min(0).default(1000),
    maxDelayMs: z.number().min(0).default(60_000),
    /** Longest wait for one Graph or token exchange; past it the attempt counts as a dropped connection. */
    timeoutMs: z.number().int().positive().default(100_000),
  })
  .superRefine((o, ctx) => {
    const problem = credentialProblem(o);
    if (problem) ctx.addIssue({ code: "custom", path: [problem.path], message: problem.message });
  })
  .transform(
    (o) => ({ ...o, credential: o.credential ?? (o.clientSecret ? "secret" : "certificate") }) as const,
  );

type CredentialFields = {
  credential?: GraphCredentialKind | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  certificatePem?: string | undefined;
  federatedTokenFile?: string | undefined;
};

/** Why the credential fields do not describe one way to get tokens; undefined when they do. */
function credentialProblem(o: CredentialFields): { path: string; message: string } | undefined {
  const both = o.clientSecret && o.certificatePem;
  switch (o.credential) {
    case undefined:
      if (both || (!o.clientSecret && !o.certificatePem)) {
        return {
          path: "clientSecret",
          message:
            "set exactly one of clientSecret or certificatePem, or credential managedIdentity/workloadIdentity",
        };
      }
      break;
    case "secret":
      if (!o.clientSecret || o.certificatePem)
        return { path: "clientSecret", message: "credential secret needs clientSecret alone" };
      break;
    case "certificate":
      if (!o.certificatePem || o.clientSecret)
        return { path: "certificatePem", message: "credential certificate needs certificatePem alone" };
      break;
    case "managedIdentity":
    case "workloadIdentity":
      // A secret given next to an identity would be silently unused: say so rather than guess which was meant.
      if (o.clientSecret || o.certificatePem) {
        return { path: "credential", message: `${o.credential} takes no clientSecret or certificatePem` };
      }
      if (o.credential === "workloadIdentity" && !o.federatedTokenFile) {
        return { path: "federatedTokenFile", message: "workloadIdentity needs the federated token file" };
      }
      break;
  }
  if (o.credential !== "managedIdentity" && !o.clientId) return { path: "clientId", message: "required" };
  return undefined;
}

export type GraphGatewaySettings = z.input<typeof graphGatewayOptionsSchema>;
