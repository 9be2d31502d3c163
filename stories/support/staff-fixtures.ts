/**
 * A staff runtime for stories of operator elements used alone: a person
 * signed in, the staff catalogs and a search server in memory that answers
 * as GET /v1/staff/search does (segments marked, pages by cursor). It is
 * provided under the staff context by `<uc-story-staff>`, as the
 * back-office loader provides the real one for the page.
 */
import { ContextProvider } from '@lit/context';
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { StaffMe } from '../../src/contract/staff';
import type { SearchPage, SearchResult } from '../../src/contract/staff-search';
import { BackendError } from '../../src/client/errors';
import { staffContext } from '../../src/client/staff/staff-context';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import { createTranslator, loadCatalog } from '../../src/i18n/index';

export const STORY_STAFF_ME: StaffMe = {
  site: 'story',
  principal: 'staff:person:story-agent',
  kind: 'person',
  name: '小王',
  roles: ['agent'],
  permissions: ['work', 'note', 'assign', 'categorise', 'reveal', 'moderate'],
  expiresAt: '2099-01-01T00:00:00.000Z',
  intake: { maxAgeDays: 7, clockSkewSeconds: 120 },
};

const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(Date.UTC(2026, 11, 4, 8) - hoursAgo * HOUR).toISOString();

/** What the story's search server holds, each text with what a search for `退款` or `refund` marks in it. */
export const STORY_RESULTS: SearchResult[] = [
  {
    id: 'c-refund-refused',
    kind: 'complaint',
    status: 'investigating',
    trackingNumber: 'UC20261204-7KQ2MX',
    category: 'transactions',
    channel: 'web',
    receivedAt: at(30),
    nextDue: at(-6),
    contact: '138****0042',
    snippet: [
      { text: '我申请', mark: false },
      { text: '退款', mark: true },
      { text: '被拒，客服说已经超过了七天，可是包裹是第五天才送到的。', mark: false },
    ],
  },
  {
    id: 'c-refund-late',
    kind: 'complaint',
    status: 'submitted',
    trackingNumber: 'UC20261204-3HZT9A',
    category: 'transactions',
    channel: 'hotline',
    receivedAt: at(4),
    nextDue: at(-20),
    contact: 'w***@example.com',
    snippet: [
      { text: '电话投诉：', mark: false },
      { text: '退款', mark: true },
      { text: '十天还没到账。<script>alert(1)</script> 用户说得很着急。', mark: false },
    ],
  },
  {
    id: 'f-refund-idea',
    kind: 'suggestion',
    status: 'submitted',
    trackingNumber: 'UC20261203-Q8WE2R',
    category: 'interaction',
    channel: 'web',
    receivedAt: at(50),
    nextDue: null,
    contact: null,
    snippet: [
      { text: '建议在', mark: false },
      { text: '退款', mark: true },
      { text: '页面写明到账时间', mark: false },
    ],
  },
  {
    id: 'c-refund-en',
    kind: 'complaint',
    status: 'replied',
    trackingNumber: 'UC20261202-MP4X7C',
    category: 'transactions',
    channel: 'mailbox',
    receivedAt: at(70),
    nextDue: at(-30),
    contact: 'p***@example.org',
    snippet: [
      { text: 'The ', mark: false },
      { text: 'refund', mark: true },
      { text: ' was denied twice and nobody answers my e-mails.', mark: false },
    ],
  },
];

/** How the story's server answers a search. */
export interface StorySearchOptions {
  /** results per page (the story of "more" uses a small one) */
  page?: number;
  /** every search fails like this */
  failure?: BackendError;
}

/** An in-memory GET /v1/staff/search: a text query finds the results whose marked words it names. */
export function storySearch(options: StorySearchOptions = {}) {
  const size = options.page ?? 20;
  return async (params: { q: string; cursor?: string }): Promise<SearchPage> => {
    if (options.failure) throw options.failure;
    const words = params.q.toLowerCase().split(/\s+/).filter(Boolean);
    const found = STORY_RESULTS.filter((r) =>
      words.every((w) => r.snippet.some((s) => s.mark && s.text.toLowerCase() === w)),
    );
    const from = params.cursor ? Number(params.cursor) : 0;
    const items = found.slice(from, from + size);
    return { mode: 'text', items, nextCursor: from + size < found.length ? String(from + size) : null };
  };
}

/** The parts of a staff runtime an element used alone reads, the rest left out. */
export function storyStaffRuntime(search: ReturnType<typeof storySearch>): StaffRuntime {
  const runtime = {
    endpoint: 'https://story.invalid',
    site: 'story',
    tab: 'story-tab',
    api: { search: (params: { q: string; cursor?: string }) => search(params) },
    identity: {
      me: STORY_STAFF_ME,
      expired: false,
      refusal: undefined,
      onChange: () => () => {},
      expire: () => {},
    },
    listen: () => () => {},
    follow: () => () => {},
    config: () => Promise.resolve(undefined),
    translator: (locale: 'en' | 'zh-CN') => loadCatalog(locale).then((catalog) => createTranslator(locale, catalog)),
    signOut: () => Promise.resolve(),
  };
  return runtime as unknown as StaffRuntime;
}

/** Provides `runtime` to the operator elements inside it, as the back-office loader does for the page. */
@customElement('uc-story-staff')
export class UcStoryStaff extends LitElement {
  @property({ attribute: false }) accessor runtime: StaffRuntime | undefined;
  private readonly provider = new ContextProvider(this, { context: staffContext, initialValue: { status: 'loading' } });

  protected override willUpdate(): void {
    if (this.runtime) this.provider.setValue({ status: 'ready', runtime: this.runtime });
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'uc-story-staff': UcStoryStaff;
  }
}
