/**
 * The staff side of points: outage incidents (a preview, then issued once),
 * penalties, manual adjustments (always with a note), coupon code pools, and
 * one user's ledger with the staff notes. Decisions on feedback, which earn
 * by the site's rules, are in staff-feedback.ts; what a complaint gives or
 * takes in staff-complaint-points.ts. Permissions (staff/permissions.ts):
 * penalties are `moderate` (agents, admins); incidents, adjustments and code
 * pools are `points` (admins); any staff role reads.
 */
import type { Context } from 'hono';
import { HEADERS } from '../../contract/headers';
import { AdjustmentRequest, IncidentRequest, PenaltyRequest, type IncidentList } from '../../contract/points';
import { CodeUpload, type CodePoolStatus, type CodePools } from '../../contract/points-codes';
import { parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import { ApiError, notFound } from '../errors';
import {
  commitOnce,
  idempotencyMismatch,
  previousAnswer,
  requestHash,
  requireIdempotencyKey,
  type IdempotencyScope,
  type StoredAnswer,
} from '../idempotency';
import type { DbExecutor } from '../blobs';
import { isUniqueViolation } from '../db/open';
import type { PointsEntryRow } from '../db/schema';
import { audit } from '../staff/audit';
import { staffOf } from '../staff/identity';
import { idempotencyActorOf, ledgerKeyOf, requirePermission } from '../staff/permissions';
import { askedByStaffEntry, readHistory, readSummary, staffEntryIn } from '../points/accounts';
import { applyIncident, previewIncident } from '../points/incidents';
import { toWire } from '../points/ledger';
import { respond } from './respond';

/** POST /v1/staff/points/incidents (admin) */
export async function postIncident(c: Context, deps: AppDeps): Promise<Response> {
  const input = parseWith(IncidentRequest, await readJson(c));
  const member = await staffOf(c, deps, input.site);
  requirePermission(member, 'points');
  const result = await applyIncident(deps, member.site, input, member.principal);
  // Its own entry after the incident's transactions (one per user), with what applying it did.
  await audit(
    deps.db,
    member,
    {
      action: 'points.incident',
      detail: {
        incident: input.id,
        service: input.service,
        listed: input.users !== undefined,
        users: result.users,
        compensated: result.compensated,
      },
    },
    deps.now(),
  );
  return c.json(result);
}

/**
 * POST /v1/staff/points/incidents/preview (admin): what issuing these facts
 * would do (the tier, how many users it reaches, how many were given it
 * already), issuing nothing. Not a write: no key, no audit entry.
 */
export async function postIncidentPreview(c: Context, deps: AppDeps): Promise<Response> {
  const input = parseWith(IncidentRequest, await readJson(c));
  const member = await staffOf(c, deps, input.site);
  requirePermission(member, 'points');
  return c.json(await previewIncident(deps, member.site, input));
}

/** GET /v1/staff/points/incidents?site=… (any staff role): newest first, the last 200. */
export async function listIncidents(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const rows = await deps.db
    .selectFrom('points_incidents')
    .selectAll()
    .where('site', '=', member.site.id)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  const names = await namesOf(deps, member.site.id, [...new Set(rows.map((r) => r.staff))]);
  const list: IncidentList = {
    items: rows.map((r) => ({
      id: r.id,
      service: r.service,
      start: r.starts_at,
      end: r.ends_at,
      staff: r.staff,
      ...(names.has(r.staff) ? { staffName: names.get(r.staff)! } : {}),
      note: r.note,
      recordedAt: r.created_at,
      result: JSON.parse(r.result_json) as IncidentList['items'][number]['result'],
    })),
  };
  return c.json(list);
}

/** The name each principal last acted under on the site (every staff write is in the audit log). */
async function namesOf(deps: AppDeps, site: string, principals: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const principal of principals) {
    const last = await deps.db
      .selectFrom('audit_log')
      .select('name')
      .where('site', '=', site)
      .where('principal', '=', principal)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last) names.set(principal, last.name);
  }
  return names;
}

/**
 * GET /v1/staff/points/codes?site=… (any staff role): each pool reward's
 * codes, what a complaint's compensation may give and an upload may add
 * to; a retired reward is neither, so it is left out.
 */
