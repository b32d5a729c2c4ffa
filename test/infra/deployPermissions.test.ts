// DEPLOY.md's permission table against the Graph requests the code makes: every request path in shared/graph
// (the only place Graph is called) maps to the least-privileged application permission Graph's reference gives
// for it, and the table's row for that permission names the file. A new kind of request fails here until it is
// mapped and documented.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const deployDoc = readFileSync("DEPLOY.md", "utf8");

/** Request path shapes (`${…}` for a variable part) → the least-privileged application permission. */
const PERMISSION_BY_REQUEST: Array<[RegExp, string]> = [
  [/^\/users\?/, "User.Read.All"],
  [/^\/users\/delta\?/, "User.Read.All"],
  [/^\/users\/\$\{[^/]+\/calendarView\?/, "Calendars.ReadBasic"],
  [/^\/users\/\$\{[^/]+\/events\/\$\{/, "Calendars.ReadBasic"],
  [/^\/users\/\$\{[^/]+\/calendar\/getSchedule$/, "Calendars.ReadBasic"],
  [/^\/users\/\$\{[^/]+\/mailboxSettings$/, "MailboxSettings.Read"],
  // POST: creating the series in the manager's calendar.
  [/^\/users\/\$\{[^/]+\/events$/, "Calendars.ReadWrite"],
  [/^\/users\/\$\{[^/]+\/teamwork\/installedApps/, "TeamsAppInstallation.ReadWriteSelfForUser.All"],
  // Subscriptions on /users/{id}/events (the only resource Cadence subscribes to).
  [/^\/subscriptions/, "Calendars.Read"],
];

interface GraphRequest {
  file: string;
  path: string;
}

function graphRequests(): GraphRequest[] {
  const found: GraphRequest[] = [];
  for (const file of readdirSync("shared/graph").filter((f) => f.endsWith(".ts"))) {
    const source = readFileSync(`shared/graph/${file}`, "utf8");
    for (const m of source.matchAll(
      /[`"](\/(?:users|subscriptions|me|chats|teams|groups|appCatalogs)[^`"]*)[`"]/g,
    )) {
      const path = m[1] as string;
      if (path.includes("…")) continue; // a doc comment's example, not a request
      found.push({ file, path });
    }
  }
  return found;
}

/** The permission table's row for a permission (its first cell is the permission in backticks). */
function row(permission: string): string | undefined {
  return deployDoc.split("\n").find((line) => line.startsWith(`| \`${permission}\` |`));
}

describe("DEPLOY.md permission table", () => {
  const requests = graphRequests();

  it("finds the requests (the scan, planning, booking, subscriptions, the Teams install)", () => {
    expect(requests.length).toBeGreaterThanOrEqual(10);
  });

  it("maps every Graph request the code makes to a permission", () => {
    const unmapped = requests.filter((r) => !PERMISSION_BY_REQUEST.some(([shape]) => shape.test(r.path)));
    expect(unmapped).toEqual([]);
  });

  it("has a row for each permission that names, as Application, every file needing it", () => {
    for (const r of requests) {
      const permission = PERMISSION_BY_REQUEST.find(([shape]) => shape.test(r.path))?.[1] as string;
      const line = row(permission);
      expect(line, `no row for ${permission}`).toBeDefined();
      expect(line).toMatch(/^\| `[^`]+` \| Application \|/);
      expect(line, `${permission} row should name ${r.file} (${r.path})`).toContain(r.file);
    }
  });

  it("asks for no permission the code does not need, and the consent loop grants exactly the table", () => {
    const needed = new Set(PERMISSION_BY_REQUEST.map(([, p]) => p));
    const rows = [...deployDoc.matchAll(/^\| `([\w.]+)` \| Application \|/gm)].map((m) => m[1] as string);
    expect(rows.sort()).toEqual([...needed].sort());
    // Two loops: consent for the app registration, app role assignments for the managed identity.
    const loops = [...deployDoc.matchAll(/^for p in ([\s\S]*?); do$/gm)];
    expect(loops).toHaveLength(2);
    for (const loop of loops) {
      const granted = (loop[1] as string).split(/[\s\\]+/).filter(Boolean);
      expect(granted.sort()).toEqual([...needed].sort());
    }
  });
});
