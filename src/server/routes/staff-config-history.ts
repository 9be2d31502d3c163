/**
 * The history of a site's configuration, for admins (the `configure`
 * permission, as the rest of the admin API in staff-config.ts):
 *
 * - GET /v1/staff/config/versions?site=… — every version, newest first:
 *   who published it, when, the note, what it rolled back from, and which
 *   one is served.
 * - GET /v1/staff/config/versions/{version}?site=… — one version's
 *   document (a 422 with the reason when this release cannot read it).
 * - GET /v1/staff/config/diff?site=…&from=…&to=… — what changes between
 *   any two of the draft and the versions (`draft` or a version number;
 *   `from` is the version served and `to` the draft when left out: what
 *   publishing would change).
 *
 * Not audited, as the other reads of the configuration: it is the site's
 * own, no one's personal data, and never holds a secret.
 */
import type { Context } from 'hono';
import type { ConfigDiff, ConfigSide, ConfigVersion, ConfigVersionList } from '../../contract/staff-config';
import type { AppDeps } from '../context';
import { badQuery } from '../query';
import { diffDocuments } from '../../config/document-diff';
import { listVersions, readDraft, readVersion } from '../sites/store';
import { configMember } from './staff-config';

/** A version number as a path or query gives it: a whole number from 1, written plainly. */
function versionNumber(name: string, text: string): number {
  const n = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw badQuery(`${name} must be a version number (1, 2, …), not "${text}"`);
  return n;
}

function sideOf(name: string, text: string | undefined, fallback: ConfigSide): ConfigSide {
  if (text === undefined) return fallback;
  if (text === 'draft') return 'draft';
  if (!/^[0-9]+$/.test(text)) throw badQuery(`${name} must be "draft" or a version number, not "${text}"`);
  return versionNumber(name, text);
}

export async function getVersions(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const answer: ConfigVersionList = { items: await listVersions(deps.db, member.site.id) };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}

export async function getVersion(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const version = versionNumber('version', c.req.param('version') ?? '');
  const { row, document } = await readVersion(deps.db, member.site.id, version);
  const answer: ConfigVersion = {
    version,
    format: Number(row.format),
    document,
    publishedAt: row.published_at,
    publishedBy: row.published_by_name,
    note: row.note,
    rolledBackFrom: row.rolled_back_from === null ? null : Number(row.rolled_back_from),
  };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}

export async function getDiff(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const site = member.site.id;
  const draft = await readDraft(deps.db, site);
  const from = sideOf('from', c.req.query('from'), draft.publishedVersion);
  const to = sideOf('to', c.req.query('to'), 'draft');
  const documentOf = async (side: ConfigSide): Promise<unknown> =>
    side === 'draft' ? draft.document : (await readVersion(deps.db, site, side)).document;
  const answer: ConfigDiff = { from, to, changes: diffDocuments(await documentOf(from), await documentOf(to)) };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}
