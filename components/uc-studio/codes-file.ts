/**
 * A file (or pasted text) of coupon codes read in the browser before any of
 * it is sent: one code a line, as a spreadsheet saves a one-column CSV. A
 * first line that names the column is a header; a value in double quotes is
 * read as CSV reads it ("" is one quote); spaces at either end are dropped;
 * a line that ends in empty columns (`CODE,,`) is one code. Every line that
 * is not a code to add is named by its number and why: empty, more than one
 * value, a quote left open, a code the server refuses by its own rules
 * (codeProblem, the contract's), or the same code as an earlier line. Lines
 * count as an editor numbers them, from 1, the header included.
 */
import { CODES_PER_UPLOAD, codeProblem, type CodeProblem } from '../../src/contract/points-codes';

export type LineProblem =
  | { line: number; kind: Exclude<CodeProblem, 'long'> | 'columns' | 'quote' | 'inPool' }
  | { line: number; kind: 'long'; length: number }
  | { line: number; kind: 'repeat'; of: number }
  /** what the server said of a code it refused (its rules and ours differ: an older or newer server) */
  | { line: number; kind: 'refused'; message: string };

export interface CodesRead {
  /** the codes to send, in file order, each with its line */
  codes: Array<{ line: number; code: string }>;
  problems: LineProblem[];
  /** lines read, the header and blank last line left out */
  lines: number;
  /** the header's line, when the first line named the column */
  header: number | undefined;
  /** more codes than one upload carries: nothing may be sent */
  tooMany: boolean;
}

/** What a first line says when it names the column rather than holding a code. */
const HEADER = /^(?:codes?|coupons?|coupon[ _-]?codes?|vouchers?|券码|兑换码|优惠码|优惠券码?)$/i;

/** The values of one CSV line, or undefined when a quote is left open. */
function valuesOf(line: string): string[] | undefined {
  const values: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ') i++;
    let value = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) return undefined;
        value += line.slice(i, close);
        i = close + 1;
        if (line[i] !== '"') break;
        value += '"';
        i++;
      }
      const comma = line.indexOf(',', i);
      // Only spaces may follow a closing quote before the next comma.
      if (line.slice(i, comma < 0 ? undefined : comma).trim() !== '') return undefined;
      i = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', i);
      value = line.slice(i, comma < 0 ? undefined : comma);
      i = comma < 0 ? line.length : comma;
    }
    values.push(value.trim());
    if (i >= line.length) return values;
    i++;
  }
}

/** What line `line` is: the header, a code to add, or why it is left out. */
function lineProblem(
  raw: string,
  line: number,
  firstLine: Map<string, number>,
): LineProblem | { code: string } | 'header' {
  const values = valuesOf(raw);
  if (!values) return { line, kind: 'quote' };
  while (values.length > 1 && values.at(-1) === '') values.pop();
  if (values.length > 1) return { line, kind: 'columns' };
  const code = values[0] ?? '';
  if (line === 1 && HEADER.test(code)) return 'header';
  const problem = codeProblem(code);
  if (problem === 'long') return { line, kind: problem, length: code.length };
  if (problem) return { line, kind: problem };
  const of = firstLine.get(code);
  if (of !== undefined) return { line, kind: 'repeat', of };
  firstLine.set(code, line);
  return { code };
}

export function readCodes(text: string): CodesRead {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  // A file that ends with a line break has no line after it.
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const read: CodesRead = { codes: [], problems: [], lines: 0, header: undefined, tooMany: false };
  if (lines.length === 1 && lines[0] === '') return read;
  const firstLine = new Map<string, number>();
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    const what = lineProblem(raw, line, firstLine);
    if (what === 'header') read.header = line;
    else if ('code' in what) read.codes.push({ line, code: what.code });
    else read.problems.push(what);
  }
  read.lines = lines.length - (read.header ? 1 : 0);
  read.tooMany = read.codes.length > CODES_PER_UPLOAD;
  return read;
}

/**
 * The lines the server's answer names: codes the pool held already and any
 * it refused (a 422 names `codes[i]`), by the position each was sent at.
 */
export function linesAnswered(
  sent: CodesRead['codes'],
  inPool: readonly number[],
  refused: ReadonlyArray<{ path: string; message: string }> = [],
): LineProblem[] {
  const lineAt = (i: number) => sent[i]?.line;
  const problems: LineProblem[] = [];
  for (const i of inPool) {
    const line = lineAt(i);
    if (line !== undefined) problems.push({ line, kind: 'inPool' });
  }
  for (const field of refused) {
    const at = /^codes\[(\d+)\]/.exec(field.path);
    const line = at ? lineAt(Number(at[1])) : undefined;
    if (line !== undefined) problems.push({ line, kind: 'refused', message: field.message });
  }
  return problems;
}
