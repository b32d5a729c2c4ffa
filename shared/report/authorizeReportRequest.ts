// Who may read the report: a request with the function key and no principal (a tool or an admin with the key), a
// signed-in user holding the admin app role, or a signed-in manager, who sees only the pairs they manage
// (`manager` is their Entra object id, which the endpoint then forces as the filter). A principal naming no
// object id cannot be scoped to anyone's pairs and is refused.
import { authorizeCaller, type CallerAccess } from "../auth/authorizeCaller.js";

export type ReportAccess =
  | { ok: true; via: "key" | "principal"; user?: string; manager?: string }
  | Extract<CallerAccess<"REPORT">, { ok: false }>;

export function authorizeReportRequest(
  headers: { get(name: string): string | null },
  adminRole: string,
): ReportAccess {
  const access = authorizeCaller(headers, adminRole, "REPORT", (user) =>
    user.oid
      ? null
      : `The report is for admins ("${adminRole}" app role) and for managers' own pairs; the principal has no object id`,
  );
  if (!access.ok) return access;
  const { caller } = access;
  const named = caller.name ? { user: caller.name } : {};
  if (caller.kind === "admin") return { ok: true, via: caller.via, ...named };
  // refuseUser let only users with an object id through.
  return { ok: true, via: "principal", ...named, manager: caller.oid ?? "" };
}
