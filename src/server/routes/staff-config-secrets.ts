/**
 * A site's secrets and automation tokens, for its admins
 * (src/contract/staff-config-secrets.ts). Every route needs the `configure`
 * permission, which only a person the host signed in has (permissions.ts):
 * a secret or a token opens the site to whoever holds it, so a person
 * answers for each change, never a script holding a token itself (403
 * `person_required`).
 *
 * - GET …/secrets: each kind set or not, who made it when, the replaced
 *   ones still accepted. GET …/tokens: the automation tokens, revoked ones
 *   too. Neither ever holds a value or a hash.
 * - POST …/secrets/{kind}/rotate: a new secret, shown in this answer only;
 *   the replaced one stays accepted until `overlapUntil` (default now).
 * - POST …/tokens: a new automation token, shown in this answer only (the
 *   database keeps its SHA-256). DELETE …/tokens/{name}: revoked.
 * - POST …/sign-out-staff: every staff token signed before now is refused.
 * - POST …/webhook/test: a signed `webhook.test` event, answered with the
 *   host's status and the time, never what it said.
 *
 * The writes take no Idempotency-Key: a stored answer would keep the new
 * secret or token a second time, and a rotation or an issue retried after
 * a lost answer rightly makes another (the lost one was never seen). Each
 * change bumps the registry's revision and writes its audit entry (never a
 * secret) in its own transaction, then reloads this instance's sites at
 * once; the others follow within their poll.
 */
import type { Context, Hono } from 'hono';
import {
  IssueTokenRequest,
  OVERLAP_MAX_DAYS,
  RotateRequest,
  SecretKind,
  type IssuedToken,
  type RotatedSecret,
  type SecretList,
  type SignedOut,
  type TokenList,
  type WebhookTestResult,
  WebhookTestRequest,
} from '../../contract/staff-config-secrets';
import type { DbExecutor } from '../blobs';
import type { AppDeps } from '../context';
import { parseWith, readJson } from '../context';
import { ApiError, validationFailed } from '../errors';
import { audit } from '../staff/audit';
import { staffOf, type StaffPrincipal } from '../staff/identity';
import { requirePermission } from '../staff/permissions';
import { bumpRevision } from '../sites/store';
import {
  issueToken,
  listTokens,
  revokeToken,
  rotateSecret,
  secretStatuses,
  signOutStaff,
  webhookSecretsOf,
} from '../sites/secrets';
import { sendTestEvent } from '../webhooks';
import { authorOf, serveAtOnce } from './config-changes';

const DAY_MS = 24 * 3600 * 1000;

/** The asker, if it has the `configure` permission (a person's only: permissions.ts) on the site the query names. */
async function configurer(c: Context, deps: AppDeps): Promise<StaffPrincipal> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  requirePermission(member, 'configure');
  c.header('Cache-Control', 'no-store');
  return member;
}

/** Runs a change in one transaction with its revision bump (and its audit entry, which `write` adds), then reloads. */
async function change<T>(deps: AppDeps, write: (tx: DbExecutor) => Promise<T>): Promise<T> {
  const result = await deps.db.transaction().execute(async (tx) => {
    const out = await write(tx);
    await bumpRevision(tx);
    return out;
  });
  await serveAtOnce(deps);
  return result;
}

export async function getSecrets(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configurer(c, deps);
  const answer: SecretList = {
    site: member.site.id,
    secrets: await secretStatuses(deps.db, member.site.id, deps.now()),
  };
  return c.json(answer);
}

/** `overlapUntil` as stored: not before now, at most OVERLAP_MAX_DAYS ahead; now when not given. */
function overlapOf(given: string | undefined, now: Date): string {
  if (given === undefined) return now.toISOString();
  const ms = Date.parse(given);
  const problem =
    ms < now.getTime()
      ? { code: 'too_small', message: 'is in the past: give an instant from now on (or leave it out: now)' }
      : ms > now.getTime() + OVERLAP_MAX_DAYS * DAY_MS
        ? { code: 'too_big', message: `is more than ${OVERLAP_MAX_DAYS} days ahead` }
        : undefined;
  if (problem)
    throw validationFailed([{ path: 'overlapUntil', ...problem, params: { max: OVERLAP_MAX_DAYS } }], problem.message);
  return new Date(ms).toISOString();
}

