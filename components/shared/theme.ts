import type { SiteConfig } from '../../src/config/schema';

/** The token names each element got last time, so a config without them takes them away again. */
const applied = new WeakMap<HTMLElement, string[]>();

/**
 * Puts the site's theme on an element: the colour scheme it forces (read by
 * base.styles through `data-uc-scheme`) and its `--uc-*` tokens, set on the
 * element through the CSSOM. Not a `style` attribute in a template: a page
 * whose CSP allows no inline styles refuses those (Lit's styleMap writes one
 * on its first render), and the element lost its theme there.
 */
export function applyTheme(host: HTMLElement, theme: SiteConfig['theme']): void {
  const scheme = theme?.colorScheme;
  if (scheme && scheme !== 'auto') host.dataset.ucScheme = scheme;
  else delete host.dataset.ucScheme;
  const tokens = theme?.tokens ?? {};
  for (const name of applied.get(host) ?? []) if (!(name in tokens)) host.style.removeProperty(name);
  for (const [name, value] of Object.entries(tokens)) host.style.setProperty(name, value);
  applied.set(host, Object.keys(tokens));
}
