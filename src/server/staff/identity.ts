/**
 * Who is asking on the staff side. Two kinds of credential, both as
 * `Authorization: Bearer`:
 *
 * - a staff token the host's back office signs for a person it employs
 *   (JWT, HS256, the site's `staffTokenSecret`): the host decides who is
 *   staff and with which roles, as it decides who its users are. Principal
 *   `staff:person:<sub>`.
 * - a static token the registry lists by its SHA-256, for automation
 *   (scripts, integrations). Principal `staff:automation:<name>`.
 *
 * A staff token must name the audience `usercare-staff` and is signed with
 * a secret the registry refuses to share with host tokens (the current one,
 * or one a rotation replaced while its overlap lasts: ../jwt-keys.ts), so a user's
 * token never passes for a staff member's (nor the other way round: a host
 * token is checked with the host secret). Every claim is checked before one
 * reaches a query, and anything wrong is a 401 saying what.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { decodeJwt, type JWTPayload } from 'jose';
import { SUBJECT_MAX_LENGTH, subjectOfClaim } from '../../contract/host-token';
import { STAFF_ROLES, STAFF_TOKEN_AUDIENCE, STAFF_TOKEN_MAX_LIFETIME_S, type StaffRole } from '../../contract/staff';
import type { AppDeps } from '../context';
import { ApiError, notFound } from '../errors';
import { keysAcceptedAt, verifyWithKeys } from '../jwt-keys';
import type { Site, SiteKey } from '../registry';
import { automationPrincipal, personPrincipal } from './principal-ids';

export interface StaffPrincipal {
  /** the site the principal acts on */
  site: Site;
  /** `staff:person:<sub>` or `staff:automation:<name>` */
  principal: string;
  kind: 'person' | 'automation';
  /** the token's `sub` for a person, the registry's name for automation */
  id: string;
  /** what timelines and the audit log show */
  name: string;
  roles: readonly StaffRole[];
  /** when the token stops working (ISO); null for a static token */
  expiresAt: string | null;
}

/** The longest `name` a staff token may carry, in UTF-16 code units. */
const NAME_MAX_LENGTH = 200;
/** The clock skew allowed on `exp` and `nbf`, as for host tokens. */
const CLOCK_TOLERANCE_S = 30;

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);

/** A person as a verified token says, before it is tied to the site asked about. */
interface Person {
  sub: string;
  name: string;
  roles: StaffRole[];
  expMs: number;
  /** when the key that verified the token stops being accepted (a rotation's overlap); null: the current key */
  keyUntilMs: number | null;
}

/** What the bearer token is, before it is tied to a site: a verified person of one site, or the registry entries of a static token. */
type Credential =
  | { kind: 'person'; site: Site; person: Person }
  | { kind: 'automation'; entries: Array<{ site: Site; name: string; roles: readonly StaffRole[] }> };

/**
 * Bearer tokens already worked out, until they expire: the console sends
 * the same token with every request, and working it out (its SHA-256
 * against every site's static tokens, decoding it, checking a signature)
 * cost about as much as a typical read. Kept per list of the registry's
 * sites, which is a new list whenever any site changes (a publish, a
 * rotated secret, a revoked token, staff signed out), so a token is taken
 * only with the site objects, keys and rules (audience, roles, lifetime,
 * `staffTokensNotBefore`, the static tokens not revoked) it passed under,
 * and a site compared by its object is the one served. The list is the one
 * read before the token is worked out, so what was worked out against a
 * list that changed meanwhile is never filed under the new one. Only a
 * token that passed every check is kept, and a person's entry past its
 * `exp`, or past the end of the overlap of the key that verified it, is
 * dropped and the token checked (and refused) again. Whether the token's
 * site is the one asked about is checked on every request, known or not.
 */
class KnownStaffCredentials {
  private readonly bySites = new WeakMap<readonly Site[], Map<string, Credential>>();
  constructor(private readonly maxPerSites = 2000) {}

