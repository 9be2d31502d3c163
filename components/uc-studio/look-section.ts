/**
 * The studio's Look section: the colour scheme (the page's preference,
 * light or dark) and the `--uc-*` tokens set on every element of the site
 * (publicConfig.theme), with the contrast of each text colour on its
 * background computed for both schemes — a token set once applies to both,
 * so a colour readable in light may fail in dark. Below 4.5:1 is flagged.
 */
import { html, type TemplateResult } from 'lit';
import { AA_RATIO, BUILT_IN, THEME_TOKENS, checkContrast, type Scheme } from './theme-contrast';
import {
  colorSchemeOf,
  themeTokensOf,
  withColorScheme,
  withThemeToken,
  type ColorScheme,
} from './studio-public-config';
import { problemList, problemsAt, type StudioView } from './studio-view';

const SCHEMES: readonly ColorScheme[] = ['auto', 'light', 'dark'];

export function lookSection(view: StudioView): TemplateResult {
  const { st, doc, problems, edit } = view;
  const scheme = colorSchemeOf(doc);
  const overrides = themeTokensOf(doc);
  // The schemes a visitor may see: both when the page's preference decides.
  const shown: Scheme[] = scheme === 'auto' ? ['light', 'dark'] : [scheme];
  return html`<section aria-labelledby="look-title">
    <h2 id="look-title">${st('look.title')}</h2>
    <fieldset>
      <legend>${st('look.scheme')}</legend>
      ${SCHEMES.map(
        (s) => html`<label class="choice">
          <input
            type="radio"
            name="look-scheme"
            value=${s}
            .checked=${scheme === s}
            @change=${() => edit((d) => withColorScheme(d, s))}
          />
          ${st(`look.scheme.${s}`)}
        </label>`,
      )}
    </fieldset>
    ${problemList('look-scheme-problems', problemsAt(problems, 'publicConfig.theme.colorScheme'))}
    <fieldset aria-describedby="look-tokens-help">
      <legend>${st('look.tokens')}</legend>
      <p class="help" id="look-tokens-help">${st('look.tokensHelp')}</p>
      ${THEME_TOKENS.map((token) => {
        const path = `publicConfig.theme.tokens.${token}`;
        const tokenProblems = problemsAt(problems, path);
        return html`<p class="row">
            <label for="look${token}"><code>${token}</code></label>
            <input
              id="look${token}"
              type="text"
              autocomplete="off"
              spellcheck="false"
              placeholder=${BUILT_IN.light[token] ?? ''}
              aria-describedby="look${token}-default ${tokenProblems.length ? `look${token}-problems` : ''}"
              .value=${overrides[token] ?? ''}
              @change=${(e: Event) => edit((d) => withThemeToken(d, token, (e.target as HTMLInputElement).value.trim()))}
            />
            <span class="help" id="look${token}-default"
              >${st('look.default', { light: BUILT_IN.light[token] ?? '', dark: BUILT_IN.dark[token] ?? '' })}</span
            >
          </p>
          ${problemList(`look${token}-problems`, tokenProblems)}`;
      })}
    </fieldset>
    ${problemList('look-problems', problemsAt(problems, 'publicConfig.theme'))}
    ${shown.map((s) => contrastTable(view, s, overrides))}
  </section>`;
}

function contrastTable(view: StudioView, scheme: Scheme, overrides: Record<string, string>): TemplateResult {
  const { st } = view;
  return html`<table class="contrast" data-scheme=${scheme}>
    <caption>
      ${st(`look.contrast.${scheme}`)}
    </caption>
    <thead>
      <tr>
        <th scope="col">${st('look.pair')}</th>
        <th scope="col">${st('look.ratio')}</th>
      </tr>
    </thead>
    <tbody>
      ${checkContrast(scheme, overrides).map((pair) => {
        const low = pair.ratio !== undefined && pair.ratio < AA_RATIO;
        return html`<tr data-pair="${pair.text} ${pair.background}" class=${low ? 'low' : ''}>
          <th scope="row"><code>${pair.text}</code> / <code>${pair.background}</code></th>
          <td>
            ${
              pair.ratio === undefined
                ? st('look.unreadable')
                : st(low ? 'look.low' : 'look.ok', { ratio: pair.ratio.toFixed(2) })
            }
          </td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}
