/**
 * The studio's Webhook and tokens section: the webhook's address (in the
 * document, published like the rest), a test event sent now (the host's
 * status and the time), the secrets (host token, staff token, webhook)
 * rotated with an overlap during which the replaced one is still accepted,
 * and the static tokens for automation (issued, revoked). A new secret or
 * token is shown once, in the answer that made it: it is kept in this
 * element alone, never on the device, so a reload shows it no more.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  OVERLAP_MAX_DAYS,
  SECRET_KINDS,
  type AutomationToken,
  type IssuedToken,
  type RotatedSecret,
  type SecretKind,
  type SecretStatus,
  type WebhookTestResult,
} from '../../src/contract/staff-config-secrets';
import { STAFF_ROLES, type StaffRole } from '../../src/contract/staff';
import type { StaffSecretsApi } from '../../src/client/staff/staff-secrets-api';
import type { Translator } from '../../src/i18n/index';
import { shownName } from '../shared/shown-name';
import { webhookUrlOf, withWebhookUrl } from './studio-public-config';
import { formValue, problemList, problemsAt, type StudioView } from './studio-view';

export interface SecretsView extends StudioView {
  i18n: Translator;
  secretsApi: StaffSecretsApi | undefined;
  /** a staff role as the back office names it in the person's language */
  roleName(role: StaffRole): string;
}

export function secretsSection(view: SecretsView): TemplateResult {
  return html`<section aria-labelledby="secrets-title">
    <h2 id="secrets-title">${view.st('secrets.title')}</h2>
    <uc-studio-secrets .view=${view}></uc-studio-secrets>
  </section>`;
}

