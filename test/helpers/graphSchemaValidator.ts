// Checks Graph bodies against ../shared/graph-schema (generated from Graph's CSDL), for the simulator's
// `validate` hook and for contract tests.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { SchemaValidator } from "../../dev/sim/core/graphDispatcher.js";

const projectRoot = resolve(import.meta.dirname, "../..");
export const GRAPH_SCHEMA_PATH = resolve(projectRoot, "../shared/graph-schema/graph-v1.0-subset.schema.json");

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

export interface GraphSchemaChecker {
  /** Throws with ajv's first errors when `body` does not satisfy `definition`. */
  check(definition: string, body: unknown): void;
  /** A `validate` hook for `startSimulator`: collection bodies of an entity-named route are checked per item. */
  validator: SchemaValidator;
  /** `${kind} ${method} ${url}` of every body the hook checked. */
  checked: Set<string>;
}

export function graphSchemaChecker(): GraphSchemaChecker {
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(JSON.parse(readFileSync(GRAPH_SCHEMA_PATH, "utf8")));
  const check = (definition: string, body: unknown) => {
    const validate = ajv.getSchema(`urn:msgraph:v1.0:subset#/$defs/${definition}`);
    if (!validate) throw new Error(`no definition ${definition} in ${GRAPH_SCHEMA_PATH}`);
    if (!validate(body)) {
      // ajv's text leaves out which property was extra or missing; the params name it.
      const problems = (validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
      throw new Error(`${definition}: ${problems.join("; ")}`);
    }
  };
  const checked = new Set<string>();
  const validator: SchemaValidator = (kind, definition, body, ctx) => {
    checked.add(`${kind} ${ctx.method} ${ctx.url}`);
    const value = (body as { value?: unknown } | null)?.value;
    if (!definition.endsWith("CollectionResponse.strict") && Array.isArray(value)) {
      for (const item of value) check(definition, item);
    } else {
      check(definition, body);
    }
  };
  return { check, validator, checked };
}
