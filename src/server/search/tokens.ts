/**
 * How text is cut into the search index's tokens, and a query into terms,
 * the same way on both databases: the databases only store and look up the
 * tokens made here (SQLite's FTS5 splits them again on white space only in
 * effect; PostgreSQL gets them as a tsvector literal, never parsed), so a
 * search answers the same rows on either.
 *
 * - Each character is read as NFKC and lower case (full-width Ａ is a, Ｋ is
 *   k); letters and digits make words, anything else separates them.
 * - Chinese and Japanese script (Han, Hiragana, Katakana) is written without
 *   spaces: a run of it is indexed as its overlapping pairs of characters
 *   (申请退款 → 申请 请退 退款), plus the run's last character alone, so a
 *   word of two characters or more is the phrase of its pairs, and a single
 *   character is found as the first character of a pair or a run's last.
 *   A trigram index (pg_trgm, FTS5's trigram tokenizer) cannot answer a
 *   two-character word, the commonest length of a Chinese word.
 * - Any other word (Latin, Cyrillic, Hangul, digits) is one token, lower case.
 *
 * A query is cut the same way into terms, all of which must match: a run of
 * two CJK characters or more is the phrase of its pairs; a lone CJK
 * character matches every token that starts with it (a prefix: 退 finds 退款
 * and 撤退); a word matches that word.
 */

/** Chinese and Japanese characters: written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /[\p{L}\p{N}]/u;

/** Tokens kept per text: PostgreSQL positions stop at 16,383, so both databases index the same first ones. */
export const MAX_TOKENS = 16_000;

/** One unit the text is cut into: a CJK character, or a word; `start`/`end` index the original string (UTF-16). */
interface Piece {
  kind: 'cjk' | 'word';
  text: string;
  start: number;
  end: number;
}

/** A run of CJK characters without anything between them, or a word. */
export interface Run {
  kind: 'cjk' | 'word';
  /** the CJK characters of the run (one Piece each), or the one word */
  pieces: Piece[];
}

const normalised = (char: string) => char.normalize('NFKC').toLowerCase();

/** The common Han blocks: their own NFKC, one code unit each, and CJK. */
const isHan = (code: number) => (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf);
/**
 * Whether a character of the Basic Multilingual Plane stands between words
 * in every form (punctuation such as ，。“”、…《》): neither a letter, a
 * digit nor CJK once normalised. Learnt once per character: 1 when it is,
 * 2 when it is not, 0 until asked.
 */
const separators = new Uint8Array(0x10000);
function isSeparator(code: number): boolean {
  let known = separators[code]!;
  if (!known) {
    const surrogate = code >= 0xd800 && code <= 0xdfff;
    const shown = surrogate ? '' : normalised(String.fromCharCode(code));
    known = surrogate || CJK.test(shown) || WORD.test(shown) ? 2 : 1;
    separators[code] = known;
  }
  return known === 1;
}
/** A character whose class is known by its code, and that needs no normalising to be read. */
const isPlain = (code: number) => code < 0x80 || isHan(code) || isSeparator(code);
/** An ASCII letter (lower case) or digit: what a word is made of in plain text. */
const isAsciiWord = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);

/** The text as runs, in order. */
export function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let word: Piece | undefined;
  let cjk: Piece[] | undefined;
  const endWord = () => {
    if (word) runs.push({ kind: 'word', pieces: [word] });
    word = undefined;
  };
  const endCjk = () => {
    if (cjk) runs.push({ kind: 'cjk', pieces: cjk });
    cjk = undefined;
  };
  const wordChar = (c: string, start: number, end: number) => {
    endCjk();
    if (word) {
      word.text += c;
      word.end = end;
    } else word = { kind: 'word', text: c, start, end };
  };
  const cjkChar = (c: string, start: number, end: number) => {
    endWord();
    (cjk ??= []).push({ kind: 'cjk', text: c, start, end });
  };
  let offset = 0;
  for (const char of text) {
    const start = offset;
    offset += char.length;
    // ASCII, the common Han blocks and punctuation (most of what is read) are classed by their code: they
    // skip the normalising and the Unicode property tests.
    const code = char.charCodeAt(0);
    if (code < 0x80) {
      const lower = code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
      if (isAsciiWord(lower)) wordChar(String.fromCharCode(lower), start, offset);
      else {
        endWord();
        endCjk();
      }
      continue;
    }
    if (isHan(code)) {
      cjkChar(char, start, offset);
      continue;
    }
    if (char.length === 1 && isSeparator(code)) {
      endWord();
      endCjk();
      continue;
    }
    // A character may normalise to several (ﬁ → fi, ㈱ → (株)); each is classed alone.
    for (const c of normalised(char)) {
      if (CJK.test(c)) cjkChar(c, start, offset);
      else if (WORD.test(c)) wordChar(c, start, offset);
      else {
        endWord();
        endCjk();
      }
    }
  }
  endWord();
  endCjk();
  return runs;
}

/** The tokens a text is indexed as, in order (their positions make the phrases), at most MAX_TOKENS. */
export function indexTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const run of runsOf(text)) {
    if (run.kind === 'word') tokens.push(run.pieces[0]!.text);
    else {
      const chars = run.pieces.map((p) => p.text);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
      tokens.push(chars[chars.length - 1]!);
    }
    if (tokens.length >= MAX_TOKENS) return tokens.slice(0, MAX_TOKENS);
  }
  return tokens;
}

/**
 * One term of a query: `phrase`, tokens that must stand next to each other
 * in this order (a CJK run's pairs, or one word); `prefix`, a lone CJK
 * character that any token may start with.
 */
