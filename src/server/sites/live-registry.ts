/**
 * The registry every route reads (`deps.registry`), kept from the database:
 * each site as its published version builds it, with its secrets and
 * automation tokens. Every instance polls `registry_state.revision` (one
 * small read a second) and rebuilds what changed when it moves, so a publish
 * on any instance is served by all of them within seconds, with no restart;
 * the instance that publishes reloads at once.
 *
 * A site's new version that this instance cannot read (a newer format) or
 * that does not resolve (a bug, a hand-edited row) is not served: the last
 * good one stays, and the reason is logged once. A site object never
 * changes; a new version is a new object, so what is cached per object
 * (the public config's body and ETag) follows by itself.
 */
import type { Kysely } from 'kysely';
import type { Log } from '../context';
import type {
  Database,
  SiteAutomationTokensTable,
  SiteSecretsTable,
  SitesTable,
  SiteVersionsTable,
} from '../db/schema';
import type { Selectable } from 'kysely';
import { originAllowed } from '../origins';
import { resolveSite } from '../registry';
import type { Registry, Site, SiteKey } from '../registry';
import type { RegistryProblem } from '../registry-problems';
import { StaffRole } from '../../contract/staff';
import { canonicalJson, joinEntry, readDocument } from './document';
import { slaByVersion } from './version-sla';
import * as z from 'zod/mini';

/** Read here by check.ts, import.ts and store.ts since before it moved to document.ts. */
export { readDocument } from './document';

/** How often each instance looks for a change: well inside the 5 s a publish may take to reach every instance. */
export const REGISTRY_POLL_MS = 1000;

export interface SiteRows {
  site: Selectable<SitesTable>;
  /** every published version, oldest first */
  versions: Array<Selectable<SiteVersionsTable>>;
  secrets: Array<Selectable<SiteSecretsTable>>;
  tokens: Array<Selectable<SiteAutomationTokensTable>>;
}

/** Every site's rows, and the revision they are as of. */
export async function readRegistryRows(
  db: Kysely<Database>,
): Promise<{ revision: number; serverSecret: string; sites: SiteRows[] } | undefined> {
  const state = await db.selectFrom('registry_state').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!state) return undefined;
  const [sites, versions, secrets, tokens] = await Promise.all([
    db.selectFrom('sites').selectAll().orderBy('id').execute(),
    db.selectFrom('site_versions').selectAll().orderBy('site').orderBy('version').execute(),
    db.selectFrom('site_secrets').selectAll().orderBy('created_at').execute(),
    db.selectFrom('site_automation_tokens').selectAll().where('revoked_at', 'is', null).orderBy('name').execute(),
  ]);
  const of = <T extends { site: string }>(rows: T[], id: string) => rows.filter((r) => r.site === id);
  return {
    revision: Number(state.revision),
    serverSecret: state.server_secret,
    sites: sites.map((site) => ({
      site,
      versions: of(versions, site.id),
      secrets: of(secrets, site.id),
      tokens: of(tokens, site.id),
    })),
  };
}

const encode = (text: string) => new TextEncoder().encode(text);

function keysOf(secrets: SiteRows['secrets'], kind: 'host_token' | 'staff_token'): SiteKey[] {
  const current = secrets.filter((s) => s.kind === kind && s.valid_until === null);
  const older = secrets.filter((s) => s.kind === kind && s.valid_until !== null);
  return [
    ...current.slice(-1).map((s) => ({ key: encode(s.secret), untilMs: null })),
    ...older.map((s) => ({ key: encode(s.secret), untilMs: Date.parse(s.valid_until!) })),
  ];
}

const currentSecret = (secrets: SiteRows['secrets'], kind: SiteSecretsTable['kind']) =>
  secrets.filter((s) => s.kind === kind && s.valid_until === null).at(-1)?.secret;

/**
 * Builds the site its rows describe, as of `version` (default: the one
 * published). Throws an Error saying why when it cannot.
 */
export function buildSite(rows: SiteRows, version = Number(rows.site.published_version)): Site {
  const row = rows.versions.find((v) => Number(v.version) === version);
  if (!row) throw new Error(`version ${version} does not exist`);
  const read = readDocument(row);
  if ('problem' in read) throw new Error(read.problem);
  const hostToken = currentSecret(rows.secrets, 'host_token');
  if (hostToken === undefined) throw new Error('the site has no host token secret');
  const entry = joinEntry({
    id: rows.site.id,
    document: read.document,
    secrets: {
      hostToken,
      staffToken: currentSecret(rows.secrets, 'staff_token'),
      webhook: currentSecret(rows.secrets, 'webhook'),
    },
    automationTokens: rows.tokens.map((t) => ({
      name: t.name,
      tokenSha256: t.token_sha256,
      roles: z.array(StaffRole).parse(JSON.parse(t.roles_json)),
    })),
    staffTokensNotBefore: rows.site.staff_tokens_not_before ?? undefined,
  });
  if (read.document.settings?.webhook && entry.settings?.webhook?.secret === '')
    throw new Error('settings.webhook: the site has no webhook secret: rotate one in first');
  const problems: RegistryProblem[] = [];
  const site = resolveSite(entry, 'version', problems);
  if (!site) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  const webhook = site.settings.webhook;
  return {
    ...site,
    version,
    hostTokenKeys: keysOf(rows.secrets, 'host_token'),
    staffTokenKeys: site.staffTokenKey ? keysOf(rows.secrets, 'staff_token') : [],
    settings: {
      ...site.settings,
      webhook: webhook && {
        ...webhook,
        olderSecrets: rows.secrets
          .filter((s) => s.kind === 'webhook' && s.valid_until !== null)
          .map((s) => ({ secret: s.secret, untilMs: Date.parse(s.valid_until!) })),
      },
    },
    slaOf: slaByVersion(rows.versions, version, site.sla),
  };
}

