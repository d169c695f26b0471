/**
 * The built-ins that pdfjs's legacy build replaces with core-js polyfills when it loads, saved before it loads
 * (pdfjs.ts imports this module first) and put back after. On Node 20 core-js's feature tests fail for them and it
 * swaps, for the whole process, V8's `Array.prototype.push` for a JS one (2.5 × slower), `JSON.stringify` for one
 * that supports `JSON.rawJSON` (27 × slower, measured in decision 0030), `JSON.parse` for one with source-text
 * access, and `Function.prototype.toString` for a wrapper. pdfjs uses none of those features; everything else
 * core-js adds (Promise.withResolvers, the Set methods, Uint8Array.toBase64, …) is new, not replaced, and stays.
 */
const SAVED: Array<{ owner: object; key: string; native: unknown }> = [
  { owner: Array.prototype, key: 'push', native: Array.prototype.push },
  { owner: JSON, key: 'parse', native: JSON.parse },
  { owner: JSON, key: 'stringify', native: JSON.stringify },
  { owner: Function.prototype, key: 'toString', native: Function.prototype.toString },
];

/** Puts back every saved built-in that was replaced; returns the names of those it put back. */
export function restoreBuiltins(): string[] {
  const restored: string[] = [];
  for (const { owner, key, native } of SAVED) {
    const now = Object.getOwnPropertyDescriptor(owner, key);
    if (now?.value === native) continue;
    Object.defineProperty(owner, key, { value: native, writable: true, enumerable: false, configurable: true });
    restored.push(key);
  }
  return restored;
}
