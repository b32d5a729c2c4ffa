// Starts Azurite's blob, queue and table services inside this process, in memory, on ports the OS picks.
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

/** Azurite's well-known development account; every Azurite accepts it. */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface AzuriteHandle {
  connectionString: string;
  blobPort: number;
  queuePort: number;
  tablePort: number;
  stop(): Promise<void>;
}

export interface StartAzuriteOptions {
  host?: string;
}

// Azurite ships no type declarations; this is the part of its server classes we use.
interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  getHttpServerAddress(): string;
  httpServer?: { address(): AddressInfo | string | null };
}
type ServerCtor = new (config: unknown) => AzuriteServer;
type ConfigCtor = new (...args: unknown[]) => unknown;

const require = createRequire(import.meta.url);
const load = <T>(path: string): T => (require(`azurite/dist/src/${path}`) as { default: T }).default;

function portOf(server: AzuriteServer): number {
  const match = /:(\d+)$/.exec(server.getHttpServerAddress());
  if (!match?.[1])
    throw new Error(`Azurite did not report a listening port (${server.getHttpServerAddress()})`);
  return Number(match[1]);
}

/**
 * In-process equivalent of `azurite --inMemoryPersistence --disableTelemetry --skipApiVersionCheck --loose`
 * on port 0: telemetry is only initialised by Azurite's CLI entry points, so we simply never call it.
 */
export async function startAzurite(options: StartAzuriteOptions = {}): Promise<AzuriteHandle> {
  const host = options.host ?? "127.0.0.1";
  const none = undefined;
  const loose = true;
  const skipApiVersionCheck = true;
  const inMemory = true;
  // Positional arguments mirror azurite/dist/src/*/main.js; the db paths are unused with in-memory persistence.
  const BlobConfiguration = load<ConfigCtor>("blob/BlobConfiguration.js");
  const QueueConfiguration = load<ConfigCtor>("queue/QueueConfiguration.js");
  const TableConfiguration = load<ConfigCtor>("table/TableConfiguration.js");
  // Blob and queue configurations take the same positional arguments; only their database names differ.
  const extentConfig = (kind: "blob" | "queue") =>
    [
      host,
      0,
      none,
      `__${kind}_db__`,
      `__${kind}_extent_db__`,
      none,
      false,
      none,
      false,
      none,
      loose,
      skipApiVersionCheck,
      "",
      "",
      "",
      none,
      false,
      inMemory,
    ] as const;
  const blobConfig = new BlobConfiguration(...extentConfig("blob"));
  const queueConfig = new QueueConfiguration(...extentConfig("queue"));
  const tableConfig = new TableConfiguration(
    host,
    0,
    none,
    "__table_db__",
    false,
    false,
    none,
    none,
    loose,
    skipApiVersionCheck,
    "",
    "",
    "",
    none,
    false,
    inMemory,
  );
  const servers = [
    new (load<ServerCtor>("blob/BlobServer.js"))(blobConfig),
    new (load<ServerCtor>("queue/QueueServer.js"))(queueConfig),
    new (load<ServerCtor>("table/TableServer.js"))(tableConfig),
  ] as const;
  const started: AzuriteServer[] = [];
  try {
    for (const server of servers) {
      await server.start();
      started.push(server);
    }
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.close()));
    throw err;
  }
  const [blobPort, queuePort, tablePort] = servers.map(portOf) as [number, number, number];
  const connectionString = [
    "DefaultEndpointsProtocol=http",
    `AccountName=${AZURITE_ACCOUNT}`,
    `AccountKey=${AZURITE_KEY}`,
    `BlobEndpoint=http://${host}:${blobPort}/${AZURITE_ACCOUNT}`,
    `QueueEndpoint=http://${host}:${queuePort}/${AZURITE_ACCOUNT}`,
    `TableEndpoint=http://${host}:${tablePort}/${AZURITE_ACCOUNT}`,
  ].join(";");
  let stopped: Promise<void> | undefined;
  return {
    connectionString,
    blobPort,
    queuePort,
    tablePort,
    stop() {
      stopped ??= Promise.all(servers.map((s) => s.close().then(() => s.clean()))).then(() => undefined);
      return stopped;
    },
  };
}