/** What a site's object is built from: when it is the same, the object is kept. */
function fingerprintOf(rows: SiteRows): string {
  return canonicalJson({
    published: rows.site.published_version,
    versions: rows.versions.length,
    notBefore: rows.site.staff_tokens_not_before,
    secrets: rows.secrets.map((s) => [s.id, s.valid_until]),
    tokens: rows.tokens.map((t) => [t.name, t.token_sha256, t.roles_json]),
  });
}

export class LiveRegistry implements Registry {
  /** Where it is kept, for messages that name a registry by its place. */
  readonly file = 'in the database';
  serverSecret: Uint8Array = new Uint8Array();
  private byId = new Map<string, Site>();
  private list: Site[] = [];
  private fingerprints = new Map<string, string>();
  /** per site, the fingerprint whose failure was logged: each failure is said once */
  private reported = new Map<string, string>();
  private revision = -1;
  private running: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: Log,
  ) {}

  get sites(): readonly Site[] {
    return this.list;
  }

  getSite(id: string): Site | undefined {
    return this.byId.get(id);
  }

  isKnownOrigin(origin: string): boolean {
    return this.list.some((s) => originAllowed(s.allowedOrigins, origin));
  }

  /** Reloads what changed since the last look; `force` reloads even when the revision has not moved. */
  refresh(force = false): Promise<void> {
    // One look at a time; a look asked for while one runs waits for it, then looks again.
    const previous = this.running ?? Promise.resolve();
    const next = previous.then(() => this.look(force));
    this.running = next.finally(() => {
      if (this.running === next) this.running = undefined;
    });
    return next;
  }

  /** Looks every `intervalMs` until stop(); a failed look is logged and tried again next time. */
  start(intervalMs = REGISTRY_POLL_MS): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: unknown) =>
        this.log('warn', 'could not read the site registry; serving the sites as they were', {
          error: (error as Error).message,
        }),
      );
    }, intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  private async look(force: boolean): Promise<void> {
    if (!force && this.revision >= 0) {
      const state = await this.db
        .selectFrom('registry_state')
        .select('revision')
        .where('id', '=', 1)
        .executeTakeFirst();
      if (state && Number(state.revision) === this.revision) return;
    }
    const rows = await readRegistryRows(this.db);
    if (!rows) return;
    this.serverSecret = encode(rows.serverSecret);
    const byId = new Map<string, Site>();
    for (const siteRows of rows.sites) {
      const id = siteRows.site.id;
      const fingerprint = fingerprintOf(siteRows);
      const kept = this.byId.get(id);
      if (kept && this.fingerprints.get(id) === fingerprint) {
        byId.set(id, kept);
        continue;
      }
      const site = this.build(siteRows, fingerprint, kept);
      if (site) byId.set(id, site);
    }
    this.byId = byId;
    // A new list each time: what is kept per list (staff credentials worked out, staff/identity.ts) is worked out again.
    this.list = [...byId.values()];
    this.revision = rows.revision;
  }

  /** The site as published; else the last good one (or, at start, the newest version that reads), logging why once. */
  private build(rows: SiteRows, fingerprint: string, lastGood: Site | undefined): Site | undefined {
    const id = rows.site.id;
    try {
      const site = buildSite(rows);
      this.fingerprints.set(id, fingerprint);
      this.reported.delete(id);
      return site;
    } catch (error) {
      let fallback = lastGood;
      for (const row of [...rows.versions].reverse()) {
        if (fallback) break;
        try {
          fallback = buildSite(rows, Number(row.version));
        } catch {
          // an older one, then
        }
      }
      if (this.reported.get(id) !== fingerprint) {
        this.reported.set(id, fingerprint);
        this.log(
          'error',
          `site "${id}": cannot serve version ${rows.site.published_version}: ${(error as Error).message}; ` +
            (fallback ? `serving version ${fallback.version}, the last good one` : 'the site is not served'),
        );
      }
      return fallback;
    }
  }
}
