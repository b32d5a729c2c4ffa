// Why a manager/report pair is left out of the cadence policy; carried into the pair's status and reason.
import { z } from "zod";

export const pairExclusionSchema = z.object({
  code: z.enum([
    /** The manager or the report asked not to be tracked. */
    "optedOut",
    /** A user id/UPN listed in the configuration. */
    "excludedUser",
    /** A member of an excluded group (the use case resolves the group's members). */
    "excludedGroup",
    /** A side has no Exchange Online mailbox (Graph `MailboxNotEnabledForRESTAPI` or 404). */
    "noMailbox",
  ]),
  /** Human detail for the reason, e.g. "report ana@contoso.com opted out". */
  detail: z.string().min(1),
});

export type PairExclusion = z.infer<typeof pairExclusionSchema>;
