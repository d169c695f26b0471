import type { Snapshot } from '../core/offer.js';

/** A source adapter: the bytes of one document → records. Pure: no network, no Redis. */
export interface SourceAdapter {
  kind: string;
  parse(bytes: Uint8Array): Promise<Snapshot>;
}

// Adapters load on demand, so a command that needs one kind does not pay for the others' libraries.
const loaders: Record<string, () => Promise<SourceAdapter>> = {
  'anssi-catalogue': async () => {
    const { parseCatalogue, SOURCE_KIND } = await import('./anssi-catalogue/index.js');
    return { kind: SOURCE_KIND, parse: parseCatalogue };
  },
};

export const SOURCE_KINDS = Object.keys(loaders);

/** The adapter of a kind, or undefined for a kind this build does not know. */
export async function loadAdapter(kind: string): Promise<SourceAdapter | undefined> {
  return Object.hasOwn(loaders, kind) ? loaders[kind]!() : undefined;
}