  get(sites: readonly Site[], token: string, now: Date): Credential | undefined {
    const entries = this.bySites.get(sites);
    const entry = entries?.get(token);
    if (!entries || !entry) return undefined;
    if (entry.kind === 'person' && !stillGood(entry.person, now)) {
      entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(sites: readonly Site[], token: string, credential: Credential): void {
    let entries = this.bySites.get(sites);
    if (!entries) this.bySites.set(sites, (entries = new Map()));
    if (entries.size >= this.maxPerSites) entries.delete(entries.keys().next().value!);
    entries.set(token, credential);
  }
}

/** Whether a person's verified token still holds at `now`: before its `exp` (with the tolerance) and while its key is accepted. */
function stillGood(person: Person, now: Date): boolean {
  const ms = now.getTime();
  return ms < person.expMs + CLOCK_TOLERANCE_S * 1000 && (person.keyUntilMs === null || ms < person.keyUntilMs);
}

const known = new KnownStaffCredentials();

/**
 * Reads the bearer token and works out what it is, unless it is already
 * known: a static token is looked up first (its SHA-256 against every
 * site's list, in constant time per entry); anything else must be a staff
 * token of the site its `site` claim names.
 */
async function credentialOf(c: Context, deps: AppDeps): Promise<Credential> {
  const header = c.req.header('Authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '');
  if (!match)
    throw unauthorized(
      header === undefined
        ? 'staff requests need "Authorization: Bearer <staff token>"'
        : 'Authorization must be "Bearer <staff token>"',
    );
  const token = match[1]!;
  const now = deps.now();
  // The list the token is worked out against: a change to any site since makes a new one, and the entry lapses with it.
  const sites = deps.registry.sites;
  const cached = known.get(sites, token, now);
  if (cached) return cached;
  const credential = await workOut(token, deps, now);
  known.set(sites, token, credential);
  return credential;
}

async function workOut(token: string, deps: AppDeps, now: Date): Promise<Credential> {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  const entries: Array<{ site: Site; name: string; roles: readonly StaffRole[] }> = [];
  for (const site of deps.registry.sites) {
    const entry = site.staffTokens.find((t) => {
      const stored = Buffer.from(t.tokenSha256, 'hex');
      return stored.length === presented.length && timingSafeEqual(stored, presented);
    });
    if (entry) entries.push({ site, name: entry.name, roles: entry.roles });
  }
  if (entries.length) return { kind: 'automation', entries };

  let claimed: JWTPayload;
  try {
    claimed = decodeJwt(token);
  } catch {
    throw unauthorized('this staff token is not valid: no site lists it, and it is not a signed staff token');
  }
  // The claim only picks the key; the signature then proves it (a forged claim picks a key that does not verify).
  const siteId = claimed['site'];
  if (typeof siteId !== 'string' || siteId === '') throw unauthorized('the staff token has no site claim');
  const site = deps.registry.getSite(siteId);
  if (!site) throw unauthorized(`the staff token names the site "${siteId}", which this server does not serve`);
  if (!site.staffTokenKeys.length)
    throw unauthorized(`the site "${site.id}" takes no staff tokens from its host (it has no staffTokenSecret)`);
  return {
    kind: 'person',
    site,
    person: await verifyStaffToken(site, keysAcceptedAt(site.staffTokenKeys, now), token, now),
  };
}

/**
 * Checks a staff token claim by claim: the signature (HS256, a staff key
 * the site accepts now: its staff secret, or one a rotation replaced while
 * the overlap lasts), `aud` = usercare-staff, `exp` (required, and at most
 * STAFF_TOKEN_MAX_LIFETIME_S after `iat`, which is required too; a future
 * `iat` counts as now, so it cannot stretch the time a token is honoured),
 * `nbf` when present, `iat` not before the site's `staffTokensNotBefore`,
 * `sub` (read as host tokens read it), `name` (a string of 1–200
 * characters: staff are always named in timelines and the audit log) and
 * `roles` (a non-empty list of known roles).
 */
async function verifyStaffToken(site: Site, keys: readonly SiteKey[], token: string, now: Date): Promise<Person> {
  let payload: JWTPayload;
  let key: SiteKey;
  try {
    ({ payload, key } = await verifyWithKeys(token, keys, {
      algorithms: ['HS256'],
      audience: STAFF_TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'iat', 'exp', 'name', 'roles'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (error) {
    throw unauthorized(joseRefusal(site, error as { code?: string; claim?: string; reason?: string }));
  }
  const sub = subjectOfClaim(payload.sub);
  if (sub === undefined)
    throw unauthorized(
      `the staff token's sub must be a non-empty string of at most ${SUBJECT_MAX_LENGTH} characters, or an integer`,
    );
  const name = payload['name'];
  if (typeof name !== 'string' || name === '' || name.length > NAME_MAX_LENGTH || name.includes('\u0000'))
    throw unauthorized(`the staff token's name must be a string of 1–${NAME_MAX_LENGTH} characters`);
  const roles = payload['roles'];
  if (!Array.isArray(roles) || roles.length === 0)
    throw unauthorized(`the staff token's roles must be a non-empty list of ${STAFF_ROLES.join(', ')}`);
  const unknown = roles.find((r) => !(STAFF_ROLES as readonly unknown[]).includes(r));
  if (unknown !== undefined)
    throw unauthorized(
      `the staff token names the unknown role ${JSON.stringify(unknown)} (known: ${STAFF_ROLES.join(', ')})`,
    );
  // jwtVerify has checked that iat and exp (both required) are numbers.
  const iat = payload.iat!;
  const exp = payload.exp!;
  const from = Math.min(iat, now.getTime() / 1000);
  if (exp - from > STAFF_TOKEN_MAX_LIFETIME_S)
    throw unauthorized(
      `the staff token lives longer than a staff token may (at most ${STAFF_TOKEN_MAX_LIFETIME_S / 3600} h from its iat to its exp)`,
    );
  if (site.staffTokensNotBeforeMs !== null && iat * 1000 < site.staffTokensNotBeforeMs)
    throw unauthorized(
      `the staff token was issued before ${new Date(site.staffTokensNotBeforeMs).toISOString()}, when the site signed every staff member out: sign in again`,
    );
  return { sub, name, roles: [...new Set(roles as StaffRole[])], expMs: exp * 1000, keyUntilMs: key.untilMs };
}

/** What jose's refusal means, in words a host's developer can act on. */
function joseRefusal(site: Site, error: { code?: string; claim?: string; reason?: string }): string {
  switch (error.code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return `the staff token's signature does not verify with the staff secret of the site "${site.id}"`;
    case 'ERR_JWT_EXPIRED':
      return 'the staff token has expired';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'staff tokens are signed with HS256';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (error.reason === 'missing') return `the staff token has no ${error.claim} claim`;
      if (error.claim === 'aud') return `the staff token's aud must be "${STAFF_TOKEN_AUDIENCE}"`;
      if (error.claim === 'nbf') return 'the staff token is not valid yet (nbf)';
      return `the staff token's ${error.claim ?? 'claims'} claim is not valid`;
    default:
      return 'the staff token is not a well-formed signed token';
  }
}

function personOn(site: Site, person: Person): StaffPrincipal {
  return {
    site,
    principal: personPrincipal(person.sub),
    kind: 'person',
    id: person.sub,
    name: person.name,
    roles: person.roles,
    expiresAt: new Date(person.expMs).toISOString(),
  };
}

function automationOn(site: Site, entry: { name: string; roles: readonly StaffRole[] }): StaffPrincipal {
  return {
    site,
    principal: automationPrincipal(entry.name),
    kind: 'automation',
    id: entry.name,
    name: entry.name,
    roles: entry.roles,
    expiresAt: null,
  };
}

/**
 * The principal asking about the site a request names (`?site=`, or `site`
 * in the body). A staff token of another site is a 401 saying so; a static
 * token another site lists (and this one does not) is a 404, as it always
 * was. Without `siteId` (a route where the site is optional), the token's
 * own site: a person's, or the first that lists a static token.
 */
export async function staffOf(c: Context, deps: AppDeps, siteId?: string): Promise<StaffPrincipal> {
  const credential = await credentialOf(c, deps);
  if (siteId === '') throw new ApiError(400, 'invalid_request', 'site is required');
  if (credential.kind === 'person') {
    if (siteId !== undefined && credential.site.id !== siteId)
      throw unauthorized(`the staff token is for the site "${credential.site.id}", not "${siteId}"`);
    return personOn(credential.site, credential.person);
  }
  const entry = siteId === undefined ? credential.entries[0] : credential.entries.find((e) => e.site.id === siteId);
  if (!entry) throw notFound('no such site for this staff token');
  return automationOn(entry.site, entry);
}

/** The principal's credential, checked before the record it asks for is read (no token is a 401 whatever the id). */
export async function staffCredential(c: Context, deps: AppDeps): Promise<StaffCredential> {
  const credential = await credentialOf(c, deps);
  return {
    on(site: Site, missing: () => ApiError): StaffPrincipal {
      if (credential.kind === 'person') {
        if (credential.site !== site) throw missing();
        return personOn(site, credential.person);
      }
      const entry = credential.entries.find((e) => e.site === site);
      if (!entry) throw missing();
      return automationOn(site, entry);
    },
  };
}

/**
 * A verified credential, to be tied to the site of a record (a complaint, a
 * feedback): a record of a site the credential is not for is `missing()`,
 * the same 404 as a record that does not exist, so ids cannot be probed
 * across sites.
 */
export interface StaffCredential {
  on(site: Site, missing: () => ApiError): StaffPrincipal;
}
