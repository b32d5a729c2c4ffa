// What the orchestrator hands a measured child process (in BENCH_INPUT): where the simulator is and what to read.
import { z } from "zod";

export const childInputSchema = z.object({
  graph: z.url(),
  login: z.url(),
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  caCert: z.string().min(1),
  /** The tenant's clock: the scan classifies at it and both readers use the window around it. */
  now: z.iso.datetime({ offset: true }),
  /** The simulator's control API (incremental run only: it touches calendars and reads the delivery log). */
  control: z.url().optional(),
  /** Per-user loop only: how many users' calendars to read (all when ≥ the directory size). */
  sample: z.number().int().min(1).optional(),
  seed: z.number().int().min(0).default(1),
});

export type ChildInput = z.output<typeof childInputSchema>;

export function readChildInput(env: Record<string, string | undefined> = process.env): ChildInput {
  return childInputSchema.parse(JSON.parse(env.BENCH_INPUT ?? "null"));
}
