/** Plain-text tables and number formatting shared by `npm run size` and `npm run bench`. */

export type Align = 'left' | 'right';

/** A table with a header row and a rule under it; columns are padded to their widest cell. */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  align?: readonly Align[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) =>
        (align?.[i] ?? (i === 0 ? 'left' : 'right')) === 'left' ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** 53210 → "53,210" */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A number with a fixed count of decimals, thousands separated. */
export function fixed(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function percent(part: number, whole: number): string {
  return whole ? `${((part / whole) * 100).toFixed(1)}%` : '–';
}

/** "+1,234" / "-56" */
export function signed(n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '-' : '±'}${int(Math.abs(n))}`;
}
