/**
 * Outage compensation: staff record an incident of the platform's own
 * service; every affected user gets the compensation of the tier its length
 * falls in (points, a coupon, or both), as one `compensation` entry per
 * incident and user. Applying an incident again changes nothing: each entry's
 * source is the incident and the user, and the same incident id with other
 * facts is refused.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncidentPreview, IncidentRequest, IncidentResult } from '../../contract/points';
import type { AppDeps } from '../context';
import { ApiError } from '../errors';
import type { Site } from '../registry';
import { canonicalJson } from '../idempotency';
import { publishPoints, rulesOf, takeCode } from './accounts';
import { credit, withAccount } from './ledger';
import { tierFor } from './settings';

/** The UTC hour an instant falls in, as user_activity keeps it. */
export const hourOf = (iso: string) => new Date(iso).toISOString().slice(0, 13);

/** Users seen signed in at any hour the outage touched. */
async function usersSeen(deps: AppDeps, site: string, start: string, end: string): Promise<string[]> {
  const rows = await deps.db
    .selectFrom('user_activity')
    .select('user_id')
    .distinct()
    .where('site', '=', site)
    .where('hour', '>=', hourOf(start))
    .where('hour', '<=', hourOf(end))
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** What an incident's facts come to: its length, tier and users, and whether its id was issued before. */
async function factsOf(deps: AppDeps, site: Site, input: IncidentRequest) {
  const startMs = Date.parse(input.start);
  const endMs = Date.parse(input.end);
  if (!(endMs > startMs)) {
    throw new ApiError(422, 'validation_failed', 'the incident ends before it starts', {
      fields: [{ path: 'end', code: 'too_small', message: `must be after start (${input.start})` }],
    });
  }
  const minutes = Math.round(((endMs - startMs) / 60_000) * 100) / 100;
  const tier = tierFor(site.settings.points.tiers, minutes) ?? null;
  const { note: _note, ...facts } = input;
  const hash = createHash('sha256').update(canonicalJson(facts)).digest('hex');
  const earlier = await deps.db
    .selectFrom('points_incidents')
    .select(['request_hash', 'result_json'])
    .where('site', '=', site.id)
    .where('id', '=', input.id)
    .executeTakeFirst();
  const users = [...new Set(input.users ?? (await usersSeen(deps, site.id, input.start, input.end)))];
  return { startMs, endMs, minutes, tier, hash, earlier, users };
}

/**
 * What issuing the incident would do, issuing nothing: the tier its length
 * falls in among the site's tiers, the users it reaches, and how many of
 * them this incident's id compensated already (issuing gives them nothing more).
 */
export async function previewIncident(deps: AppDeps, site: Site, input: IncidentRequest): Promise<IncidentPreview> {
  const { minutes, tier, hash, earlier, users } = await factsOf(deps, site, input);
  let compensated = 0;
  // In slices: a list may hold 100,000 users, more than a statement's parameters.
  for (let i = 0; i < users.length; i += 500) {
    const row = await deps.db
      .selectFrom('points_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('site', '=', site.id)
      .where('source', '=', `incident:${input.id}`)
      .where('user_id', 'in', users.slice(i, i + 500))
      .executeTakeFirstOrThrow();
    compensated += Number(row.n);
  }
  return {
    id: input.id,
    minutes,
    tier,
    tiers: site.settings.points.tiers.map((t) => ({
      upToMinutes: t.upToMinutes,
      points: t.points,
      reward: t.reward,
      applies: t === tier,
      users: t === tier ? users.length : 0,
    })),
    users: users.length,
    compensated,
    recorded: !earlier ? 'new' : earlier.request_hash === hash ? 'issued' : 'conflict',
  };
}

export async function applyIncident(
  deps: AppDeps,
  site: Site,
  input: IncidentRequest,
  staff: string,
): Promise<IncidentResult> {
  const { startMs, endMs, minutes, tier, hash, earlier, users } = await factsOf(deps, site, input);
  if (earlier && earlier.request_hash !== hash) {
    throw new ApiError(
      409,
      'conflict',
      `incident "${input.id}" was recorded with other facts; give a correction a new id`,
    );
  }
  const reward = tier?.reward ? site.settings.points.catalogue.find((r) => r.id === tier.reward) : undefined;
  const incident = {
    id: input.id,
    service: input.service,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    minutes,
  };
  const rules = rulesOf(site);
  let compensated = 0;
  // One transaction per user: a long list is not one huge lock, and a run cut short is finished by applying the incident again.
  if (tier) {
    for (const user of users) {
      const now = deps.now();
      const at = now.toISOString();
      const made = await withAccount(deps.db, { site: site.id, user }, rules, now, async (tx, account) => {
        const written = await credit(
          tx,
          account,
          rules,
          {
            kind: 'compensation',
            points: tier.points,
            source: `incident:${input.id}`,
            reason: {
              code: 'compensation',
              incident,
              ...(reward ? { reward: { id: reward.id, name: reward.name } } : {}),
            },
            staff,
          },
          now,
        );
        if (!written.created) return false;
        if (reward) {
          const code = await takeCode(tx, site, reward.id, at);
          await tx
            .insertInto('points_redemptions')
            .values({
              id: randomUUID(),
              site: site.id,
              user_id: user,
              reward: reward.id,
              points: 0,
              code,
              status: 'active',
              entry_id: null,
              created_at: at,
              undo_until: null,
              undone_at: null,
            })
            .execute();
        }
        await publishPoints(tx, account, at);
        return true;
      });
      if (made) compensated++;
    }
  }
  const result: IncidentResult = { id: input.id, minutes, tier, users: users.length, compensated };
  if (!earlier) {
    await deps.db
      .insertInto('points_incidents')
      .values({
        site: site.id,
        id: input.id,
        service: input.service,
        starts_at: incident.start,
        ends_at: incident.end,
        request_hash: hash,
        result_json: JSON.stringify(result),
        staff,
        note: input.note ?? null,
        created_at: deps.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['site', 'id']).doNothing())
      .execute();
  }
  return result;
}
