/**
 * The rows of the staff pages read over and over, kept while the site's
 * submissions stand still.
 *
 * Every open console reads the queue's first page again on each change the
 * staff stream announces, and a team reads the same few pages (the same
 * filter, the same search) many times between two changes. Reading them
 * costs the database far more than the answer costs to send. So the queue
 * and search keep what a page read found, per site and page (filters,
 * order, cursor, limit), with the site's submission revision read *before*
 * it (migration 017: the database moves it with every committed change to
 * a submission or its search index, from any writer). A later read of the
 * same page reads the revision first again: unchanged, the kept rows are
 * what the database would give now; moved, the page is read again. The
 * revision is read in the round that also commits the reads' audit entries
 * (./read-rounds.ts), so a kept page costs no round trip of its own.
 *
 * Reading the revision first makes a race harmless: a change committed
 * between that read and the page's own gives rows newer than their
 * revision, which are never served again, as the revision has moved.
 *
 * What is kept is what the database gave, not the answer: each read still
 * counts deadlines at its own `now`, checks the asker, and writes its own
 * audit entry. A page whose rows depend on the time itself says so: it is
 * not kept (the queue's "due soon"), or kept for later reads only (a full
 * page of the queue's "overdue": a row falling overdue after it was read
 * sorts after all of its rows).
 * Each site's Site object is its own key, so a published configuration
 * starts with nothing kept.
 */
import type { AppDeps } from '../context';
import type { Site } from '../registry';
import { revisionInRound } from './read-rounds';

/** Rows (or results) kept per site, all pages together; past this the least recently used pages go. */
const MAX_ROWS_PER_SITE = 5000;

/** Whether a page's rows may be served again: never, at any time, or only to reads at or after its own `now`. */
export type Keeping = 'never' | 'always' | 'later';

interface Kept<T> {
  revision: string | null;
  value: T;
  keeping: Keeping;
  readAt: number;
  rows: number;
}

/** One site's kept pages, least recently used first, and how many rows they hold. */
interface SitePages<T> {
  pages: Map<string, Kept<T>>;
  rows: number;
}

/** One kind of page (the queue's, search's), kept per site. */
export class PageMemo<T> {
  private readonly bySite = new WeakMap<Site, SitePages<T>>();

  /** `rowsOf` says how many rows (or results) a page holds: what the per-site bound counts. */
  constructor(private readonly rowsOf: (value: T) => number) {}

  /**
   * The page `key` of `site` at `now`: kept rows if the revision has not
   * moved since they were read (and their keeping allows `now`), else
   * `read()`'s, kept as `keeping` says: at once, or once the rows are
   * read. A page never kept is read straight away, with no revision read.
   */
  async read(
    { db, keepStaffPages }: Pick<AppDeps, 'db' | 'keepStaffPages'>,
    site: Site,
    key: string,
    now: Date,
    read: () => Promise<T>,
    keeping: Keeping | ((value: T) => Keeping) = 'always',
  ): Promise<T> {
    if (!keepStaffPages || keeping === 'never') return read();
    const revision = await revisionInRound(db, site.id);
    let kept = this.bySite.get(site);
    const page = kept?.pages.get(key);
    if (page && page.revision === revision && (page.keeping === 'always' || now.getTime() >= page.readAt)) {
      kept!.pages.delete(key);
      kept!.pages.set(key, page);
      return page.value;
    }
    const value = await read();
    const keep = typeof keeping === 'function' ? keeping(value) : keeping;
    if (keep === 'never') return value;
    if (!kept) this.bySite.set(site, (kept = { pages: new Map(), rows: 0 }));
    this.drop(kept, key);
    const rows = this.rowsOf(value);
    kept.pages.set(key, { revision, value, keeping: keep, readAt: now.getTime(), rows });
    kept.rows += rows;
    for (const oldest of kept.pages.keys()) {
      if (kept.rows <= MAX_ROWS_PER_SITE || oldest === key) break;
      this.drop(kept, oldest);
    }
    return value;
  }

  private drop(kept: SitePages<T>, key: string): void {
    const page = kept.pages.get(key);
    if (!page) return;
    kept.pages.delete(key);
    kept.rows -= page.rows;
  }
}
