// Who may read the admin report: a request with the function key and no principal (a tool or an admin with the
// key), or a signed-in user holding the admin app role; one with a principal but not the role is refused.
import { readClientPrincipal } from "../auth/readClientPrincipal.js";

export type ReportAccess =
  | { ok: true; via: "key" | "principal"; user?: string }
  | { ok: false; status: 401 | 403; code: "REPORT.BAD_PRINCIPAL" | "REPORT.FORBIDDEN"; message: string };

export function authorizeReportRequest(
  headers: { get(name: string): string | null },
  adminRole: string,
): ReportAccess {
  const principal = readClientPrincipal(headers, adminRole);
  if (principal.kind === "keyOnly") return { ok: true, via: "key" };
  if (principal.kind === "malformed") {
    return { ok: false, status: 401, code: "REPORT.BAD_PRINCIPAL", message: principal.message };
  }
  if (principal.isAdmin) {
    return { ok: true, via: "principal", ...(principal.name ? { user: principal.name } : {}) };
  }
  return {
    ok: false,
    status: 403,
    code: "REPORT.FORBIDDEN",
    message: `The report is for admins: the signed-in user needs the "${adminRole}" app role`,
  };
}
