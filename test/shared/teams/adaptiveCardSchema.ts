// Validates cards against the official Adaptive Card 1.5 JSON Schema (draft-06), the highest version Teams renders.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";

const require = createRequire(import.meta.url);
const SCHEMA = "/work/shared/adaptive-card-schema/adaptive-card-1.5.schema.json";

export function adaptiveCardValidator(): (card: unknown) => string[] {
  // The schema names itself with draft-04's `id` (Ajv 8 wants `$id`) and uses keywords strict mode does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
  const { id, ...schema } = JSON.parse(readFileSync(SCHEMA, "utf8")) as { id: string };
  const validate = ajv.compile({ ...schema, $id: id });
  return (card) =>
    validate(card)
      ? []
      : (validate.errors ?? []).map((e) =>
          `${e.instancePath} ${e.message ?? ""} ${JSON.stringify(e.params)}`.trim(),
        );
}
