/** Prints rows as a plain-text table under their header: columns padded to their widest cell, two spaces apart. */
export function printTable(out: (line: string) => void, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  out(line(header));
  for (const r of rows) out(line(r));
}
