/**
 * GET /v1/staff/config/consent-reask?site=&purpose=&version= — before an
 * admin publishes a new version of a consent purpose (`category:<id>` or
 * `separate:<id>`), how many people's decisions in force rest on `version`,
 * the one it replaces, and so will be asked again on their next visit.
 * `configure` like the rest of the admin API (consent records themselves are
 * the `consents` permission's: this answers counts only, never a subject).
 * Read-only: no key, no audit entry.
 */
import type { Context } from 'hono';
import { PolicyVersion } from '../../contract/consent';
import { REASK_PURPOSE, type ConsentReask } from '../../contract/staff-config-consent';
import { countReask } from '../consent/reask';
import { CONSENT_DEFAULTS } from '../consent/settings';
import type { AppDeps } from '../context';
import { badQuery } from '../query';
import { configMember } from './staff-config';

const DAY_MS = 86_400_000;

export async function getConsentReask(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const purpose = c.req.query('purpose') ?? '';
  const version = c.req.query('version') ?? '';
  if (!REASK_PURPOSE.test(purpose)) throw badQuery('purpose must be category:<id> or separate:<id>');
  if (!PolicyVersion.safeParse(version).success)
    throw badQuery('version must be 1–40 letters, digits, dots, dashes or underscores');
  const [kind, id] = purpose.split(':') as ['category' | 'separate', string];
  // The expiry served now decides which decisions are still in force.
  const expiryDays = member.site.consent?.expiryDays ?? CONSENT_DEFAULTS.expiryDays;
  const since = new Date(deps.now().getTime() - expiryDays * DAY_MS).toISOString();
  const count = await countReask(deps.db, member.site.id, { kind, id }, version, since);
  const answer: ConsentReask = { purpose, version, ...count, expiryDays };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}
