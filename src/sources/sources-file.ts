import { readFile } from 'node:fs/promises';
import { sourcesFileSchema, type SourceConfig } from './schema.js';

/** The sources file is missing, not JSON, or breaks its schema: the message lists every problem. */
export class SourcesFileError extends Error {
  override readonly name = 'SourcesFileError';
}

/** Reads and validates feeds/sources.json (or the file SOURCES_FILE names). */
export async function loadSources(path: string): Promise<SourceConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SourcesFileError(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SourcesFileError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = sourcesFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new SourcesFileError(`${path}: ${problems.join('; ')}`);
  }
  return parsed.data.sources;
}