/** A date input's day as the instant its end, in this browser's time zone. */
const endOfDay = (day: string) => (day ? new Date(`${day}T23:59:59`).toISOString() : undefined);
const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Drawn in the studio's own shadow root (no shadow of its own), so the studio's styles and ids apply. */
@customElement('uc-studio-secrets')
export class UcStudioSecrets extends LitElement {
  @property({ attribute: false }) accessor view: SecretsView | undefined;
  @state() private accessor secrets: readonly SecretStatus[] = [];
  @state() private accessor tokens: readonly AutomationToken[] = [];
  @state() private accessor rotated: RotatedSecret | undefined;
  @state() private accessor issued: IssuedToken | undefined;
  @state() private accessor tested: WebhookTestResult | undefined;
  @state() private accessor failure = '';
  @state() private accessor copied = false;
  @state() private accessor busy = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.act(() => this.refresh());
  }

  private async refresh(): Promise<void> {
    const api = this.view?.secretsApi;
    if (!api) return;
    const [secrets, tokens] = await Promise.all([api.secrets(), api.tokens()]);
    this.secrets = secrets.secrets;
    this.tokens = tokens.items;
  }

  /** One call to the server at a time; its failure is said in the section. */
  private async act(work: (api: StaffSecretsApi) => Promise<void>): Promise<void> {
    const api = this.view?.secretsApi;
    if (!api || this.busy) return;
    this.busy = true;
    this.failure = '';
    try {
      await work(api);
    } catch (error) {
      this.failure = this.view?.st('studio.failed', { message: (error as Error).message }) ?? '';
    } finally {
      this.busy = false;
    }
  }

  private readonly copy = (text: string) => {
    void navigator.clipboard.writeText(text).then(
      () => (this.copied = true),
      () => (this.failure = this.view?.st('secrets.copyFailed') ?? ''),
    );
  };

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    if (!view) return nothing;
    const { st, doc, problems, edit } = view;
    const urlProblems = problemsAt(problems, 'settings.webhook');
    const result = this.tested;
    return html`${this.failure ? html`<p role="alert">${this.failure}</p>` : nothing}
      <fieldset>
        <legend>${st('webhook.title')}</legend>
        <p class="row">
          <label for="webhook-url">${st('webhook.url')}</label>
          <input
            id="webhook-url"
            type="url"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="webhook-help ${urlProblems.length ? 'webhook-problems' : ''}"
            .value=${webhookUrlOf(doc)}
            @change=${(e: Event) => edit((d) => withWebhookUrl(d, (e.target as HTMLInputElement).value.trim()))}
          />
          <span class="help" id="webhook-help">${st('webhook.urlHelp')}</span>
        </p>
        ${problemList('webhook-problems', urlProblems)}
        <p class="row">
          <button
            type="button"
            ?disabled=${this.busy}
            @click=${() =>
              this.act(async (api) => {
                this.tested = undefined;
                this.tested = await api.testWebhook(webhookUrlOf(this.view?.doc ?? {}) || undefined);
              })}
          >
            ${st('webhook.test')}
          </button>
          <span role="status" class="tested"
            >${
              result
                ? 'status' in result
                  ? st('webhook.answered', { status: result.status, ms: Math.round(result.ms) })
                  : st('webhook.unanswered', { error: result.error, ms: Math.round(result.ms) })
                : ''
            }</span
          >
        </p>
      </fieldset>
      ${this.renderSecrets(view)} ${this.renderTokens(view)}`;
  }

  private renderShownOnce(label: string, value: string, dismiss: () => void): TemplateResult {
    const st = this.view!.st;
    return html`<div class="once" role="alert">
      <p><strong>${label}</strong></p>
      <p><code class="secret">${value}</code></p>
      <p>${st('secrets.shownOnce')}</p>
      <p class="row">
        <button type="button" @click=${() => this.copy(value)}>${st('secrets.copy')}</button>
        <span role="status">${this.copied ? st('secrets.copied') : ''}</span>
        <button type="button" @click=${dismiss}>${st('secrets.dismiss')}</button>
      </p>
    </div>`;
  }

  private renderSecrets(view: SecretsView): TemplateResult {
    const { st, i18n } = view;
    const rotate = (kind: SecretKind, event: SubmitEvent) => {
      event.preventDefault();
      const overlap = endOfDay(formValue(event.target as HTMLFormElement, 'overlap'));
      void this.act(async (api) => {
        this.rotated = undefined;
        this.copied = false;
        this.rotated = await api.rotate(kind, overlap);
        await this.refresh();
      });
    };
    return html`<fieldset>
      <legend>${st('secrets.secrets')}</legend>
      ${
        this.rotated
          ? this.renderShownOnce(
              st('secrets.new', { kind: st(`secrets.kind.${this.rotated.kind}`) }),
              this.rotated.secret,
              () => {
                this.rotated = undefined;
              },
            )
          : nothing
      }
      <ul class="secrets">
        ${SECRET_KINDS.map((kind) => {
          const status = this.secrets.find((s) => s.kind === kind);
          const name = st(`secrets.kind.${kind}`);
          return html`<li data-kind=${kind}>
            <strong>${name}</strong>:
            ${
              status?.set && status.createdAt
                ? st('secrets.current', {
                    when: i18n.dateTime(status.createdAt),
                    name: shownName(status.createdBy ?? ''),
                  })
                : st('secrets.none')
            }
            ${
              status?.older.length
                ? html`<ul>
                  ${status.older.map((o) => html`<li>${st('secrets.older', { until: i18n.dateTime(o.validUntil) })}</li>`)}
                </ul>`
                : nothing
            }
            <form class="row" aria-label=${st('secrets.rotate', { kind: name })} @submit=${(e: SubmitEvent) => rotate(kind, e)}>
              <label for="overlap-${kind}">${st('secrets.overlap')}</label>
              <input
                id="overlap-${kind}"
                name="overlap"
                type="date"
                min=${dayAfter(0)}
                max=${dayAfter(OVERLAP_MAX_DAYS - 1)}
                aria-describedby="overlap-help"
              />
              <button type="submit" ?disabled=${this.busy}>${st('secrets.rotate', { kind: name })}</button>
            </form>
          </li>`;
        })}
      </ul>
      <p class="help" id="overlap-help">${st('secrets.overlapHelp', { days: OVERLAP_MAX_DAYS })}</p>
    </fieldset>`;
  }

  private renderTokens(view: SecretsView): TemplateResult {
    const { st, i18n } = view;
    const issue = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const name = formValue(form, 'name');
      const roles = STAFF_ROLES.filter((r) => (form.elements.namedItem(`role-${r}`) as HTMLInputElement).checked);
      if (!name || !roles.length) {
        this.failure = st('tokens.incomplete');
        return;
      }
      void this.act(async (api) => {
        this.issued = undefined;
        this.copied = false;
        this.issued = await api.issue({ name, roles: roles as StaffRole[] });
        form.reset();
        await this.refresh();
      });
    };
    return html`<fieldset>
      <legend>${st('tokens.title')}</legend>
      ${
        this.issued
          ? this.renderShownOnce(st('tokens.new', { name: this.issued.name }), this.issued.token, () => {
              this.issued = undefined;
            })
          : nothing
      }
      ${
        this.tokens.length
          ? html`<ul class="tokens">
            ${this.tokens.map(
              (t) => html`<li data-token=${t.name}>
                ${st('tokens.item', {
                  name: t.name,
                  roles: t.roles.map((r) => view.roleName(r)).join(', '),
                  when: i18n.dateTime(t.createdAt),
                  by: shownName(t.createdBy),
                })}
                ${
                  t.revoked
                    ? html`<em>${st('tokens.revoked', { when: t.revokedAt ? i18n.dateTime(t.revokedAt) : '' })}</em>`
                    : html`<button
                      type="button"
                      ?disabled=${this.busy}
                      @click=${() =>
                        this.act(async (api) => {
                          await api.revoke(t.name);
                          await this.refresh();
                        })}
                    >
                      ${st('tokens.revoke', { name: t.name })}
                    </button>`
                }
              </li>`,
            )}
          </ul>`
          : html`<p>${st('tokens.none')}</p>`
      }
      <form class="add" aria-labelledby="token-new-title" @submit=${issue}>
        <p class="legend" id="token-new-title">${st('tokens.issueTitle')}</p>
        <label for="token-name">${st('tokens.name')}</label>
        <input id="token-name" name="name" type="text" maxlength="100" autocomplete="off" spellcheck="false" />
        <fieldset>
          <legend>${st('tokens.roles')}</legend>
          ${STAFF_ROLES.map(
            (r) => html`<label class="choice"><input type="checkbox" name="role-${r}" /> ${view.roleName(r)}</label>`,
          )}
        </fieldset>
        <button type="submit" ?disabled=${this.busy}>${st('tokens.issue')}</button>
      </form>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio-secrets': UcStudioSecrets;
  }
}
