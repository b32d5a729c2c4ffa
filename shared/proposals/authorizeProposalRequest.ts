// Who may see and answer proposals: a request with the function key and no principal is an admin or a tool; a
// signed-in user holding the admin app role is an admin; any other signed-in user acts as themself (their Entra
// object id), and the use cases let them touch only the proposals where they are the manager.
import { authorizeCaller, type CallerAccess } from "../auth/authorizeCaller.js";
import type { Answerer } from "../usecases/answerProposal.js";

export type ProposalAccess = { ok: true; actor: Answerer } | Extract<CallerAccess<"PROPOSAL">, { ok: false }>;

export function authorizeProposalRequest(
  headers: { get(name: string): string | null },
  adminRole: string,
): ProposalAccess {
  const access = authorizeCaller(headers, adminRole, "PROPOSAL", (user) =>
    user.oid
      ? null
      : `Proposals are for the pair's manager or an admin ("${adminRole}" app role); the principal has no object id`,
  );
  if (!access.ok) return access;
  const { caller } = access;
  if (caller.kind === "admin")
    return { ok: true, actor: { kind: "admin", ...(caller.name ? { name: caller.name } : {}) } };
  // refuseUser let only users with an object id through.
  return { ok: true, actor: { kind: "user", oid: caller.oid ?? "" } };
}