export type Term = { kind: 'phrase'; tokens: string[]; text: string } | { kind: 'prefix'; token: string; text: string };

/** The query's terms, each once, in the order written. */
export function queryTerms(query: string): Term[] {
  const terms: Term[] = [];
  const seen = new Set<string>();
  for (const run of runsOf(query)) {
    const text = run.pieces.map((p) => p.text).join('');
    if (seen.has(text)) continue;
    seen.add(text);
    if (run.kind === 'word') terms.push({ kind: 'phrase', tokens: [text], text });
    else if (run.pieces.length === 1) terms.push({ kind: 'prefix', token: text, text });
    else {
      const chars = run.pieces.map((p) => p.text);
      const tokens: string[] = [];
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
      terms.push({ kind: 'phrase', tokens, text });
    }
  }
  return terms;
}

/** FTS5's MATCH expression for the terms: each a quoted phrase (a prefix with `*`), all of them (AND). */
export function fts5Query(terms: readonly Term[]): string {
  const quote = (token: string) => `"${token.replaceAll('"', '""')}"`;
  return terms.map((t) => (t.kind === 'prefix' ? `${quote(t.token)}*` : quote(t.tokens.join(' ')))).join(' AND ');
}

/** A lexeme as tsvector/tsquery text takes it: quoted, with quotes and backslashes escaped. */
const lexeme = (token: string) => `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/** PostgreSQL's tsquery for the terms: a phrase's tokens joined by <-> (next to each other), a prefix as :*, all with &. */
export function tsQuery(terms: readonly Term[]): string {
  return terms
    .map((t) => (t.kind === 'prefix' ? `${lexeme(t.token)}:*` : `(${t.tokens.map(lexeme).join(' <-> ')})`))
    .join(' & ');
}

/** The tokens as a tsvector literal, each with its positions (1-based, as FTS5 counts them from 0). */
export function tsVector(tokens: readonly string[]): string {
  const positions = new Map<string, number[]>();
  tokens.forEach((token, i) => {
    const at = positions.get(token);
    // PostgreSQL keeps at most 256 positions of a lexeme; phrases past them would not match there.
    if (!at) positions.set(token, [i + 1]);
    else if (at.length < 256) at.push(i + 1);
  });
  return [...positions].map(([token, at]) => `${lexeme(token)}:${at.join(',')}`).join(' ');
}

/**
 * The matches in a text of ASCII, common Han characters and punctuation
 * alone (most of what is searched), found by position without cutting it
 * into runs: such a text reads as it is written (its only case is ASCII's;
 * punctuation separates in any form), and its runs are plain to see. A
 * CJK run is every Han character in a row, so a CJK term matches wherever
 * its characters stand in a row; a word is every ASCII letter and digit in
 * a row, so a word term matches where no letter or digit stands beside it.
 * Undefined for any other text: runMatches reads it.
 */
function plainMatches(text: string, terms: readonly Term[]): Array<Array<[number, number]>> | undefined {
  for (let i = 0; i < text.length; i++) if (!isPlain(text.charCodeAt(i))) return undefined;
  const lower = text.toLowerCase();
  return terms.map((term) => {
    const found: Array<[number, number]> = [];
    const needle = term.kind === 'prefix' ? term.token : term.text;
    const word = isWordTerm(term);
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      if (word && (isAsciiWord(lower.charCodeAt(at - 1)) || isAsciiWord(lower.charCodeAt(end)))) continue;
      found.push([at, end]);
    }
    return found;
  });
}

/** The matches in any text, by its runs. */
function runMatches(text: string, terms: readonly Term[]): Array<Array<[number, number]>> {
  const runs = runsOf(text);
  return terms.map((term) => {
    const found: Array<[number, number]> = [];
    for (const run of runs) {
      if (term.kind === 'prefix') {
        if (run.kind === 'cjk') for (const p of run.pieces) if (p.text === term.token) found.push([p.start, p.end]);
        continue;
      }
      if (isWordTerm(term)) {
        if (run.kind === 'word' && run.pieces[0]!.text === term.text)
          found.push([run.pieces[0]!.start, run.pieces[0]!.end]);
        continue;
      }
      if (run.kind !== 'cjk') continue;
      const chars = charsOf(term);
      for (let i = 0; i + chars.length <= run.pieces.length; i++)
        if (chars.every((c, j) => run.pieces[i + j]!.text === c))
          found.push([run.pieces[i]!.start, run.pieces[i + chars.length - 1]!.end]);
    }
    return found;
  });
}

/** A term that is one word (not CJK): it matches a whole word. */
const isWordTerm = (term: Term) => term.kind === 'phrase' && term.tokens.length === 1 && !CJK.test(term.text);

/** A term's characters, split once per term (runMatches meets each term once per run of every text). */
const termChars = new WeakMap<Term, string[]>();
function charsOf(term: Term): string[] {
  let chars = termChars.get(term);
  if (!chars) termChars.set(term, (chars = Array.from(term.text)));
  return chars;
}

/** Where each term matches in `text`, term by term, each place it is found: [start, end) ranges of the original string. */
export function termMatches(text: string, terms: readonly Term[]): Array<Array<[number, number]>> {
  return plainMatches(text, terms) ?? runMatches(text, terms);
}

/** Where the terms match in `text`: [start, end) ranges of the original string, sorted, not overlapping. */
export function matchRanges(text: string, terms: readonly Term[]): Array<[number, number]> {
  const ranges = termMatches(text, terms).flat();
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}
