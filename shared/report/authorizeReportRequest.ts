// Who may read the admin report. The platform checks the function key first (authLevel "function"); when App
// Service authentication signed a user in, that user must also hold the admin app role. A request with a key
// and no principal is a tool or an admin with the key; one with a principal but not the role is refused.
import { z } from "zod";

/** The decoded `x-ms-client-principal` header App Service authentication adds (and strips from clients). */
export const clientPrincipalSchema = z.object({
  auth_typ: z.string().optional(),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })),
});
export type ClientPrincipal = z.infer<typeof clientPrincipalSchema>;

/** Entra puts app roles in `roles`; App Service may also name them by the WS-Federation role claim type. */
const ROLE_CLAIM_TYPES = ["roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];

export type ReportAccess =
  | { ok: true; via: "key" | "principal"; user?: string }
  | { ok: false; status: 401 | 403; code: "REPORT.BAD_PRINCIPAL" | "REPORT.FORBIDDEN"; message: string };

export function authorizeReportRequest(
  headers: { get(name: string): string | null },
  adminRole: string,
): ReportAccess {
  const header = headers.get("x-ms-client-principal");
  if (header === null) return { ok: true, via: "key" };
  let principal: ClientPrincipal;
  try {
    principal = clientPrincipalSchema.parse(JSON.parse(Buffer.from(header, "base64").toString("utf8")));
  } catch {
    return {
      ok: false,
      status: 401,
      code: "REPORT.BAD_PRINCIPAL",
      message: "The x-ms-client-principal header is not a base64 JSON client principal",
    };
  }
  const roleTypes = new Set([...ROLE_CLAIM_TYPES, ...(principal.role_typ ? [principal.role_typ] : [])]);
  const nameType = principal.name_typ ?? "name";
  const user = principal.claims.find((c) => c.typ === nameType || c.typ === "preferred_username")?.val;
  if (principal.claims.some((c) => roleTypes.has(c.typ) && c.val === adminRole)) {
    return { ok: true, via: "principal", ...(user ? { user } : {}) };
  }
  return {
    ok: false,
    status: 403,
    code: "REPORT.FORBIDDEN",
    message: `The report is for admins: the signed-in user needs the "${adminRole}" app role`,
  };
}
