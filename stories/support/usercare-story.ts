/**
 * Story helpers: one <uc-provider> per story (its own site, so drafts and
 * queued items of one story never show up in another) and a clean slate for
 * that site before each story runs. Nothing here imports Storybook, so
 * test/browser/stories-a11y.test.ts can load the stories under
 * @web/test-runner; the play steps are in steps.ts.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Backend } from '../../src/client/backend';
import type { Kind } from '../../src/contract/common';
import { IdbStore } from '../../src/storage/idb-store';
import { draftKey, type Draft } from '../../src/storage/records';

/** The element's public attributes, as story args. */
export interface FeedbackFormArgs {
  form: string;
  kind?: Kind;
}

/** `parameters.usercare` of a story: which site it runs as. */
export interface UsercareParameters {
  site: string;
}

export interface ProviderOptions {
  site: string;
  /** the backend's URL; absent: LocalBackend in IndexedDB */
  endpoint?: string;
  /** a config patch merged last */
  config?: Record<string, unknown>;
  /** a backend object instead of the one the config implies */
  backend?: Backend;
  lang?: 'en' | 'zh-CN';
  /** a dark page around the element (the element's own scheme comes from `config.theme.colorScheme`) */
  dark?: boolean;
}

export function siteOf(parameters: { usercare?: UsercareParameters }): string {
  const site = parameters.usercare?.site;
  if (!site) throw new Error('every story names its own site in parameters.usercare.site');
  return site;
}

export function feedbackFormInProvider(args: FeedbackFormArgs, options: ProviderOptions): TemplateResult {
  const page = options.dark ? 'color-scheme: dark; background: #0d1117; padding: 1rem;' : 'padding: 1rem;';
  return html`<div lang=${options.lang ?? 'en'} style=${page}>
    <uc-provider site=${options.site} endpoint=${options.endpoint ?? nothing} .config=${options.config} .backend=${options.backend}>
      <uc-feedback-form form=${args.form} kind=${args.kind ?? nothing}></uc-feedback-form>
    </uc-provider>
  </div>`;
}

/** Forgets what earlier runs of a story left for its site: queued or refused items and drafts. */
export async function forgetSite(site: string, forms: readonly string[] = ['default']): Promise<void> {
  const store = new IdbStore();
  for (const item of await store.listOutbox()) if (item.site === site) await store.deleteOutbox(item.id);
  for (const form of forms) await store.deleteDraft(draftKey(site, form));
}

/** Writes a draft as an earlier visit would have left it, through the project's own storage code. */
export async function leaveDraft(
  site: string,
  form: string,
  content: Pick<Draft, 'kind' | 'category' | 'fields'>,
): Promise<Draft> {
  const draft: Draft = {
    key: draftKey(site, form),
    site,
    form,
    ...content,
    files: [],
    remember: false,
    updatedAt: Date.now(),
    tab: 'an-earlier-visit',
  };
  await new IdbStore().putDraft(draft);
  return draft;
}