export async function postRotate(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configurer(c, deps);
  const kind = SecretKind.safeParse(c.req.param('kind'));
  if (!kind.success)
    throw new ApiError(
      404,
      'not_found',
      `no such secret: "${c.req.param('kind')}" (host_token, staff_token or webhook)`,
    );
  const input = parseWith(RotateRequest, await readJson(c));
  const now = deps.now();
  const overlapUntil = overlapOf(input.overlapUntil, now);
  const at = now.toISOString();
  const rotated = await change(deps, async (tx) => {
    const out = await rotateSecret(tx, member.site.id, kind.data, overlapUntil, authorOf(member), at);
    await audit(
      tx,
      member,
      {
        action: 'config.secret.rotate',
        subject: `secret:${kind.data}`,
        detail: { kind: kind.data, overlapUntil, replaced: out.previousValidUntil !== null },
      },
      now,
    );
    return out;
  });
  const answer: RotatedSecret = {
    kind: kind.data,
    secret: rotated.secret,
    createdAt: at,
    previousValidUntil: rotated.previousValidUntil,
  };
  return c.json(answer);
}

export async function getTokens(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configurer(c, deps);
  const answer: TokenList = { items: await listTokens(deps.db, member.site.id) };
  return c.json(answer);
}

export async function postToken(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configurer(c, deps);
  const input = parseWith(IssueTokenRequest, await readJson(c));
  const now = deps.now();
  const issued = await change(deps, async (tx) => {
    const out = await issueToken(tx, member.site.id, input, authorOf(member), now.toISOString());
    await audit(
      tx,
      member,
      { action: 'config.token.issue', subject: `token:${input.name}`, detail: { roles: input.roles.join(',') } },
      now,
    );
    return out;
  });
  const answer: IssuedToken = { ...issued.listed, token: issued.token };
  return c.json(answer, 201);
}

export async function deleteToken(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configurer(c, deps);
  const name = c.req.param('name') ?? '';
  const now = deps.now();
  const revoked = await deps.db.transaction().execute(async (tx) => {
    // Revoking a revoked token changes nothing: no revision, no entry.
    if (!(await revokeToken(tx, member.site.id, name, now.toISOString()))) return false;
    await audit(tx, member, { action: 'config.token.revoke', subject: `token:${name}` }, now);
    await bumpRevision(tx);
    return true;
  });
  if (revoked) await serveAtOnce(deps);
  return c.body(null, 204);
}

export async function postSignOutStaff(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configurer(c, deps);
  const now = deps.now();
  const at = now.toISOString();
  await change(deps, async (tx) => {
    await signOutStaff(tx, member.site.id, at);
    await audit(tx, member, { action: 'config.staff.sign_out', detail: { notBefore: at } }, now);
  });
  const answer: SignedOut = { staffTokensNotBefore: at };
  return c.json(answer);
}

export async function postWebhookTest(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configurer(c, deps);
  const input = parseWith(WebhookTestRequest, await readJson(c));
  const site = member.site;
  const url = input.url ?? site.settings.webhook?.url;
  if (url === undefined)
    throw validationFailed(
      [{ path: 'url', code: 'required', message: 'the site publishes no webhook: give the URL to test' }],
      'nothing to test',
    );
  const now = deps.now();
  const secrets = await webhookSecretsOf(deps.db, site.id, now);
  if (!secrets.length)
    throw new ApiError(409, 'conflict', 'the site has no webhook secret to sign with: rotate one in first', {
      reason: 'no_webhook_secret',
    });
  const outcome = await sendTestEvent(deps, site.id, url, secrets);
  await audit(
    deps.db,
    member,
    {
      action: 'config.webhook.test',
      detail: {
        status: 'status' in outcome ? outcome.status : null,
        ms: outcome.ms,
        refused: 'refused' in outcome,
        publishedUrl: input.url === undefined,
      },
    },
    now,
  );
  if ('error' in outcome && outcome.refused)
    throw validationFailed([{ path: 'url', code: 'refused_target', message: outcome.error }], outcome.error);
  const answer: WebhookTestResult =
    'status' in outcome ? { status: outcome.status, ms: outcome.ms } : { error: outcome.error, ms: outcome.ms };
  return c.json(answer);
}

/** The routes, as app.ts mounts them. */
export function mountConfigSecretRoutes(app: Hono, deps: AppDeps): void {
  app.get('/v1/staff/config/secrets', (c) => getSecrets(c, deps));
  app.post('/v1/staff/config/secrets/:kind/rotate', (c) => postRotate(c, deps));
  app.get('/v1/staff/config/tokens', (c) => getTokens(c, deps));
  app.post('/v1/staff/config/tokens', (c) => postToken(c, deps));
  app.delete('/v1/staff/config/tokens/:name', (c) => deleteToken(c, deps));
  app.post('/v1/staff/config/sign-out-staff', (c) => postSignOutStaff(c, deps));
  app.post('/v1/staff/config/webhook/test', (c) => postWebhookTest(c, deps));
}