export async function listCodePools(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const counts = await deps.db
    .selectFrom('points_codes')
    .select(['reward', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('site', '=', member.site.id)
    .groupBy(['reward', 'status'])
    .execute();
  const count = (reward: string, status: string) =>
    Number(counts.find((r) => r.reward === reward && r.status === status)?.n ?? 0);
  const pools: CodePools = {
    items: member.site.settings.points.catalogue
      .filter((r) => r.source === 'pool' && !r.retired)
      .map((r) => ({
        reward: r.id,
        name: r.name,
        available: count(r.id, 'available'),
        issued: count(r.id, 'issued'),
        void: count(r.id, 'void'),
      })),
  };
  return c.json(pools);
}

/**
 * POST /v1/staff/points/penalties (agent, admin; Idempotency-Key) and
 * /adjustments (admin; Idempotency-Key). The key follows the rule of every
 * other write: stored with the request's hash per staff member, a true
 * retry gets the first answer (Idempotent-Replayed) and the same key with
 * another body (other points, another user) is a 422. The ledger entry's
 * source stays `${kind}:${member name}:${key}`, as entries made before the
 * hash was kept have it: a retry of one of those is told from another
 * request by what the entry records (see replayOfEarlierEntry).
 */
export function postStaffEntry(kind: 'penalty' | 'adjustment') {
  const path = kind === 'penalty' ? '/v1/staff/points/penalties' : '/v1/staff/points/adjustments';
  return async (c: Context, deps: AppDeps): Promise<Response> => {
    const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
    const raw = await readJson(c);
    const input = kind === 'penalty' ? parseWith(PenaltyRequest, raw) : parseWith(AdjustmentRequest, raw);
    const member = await staffOf(c, deps, input.site);
    requirePermission(member, kind === 'penalty' ? 'moderate' : 'points');
    const site = member.site;
    const scope = { site: site.id, actor: idempotencyActorOf(member), key };
    const hash = requestHash('POST', path, raw);
    const earlier = await previousAnswer(deps.db, scope, hash);
    if (earlier) return respond(c, earlier, true);
    const asked = {
      kind,
      user: input.user,
      points: input.points ?? site.settings.points.penaltyPoints,
      reason: input.reason,
      note: input.note ?? null,
    };
    // A new user's account may be made by two requests at once: the loser runs again.
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
          const { written, balance } = await staffEntryIn(tx, deps, site, {
            ...asked,
            staff: member.principal,
            key: `${ledgerKeyOf(member)}:${key}`,
          });
          const [entry] = await toWire(tx, [written.entry], deps.now());
          const answer = { status: 201, body: { entry, balance } };
          if (!written.created) throw await replayOfEarlierEntry(tx, scope, hash, written.entry, asked, answer);
          await audit(
            tx,
            member,
            {
              action: kind === 'penalty' ? 'points.penalty' : 'points.adjustment',
              subject: `user:${input.user}`,
              detail: { points: asked.points, reason: asked.reason, entry: written.entry.id },
            },
            deps.now(),
          );
          return { answer };
        });
        return respond(c, outcome.answer, outcome.replayed);
      } catch (error) {
        if (error instanceof EarlierEntry) return respond(c, error.answer, true);
        if (attempt < 3 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  };
}

/** Thrown out of the transaction (which then wrote nothing) to answer with what an earlier request made. */
class EarlierEntry extends Error {
  constructor(readonly answer: StoredAnswer) {
    super('answered by an earlier request');
  }
}

/**
 * The entry this key names exists already, without our idempotency row when
 * we looked: either a twin request stored its row meanwhile (its answer is
 * ours, or a 422 if its body differed), or the entry was made before staff
 * requests kept their hash. Then it is a retry when the entry records what
 * this request asks (answered as the first answer was, a 201, with the
 * balance as it is now), else another request under a used key (422).
 */
async function replayOfEarlierEntry(
  tx: DbExecutor,
  scope: IdempotencyScope,
  hash: string,
  entry: PointsEntryRow,
  asked: { points: number; reason: string; note: string | null },
  answer: StoredAnswer,
): Promise<EarlierEntry> {
  const stored = await previousAnswer(tx, scope, hash);
  if (stored) return new EarlierEntry(stored);
  const made = askedByStaffEntry(entry);
  if (made.points !== asked.points || made.reason !== asked.reason || made.note !== asked.note)
    throw idempotencyMismatch();
  return new EarlierEntry(answer);
}

/** Codes inserted by one statement: 6 parameters each, well under either database's limit. */
const CODES_PER_INSERT = 500;

/**
 * POST /v1/staff/points/codes (admin): one transaction, so an upload is added
 * whole or not at all. A code the pool holds already, or one repeated in the
 * upload, is kept once; the answer names each by its position in `codes`, so
 * whoever sent a file can say which of its lines they were.
 */
export async function postCodes(c: Context, deps: AppDeps): Promise<Response> {
  const input = parseWith(CodeUpload, await readJson(c));
  const member = await staffOf(c, deps, input.site);
  requirePermission(member, 'points');
  const site = member.site;
  const reward = site.settings.points.catalogue.find((r) => r.id === input.reward);
  if (!reward) throw notFound(`no reward "${input.reward}" in this site's catalogue`);
  if (reward.source !== 'pool')
    throw new ApiError(409, 'conflict', `the reward "${reward.id}" is issued by the site's webhook, not from a pool`);
  // Refused rather than kept for later: a retired reward is redeemed and given by no one, so codes added now would
  // sit unused while the upload seemed to succeed. Its codes stay; restoring it (a publish) takes uploads again.
  if (reward.retired)
    throw new ApiError(
      409,
      'conflict',
      `the reward "${reward.id}" is retired: restore it and publish before adding codes to its pool`,
      { reward: reward.id, reason: 'retired' },
    );
  const at = deps.now().toISOString();
  let added = 0;
  const inPool: number[] = [];
  const repeated: number[] = [];
  // Each code once, at the position it first comes; the later ones are repeats.
  const first = new Map<string, number>();
  for (const [i, code] of input.codes.entries()) {
    if (first.has(code)) repeated.push(i);
    else first.set(code, i);
  }
  const unique = [...first];
  await deps.db.transaction().execute(async (tx) => {
    for (let from = 0; from < unique.length; from += CODES_PER_INSERT) {
      const batch = unique.slice(from, from + CODES_PER_INSERT);
      // A code the pool holds already is not inserted, so not returned: those are the ones named back.
      const inserted = await tx
        .insertInto('points_codes')
        .values(
          batch.map(([code]) => ({
            site: site.id,
            reward: reward.id,
            code,
            status: 'available' as const,
            added_at: at,
            issued_at: null,
          })),
        )
        .onConflict((oc) => oc.columns(['site', 'reward', 'code']).doNothing())
        .returning('code')
        .execute();
      const fresh = new Set(inserted.map((r) => r.code));
      for (const [code, i] of batch) {
        if (fresh.has(code)) added++;
        else inPool.push(i);
      }
    }
    // The codes themselves are what users redeem: the log keeps how many, never which.
    await audit(
      tx,
      member,
      { action: 'points.codes', detail: { reward: reward.id, sent: input.codes.length, added } },
      deps.now(),
    );
  });
  const counts = await deps.db
    .selectFrom('points_codes')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('site', '=', site.id)
    .where('reward', '=', reward.id)
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(counts.find((r) => r.status === status)?.n ?? 0);
  const answer: CodePoolStatus = {
    reward: reward.id,
    added,
    available: count('available'),
    issued: count('issued'),
    inPool,
    repeated,
  };
  return c.json(answer);
}

/** GET /v1/staff/points/accounts/{user}?site=…&cursor=… — the summary and the ledger with staff notes. */
export async function getAccount(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const user = c.req.param('user') ?? '';
  const account = {
    summary: await readSummary(deps, member.site, user),
    history: await readHistory(deps, member.site, user, c.req.query('cursor'), true),
  };
  await audit(deps.db, member, { action: 'points.read', subject: `user:${user}` }, deps.now());
  return c.json(account);
}
