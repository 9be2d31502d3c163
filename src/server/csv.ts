/**
 * CSV as the staff exports write it (consent records, the audit log):
 * RFC 4180, and no cell a spreadsheet would run as a formula. One helper for
 * every export, so none of them forgets the second part.
 */

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line
 * break, quotes doubled. A cell a spreadsheet would read as a formula
 * (= + - @, or tab / carriage return before one) gets a leading `'` first.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A row of cells, ended with CRLF. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
