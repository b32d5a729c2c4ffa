// The benchmark's notification endpoint on 127.0.0.1: what functions/graphNotifications does, served by node:http
// in the measured process so the change marks land in the same MemoryIncrementalStore the scans read.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { changeNotificationCollectionSchema } from "../../shared/usecases/ports/changeNotificationCollectionSchema.js";
import {
  type RecordChangeNotificationsPorts,
  recordChangeNotifications,
} from "../../shared/usecases/recordChangeNotifications.js";

export interface NotificationReceiver {
  url: string;
  /** What arrived so far: handshakes answered, collections recorded, notifications in them, mailboxes marked. */
  tally(): { validations: number; posts: number; notifications: number; marked: ReadonlySet<string> };
  close(): Promise<void>;
}

export async function startNotificationReceiver(
  ports: RecordChangeNotificationsPorts,
): Promise<NotificationReceiver> {
  let validations = 0;
  let posts = 0;
  let notifications = 0;
  const marked = new Set<string>();
  const server = createServer((req, res) => {
    const token = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("validationToken");
    if (req.method === "POST" && token) {
      validations++;
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(token);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        json = undefined;
      }
      const body = changeNotificationCollectionSchema.safeParse(json);
      if (req.method !== "POST" || !body.success) {
        res.writeHead(400).end();
        return;
      }
      recordChangeNotifications(ports, body.data).then(
        (recorded) => {
          posts++;
          notifications += body.data.value.length;
          for (const m of recorded.marked) marked.add(m.toLowerCase());
          res.writeHead(202).end();
        },
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/graph/notifications`,
    tally: () => ({ validations, posts, notifications, marked }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
