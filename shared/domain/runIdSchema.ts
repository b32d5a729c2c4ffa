// The shape of a scan run id (see newRunId): checked at the edge, because an id is a Table Storage row key and a
// key with characters Table Storage forbids (/ \ # ? control characters) fails the request instead of missing.
import { z } from "zod";

export const runIdSchema = z
  .string()
  .regex(/^\d{13}-[A-Za-z0-9\-_.!~*'()%]{0,200}$/, { error: "runId is not a scan run id" });
