/**
 * Consent proof for the site's admins: GET /v1/staff/consents exports the
 * records (JSON or CSV), GET /v1/staff/consents/texts/{sha256} gives the
 * exact text a record was made on. The `consents` permission (admins only):
 * agents, arbitrators and supervisors work complaints and have no need to
 * read who agreed to what.
 */
import type { Context } from 'hono';
import { CONSENT_CSV_COLUMNS, CONSENT_EXPORT_MAX_ROWS, SUBJECT_PATTERN } from '../../contract/consent-staff';
import type { ConsentExport } from '../../contract/consent-staff';
import { csvCells, readConsents, toStored } from '../consent/records';
import { csvLine } from '../csv';
import { badQuery, instant } from '../query';
import type { AppDeps } from '../context';
import { notFound } from '../errors';
import { audit } from '../staff/audit';
import { staffOf, type StaffPrincipal } from '../staff/identity';
import { requirePermission } from '../staff/permissions';

async function adminOf(c: Context, deps: AppDeps, siteId: string | undefined): Promise<StaffPrincipal> {
  const member = await staffOf(c, deps, siteId);
  requirePermission(member, 'consents');
  return member;
}

function decodeCursor(cursor: string): { receivedAt: string; id: string } {
  try {
    const [receivedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof receivedAt === 'string' && typeof id === 'string') return { receivedAt, id };
  } catch {
    // fall through to the 400
  }
  throw badQuery('cursor is not one this server gave out');
}

const encodeCursor = (row: { received_at: string; id: string }) =>
  Buffer.from(JSON.stringify([row.received_at, row.id]), 'utf8').toString('base64url');

/**
 * GET /v1/staff/consents?site=&subject=&from=&to=&format=json|csv&limit=&cursor=
 * Oldest received first (then by id). At most `limit` (default and maximum
 * 10,000) records per answer; when more match, JSON says `nextCursor` and CSV
 * sends `Link: <…&cursor=…>; rel="next"`.
 */
export async function exportConsents(c: Context, deps: AppDeps): Promise<Response> {
  const siteId = c.req.query('site');
  if (siteId === undefined || siteId === '') {
    await staffOf(c, deps); // who asks comes first: no token is a 401 whatever the query
    throw badQuery('site is required');
  }
  const member = await adminOf(c, deps, siteId);
  const subject = c.req.query('subject');
  if (subject !== undefined && !SUBJECT_PATTERN.test(subject))
    throw badQuery('subject must be user:<sub> or device:<device id>');
  const from = instant('from', c.req.query('from'));
  const to = instant('to', c.req.query('to'));
  const format = c.req.query('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw badQuery('format must be json or csv');
  const limitText = c.req.query('limit');
  const limit = limitText === undefined ? CONSENT_EXPORT_MAX_ROWS : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > CONSENT_EXPORT_MAX_ROWS)
    throw badQuery(`limit must be a whole number from 1 to ${CONSENT_EXPORT_MAX_ROWS}`);
  const cursor = c.req.query('cursor');

  const { rows, more } = await readConsents(deps.db, {
    site: member.site.id,
    subject,
    from,
    to,
    after: cursor !== undefined ? decodeCursor(cursor) : undefined,
    limit,
  });
  const nextCursor = more ? encodeCursor(rows[rows.length - 1]!) : null;
  const records = rows.map(toStored);
  await audit(
    deps.db,
    member,
    {
      action: 'consent.export',
      detail: { format, subject: subject ?? null, from: from ?? null, to: to ?? null, count: records.length },
    },
    deps.now(),
  );
  // Personal data: no cache keeps a copy.
  c.header('Cache-Control', 'no-store');

  if (format === 'json') {
    const body: ConsentExport = { records, nextCursor };
    return c.json(body);
  }
  if (nextCursor) {
    const next = new URL(c.req.url);
    next.searchParams.set('cursor', nextCursor);
    c.header('Link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  let csv = csvLine(CONSENT_CSV_COLUMNS);
  for (const record of records) csv += csvLine(csvCells(record));
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="consents-${member.site.id}.csv"`);
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(csv, 200);
}

/**
 * GET /v1/staff/consents/texts/{sha256}?site= — the text shown, as it was
 * shown. Only a text some record of the admin's site was made on (`site`
 * defaults to the token's site): hashes of other sites' texts are a 404.
 */
export async function getConsentText(c: Context, deps: AppDeps): Promise<Response> {
  const member = await adminOf(c, deps, c.req.query('site') || undefined);
  const sha = c.req.param('sha256') ?? '';
  const missing = () => notFound('no consent text with this SHA-256 on this site');
  if (!/^[0-9a-f]{64}$/.test(sha)) throw missing();
  const used = await deps.db
    .selectFrom('consent_records')
    .select('id')
    .where('text_sha256', '=', sha)
    .where('site', '=', member.site.id)
    .limit(1)
    .executeTakeFirst();
  const row =
    used && (await deps.db.selectFrom('consent_texts').select('text').where('sha256', '=', sha).executeTakeFirst());
  if (!row) throw missing();
  c.header('Content-Type', 'text/plain; charset=utf-8');
  c.header('X-Content-Type-Options', 'nosniff');
  // Content-addressed: the same hash is the same text forever.
  c.header('Cache-Control', 'private, max-age=31536000, immutable');
  c.header('ETag', `"${sha}"`);
  return c.body(row.text, 200);
}
