import { z } from "zod";

const httpsUrl = z.url({ protocol: /^https$/, message: "must be an https:// URL" });

/** The data part of createGraphGateway's options (functions — clock, sleep, random — are not validated here). */
export const graphGatewayOptionsSchema = z
  .object({
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
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
  })
  .refine((o) => Boolean(o.clientSecret) !== Boolean(o.certificatePem), {
    message: "set exactly one of clientSecret or certificatePem",
    path: ["clientSecret"],
  });

export type GraphGatewaySettings = z.input<typeof graphGatewayOptionsSchema>;
