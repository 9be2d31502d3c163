/**
 * The module graph of the built ES files in dist/: which files a page fetches
 * when it imports one entry.
 *
 * rolldown writes every static import declaration at the head of a chunk,
 * minified as `import{a as b,c as d}from"./chunks/x-BUILD.js";` or
 * `import"./chunks/x-BUILD.js";`, and re-exports (if any) at its tail as
 * `export{a as b}from"./x.js";`. Parsing exactly those two places, rather than
 * searching the whole file, cannot be fooled by a string that looks like an
 * import (the components hold a lot of template text). Anything import-like
 * found elsewhere is reported back as a warning instead of being guessed at.
 * Dynamic imports with a literal relative specifier (`import(\`./en-BUILD.js\`)`)
 * are collected separately: they load later, if ever.
 */
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

export interface ModuleLinks {
  /** specifiers as written, in order */
  staticImports: string[];
  dynamicImports: string[];
  /** import-like text outside the parsed head and tail (should stay empty) */
  suspicious: string[];
}

const HEAD_IMPORT =
  /import\s*(?:(?:[\w$]+\s*,?\s*)?(?:\*\s*as\s*[\w$]+|\{[^{}"'`]*\})?\s*from\s*)?(["'])([^"'\n]+)\1\s*;?/y;
const TAIL_REEXPORT = /export\s*(?:\*(?:\s*as\s*[\w$]+)?|\{[^{}"'`]*\})\s*from\s*(["'])([^"'\n]+)\1\s*;?\s*$/;
const TAIL_LOCAL_EXPORT = /export\s*\{[^{}"'`]*\}\s*;?\s*$/;
const TAIL_COMMENT = /(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/)\s*$/;
const DYNAMIC = /\bimport\(\s*(["'`])(\.{1,2}\/[^"'`\n]+)\1\s*\)/g;
const ANY_STATIC =
  /(?:^|[;}\s])(?:import|export)\s*[\w$\s,*]*(?:\{[^{}"'`]*\})?\s*(?:from\s*)?(["'])(\.{1,2}\/[^"'\n]+)\1/g;

function skipSpaceAndComments(code: string, at: number): number {
  for (;;) {
    const ws = /\s*/y;
    ws.lastIndex = at;
    ws.exec(code);
    at = ws.lastIndex;
    if (code.startsWith('//', at)) {
      const end = code.indexOf('\n', at);
      at = end < 0 ? code.length : end + 1;
    } else if (code.startsWith('/*', at)) {
      const end = code.indexOf('*/', at + 2);
      at = end < 0 ? code.length : end + 2;
    } else return at;
  }
}

export function parseModuleLinks(code: string): ModuleLinks {
  const staticImports: string[] = [];
  const parsedAt = new Set<number>();
  let at = skipSpaceAndComments(code, 0);
  for (;;) {
    HEAD_IMPORT.lastIndex = at;
    const m = HEAD_IMPORT.exec(code);
    if (!m) break;
    staticImports.push(m[2]!);
    parsedAt.add(at);
    at = skipSpaceAndComments(code, HEAD_IMPORT.lastIndex);
  }
  const headEnd = at;

  let tail = code;
  for (let guard = 0; guard < 10_000; guard++) {
    const comment = TAIL_COMMENT.exec(tail);
    if (comment && comment.index >= headEnd) {
      tail = tail.slice(0, comment.index);
      continue;
    }
    const reexport = TAIL_REEXPORT.exec(tail);
    if (reexport && reexport.index >= headEnd) {
      staticImports.push(reexport[2]!);
      parsedAt.add(reexport.index);
      tail = tail.slice(0, reexport.index);
      continue;
    }
    const local = TAIL_LOCAL_EXPORT.exec(tail);
    if (local && local.index >= headEnd) {
      tail = tail.slice(0, local.index);
      continue;
    }
    break;
  }

  const dynamicImports = [...code.matchAll(DYNAMIC)].map((m) => m[2]!);
  const suspicious: string[] = [];
  for (const m of code.matchAll(ANY_STATIC)) {
    const start = m.index + (m[0].length - m[0].trimStart().length) + (/^[;}]/.test(m[0]) ? 1 : 0);
    const known = [...parsedAt].some((p) => Math.abs(p - start) <= 1);
    if (!known) suspicious.push(code.slice(start, start + 80));
  }
  return { staticImports, dynamicImports, suspicious };
}

export interface DistFile {
  /** path relative to dist/, posix separators */
  path: string;
  code: string;
  links: ModuleLinks;
}

/** Reads and parses dist files on demand, once each. */
export class DistGraph {
  private readonly files = new Map<string, DistFile>();

  constructor(readonly distDir: string) {}

  file(path: string): DistFile {
    let file = this.files.get(path);
    if (!file) {
      const full = posix.join(this.distDir, path);
      if (!existsSync(full))
        throw new Error(`dist/${path} is missing (is a build running? run npm run build, then try again)`);
      const code = readFileSync(full, 'utf8');
      file = { path, code, links: parseModuleLinks(code) };
      this.files.set(path, file);
    }
    return file;
  }

  /** A specifier of `from` as a dist-relative path (only relative specifiers: the browser chunks import nothing else). */
  resolve(from: string, specifier: string): string {
    if (!specifier.startsWith('./') && !specifier.startsWith('../'))
      throw new Error(`dist/${from} imports "${specifier}", which is not a relative file: cannot size it`);
    const path = posix.normalize(posix.join(posix.dirname(from), specifier));
    if (path.startsWith('../')) throw new Error(`dist/${from} imports "${specifier}", outside dist/`);
    return path;
  }

  /** The entry and every file it imports statically, transitively, in first-seen order. */
  staticClosure(entry: string): string[] {
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const spec of this.file(path).links.staticImports) visit(this.resolve(path, spec));
    };
    visit(entry);
    return [...seen];
  }

  /** Dynamic import targets of a set of files (dist-relative), without duplicates. */
  dynamicTargets(paths: readonly string[]): string[] {
    const out = new Set<string>();
    for (const path of paths)
      for (const spec of this.file(path).links.dynamicImports) out.add(this.resolve(path, spec));
    return [...out];
  }
}
