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

type SpecResponse = { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> };
type SpecDoc = { paths: Record<string, { get: { responses: Record<string, SpecResponse> } }>; components: { responses: Record<string, SpecResponse> } };

/**
 * Checks a real response against what openapi/openapi.yaml says of `path`: its status is declared, its media type
 * (Content-Type without parameters) is one the declared response has, and a JSON body is valid against the schema it
 * names. Returns the problems found ([] when the response is as described).
 */
export function responseProblems(path: string, status: number, contentType: string | null, body?: unknown): string[] {
  const spec = parseYaml(readFileSync(join(ROOT, 'openapi/openapi.yaml'), 'utf8')) as SpecDoc;
  const op = spec.paths[path]?.get;
  if (!op) return [`no GET ${path} in openapi.yaml`];
  let declared = op.responses[String(status)];
  if (!declared) return [`GET ${path} declares no ${status}`];
  if (declared.$ref) declared = spec.components.responses[declared.$ref.split('/').at(-1)!]!;
  const media = (contentType ?? '').split(';')[0]!.trim();
  const content = declared.content ?? {};
  if (Object.keys(content).length === 0) return media && status !== 304 ? [`GET ${path} ${status} declares no body, got ${media}`] : [];
  if (!(media in content)) return [`GET ${path} ${status}: ${media} is not among ${Object.keys(content).join(', ')}`];
  const ref = content[media]!.schema?.$ref;
  if (media !== 'application/json' || !ref) return [];
  return openApiSchemas().errorsOf(ref.split('/').at(-1)!, body).map((e) => JSON.stringify(e));
}
