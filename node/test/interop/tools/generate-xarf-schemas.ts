/**
 * Regenerates node/src/interop/xarf-schemas/schemas.ts from the JSON Schema files next
 * to it, so the schemas ship inside the compiled package (tsc does not copy JSON files).
 * Run after updating the schemas:
 *   node --import tsx node/test/interop/tools/generate-xarf-schemas.ts
 * xarf-schemas.test.ts fails when the module and the JSON files disagree.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = new URL('../../../src/interop/xarf-schemas/', import.meta.url).pathname;

/** Relative paths of the schema JSON files, sorted. */
function schemaFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json') && name !== 'biome.json') out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

const files = schemaFiles(dir);
const entries = files.map((file) => {
  const schema: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  return `  ${JSON.stringify(file)}: ${JSON.stringify(schema, null, 2).replace(/\n/g, '\n  ')},`;
});
// The licence travels inside the module, so the compiled copy in dist/ carries it too.
const licence = readFileSync(join(dir, 'LICENSE.xarf-spec'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => `// ${line}`.trimEnd())
  .join('\n');
const text = `// Generated from the X-ARF v4 JSON Schema files in this folder by
// node/test/interop/tools/generate-xarf-schemas.ts. Do not edit: change the JSON files
// and regenerate. The schemas are distributed under this licence (LICENSE.xarf-spec):
//
${licence}

/** The X-ARF v4 JSON Schemas (draft 2020-12), keyed by path relative to this folder. */
export const XARF_SCHEMA_FILES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
${entries.join('\n')}
};
`;
writeFileSync(join(dir, 'schemas.ts'), text);
console.log(`wrote ${files.length} schemas to ${join(dir, 'schemas.ts')}`);
