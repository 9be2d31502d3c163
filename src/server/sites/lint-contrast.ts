/**
 * Whether a site's theme tokens keep text readable: the WCAG 2.2 contrast
 * ratio (AA: at least 4.5:1 for body text) of each foreground/background
 * pair the components actually paint together.
 *
 * The pairs, from the components' styles (components/shared/base.styles.ts
 * and each element's styles): body text, muted text (hints, purposes) and
 * the accent (links), danger (errors) and success colours are all written
 * on the page background `--uc-color-bg`; body and muted text also on the
 * raised `--uc-color-surface` (buttons, cards); `--uc-color-on-accent` is
 * the text of a primary button on `--uc-color-accent`. Borders and focus
 * rings are not text and are left out.
 *
 * A site's tokens are set inline on every element, so they apply in both
 * palettes: a token the site leaves out is the light palette's default
 * (`colorScheme: light`), the dark one's (`dark`), or either (`auto`, both
 * checked). Only colours this module can read are judged (`#rgb`,
 * `#rrggbb`, `#rrggbbaa` opaque, `rgb()`, `white`, `black`); anything else
 * (`var(…)`, `color-mix(…)`, a colour with transparency) depends on the
 * page and is left alone rather than guessed.
 */

/** Foreground token on background token, as the components paint them. */
export const TEXT_PAIRS: ReadonlyArray<readonly [foreground: string, background: string]> = [
  ['--uc-color-text', '--uc-color-bg'],
  ['--uc-color-text', '--uc-color-surface'],
  ['--uc-color-muted', '--uc-color-bg'],
  ['--uc-color-muted', '--uc-color-surface'],
  ['--uc-color-accent', '--uc-color-bg'],
  ['--uc-color-danger', '--uc-color-bg'],
  ['--uc-color-success', '--uc-color-bg'],
  ['--uc-color-on-accent', '--uc-color-accent'],
];

/** WCAG 2.2 AA for normal-size text. */
export const MIN_TEXT_CONTRAST = 4.5;

/** The defaults of components/shared/base.styles.ts (kept equal by test/node/config-lint.test.ts). */
export const PALETTES: Record<'light' | 'dark', Readonly<Record<string, string>>> = {
  light: {
    '--uc-color-text': '#1f2328',
    '--uc-color-muted': '#57606a',
    '--uc-color-bg': '#ffffff',
    '--uc-color-surface': '#f6f8fa',
    '--uc-color-accent': '#0b5cad',
    '--uc-color-on-accent': '#ffffff',
    '--uc-color-danger': '#b42318',
    '--uc-color-success': '#1a7f37',
  },
  dark: {
    '--uc-color-text': '#e6edf3',
    '--uc-color-muted': '#9da7b3',
    '--uc-color-bg': '#161b22',
    '--uc-color-surface': '#0d1117',
    '--uc-color-accent': '#58a6ff',
    '--uc-color-on-accent': '#0d1117',
    '--uc-color-danger': '#ff7b72',
    '--uc-color-success': '#3fb950',
  },
};

type Rgb = readonly [number, number, number];

/** An opaque colour as 0–255 channels, or undefined when it is not one this module reads. */
export function parseColor(text: string): Rgb | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'white') return [255, 255, 255];
  if (value === 'black') return [0, 0, 0];
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    if (full.length === 8 && full.slice(6) !== 'ff') return undefined;
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const rgb = /^rgba?\(\s*(\d{1,3})[\s,]+(\d{1,3})[\s,]+(\d{1,3})\s*(?:[,/]\s*(1|1\.0+|100%)\s*)?\)$/.exec(value);
  if (rgb) {
    const channels = [rgb[1], rgb[2], rgb[3]].map(Number);
    return channels.every((c) => c <= 255) ? (channels as unknown as Rgb) : undefined;
  }
  return undefined;
}

function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** The WCAG contrast ratio of two opaque colours, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export interface ContrastProblem {
  /** the token the site set (the foreground when it set both) */
  token: string;
  message: string;
}

/** Every pair that involves a token the site set and reads below 4.5:1, in any palette the scheme shows. */
export function contrastProblems(
  tokens: Readonly<Record<string, string>>,
  colorScheme: 'auto' | 'light' | 'dark' = 'auto',
): ContrastProblem[] {
  const schemes = colorScheme === 'auto' ? (['light', 'dark'] as const) : [colorScheme];
  const problems: ContrastProblem[] = [];
  for (const [foreground, background] of TEXT_PAIRS) {
    if (!(foreground in tokens) && !(background in tokens)) continue;
    for (const scheme of schemes) {
      const colourOf = (token: string) => tokens[token] ?? PALETTES[scheme][token]!;
      const fg = parseColor(colourOf(foreground));
      const bg = parseColor(colourOf(background));
      if (!fg || !bg) continue;
      const ratio = contrastRatio(fg, bg);
      if (ratio >= MIN_TEXT_CONTRAST) continue;
      const palette = tokens[foreground] !== undefined && tokens[background] !== undefined ? '' : ` (${scheme} scheme)`;
      problems.push({
        token: foreground in tokens ? foreground : background,
        message: `${foreground} ${colourOf(foreground)} on ${background} ${colourOf(background)}${palette} has a contrast of ${ratio.toFixed(2)}:1; text needs at least ${MIN_TEXT_CONTRAST}:1 (WCAG AA)`,
      });
      break;
    }
  }
  return problems;
}
