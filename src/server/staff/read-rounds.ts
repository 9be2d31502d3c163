/**
 * What staff reads need from the database besides their own rows, gathered
 * into rounds: the audit entry every read writes (audit.ts; a write's
 * entry goes in the write's own transaction instead), and the submission
 * revision a kept page is checked against (page-memo.ts).
 *
 * One INSERT per entry and one SELECT per check made each read pay its own
 * round trips: on SQLite the WAL frames of the log and its four indexes per
 * commit, on PostgreSQL a round trip each (the socket writes alone were a
 * tenth of the server's CPU) and a WAL flush per commit. Instead what comes
 * in while the server is busy goes in one round:
 *
 * - the first request schedules a round after the I/O callbacks now being
 *   run (setImmediate), so the requests that arrived with it join;
 * - at most two rounds are on their way at once (one alone made the
 *   checks wait behind each audit commit): new requests wait for the next,
 *   so a busy server sends bigger rounds rather than more of them;
 * - a round is one multi-row INSERT of the entries (one commit) and one
 *   SELECT of the revisions; on PostgreSQL one statement (the INSERT in a
 *   WITH, which PostgreSQL runs whether or not the query reads it).
 *
 * What a caller gets is unchanged. An entry's promise settles only once the
 * INSERT holding it has committed, so a read's answer still leaves only
 * after its entry is durable (as durable as the database makes any
 * commit), and a failure fails the read. A revision is read by a round sent
 * after it was asked for, so it sees every change committed before. If a
 * round fails, its revisions are read again alone and its entries written
 * one by one, so one entry the database refuses fails its own read only.
 */
import type { Insertable } from 'kysely';
import type { DbExecutor } from '../blobs';
import { dialectOf } from '../db/open';
import type { AuditLogTable } from '../db/schema';

export type NewAuditEntry = Insertable<AuditLogTable>;

/** Rounds on their way at once, at most. */
const MAX_IN_FLIGHT = 2;

/** Entries in one INSERT at most: 8 columns each stays far under either database's bound parameters. */
const MAX_ENTRIES = 500;

interface Waiting<T> {
  done: (value: T) => void;
  fail: (error: unknown) => void;
}

/** Writes `entries` and reads the revisions of `sites` (a site never changed since migration 017: absent). */
async function runRound(db: DbExecutor, entries: NewAuditEntry[], sites: string[]): Promise<Map<string, string>> {
  const revisions = (rows: ReadonlyArray<{ site: string; revision: number | string }>) =>
    new Map(rows.map((row) => [row.site, String(row.revision)]));
  if (entries.length && sites.length && dialectOf(db) === 'postgres')
    return revisions(
      await db
        .with('written', (q) => q.insertInto('audit_log').values(entries).returning('id'))
        .selectFrom('submission_revisions')
        .select(['site', 'revision'])
        .where('site', 'in', sites)
        .execute(),
    );
  if (entries.length) await db.insertInto('audit_log').values(entries).execute();
  if (!sites.length) return new Map();
  return revisions(
    await db.selectFrom('submission_revisions').select(['site', 'revision']).where('site', 'in', sites).execute(),
  );
}

class ReadRounds {
  private entries: Array<Waiting<void> & { entry: NewAuditEntry }> = [];
  private sites = new Map<string, Array<Waiting<string | null>>>();
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly db: DbExecutor) {}

  commit(entry: NewAuditEntry): Promise<void> {
    return new Promise<void>((done, fail) => {
      this.entries.push({ entry, done, fail });
      this.schedule();
    });
  }

  revision(site: string): Promise<string | null> {
    return new Promise<string | null>((done, fail) => {
      let waiting = this.sites.get(site);
      if (!waiting) this.sites.set(site, (waiting = []));
      waiting.push({ done, fail });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT) return;
    if (!this.entries.length && !this.sites.size) return;
    this.scheduled = true;
    setImmediate(() => void this.send());
  }

  private async send(): Promise<void> {
    this.scheduled = false;
    const entries = this.entries.splice(0, MAX_ENTRIES);
    const sites = this.sites;
    this.sites = new Map();
    if (!entries.length && !sites.size) return;
    this.inFlight += 1;
    try {
      const revisions = await runRound(
        this.db,
        entries.map((w) => w.entry),
        [...sites.keys()],
      );
      for (const w of entries) w.done();
      settle(sites, revisions);
    } catch {
      await this.alone(entries, sites);
    } finally {
      this.inFlight -= 1;
      this.schedule();
    }
  }

  private async alone(
    entries: Array<Waiting<void> & { entry: NewAuditEntry }>,
    sites: Map<string, Array<Waiting<string | null>>>,
  ): Promise<void> {
    if (sites.size)
      try {
        settle(sites, await runRound(this.db, [], [...sites.keys()]));
      } catch (error) {
        for (const waiting of sites.values()) for (const w of waiting) w.fail(error);
      }
    for (const w of entries)
      try {
        await runRound(this.db, [w.entry], []);
        w.done();
      } catch (error) {
        w.fail(error);
      }
  }
}

function settle(sites: Map<string, Array<Waiting<string | null>>>, revisions: Map<string, string>): void {
  for (const [site, waiting] of sites) for (const w of waiting) w.done(revisions.get(site) ?? null);
}

/** The rounds of each database the server has open (a Kysely instance, never a transaction). */
const roundsByDb = new WeakMap<object, ReadRounds>();

function roundsOf(db: DbExecutor): ReadRounds {
  let rounds = roundsByDb.get(db);
  if (!rounds) roundsByDb.set(db, (rounds = new ReadRounds(db)));
  return rounds;
}

/** Settles once `entry` is committed, in the next round, or with the error its write ended in. */
export function commitInRound(db: DbExecutor, entry: NewAuditEntry): Promise<void> {
  return roundsOf(db).commit(entry);
}

/** The site's submission revision as the database has it now (null: never moved), read in the next round. */
export function revisionInRound(db: DbExecutor, site: string): Promise<string | null> {
  return roundsOf(db).revision(site);
}
