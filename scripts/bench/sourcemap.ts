/**
 * Which original source each byte of a built file came from, read from its
 * source map (v3). A small VLQ decoder of our own: the well-kept decoders in
 * node_modules (source-map-js, @jridgewell/sourcemap-codec) are only there as
 * other packages' dependencies, and depending on hoisting is worse than 40 lines.
 *
 * Spec: https://tc39.es/ecma426/ ("mappings": lines separated by `;`,
 * segments by `,`, each segment 1, 4 or 5 base64 VLQ fields; the generated
 * column restarts every line, the other fields are relative to the previous
 * segment across the whole file). Columns count UTF-16 code units, which is
 * what JS string indices are; bytes are counted as UTF-8, as served.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

export interface SourceMapV3 {
  version: number;
  sources: Array<string | null>;
  sourceRoot?: string;
  mappings: string;
}

/** A mapped piece of a generated line: from `column` to the next segment (or the end of the line). */
export interface Segment {
  column: number;
  /** index into `sources`, or -1 for a segment that maps to no source */
  source: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/** Decodes `mappings` into per-line segments (only the generated column and source index are kept). */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let source = 0;
  let i = 0;
  const fields: number[] = [];
  while (i <= mappings.length) {
    const ch = mappings[i];
    if (ch === undefined || ch === ';') {
      lines.push(line);
      line = [];
      i++;
      continue;
    }
    if (ch === ',') {
      i++;
      continue;
    }
    // One segment: up to 5 VLQ numbers until ',' ';' or the end.
    fields.length = 0;
    while (i < mappings.length && mappings[i] !== ',' && mappings[i] !== ';') {
      let value = 0;
      let shift = 0;
      let more = true;
      while (more) {
        const code = mappings.charCodeAt(i++);
        const digit = code < 128 ? DIGIT[code]! : -1;
        if (digit < 0) throw new Error(`bad base64 VLQ character at ${i - 1} of the mappings`);
        more = (digit & 32) !== 0;
        value += (digit & 31) * 2 ** shift;
        shift += 5;
      }
      fields.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2);
    }
    const [column, sourceDelta] = fields;
    if (column === undefined) throw new Error('empty segment in the mappings');
    if (sourceDelta !== undefined) source += sourceDelta;
    // The generated column is relative to the previous segment of the same line.
    const previous = line[line.length - 1];
    line.push({ column: (previous?.column ?? 0) + column, source: sourceDelta === undefined ? -1 : source });
  }
  return lines;
}

/**
 * Bytes (UTF-8) of generated code per source path (repo-relative); unmapped
 * bytes under `null`. A segment owns the text up to the next segment, across
 * line breaks: a template literal or CSS text spanning lines has segments on
 * its first line only, and its later lines belong to it, not to nobody.
 */
export function bytesBySource(
  code: string,
  map: SourceMapV3,
  mapFile: string,
  repoRoot: string,
): Map<string | null, number> {
  const names = map.sources.map((s) =>
    s === null ? null : relative(repoRoot, resolve(dirname(mapFile), map.sourceRoot ?? '', s)),
  );
  const out = new Map<string | null, number>();
  const add = (key: string | null, bytes: number) => bytes && out.set(key, (out.get(key) ?? 0) + bytes);
  const lines = decodeMappings(map.mappings);
  const codeLines = code.split('\n');
  let current: string | null = null;
  codeLines.forEach((text, n) => {
    const segments = lines[n] ?? [];
    let from = 0;
    for (const segment of segments) {
      add(current, Buffer.byteLength(text.slice(from, segment.column)));
      current = segment.source >= 0 ? (names[segment.source] ?? null) : null;
      from = segment.column;
    }
    add(current, Buffer.byteLength(text.slice(from)) + (n < codeLines.length - 1 ? 1 : 0));
  });
  return out;
}

export function readSourceMap(file: string): SourceMapV3 {
  const map = JSON.parse(readFileSync(file, 'utf8')) as SourceMapV3;
  if (map.version !== 3 || !Array.isArray(map.sources) || typeof map.mappings !== 'string')
    throw new Error(`${file} is not a v3 source map`);
  return map;
}

/**
 * What a source belongs to: the npm package for anything under node_modules
 * (the innermost one, scoped names kept), else the repo folder it sits in.
 */
export function packageOf(source: string | null): string {
  if (source === null) return '(unmapped: bundler glue, exports)';
  const parts = source.split(/[\\/]/);
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) {
    const first = parts[nm + 1] ?? '?';
    return first.startsWith('@') ? `${first}/${parts[nm + 2] ?? '?'}` : first;
  }
  if (parts[0] === '..') return source;
  // Files directly under src/ (the loader, the npm entry) stand for themselves.
  if (parts.length <= 2 && parts[0] === 'src') return source;
  return parts.length > 1 ? parts.slice(0, -1).join('/') : source;
}
