import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '@redocly/openapi-core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { ROOT } from './run-cli.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * The schemas of openapi/openapi.yaml as ajv validators (OpenAPI 3.1 schemas are JSON Schema 2020-12; their refs
 * point into components.schemas, here $defs). `errorsOf(name, body)` is [] for a body the schema accepts.
 */
export function openApiSchemas(): { schema: (name: string) => ValidateFunction; errorsOf: (name: string, body: unknown) => unknown[] } {
  const spec = parseYaml(readFileSync(join(ROOT, 'openapi/openapi.yaml'), 'utf8')) as { components: { schemas: Record<string, unknown> } };
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', $defs: JSON.parse(JSON.stringify(spec.components.schemas).replaceAll('#/components/schemas/', '#/$defs/')) });
  const schema = (name: string): ValidateFunction => {
    const v = ajv.getSchema(`openapi#/$defs/${name}`);
    if (!v) throw new Error(`no schema ${name} in openapi.yaml`);
    return v;
  };
  return { schema, errorsOf: (name, body) => (schema(name)(body) ? [] : [...(schema(name).errors ?? [])]) };
}
