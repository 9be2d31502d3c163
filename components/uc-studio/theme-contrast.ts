/**
 * The WCAG 2.2 contrast check of a theme: each pair of a text colour and
 * the background it is drawn on, with the site's tokens over the built-in
 * palette of the scheme (light or dark). Below 4.5:1 fails AA for body text.
 * The built-in palettes are read from the tokens every element uses
 * (components/shared/base.styles.ts), so the check never drifts from them.
 */
import { tokens } from '../shared/base.styles';

export const AA_RATIO = 4.5;

/** The tokens the studio offers, each a colour but the last ones. */
export const THEME_TOKENS = [
  '--uc-color-text',
  '--uc-color-muted',
  '--uc-color-bg',
  '--uc-color-surface',
  '--uc-color-border',
  '--uc-color-accent',
  '--uc-color-on-accent',
  '--uc-color-danger',
  '--uc-color-success',
  '--uc-radius',
  '--uc-font',
] as const;

/** What is written on what in the elements' styles: [text, background]. */
export const CONTRAST_PAIRS = [
  ['--uc-color-text', '--uc-color-bg'],
  ['--uc-color-muted', '--uc-color-bg'],
  ['--uc-color-text', '--uc-color-surface'],
  ['--uc-color-on-accent', '--uc-color-accent'],
  ['--uc-color-danger', '--uc-color-bg'],
  ['--uc-color-success', '--uc-color-bg'],
] as const;

export type Scheme = 'light' | 'dark';

function declarations(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/(--uc-[a-z0-9-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** The built-in palettes: the first `:host` rule is light, the one for `data-uc-scheme='dark'` dark. */
export const BUILT_IN: Record<Scheme, Record<string, string>> = (() => {
  const text = tokens.cssText;
  const light = declarations(/:host\s*\{([^}]*)\}/.exec(text)?.[1] ?? '');
  const dark = declarations(/:host\(\[data-uc-scheme='dark'\]\)\s*\{([^}]*)\}/.exec(text)?.[1] ?? '');
  return { light, dark: { ...light, ...dark } };
})();

/** A colour as the check reads it (#rgb, #rrggbb, #rrggbbaa without its alpha, rgb()), or undefined. */
export function parseColor(value: string): [number, number, number] | undefined {
  const v = value.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(v)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex.slice(0, 6);
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
  }
  const rgb = /^rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})\s*(?:[,/].*)?\)$/.exec(v);
  if (rgb)
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])].map((n) => Math.min(n, 255)) as [number, number, number];
  return undefined;
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The WCAG contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface PairCheck {
  text: string;
  background: string;
  /** undefined when one of the two is not a colour the check reads */
  ratio: number | undefined;
}

/** Each pair's ratio in `scheme`, with the site's `overrides` over the built-in palette. */
export function checkContrast(scheme: Scheme, overrides: Record<string, string>): PairCheck[] {
  const palette = { ...BUILT_IN[scheme], ...overrides };
  return CONTRAST_PAIRS.map(([text, background]) => {
    const fg = parseColor(palette[text] ?? '');
    const bg = parseColor(palette[background] ?? '');
    return { text, background, ratio: fg && bg ? contrastRatio(fg, bg) : undefined };
  });
}
