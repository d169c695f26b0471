/**
 * Loading pdfjs leaves the process its native built-ins (decision 0030). pdfjs's legacy build swaps some of them
 * for core-js polyfills on Node 20 (JSON.stringify 27 × slower, Array.prototype.push 2.5 ×), for the whole process:
 * pdfjs.ts puts them back. Checked in a fresh Node process, where nothing else has loaded pdfjs before.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const script = `
const owners = { 'Array.prototype': Array.prototype, JSON, 'Function.prototype': Function.prototype, Object, 'Object.prototype': Object.prototype,
  'String.prototype': String.prototype, Promise, 'Promise.prototype': Promise.prototype, 'Map.prototype': Map.prototype, 'Set.prototype': Set.prototype,
  'Uint8Array.prototype': Uint8Array.prototype, 'TypedArray.prototype': Object.getPrototypeOf(Uint8Array.prototype), Math, Number, 'RegExp.prototype': RegExp.prototype };
const snapshot = () => { const m = new Map(); for (const [n, o] of Object.entries(owners)) for (const k of Reflect.ownKeys(o)) { const d = Object.getOwnPropertyDescriptor(o, k); if (typeof d.value === 'function') m.set(n + '.' + String(k), d.value); } return m; };
const before = snapshot();
const pdfjs = await import('./src/sources/anssi-catalogue/pdfjs.ts');
const after = snapshot();
const replaced = [...before].filter(([k, f]) => after.get(k) !== f).map(([k]) => k);
const added = [...after.keys()].filter((k) => !before.has(k));
// pdfjs still works with the natives back: it opens a PDF and reads its text.
const { readFileSync } = await import('node:fs');
const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync('test/fixtures/anssi-catalogue/catalogue-anssi_2025-12-05.pdf')), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
const text = (await (await doc.getPage(6)).getTextContent()).items.map((i) => i.str).join(' ');
await doc.destroy();
process.stdout.write(JSON.stringify({ replaced, added, pages: doc.numPages, text: text.slice(0, 2000), nativePush: Function.prototype.toString.call(Array.prototype.push) }));
`;

describe('pdfjs and the built-ins', () => {
  it('replaces no built-in of the process, adds what Node 20 lacks, and still reads the catalogue', () => {
    const out = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })) as {
      replaced: string[];
      added: string[];
      pages: number;
      text: string;
      nativePush: string;
    };
    expect(out.replaced).toEqual([]);
    expect(out.nativePush).toContain('[native code]');
    // What core-js adds stays: pdfjs calls these.
    expect(out.added).toEqual(expect.arrayContaining(['Promise.withResolvers', 'Map.prototype.getOrInsertComputed']));
    expect(out.pages).toBe(68);
    expect(out.text).toMatch(/Certification/i);
  });
});
