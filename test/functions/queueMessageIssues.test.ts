import { describe, expect, it } from "vitest";
import { z } from "zod";
import { queueMessageIssues } from "../../functions/queueMessageIssues.js";

const schema = z.object({ runId: z.string().min(1), mode: z.enum(["auto", "full"]) });

describe("queueMessageIssues", () => {
  it("names each wrong field and what is wrong, never the values", () => {
    const error = schema.safeParse({ runId: "", mode: "jane.doe@contoso.com" }).error!;
    const text = queueMessageIssues(error);
    expect(text).toMatch(/^runId: .+; mode: .+$/);
    expect(text).not.toContain("jane.doe");
  });

  it("says when the message as a whole is wrong (not a JSON object)", () => {
    expect(queueMessageIssues(schema.safeParse("not json at all").error!)).toMatch(/^\(message\): /);
  });

  it("shows five issues and counts the rest", () => {
    const many = z.object(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}`, z.string()])));
    const text = queueMessageIssues(many.safeParse({}).error!);
    expect(text.split("; ")).toHaveLength(6);
    expect(text).toMatch(/; and 3 more$/);
  });
});
