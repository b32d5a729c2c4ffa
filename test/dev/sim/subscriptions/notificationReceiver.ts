// A real HTTP webhook receiver on 127.0.0.1 (port 0), standing in for the app's notification endpoint. Each path
// behaves as its name says, so one receiver serves every scenario of a test file.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedValidation {
  path: string;
  /** The query as received, before decoding. */
  rawQuery: string;
  token: string | null;
  contentType: string | undefined;
  method: string;
}

export interface ReceivedNotification {
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: { value: Record<string, unknown>[] };
}

/**
 * Paths: `/ok/...` answers correctly; `/wrong-token` echoes something else; `/error` answers 500; `/hang` never
 * answers; `/flaky/{n}/...` answers notifications with 500 for the first n POSTs, then 202.
 */
export interface Receiver {
  base: string;
  validations: ReceivedValidation[];
  notifications: ReceivedNotification[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const validations: ReceivedValidation[] = [];
  const notifications: ReceivedNotification[] = [];
  const flakyCounts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const token = url.searchParams.get("validationToken");
      if (url.pathname.startsWith("/hang")) return; // never answers
      if (token !== null) {
        validations.push({
          path: url.pathname,
          rawQuery: (req.url ?? "").split("?")[1] ?? "",
          token,
          contentType: req.headers["content-type"],
          method: req.method ?? "",
        });
        if (url.pathname.startsWith("/error")) return end(res, 500, "text/plain", "boom");
        if (url.pathname.startsWith("/wrong-token")) return end(res, 200, "text/plain", `${token}x`);
        return end(res, 200, "text/plain; charset=utf-8", token);
      }
      notifications.push({
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers["content-type"],
        body: JSON.parse(raw) as ReceivedNotification["body"],
      });
      const flaky = /^\/flaky\/(\d+)/.exec(url.pathname);
      if (flaky) {
        const seen = (flakyCounts.get(url.pathname) ?? 0) + 1;
        flakyCounts.set(url.pathname, seen);
        if (seen <= Number(flaky[1])) return end(res, 500, "text/plain", "not now");
      }
      return end(res, 202);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    validations,
    notifications,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function end(
  res: import("node:http").ServerResponse,
  status: number,
  contentType?: string,
  body?: string,
): void {
  res.writeHead(status, contentType ? { "content-type": contentType } : {});
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
