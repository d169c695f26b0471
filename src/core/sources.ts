import { z } from 'zod';
import { guardThresholdsSchema } from './guard.js';
import { sha256 } from './snapshot.js';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "6h", "30m", "1d", "90s" → milliseconds; undefined when it is not such a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2]!]!) : undefined;
}

const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 1_000) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration of at least 1s such as "6h", "30m" or "1d"` });
    return z.NEVER;
  }
  return ms;
});

const common = {
  id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lowercase letters, digits and dashes'),
  name: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/ }),
  /** How often to poll, e.g. "6h". */
  interval: duration,
  enabled: z.boolean().default(true),
  guard: guardThresholdsSchema.default(guardThresholdsSchema.parse({})),
};

export const sourceSchema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('anssi-catalogue'), ...common })]);

export type SourceConfig = z.infer<typeof sourceSchema>;

/** feeds/sources.json: the catalogue of sources, as data. */
export const sourcesFileSchema = z
  .object({ $comment: z.string().optional(), sources: z.array(sourceSchema) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.sources.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate id "${s.id}"` });
      seen.add(s.id);
    });
  });

/**
 * Where in its interval a source's polls fall: a stable offset derived from its id, so that sources
 * sharing an interval are spread out instead of all fetching at the same instant.
 */
export function scheduleOffset(id: string, intervalMs: number): number {
  return Number.parseInt(sha256(id).slice(0, 12), 16) % intervalMs;
}
