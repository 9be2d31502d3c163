import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Locale } from '../../src/contract/common';
import type { StaffMe } from '../../src/contract/staff';
import type { ConfigDiff, ConfigDraft, ConfigProblem, ConfigVersionSummary } from '../../src/contract/staff-config';
import { StaffConfigApi } from '../../src/client/staff/staff-config-api';
import { StaffSecretsApi } from '../../src/client/staff/staff-secrets-api';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { Translator } from '../../src/i18n/index';
import type { StaffMessageKey } from '../../src/i18n/staff/index';
import { studioMessages } from '../../src/i18n/studio/index';
import { tokens } from '../shared/base.styles';
import { staffTokens } from '../shared/staff.styles';
import { shownName } from '../shared/shown-name';
import { StaffElement, type StaffT } from '../shared/staff-element';
import { conflictView, historyView, problemsView, publishView } from './publish-views';
import { sectionsNav, sectionsView, type SectionsView } from './studio-sections';
import { readDeviceCopy, writeDeviceCopy } from './studio-device-copy';
import { mineOverTheirs } from './document-merge';
import { formsOf, publicConfigOf, settingsOf, type StudioDocument } from './studio-document';
import { consentOf } from './consent-document';
import type { StudioT } from './studio-view';
import { studioStyles } from './uc-studio.styles';
import './uc-studio-preview';

/** How long edits settle before the draft is checked by the server again. */
const CHECK_AFTER_MS = 400;

/**
 * The studio: a site's configuration edited by its administrators in the
 * back office, every part of it in a section of its own (studio-sections.ts:
 * the site and its working hours and calendar, forms, deadlines, texts,
 * look, consent, points, webhook and tokens, access and limits, the
 * snippet), beside a live preview of the real form. Every edit is kept on
 * the device at once (nothing is lost on a reload) and checked by the
 * server (`POST /v1/staff/config/validate`), each problem shown beside what
 * it concerns and in a list, lint's warnings apart from what blocks. The
 * draft is saved to the server on the revision it was based on: when
 * another admin saved first, where the two differ is shown side by side,
 * and "keep mine" merges both (document-merge.ts). Publishing shows what
 * changes from the published version first and takes a note; the history
 * rolls back to any earlier version.
 *
 * Only for a person with the `configure` permission (admins); anyone else
 * is told so, and the server refuses them anyway.
 *
 * @summary The site's configuration: edit, preview, publish, roll back.
 *
 * @event uc-auth-required - The staff sign-in expired or was refused: sign the staff member in again.
 *
 * @csspart base - The frame around everything.
 * @csspart notice - Sign-in notices and the refusal for non-administrators.
 */
@customElement('uc-studio')
export class UcStudio extends StaffElement {
  static override styles = [tokens, staffTokens, studioStyles];

  @state() private accessor st: StudioT | undefined;
  @state() private accessor phase: 'loading' | 'ready' | { failed: string } = 'loading';
  @state() private accessor doc: StudioDocument = {};
  @state() private accessor draft: ConfigDraft | undefined;
  @state() private accessor published: StudioDocument | undefined;
  @state() private accessor problems: readonly ConfigProblem[] = [];
  /** lint's warnings: shown apart, never blocking */
  @state() private accessor warnings: readonly ConfigProblem[] = [];
  @state() private accessor checking = false;
  @state() private accessor unsaved = false;
  @state() private accessor kept = true;
  @state() private accessor conflict: ConfigDraft | undefined;
  @state() private accessor diff: ConfigDiff | undefined;
  @state() private accessor versions: readonly ConfigVersionSummary[] = [];
  @state() private accessor status = '';
  @state() private accessor refusals: Record<string, string> = {};
  @state() private accessor rollbackNoteMissing = false;
  @state() private accessor busy = false;

  /** The server draft's revision the document is based on, and what that revision held. */
  private revision = 0;
  private base: StudioDocument = {};
  private api: StaffConfigApi | undefined;
  private secretsApi: StaffSecretsApi | undefined;
  private checkTimer: ReturnType<typeof setTimeout> | undefined;
  private ticket = 0;

  protected override loadMessages(locale: Locale): Promise<StaffT> {
    void studioMessages(locale).then((st) => (this.st = st));
    return super.loadMessages(locale);
  }

  protected begin(staff: StaffRuntime, me: StaffMe, ticket: number): void {
    this.phase = 'loading';
    this.conflict = undefined;
    this.diff = undefined;
    this.status = '';
    this.ticket = ticket;
    if (!me.permissions.includes('configure')) return;
    this.api = new StaffConfigApi(staff);
    this.secretsApi = new StaffSecretsApi(staff);
    this.sessions.add(() => clearTimeout(this.checkTimer));
    void this.load();
  }

