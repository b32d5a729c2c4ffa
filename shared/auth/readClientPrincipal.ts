// The signed-in user App Service authentication puts in `x-ms-client-principal` (and strips from clients), read
// once for every endpoint that lets admins in by app role. The platform checks the function key first; a request
// with the key and no principal is a tool or an admin with the key.
import { z } from "zod";

/** The decoded `x-ms-client-principal` header. */
export const clientPrincipalSchema = z.object({
  auth_typ: z.string().optional(),
  name_typ: z.string().optional(),
  role_typ: z.string().optional(),
  claims: z.array(z.object({ typ: z.string(), val: z.string() })),
});

/** Entra puts app roles in `roles`; App Service may also name them by the WS-Federation role claim type. */
const ROLE_CLAIM_TYPES = ["roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];
const OID_CLAIM_TYPES = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];

export type ClientPrincipalRead =
  | { kind: "keyOnly" }
  | { kind: "malformed"; message: string }
  | { kind: "signedIn"; isAdmin: boolean; name?: string; oid?: string };

export function readClientPrincipal(
  headers: { get(name: string): string | null },
  adminRole: string,
): ClientPrincipalRead {
  const header = headers.get("x-ms-client-principal");
  if (header === null) return { kind: "keyOnly" };
  let principal: z.infer<typeof clientPrincipalSchema>;
  try {
    principal = clientPrincipalSchema.parse(JSON.parse(Buffer.from(header, "base64").toString("utf8")));
  } catch {
    return {
      kind: "malformed",
      message: "The x-ms-client-principal header is not a base64 JSON client principal",
    };
  }
  const roleTypes = new Set([...ROLE_CLAIM_TYPES, ...(principal.role_typ ? [principal.role_typ] : [])]);
  const nameType = principal.name_typ ?? "name";
  const name = principal.claims.find((c) => c.typ === nameType || c.typ === "preferred_username")?.val;
  const oid = principal.claims.find((c) => OID_CLAIM_TYPES.includes(c.typ))?.val;
  return {
    kind: "signedIn",
    isAdmin: principal.claims.some((c) => roleTypes.has(c.typ) && c.val === adminRole),
    ...(name ? { name } : {}),
    ...(oid ? { oid } : {}),
  };
}
