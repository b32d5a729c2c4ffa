/** The settings of the `AzureWebJobsStorage` connection, as the Functions host reads them. */
export interface StorageConnectionSettingsInput {
  AzureWebJobsStorage?: string | undefined;
  AzureWebJobsStorage__accountName?: string | undefined;
  AzureWebJobsStorage__tableServiceUri?: string | undefined;
  AzureWebJobsStorage__queueServiceUri?: string | undefined;
  AzureWebJobsStorage__credential?: string | undefined;
  AzureWebJobsStorage__clientId?: string | undefined;
}

export type StorageConnectionSettings =
  | { kind: "connectionString"; connectionString: string }
  | { kind: "identity"; tableServiceUrl: string; queueServiceUrl: string; clientId?: string };

export type StorageConnectionResult =
  | { ok: true; value: StorageConnectionSettings }
  | { ok: false; setting: string; message: string };

/**
 * A connection string, or the host's identity-based connection (`AzureWebJobsStorage__accountName`, or the
 * `__tableServiceUri` and `__queueServiceUri` pair; `__credential` managedidentity and `__clientId` for a
 * user-assigned identity), so Cadence's own storage clients read the account the triggers read, the same way.
 */
export function storageConnectionSettings(s: StorageConnectionSettingsInput): StorageConnectionResult {
  const identity =
    s.AzureWebJobsStorage__accountName ||
    s.AzureWebJobsStorage__tableServiceUri ||
    s.AzureWebJobsStorage__queueServiceUri;
  if (s.AzureWebJobsStorage && identity) {
    return {
      ok: false,
      setting: "AzureWebJobsStorage",
      message:
        "set either the connection string or the identity-based AzureWebJobsStorage__* settings, not both",
    };
  }
  if (s.AzureWebJobsStorage)
    return { ok: true, value: { kind: "connectionString", connectionString: s.AzureWebJobsStorage } };
  if (!identity) {
    return {
      ok: false,
      setting: "AzureWebJobsStorage",
      message:
        "required: an Azure Storage connection string, or AzureWebJobsStorage__accountName for an identity-based connection",
    };
  }
  const credential = s.AzureWebJobsStorage__credential;
  if (credential && credential.toLowerCase() !== "managedidentity") {
    return {
      ok: false,
      setting: "AzureWebJobsStorage__credential",
      message: 'must be "managedidentity" (or unset)',
    };
  }
  const account = s.AzureWebJobsStorage__accountName;
  const table =
    s.AzureWebJobsStorage__tableServiceUri ?? (account && `https://${account}.table.core.windows.net`);
  const queue =
    s.AzureWebJobsStorage__queueServiceUri ?? (account && `https://${account}.queue.core.windows.net`);
  if (!table || !queue) {
    return {
      ok: false,
      setting: table ? "AzureWebJobsStorage__queueServiceUri" : "AzureWebJobsStorage__tableServiceUri",
      message: "required with the other service URI (or set AzureWebJobsStorage__accountName)",
    };
  }
  for (const [setting, url] of [
    ["AzureWebJobsStorage__tableServiceUri", table],
    ["AzureWebJobsStorage__queueServiceUri", queue],
  ] as const) {
    if (!/^https:\/\/[^/]+/.test(url)) return { ok: false, setting, message: "must be an https:// URL" };
  }
  return {
    ok: true,
    value: {
      kind: "identity",
      tableServiceUrl: table,
      queueServiceUrl: queue,
      ...(s.AzureWebJobsStorage__clientId ? { clientId: s.AzureWebJobsStorage__clientId } : {}),
    },
  };
}
