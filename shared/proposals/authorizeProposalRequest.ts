// Who may see and answer proposals. The platform checks the function key first (authLevel "function"); a request
// with the key and no signed-in principal is an admin or a tool. With App Service authentication, a user holding
// the admin app role is an admin; any other signed-in user acts as themself (their Entra object id), and the use
// cases let them touch only the proposals where they are the manager.
import { type ClientPrincipal, clientPrincipalSchema } from "../report/authorizeReportRequest.js";
import type { Answerer } from "../usecases/answerProposal.js";

const ROLE_CLAIM_TYPES = ["roles", "role", "http://schemas.microsoft.com/ws/2008/06/identity/claims/role"];
const OID_CLAIM_TYPES = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];

export type ProposalAccess =
  | { ok: true; actor: Answerer }
  | { ok: false; status: 401 | 403; code: "PROPOSAL.BAD_PRINCIPAL" | "PROPOSAL.FORBIDDEN"; message: string };

export function authorizeProposalRequest(
  headers: { get(name: string): string | null },
  adminRole: string,
): ProposalAccess {
  const header = headers.get("x-ms-client-principal");
  if (header === null) return { ok: true, actor: { kind: "admin" } };
  let principal: ClientPrincipal;
  try {
    principal = clientPrincipalSchema.parse(JSON.parse(Buffer.from(header, "base64").toString("utf8")));
  } catch {
    return {
      ok: false,
      status: 401,
      code: "PROPOSAL.BAD_PRINCIPAL",
      message: "The x-ms-client-principal header is not a base64 JSON client principal",
    };
  }
  const roleTypes = new Set([...ROLE_CLAIM_TYPES, ...(principal.role_typ ? [principal.role_typ] : [])]);
  const nameType = principal.name_typ ?? "name";
  const name = principal.claims.find((c) => c.typ === nameType || c.typ === "preferred_username")?.val;
  if (principal.claims.some((c) => roleTypes.has(c.typ) && c.val === adminRole)) {
    return { ok: true, actor: { kind: "admin", name } };
  }
  const oid = principal.claims.find((c) => OID_CLAIM_TYPES.includes(c.typ))?.val;
  if (!oid) {
    return {
      ok: false,
      status: 403,
      code: "PROPOSAL.FORBIDDEN",
      message: `Proposals are for the pair's manager or an admin ("${adminRole}" app role); the principal has no object id`,
    };
  }
  return { ok: true, actor: { kind: "user", oid } };
}
