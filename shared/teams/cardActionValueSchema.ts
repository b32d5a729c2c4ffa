import { z } from "zod";

/** The `value` of an `adaptiveCard/action` invoke: the pressed Action.Execute's verb and data. */
export const cardActionValueSchema = z.looseObject({
  action: z.looseObject({
    type: z.literal("Action.Execute"),
    verb: z.string().min(1).max(200),
    data: z.unknown().optional(),
  }),
  trigger: z.enum(["manual", "automatic"]).optional(),
});
