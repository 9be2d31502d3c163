/**
 * GET /v1/staff/audit?site=&principal=&subject=&from=&to=&cursor=&limit=&format=json|csv
 * — the site's audit log for supervisors and admins (the `audit`
 * permission), newest first. Reading it is itself an entry (`audit.read`,
 * or `audit.export` for CSV), written before the answer is sent, with the
 * filters asked.
 */
import type { Context } from 'hono';
import { AUDIT_CSV_COLUMNS, type AuditEntry, type AuditPage } from '../../contract/staff';
import type { AppDeps } from '../context';
import { csvLine } from '../csv';
import { badQuery, instant, limitParam } from '../query';
import { audit, readAudit, toAuditEntry } from '../staff/audit';
import { staffOf } from '../staff/identity';
import { requirePermission } from '../staff/permissions';

/** Entries per answer: a page for the console, and at most this many in one CSV (Link: rel="next" continues). */
const PAGE = 100;
const MAX = 10_000;

function decodeCursor(cursor: string): { at: string; id: number } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && Number.isSafeInteger(id)) return { at, id: id as number };
  } catch {
    // fall through to the 400
  }
  throw badQuery('cursor is not one this server gave out');
}

const encodeCursor = (entry: { at: string; id: number }) =>
  Buffer.from(JSON.stringify([entry.at, entry.id]), 'utf8').toString('base64url');

/** An entry as CSV cells, in AUDIT_CSV_COLUMNS order; the detail as its JSON. */
function cells(entry: AuditEntry): string[] {
  const values: Record<(typeof AUDIT_CSV_COLUMNS)[number], string> = {
    id: entry.id,
    at: entry.at,
    principal: entry.principal,
    name: entry.name,
    action: entry.action,
    subject: entry.subject ?? '',
    detail: JSON.stringify(entry.detail),
  };
  return AUDIT_CSV_COLUMNS.map((column) => values[column]);
}

export async function getAudit(c: Context, deps: AppDeps): Promise<Response> {
  const siteId = c.req.query('site');
  if (siteId === undefined || siteId === '') {
    await staffOf(c, deps); // who asks comes first: no token is a 401 whatever the query
    throw badQuery('site is required');
  }
  const member = await staffOf(c, deps, siteId);
  requirePermission(member, 'audit');
  const format = c.req.query('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw badQuery('format must be json or csv');
  const principal = c.req.query('principal') || undefined;
  const subject = c.req.query('subject') || undefined;
  const from = instant('from', c.req.query('from'));
  const to = instant('to', c.req.query('to'));
  const limit = limitParam(c.req.query('limit'), format === 'csv' ? MAX : PAGE, MAX);
  const cursor = c.req.query('cursor');
  const after = cursor !== undefined ? decodeCursor(cursor) : undefined;

  const { rows, more } = await readAudit(deps.db, { site: member.site.id, principal, subject, from, to, after, limit });
  const last = rows[rows.length - 1];
  const nextCursor = more && last ? encodeCursor(last) : null;
  const items = rows.map(toAuditEntry);
  await audit(
    deps.db,
    member,
    {
      action: format === 'csv' ? 'audit.export' : 'audit.read',
      detail: {
        principal: principal ?? null,
        subject: subject ?? null,
        from: from ?? null,
        to: to ?? null,
        page: cursor ? 'next' : 'first',
        count: items.length,
      },
    },
    deps.now(),
  );
  // What staff did to whom: no cache keeps a copy.
  c.header('Cache-Control', 'no-store');
  if (format === 'json') {
    const page: AuditPage = { items, nextCursor };
    return c.json(page);
  }
  if (nextCursor) {
    const next = new URL(c.req.url);
    next.searchParams.set('cursor', nextCursor);
    c.header('Link', `<${next.pathname}${next.search}>; rel="next"`);
  }
  let csv = csvLine(AUDIT_CSV_COLUMNS);
  for (const entry of items) csv += csvLine(cells(entry));
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="audit-${member.site.id}.csv"`);
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(csv, 200);
}
