/**
 * The studio's Access and limits section: the rate limits of users and
 * devices, what a host token must be (its longest lifetime, its audience
 * and issuer; the secret that signs it is rotated in Webhook and tokens),
 * and the staff settings (who may see a contact unmasked, how long the
 * audit log is kept, how far back staff may date a complaint they log).
 * An empty input lets the server's default apply, which its help says.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { STAFF_ROLES, type StaffRole } from '../../src/contract/staff';
import type { Translator } from '../../src/i18n/index';
import { settingsGroup, withGroupSetting, type LimitGroup } from './limits-document';
import {
  DEFAULT_REVEAL_ROLES,
  HOST_TOKEN_LIFETIME,
  HOST_TOKEN_TEXT_MAX,
  RATE_LIMITS,
  STAFF_NUMBERS,
  type NumberSetting,
} from './settings-defaults';
import type { StudioMessageKey } from '../../src/i18n/studio/index';
import { problemList, problemsAt, type StudioView } from './studio-view';

export interface LimitsView extends StudioView {
  i18n: Translator;
  /** a staff role as the back office names it in the person's language */
  roleName(role: StaffRole): string;
}

const MB = 1024 * 1024;
/** Inputs shown in another unit than the document's: attachments in MB rather than bytes. */
const SCALE: Readonly<Record<string, number>> = { uploadBytesPerDay: MB };

/** The problems of a group that no input of it shows (a key the schema does not know, the group's own type). */
function leftOver(view: StudioView, group: LimitGroup, keys: readonly string[]) {
  return problemsAt(view.problems, `settings.${group}`).filter(
    (p) => !keys.some((key) => problemsAt([p], `settings.${group}.${key}`).length),
  );
}

function numberInput(view: LimitsView, group: LimitGroup, setting: NumberSetting): TemplateResult {
  const { st, i18n, doc, edit } = view;
  const scale = SCALE[setting.key] ?? 1;
  const id = `limit-${group}-${setting.key}`;
  const here = problemsAt(view.problems, `settings.${group}.${setting.key}`);
  const value = settingsGroup(doc, group)[setting.key];
  const change = (text: string) => {
    const n = text.trim() === '' ? undefined : Number(text);
    const stored = n === undefined || Number.isNaN(n) ? undefined : scale === 1 ? n : Math.round(n * scale);
    edit((d) => withGroupSetting(d, group, setting.key, stored));
  };
  return html`<p class="row">
      <label for=${id}>${st(`limits.${setting.key}` as StudioMessageKey)}</label>
      <input
        id=${id}
        type="number"
        min=${setting.min / scale}
        max=${setting.max / scale}
        step="1"
        placeholder=${String(setting.default / scale)}
        aria-describedby="${id}-help ${here.length ? `${id}-problems` : ''}"
        .value=${typeof value === 'number' ? String(value / scale) : value === undefined ? '' : String(value)}
        @change=${(e: Event) => change((e.target as HTMLInputElement).value)}
      />
      <span class="help" id="${id}-help"
        >${st('limits.bounds', {
          default: i18n.number(setting.default / scale),
          min: i18n.number(setting.min / scale),
          max: i18n.number(setting.max / scale),
        })}</span
      >
    </p>
    ${problemList(`${id}-problems`, here)}`;
}

function textInput(view: LimitsView, key: 'audience' | 'issuer'): TemplateResult {
  const { st, doc, edit } = view;
  const id = `limit-hostTokens-${key}`;
  const here = problemsAt(view.problems, `settings.hostTokens.${key}`);
  const value = settingsGroup(doc, 'hostTokens')[key];
  return html`<p class="row">
      <label for=${id}>${st(`limits.${key}`)}</label>
      <input
        id=${id}
        type="text"
        autocomplete="off"
        spellcheck="false"
        maxlength=${HOST_TOKEN_TEXT_MAX}
        aria-describedby="limit-text-help ${here.length ? `${id}-problems` : ''}"
        .value=${typeof value === 'string' ? value : ''}
        @change=${(e: Event) => {
          const text = (e.target as HTMLInputElement).value.trim();
          edit((d) => withGroupSetting(d, 'hostTokens', key, text || undefined));
        }}
      />
    </p>
    ${problemList(`${id}-problems`, here)}`;
}

