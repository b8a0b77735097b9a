/**
 * X-ARF v4 validation against the published JSON Schemas (draft 2020-12), stored once as
 * JSON in xarf-schemas/ and imported by xarf-schemas.ts. The validator is compiled once,
 * on first use.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { XARF_SCHEMA_FILES } from './xarf-schemas.js';

const MASTER = 'xarf-v4-master.json';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  // strict: false because the published schemas use annotation keywords ("x-recommended")
  // and patterns ajv's strict mode rejects although they are valid JSON Schema; every
  // validation keyword is still applied.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: its callable export is the module itself at runtime.
  const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as unknown as (
    instance: Ajv2020,
  ) => void;
  addFormats(ajv);
  for (const [path, schema] of Object.entries(XARF_SCHEMA_FILES)) {
    if (path !== MASTER) ajv.addSchema(schema);
  }
  const master = XARF_SCHEMA_FILES[MASTER];
  if (!master) throw new Error(`xarf-schemas: ${MASTER} missing from xarf-schemas.ts`);
  compiled = ajv.compile(master);
  return compiled;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '/';
  return `${where} ${error.message ?? error.keyword}`;
}

/** Validates a document against the X-ARF v4 master schema; errors are "path message" lines. */
export function validateXarf(document: unknown): { valid: true } | { valid: false; errors: string[] } {
  const validate = validator();
  if (validate(document)) return { valid: true };
  // allOf / if-then branches repeat the same complaint; keep each once.
  const errors = [...new Set((validate.errors ?? []).map(describe))];
  return { valid: false, errors };
}
