import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConfig, lint, parseYaml, type NormalizedProblem } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';

const SPEC = fileURLToPath(new URL('../../openapi/openapi.yaml', import.meta.url));

const lines = (problems: NormalizedProblem[]): string[] =>
  problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);

async function lintSpec(ref: string): Promise<NormalizedProblem[]> {
  // Redocly's recommended ruleset, built in: nothing is fetched (the spec has no remote $ref).
  return lint({ ref, config: await createConfig({ extends: ['recommended'] }) });
}

describe('openapi/openapi.yaml', () => {
  it('passes the recommended ruleset offline with no error, and only the warnings it accepts knowingly', async () => {
    const problems = await lintSpec(SPEC);
    expect(lines(problems.filter((p) => p.severity === 'error'))).toEqual([]);
    // /api/editions, /api/providers, /api/sources and /healthz take no input, so they have no 4xx to describe; any other warning fails here.
    expect(lines(problems.filter((p) => p.severity !== 'error'))).toEqual([
      'warn operation-4xx-response: Operation must have at least one `4XX` response. at #/paths/~1api~1editions/get/responses',
      'warn operation-4xx-response: Operation must have at least one `4XX` response. at #/paths/~1api~1providers/get/responses',
      'warn operation-4xx-response: Operation must have at least one `4XX` response. at #/paths/~1api~1sources/get/responses',
      'warn operation-4xx-response: Operation must have at least one `4XX` response. at #/paths/~1healthz/get/responses',
    ]);
  });

  it('fails the lint with errors when the file breaks the rules (the check can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
    try {
      // An operation without a summary, and a $ref to a schema that does not exist.
      const broken = readFileSync(SPEC, 'utf8')
        .replace('      summary: Each source and its health\n', '')
        .replace("$ref: '#/components/schemas/SourcesResponse'", "$ref: '#/components/schemas/NoSuchSchema'");
      writeFileSync(join(dir, 'openapi.yaml'), broken);
      const errors = lines((await lintSpec(join(dir, 'openapi.yaml'))).filter((p) => p.severity === 'error'));
      expect(errors.some((l) => l.startsWith('error operation-summary'))).toBe(true);
      expect(errors.some((l) => l.startsWith('error no-unresolved-refs'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is OpenAPI 3.1 and describes the JSON API, the feed, the CSV, the calendar and /healthz', () => {
    const doc = parseYaml(readFileSync(SPEC, 'utf8')) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/changes', '/api/editions', '/api/editions/diff', '/api/offers', '/api/offers.csv', '/api/providers', '/api/providers/{slug}', '/api/sources', '/calendar.ics', '/feed.atom', '/healthz']);
  });

  it('gives the CSV, the calendar and the feed their media types and their filters', () => {
    type Param = { name?: string; $ref?: string; schema?: { type?: string } };
    type Op = { get: { parameters: Param[]; responses: Record<string, { content?: Record<string, unknown> }> } };
    const doc = parseYaml(readFileSync(SPEC, 'utf8')) as { paths: Record<string, Op>; components: { parameters: Record<string, Param> } };
    const names = (path: string) => doc.paths[path]!.get.parameters.map((p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').at(-1)!]!.name : p.name));
    const media = (path: string) => Object.keys(doc.paths[path]!.get.responses['200']!.content ?? {});
    expect(media('/api/offers.csv')).toEqual(['text/csv']);
    expect(media('/calendar.ics')).toEqual(['text/calendar']);
    expect(media('/feed.atom')).toEqual(['application/atom+xml']);
    expect(names('/api/offers.csv')).toEqual(['provider', 'type', 'q', 'category', 'list', 'lang']);
    expect(names('/calendar.ics')).toEqual(['provider', 'type', 'q', 'category', 'list', 'lang']);
    expect(names('/api/offers')).toEqual(['status', 'provider', 'type', 'q', 'category', 'list', 'edition', 'at']);
    expect(names('/api/editions/diff')).toEqual(['from', 'to', 'list']);
    expect(names('/feed.atom')).toEqual(['lang', 'topic', 'provider', 'type', 'keyword', 'list', 'category']);
    // The feed's filters repeat: arrays in the form style, as express reads `?topic=news&topic=expiry`.
    for (const p of doc.paths['/feed.atom']!.get.parameters.slice(1)) expect(p.schema?.type, p.name).toBe('array');
  });

  it('says when /healthz fails (only for the Redis the process owns, never with REDIS_URL) and that every route may answer 503', () => {
    type Op = { get: { description?: string; responses: Record<string, unknown> } };
    const doc = parseYaml(readFileSync(SPEC, 'utf8')) as { paths: Record<string, Op> };
    const health = doc.paths['/healthz']!.get;
    expect(Object.keys(health.responses).sort()).toEqual(['200', '503']);
    expect(health.description).toMatch(/only while the redis-server this process owns is down/);
    expect(health.description).toMatch(/With REDIS_URL set it never fails/);
    for (const path of ['/api/changes', '/api/editions', '/api/editions/diff', '/api/offers', '/api/offers.csv', '/api/sources', '/feed.atom']) expect(doc.paths[path]!.get.responses['503'], path).toEqual({ $ref: '#/components/responses/Unavailable' });
    // The calendar's 503 says also that no catalogue was ever read (an empty calendar would hide it).
    expect(doc.paths['/calendar.ics']!.get.responses['503']).toEqual({ $ref: '#/components/responses/CalendarUnavailable' });
  });
});
