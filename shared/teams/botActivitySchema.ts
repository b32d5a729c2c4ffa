import { z } from "zod";

/** The parts of a Bot Framework activity the bot endpoint reads; everything else passes through untouched. */
export const botActivitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  name: z.string().optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }),
  channelId: z.string().min(1),
  from: z.looseObject({
    id: z.string().min(1),
    name: z.string().optional(),
    aadObjectId: z.string().optional(),
  }),
  conversation: z.looseObject({ id: z.string().min(1), tenantId: z.string().optional() }),
  recipient: z.looseObject({ id: z.string() }).optional(),
  replyToId: z.string().optional(),
  value: z.unknown().optional(),
});

export type BotActivityIn = z.infer<typeof botActivitySchema>;