function revealRoles(view: LimitsView): TemplateResult {
  const { st, doc, edit, roleName } = view;
  const set = settingsGroup(doc, 'staff').revealRoles;
  const explicit = Array.isArray(set) ? set.filter((r): r is StaffRole => typeof r === 'string') : undefined;
  const shown = explicit ?? DEFAULT_REVEAL_ROLES;
  const here = problemsAt(view.problems, 'settings.staff.revealRoles');
  const toggle = (role: StaffRole, on: boolean) =>
    edit((d) => {
      const current = settingsGroup(d, 'staff').revealRoles;
      const now = Array.isArray(current) ? (current as StaffRole[]) : [...DEFAULT_REVEAL_ROLES];
      // In the order roles are listed everywhere, so the diff shows a change only when the set changes.
      const next = STAFF_ROLES.filter((r) => (r === role ? on : now.includes(r)));
      return withGroupSetting(d, 'staff', 'revealRoles', next);
    });
  return html`<fieldset
      class="reveal-roles"
      aria-describedby="limit-reveal-help ${here.length ? 'limit-reveal-problems' : ''}"
    >
      <legend>${st('limits.revealRoles')}</legend>
      ${STAFF_ROLES.map(
        (role) => html`<label class="choice">
          <input
            type="checkbox"
            name="reveal-${role}"
            .checked=${shown.includes(role)}
            @change=${(e: Event) => toggle(role, (e.target as HTMLInputElement).checked)}
          />
          ${roleName(role)}
        </label>`,
      )}
      <p class="help" id="limit-reveal-help">
        ${st(explicit ? 'limits.revealSet' : 'limits.revealDefault', {
          roles: DEFAULT_REVEAL_ROLES.map((r) => roleName(r)).join(', '),
        })}
      </p>
      ${
        explicit
          ? html`<button type="button" @click=${() => edit((d) => withGroupSetting(d, 'staff', 'revealRoles', undefined))}>
            ${st('limits.revealReset')}
          </button>`
          : nothing
      }
    </fieldset>
    ${problemList('limit-reveal-problems', here)}`;
}

export function limitsSection(view: LimitsView): TemplateResult {
  const { st, i18n } = view;
  const rateKeys = RATE_LIMITS.map((s) => s.key);
  const hostKeys = [HOST_TOKEN_LIFETIME.key, 'audience', 'issuer'];
  const staffKeys = ['revealRoles', ...STAFF_NUMBERS.map((s) => s.key)];
  return html`<section aria-labelledby="limits-title">
    <h2 id="limits-title">${st('limits.title')}</h2>
    <p class="help">${st('limits.help')}</p>
    <fieldset aria-describedby="limits-rate-help">
      <legend>${st('limits.rate')}</legend>
      <p class="help" id="limits-rate-help">${st('limits.rateHelp')}</p>
      ${RATE_LIMITS.map((s) => numberInput(view, 'rateLimits', s))}
      ${problemList('limits-rate-problems', leftOver(view, 'rateLimits', rateKeys))}
    </fieldset>
    <fieldset aria-describedby="limits-host-help">
      <legend>${st('limits.hostTokens')}</legend>
      <p class="help" id="limits-host-help">${st('limits.hostTokensHelp')}</p>
      ${numberInput(view, 'hostTokens', HOST_TOKEN_LIFETIME)} ${textInput(view, 'audience')}
      ${textInput(view, 'issuer')}
      <p class="help" id="limit-text-help">${st('limits.textHelp', { max: i18n.number(HOST_TOKEN_TEXT_MAX) })}</p>
      ${problemList('limits-host-problems', leftOver(view, 'hostTokens', hostKeys))}
    </fieldset>
    <fieldset>
      <legend>${st('limits.staff')}</legend>
      ${revealRoles(view)} ${STAFF_NUMBERS.map((s) => numberInput(view, 'staff', s))}
      ${problemList('limits-staff-problems', leftOver(view, 'staff', staffKeys))}
    </fieldset>
  </section>`;
}
