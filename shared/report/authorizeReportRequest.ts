// Who may read the admin report: a request with the function key and no principal (a tool or an admin with the
// key), or a signed-in user holding the admin app role; one with a principal but not the role is refused.
import { authorizeCaller, type CallerAccess } from "../auth/authorizeCaller.js";

export type ReportAccess =
  | { ok: true; via: "key" | "principal"; user?: string }
  | Extract<CallerAccess<"REPORT">, { ok: false }>;

export function authorizeReportRequest(
  headers: { get(name: string): string | null },
  adminRole: string,
): ReportAccess {
  const access = authorizeCaller(
    headers,
    adminRole,
    "REPORT",
    () => `The report is for admins: the signed-in user needs the "${adminRole}" app role`,
  );
  if (!access.ok) return access;
  const { caller } = access;
  const via = caller.kind === "admin" ? caller.via : "principal";
  return { ok: true, via, ...(caller.name ? { user: caller.name } : {}) };
}
