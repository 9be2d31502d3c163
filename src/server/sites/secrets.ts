/**
 * A site's secrets and automation tokens in the database (migration 016):
 * what is read back about them, never a value, and the writes that change
 * them, each in the caller's transaction (which also bumps the revision and
 * writes the audit entry, routes/staff-config-secrets.ts).
 *
 * A rotation makes a new current secret of its kind and leaves the one it
 * replaces accepted until an instant (`valid_until`): the host switches
 * over within that overlap, and no one is signed out by the change. Secrets
 * are never deleted: a replaced one past its instant is simply no longer
 * accepted (live-registry.ts builds a site's keys from these rows).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AutomationToken, SecretStatus } from '../../contract/staff-config-secrets';
import { SECRET_KINDS, type SecretKind } from '../../contract/staff-config-secrets';
import type { StaffRole } from '../../contract/staff';
import type { DbExecutor } from '../blobs';
import { ApiError, notFound } from '../errors';
import { insertSecret, lockSite, type Author } from './store';

/** 32 random bytes, base64url: a new secret of any kind. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** A new automation token: the prefix says what it is when one turns up in a log or a repository. */
export const newAutomationToken = (): string => `ucs_${randomBytes(32).toString('base64url')}`;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Each kind: whether it is set, who made the current one and when, and the replaced ones accepted at `now`. */
export async function secretStatuses(db: DbExecutor, site: string, now: Date): Promise<SecretStatus[]> {
  // The value column is never read here.
  const rows = await db
    .selectFrom('site_secrets')
    .select(['kind', 'created_at', 'created_by', 'valid_until'])
    .where('site', '=', site)
    .orderBy('created_at', 'desc')
    .execute();
  return SECRET_KINDS.map((kind) => {
    const ofKind = rows.filter((r) => r.kind === kind);
    const current = ofKind.find((r) => r.valid_until === null);
    return {
      kind,
      set: current !== undefined,
      createdAt: current?.created_at ?? null,
      createdBy: current?.created_by ?? null,
      older: ofKind
        .filter((r) => r.valid_until !== null && Date.parse(r.valid_until) > now.getTime())
        .map((r) => ({ createdAt: r.created_at, createdBy: r.created_by, validUntil: r.valid_until! })),
    };
  });
}

/**
 * Replaces the current secret of `kind` (when there is one) with a new one:
 * the replaced one is accepted until `overlapUntil`, and so is, at most, any
 * older one still in an overlap of its own (a rotation never lengthens one),
 * so that after `overlapUntil` only the new secret is accepted: a secret
 * thought leaked is done with by one rotation, however many came before.
 * Answers the new secret and the instant the replaced one stops, if any.
 */
export async function rotateSecret(
  tx: DbExecutor,
  site: string,
  kind: SecretKind,
  overlapUntil: string,
  author: Author,
  at: string,
): Promise<{ secret: string; previousValidUntil: string | null }> {
  await lockSite(tx, site);
  const current = await tx
    .selectFrom('site_secrets')
    .select('id')
    .where('site', '=', site)
    .where('kind', '=', kind)
    .where('valid_until', 'is', null)
    .executeTakeFirst();
  // Instants are stored as toISOString() text, which orders as time does.
  await tx
    .updateTable('site_secrets')
    .set({ valid_until: overlapUntil })
    .where('site', '=', site)
    .where('kind', '=', kind)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', overlapUntil)]))
    .execute();
  const secret = newSecret();
  await insertSecret(tx, site, kind, secret, author, at);
  return { secret, previousValidUntil: current ? overlapUntil : null };
}

/** The webhook secrets that sign at `now`, the current one first: the current and those in their overlap. */
export async function webhookSecretsOf(db: DbExecutor, site: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('site_secrets')
    .select(['secret', 'valid_until'])
    .where('site', '=', site)
    .where('kind', '=', 'webhook')
    .orderBy('created_at', 'desc')
    .execute();
  const current = rows.filter((r) => r.valid_until === null).map((r) => r.secret);
  const older = rows.filter((r) => r.valid_until !== null && Date.parse(r.valid_until) > now.getTime());
  return current.length ? [current[0]!, ...older.map((r) => r.secret)] : [];
}

type TokenRow = {
  name: string;
  roles_json: string;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
};

function tokenOf(row: TokenRow): AutomationToken {
  return {
    name: row.name,
    roles: JSON.parse(row.roles_json) as StaffRole[],
    createdAt: row.created_at,
    createdBy: row.created_by,
    revoked: row.revoked_at !== null,
    revokedAt: row.revoked_at,
  };
}

/** The site's automation tokens, revoked ones too, oldest first; never a hash. */
export async function listTokens(db: DbExecutor, site: string): Promise<AutomationToken[]> {
  const rows = await db
    .selectFrom('site_automation_tokens')
    .select(['name', 'roles_json', 'created_at', 'created_by', 'revoked_at'])
    .where('site', '=', site)
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  return rows.map(tokenOf);
}

/** A new automation token named `name`: 409 when the site has had one of that name (revoked ones too, so the audit log names one token by it). */
export async function issueToken(
  tx: DbExecutor,
  site: string,
  input: { name: string; roles: readonly StaffRole[] },
  author: Author,
  at: string,
): Promise<{ token: string; listed: AutomationToken }> {
  await lockSite(tx, site);
  const taken = await tx
    .selectFrom('site_automation_tokens')
    .select('revoked_at')
    .where('site', '=', site)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (taken)
    throw new ApiError(
      409,
      'conflict',
      `the site has ${taken.revoked_at === null ? 'a' : 'had a (now revoked)'} token named "${input.name}": choose another name`,
      { reason: 'name_taken' },
    );
  const token = newAutomationToken();
  const row: TokenRow = {
    name: input.name,
    roles_json: JSON.stringify(input.roles),
    created_at: at,
    created_by: author.principal,
    revoked_at: null,
  };
  await tx
    .insertInto('site_automation_tokens')
    .values({ ...row, site, token_sha256: sha256Hex(token) })
    .execute();
  return { token, listed: tokenOf(row) };
}

/** Revokes the token `name`; false when it was revoked already (nothing changes). */
export async function revokeToken(tx: DbExecutor, site: string, name: string, at: string): Promise<boolean> {
  const row = await tx
    .selectFrom('site_automation_tokens')
    .select('revoked_at')
    .where('site', '=', site)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw notFound(`the site has no automation token named "${name}"`);
  if (row.revoked_at !== null) return false;
  await tx
    .updateTable('site_automation_tokens')
    .set({ revoked_at: at })
    .where('site', '=', site)
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .execute();
  return true;
}

/** From `at` on, every staff token the host signed before it is refused. */
export async function signOutStaff(tx: DbExecutor, site: string, at: string): Promise<void> {
  await tx.updateTable('sites').set({ staff_tokens_not_before: at }).where('id', '=', site).execute();
}