  private get principal(): string {
    return this.me?.principal ?? '';
  }

  private keepOnDevice(): void {
    const staff = this.staff;
    if (!staff) return;
    this.kept = writeDeviceCopy(staff.endpoint, staff.site, this.principal, {
      document: this.doc,
      revision: this.revision,
      base: this.base,
      unsaved: this.unsaved,
    });
  }

  /** The server's draft, history and published version; a copy on the device not yet saved wins over the draft. */
  private async load(): Promise<void> {
    const api = this.api;
    const staff = this.staff;
    const ticket = this.ticket;
    if (!api || !staff) return;
    try {
      const [draft, list] = await Promise.all([api.draft(), api.versions()]);
      const published = await api.version(draft.publishedVersion);
      if (!this.sessions.current(ticket)) return;
      const copy = readDeviceCopy(staff.endpoint, staff.site, this.principal);
      this.draft = draft;
      this.published = published.document;
      this.versions = list.items;
      if (copy?.unsaved) {
        this.doc = copy.document;
        this.base = copy.base;
        this.revision = copy.revision;
        this.unsaved = true;
        this.check();
      } else {
        this.doc = draft.document as StudioDocument;
        this.base = this.doc;
        this.revision = draft.revision;
        this.unsaved = false;
        this.problems = draft.problems;
        this.warnings = draft.warnings ?? [];
        this.keepOnDevice();
      }
      this.phase = 'ready';
    } catch (error) {
      if (this.sessions.current(ticket)) this.phase = { failed: (error as Error).message };
    }
  }

  private readonly edit = (change: (current: StudioDocument) => StudioDocument) => {
    this.doc = change(this.doc);
    this.unsaved = true;
    this.diff = undefined;
    this.keepOnDevice();
    this.check();
  };

  /** The server checks the document as edited, once the edits settle: its problems are shown by path. */
  private check(): void {
    clearTimeout(this.checkTimer);
    this.checking = true;
    this.checkTimer = setTimeout(() => {
      const doc = this.doc;
      void this.api?.validate(doc).then(
        (answer) => {
          if (this.doc !== doc) return;
          this.problems = answer.problems;
          this.warnings = answer.warnings ?? [];
          this.checking = false;
        },
        (error: Error) => {
          this.checking = false;
          this.status = this.st?.('studio.failed', { message: error.message }) ?? '';
        },
      );
    }, CHECK_AFTER_MS);
  }

