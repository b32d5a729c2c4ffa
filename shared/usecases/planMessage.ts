import { z } from "zod";

/** Queued when a scan run completes: plan series from that run's pairs. */
export const planMessageSchema = z.object({ runId: z.string().min(1) });
export type PlanMessage = z.infer<typeof planMessageSchema>;
