import type { GraphCredentialKind } from "./graph/graphCredentialKindSchema.js";

/** The settings that decide how Cadence gets Graph tokens. */
export interface GraphAuthSettings {
  GRAPH_AUTH?: GraphCredentialKind | undefined;
  GRAPH_CLIENT_ID?: string | undefined;
  GRAPH_CLIENT_SECRET?: string | undefined;
  GRAPH_CLIENT_CERTIFICATE_PATH?: string | undefined;
  /** Set by the platform (AKS workload identity): the federated token's file. */
  AZURE_FEDERATED_TOKEN_FILE?: string | undefined;
  /** Set by App Service / Functions when the app has a managed identity. */
  IDENTITY_ENDPOINT?: string | undefined;
}

export interface GraphAuth {
  /** undefined when the settings name no usable way (see problems). */
  kind: GraphCredentialKind | undefined;
  problems: Array<{ setting: string; message: string }>;
}

/**
 * GRAPH_AUTH when set; otherwise a certificate or secret when one is configured (a deliberate fallback keeps
 * working unchanged), else the identity the platform provides: workload identity where a federated token file
 * is mounted, the managed identity where App Service exposes its identity endpoint.
 */
export function graphAuthFromSettings(s: GraphAuthSettings): GraphAuth {
  const kind =
    s.GRAPH_AUTH ??
    (s.GRAPH_CLIENT_CERTIFICATE_PATH
      ? "certificate"
      : s.GRAPH_CLIENT_SECRET
        ? "secret"
        : s.AZURE_FEDERATED_TOKEN_FILE
          ? "workloadIdentity"
          : s.IDENTITY_ENDPOINT
            ? "managedIdentity"
            : undefined);
  const problems: GraphAuth["problems"] = [];
  const need = (setting: keyof GraphAuthSettings, message: string) => {
    if (!s[setting]) problems.push({ setting, message });
  };
  switch (kind) {
    case undefined:
      problems.push({
        setting: "GRAPH_CLIENT_SECRET",
        message:
          "required: set GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE_PATH, or GRAPH_AUTH=managedIdentity " +
          "(App Service identity) or GRAPH_AUTH=workloadIdentity (federated token file)",
      });
      break;
    case "secret":
      need("GRAPH_CLIENT_SECRET", "required with GRAPH_AUTH=secret");
      break;
    case "certificate":
      need("GRAPH_CLIENT_CERTIFICATE_PATH", "required with GRAPH_AUTH=certificate");
      break;
    case "workloadIdentity":
      need("AZURE_FEDERATED_TOKEN_FILE", "required with GRAPH_AUTH=workloadIdentity (the platform sets it)");
      break;
    case "managedIdentity":
      need(
        "IDENTITY_ENDPOINT",
        "required with GRAPH_AUTH=managedIdentity: turn on the Function app's managed identity (the platform sets it)",
      );
      break;
  }
  if (kind === "managedIdentity" || kind === "workloadIdentity") {
    // A leftover secret would sit unused in the settings, which is what an identity is meant to remove.
    for (const setting of ["GRAPH_CLIENT_SECRET", "GRAPH_CLIENT_CERTIFICATE_PATH"] as const) {
      if (s[setting]) problems.push({ setting, message: `unused with GRAPH_AUTH=${kind}: remove it` });
    }
  }
  if (kind !== "managedIdentity") need("GRAPH_CLIENT_ID", "required: the app registration's client id");
  return { kind: problems.length === 0 ? kind : undefined, problems };
}