  /** Runs one action against the server; its failure is said, and nothing typed is lost (it is on the device). */
  private async act(work: (api: StaffConfigApi) => Promise<void>): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    this.busy = true;
    try {
      await work(api);
    } catch (error) {
      this.status = this.st?.('studio.failed', { message: (error as Error).message }) ?? '';
    } finally {
      this.busy = false;
    }
  }

  private async saveNow(api: StaffConfigApi): Promise<boolean> {
    const doc = this.doc;
    const outcome = await api.saveDraft(doc, this.revision);
    if ('conflict' in outcome) {
      this.conflict = outcome.conflict;
      return false;
    }
    const saved = outcome.saved;
    this.draft = saved;
    this.revision = saved.revision;
    this.base = doc;
    if (this.doc === doc) {
      this.unsaved = false;
      this.problems = saved.problems;
      this.warnings = saved.warnings ?? [];
    }
    this.keepOnDevice();
    this.status = this.st?.('draft.saved', { revision: saved.revision, name: shownName(saved.savedBy) }) ?? '';
    return true;
  }

  private readonly save = () => this.unsaved && this.act(async (api) => void (await this.saveNow(api)));

  /** Keep mine: saved over their draft's revision, with what they added and mine lacks put back. */
  private readonly keepMine = () =>
    this.act(async (api) => {
      const theirs = this.conflict;
      if (!theirs) return;
      this.doc = mineOverTheirs(this.doc, theirs.document as StudioDocument, this.base);
      this.base = theirs.document as StudioDocument;
      this.revision = theirs.revision;
      this.conflict = undefined;
      this.keepOnDevice();
      if (await this.saveNow(api)) this.check();
    });

  private readonly takeTheirs = () => {
    const theirs = this.conflict;
    if (!theirs) return;
    this.doc = theirs.document as StudioDocument;
    this.base = this.doc;
    this.revision = theirs.revision;
    this.draft = theirs;
    this.unsaved = false;
    this.conflict = undefined;
    this.problems = theirs.problems;
    this.warnings = theirs.warnings ?? [];
    this.keepOnDevice();
  };

  /** Publishing starts with the draft saved and what it changes from the published version shown. */
  private readonly review = () =>
    this.act(async (api) => {
      if (this.unsaved && !(await this.saveNow(api))) return;
      this.diff = await api.diff(this.draft?.publishedVersion ?? 1, 'draft');
    });

  private readonly publish = (note: string) =>
    this.act(async (api) => {
      const done = await api.publish(this.revision, note);
      await this.load();
      this.status = this.st?.('publish.done', { version: done.version }) ?? '';
      this.closePublish();
    });

  /** The publish view goes, and the focus that was in it returns to the button that opened it. */
  private readonly closePublish = () => {
    this.diff = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#publish-start')?.focus());
  };

  private readonly rollback = (version: number, note: string) => {
    this.rollbackNoteMissing = !note;
    if (!note) return;
    void this.act(async (api) => {
      const done = await api.rollback(version, note);
      await this.load();
      this.status = this.st?.('history.done', { version: done.version, from: done.rolledBackFrom }) ?? '';
    });
  };

  protected renderReady(t: StaffT, i18n: Translator, _staff: StaffRuntime, me: StaffMe): TemplateResult {
    const st = this.st;
    if (!st) return this.renderBusy();
    const roles = me.roles.map((r) => t(`role.${r}` as StaffMessageKey)).join(', ');
    return html`<div part="base">
      <header>
        <h1>${st('studio.title')}</h1>
        <p class="who">${t('console.signedInAs', { name: shownName(me.name), roles })}</p>
      </header>
      ${this.expired ? html`<p part="notice" role="alert">${t('console.expired')}</p>` : nothing}
      ${
        this.can('configure')
          ? this.renderStudio(st, i18n, t)
          : html`<p part="notice" role="status">${st('studio.onlyAdmins', { name: shownName(me.name), roles })}</p>`
      }
    </div>`;
  }

  private renderStudio(st: StudioT, i18n: Translator, t: StaffT): TemplateResult {
    const phase = this.phase;
    if (phase === 'loading') return html`<p role="status" aria-busy="true">${st('studio.loading')}</p>`;
    if (typeof phase === 'object')
      return html`<p role="alert">${st('studio.failed', { message: phase.failed })}</p>
        <button type="button" @click=${() => void this.load()}>${st('studio.retry')}</button>`;
    const view: SectionsView = {
      st,
      i18n,
      secretsApi: this.secretsApi,
      staff: this.staff,
      roleName: (role) => t(`role.${role}` as StaffMessageKey),
      doc: this.doc,
      published: this.published,
      problems: this.problems,
      warnings: this.warnings,
      edit: this.edit,
      refusals: this.refusals,
      refuse: (key: string, why: string | undefined) => {
        const { [key]: _, ...rest } = this.refusals;
        this.refusals = why ? { ...rest, [key]: why } : rest;
      },
    };
    return html`<p class="status" role="status">${this.status}</p>
      ${this.conflict ? conflictView(st, i18n, this.doc, this.conflict, this.keepMine, this.takeTheirs) : nothing}
      ${sectionsNav(st)}
      <div class="layout">
        <div class="editor" role="region" aria-label=${st('studio.editor')}>
          ${sectionsView(view)} ${this.renderDraft(st)}
          ${historyView(st, i18n, this.versions, this.rollback, this.rollbackNoteMissing)}
        </div>
        <aside class="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">${st('preview.title')}</h2>
          <uc-studio-preview
            .st=${st}
            .config=${publicConfigOf(this.doc)}
            .consent=${consentOf(this.doc)}
            .points=${settingsOf(this.doc).points}
            .forms=${Object.keys(formsOf(this.doc))}
            .locale=${i18n.locale}
            site=${this.staff?.site ?? 'site'}
          ></uc-studio-preview>
        </aside>
      </div>`;
  }

  private renderDraft(st: StudioT): TemplateResult {
    return html`<section aria-labelledby="publish-title">
      <h2 id="publish-title">${st('publish.title')}</h2>
      ${problemsView(st, this.problems, this.warnings, this.checking)}
      ${this.unsaved ? html`<p>${st('draft.unsaved')}</p>` : nothing}
      ${this.kept ? nothing : html`<p role="alert">${st('draft.notKept')}</p>`}
      <p class="row">
        <!-- aria-disabled, not disabled: a button that saved keeps the focus (a disabled one drops it to the page) -->
        <button type="button" aria-disabled=${this.busy || !this.unsaved} @click=${this.save}>${st('draft.save')}</button>
        <button type="button" id="publish-start" aria-disabled=${this.busy} @click=${this.review}>
          ${st('publish.start')}
        </button>
      </p>
      ${
        this.diff
          ? publishView(st, this.diff, !this.problems.length && !this.checking, this.publish, this.closePublish)
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-studio': UcStudio;
  }
}
