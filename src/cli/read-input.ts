import { readFile } from 'node:fs/promises';
import { SOURCE_KINDS } from '../sources/registry.js';
import { InputError } from './errors.js';

/**
 * A known source kind, checked without loading its adapter: the parse itself runs in the parser thread, and
 * loading the catalogue's adapter here too would import pdfjs twice (about 0.4 s).
 */
export function knownKind(kind: string | undefined): { kind: string } {
  if (!kind) throw new InputError(`missing source kind (one of: ${SOURCE_KINDS.join(', ')})`);
  if (!SOURCE_KINDS.includes(kind)) throw new InputError(`unknown source kind "${kind}" (one of: ${SOURCE_KINDS.join(', ')})`);
  return { kind };
}

export async function readBytes(path: string | undefined): Promise<Uint8Array> {
  if (!path) throw new InputError('missing file argument');
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new InputError(`${path}: ${why}`);
  }
}
