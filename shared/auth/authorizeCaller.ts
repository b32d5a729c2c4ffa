// The one gate of the endpoints that let admins in by app role: who calls, refused with the area's codes when the
// principal is unreadable (401) or when a non-admin is not allowed there (403).
import { type Caller, readClientPrincipal } from "./readClientPrincipal.js";

export type CallerAccess<Area extends string> =
  | { ok: true; caller: Caller }
  | { ok: false; status: 401 | 403; code: `${Area}.BAD_PRINCIPAL` | `${Area}.FORBIDDEN`; message: string };

/** `refuseUser` says why a signed-in non-admin may not pass, or null to let them in as themselves. */
export function authorizeCaller<Area extends string>(
  headers: { get(name: string): string | null },
  adminRole: string,
  area: Area,
  refuseUser: (caller: Extract<Caller, { kind: "user" }>) => string | null,
): CallerAccess<Area> {
  const read = readClientPrincipal(headers, adminRole);
  if (!read.ok) return { ok: false, status: 401, code: `${area}.BAD_PRINCIPAL`, message: read.message };
  const refusal = read.caller.kind === "user" ? refuseUser(read.caller) : null;
  return refusal === null ? read : { ok: false, status: 403, code: `${area}.FORBIDDEN`, message: refusal };
}
