// Who may see and answer proposals: a request with the function key and no principal is an admin or a tool; a
// signed-in user holding the admin app role is an admin; any other signed-in user acts as themself (their Entra
// object id), and the use cases let them touch only the proposals where they are the manager.
import { readClientPrincipal } from "../auth/readClientPrincipal.js";
import type { Answerer } from "../usecases/answerProposal.js";

export type ProposalAccess =
  | { ok: true; actor: Answerer }
  | { ok: false; status: 401 | 403; code: "PROPOSAL.BAD_PRINCIPAL" | "PROPOSAL.FORBIDDEN"; message: string };

export function authorizeProposalRequest(
  headers: { get(name: string): string | null },
  adminRole: string,
): ProposalAccess {
  const principal = readClientPrincipal(headers, adminRole);
  if (principal.kind === "keyOnly") return { ok: true, actor: { kind: "admin" } };
  if (principal.kind === "malformed") {
    return { ok: false, status: 401, code: "PROPOSAL.BAD_PRINCIPAL", message: principal.message };
  }
  if (principal.isAdmin) return { ok: true, actor: { kind: "admin", name: principal.name } };
  if (!principal.oid) {
    return {
      ok: false,
      status: 403,
      code: "PROPOSAL.FORBIDDEN",
      message: `Proposals are for the pair's manager or an admin ("${adminRole}" app role); the principal has no object id`,
    };
  }
  return { ok: true, actor: { kind: "user", oid: principal.oid } };
}
