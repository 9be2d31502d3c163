/**
 * Consent for end users: GET /v1/sites/{site}/consent (what the banner
 * shows, revalidated by the loader's stub on every page, so a 304 costs a
 * map lookup) and POST /v1/consents (one decision as proof, sent through the
 * outbox; its id is its idempotency key).
 */
import type { Context } from 'hono';
import { ConsentRecord } from '../../contract/consent';
import { HEADERS } from '../../contract/headers';
import { actorKey, identify } from '../auth';
import { bodyLimit } from '../body-limit';
import { insertConsent } from '../consent/records';
import { clientAddress } from '../client-address';
import { checkOrigin, parseWith, readJson, requireSite } from '../context';
import { limitWrite } from '../write-limits';
import type { AppDeps } from '../context';
import { isUniqueViolation } from '../db/open';
import { ApiError, notFound, validationFailed } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import type { IdempotencyScope } from '../idempotency';
import type { Site } from '../registry';
import { respond } from './respond';

/**
 * A consent record is small: the text shown is at most 50,000 characters,
 * which JSON can stretch to 6 bytes each (\u escapes). No attachments, so
 * the app's 12 MB limit for feedback is far more than it needs.
 */
export const CONSENT_REQUEST_BYTES = 512 * 1024;

export const consentBodyLimit = bodyLimit({
  maxSize: CONSENT_REQUEST_BYTES,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `a consent record may be at most ${CONSENT_REQUEST_BYTES} bytes`, {
      limit: CONSENT_REQUEST_BYTES,
    });
  },
});

/** The site, if it asks for consent; a site without consent settings is as unknown here as no site at all. */
function consentSite(deps: AppDeps, id: string): Site & { consent: NonNullable<Site['consent']> } {
  const site = requireSite(deps, id);
  if (!site.consent) throw notFound(`site "${site.id}" has no consent settings`);
  return site as Site & { consent: NonNullable<Site['consent']> };
}

interface Rendered {
  body: string;
  etag: string;
}

/** Made once per site: the registry does not change while the server runs. */
const rendered = new WeakMap<Site, Rendered>();

/** If-None-Match may list several tags, weak or strong, or `*`. */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** GET /v1/sites/{site}/consent */
export function getConsentConfig(c: Context, deps: AppDeps): Response {
  const site = consentSite(deps, c.req.param('site') ?? '');
  checkOrigin(site, c.req.header('Origin'));
  let hit = rendered.get(site);
  if (!hit) {
    hit = { body: JSON.stringify(site.consent), etag: `"${site.consent.revision}"` };
    rendered.set(site, hit);
  }
  c.header('ETag', hit.etag);
  // Always revalidate: a changed purpose must reach the next page view, and the 304 is cheap.
  c.header('Cache-Control', 'no-cache');
  if (matches(c.req.header('If-None-Match'), hit.etag)) return c.body(null, 304);
  c.header('Content-Type', 'application/json; charset=utf-8');
  return c.body(hit.body, 200);
}

/** POST /v1/consents */
export async function postConsent(c: Context, deps: AppDeps): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const record = parseWith(ConsentRecord, raw);
  if (record.id !== key) {
    throw validationFailed(
      [{ path: 'id', code: 'idempotency_key_mismatch', message: `must equal the ${HEADERS.idempotencyKey} header` }],
      `a consent record is sent with its own id as the ${HEADERS.idempotencyKey}`,
    );
  }
  const site = consentSite(deps, record.site);
  checkOrigin(site, c.req.header('Origin'));
  const now = deps.now();
  const actor = await identify(
    site,
    { authorization: c.req.header('Authorization'), device: c.req.header(HEADERS.device) },
    now,
  );

  const scope: IdempotencyScope = { site: site.id, actor: actorKey(actor), key };
  const hash = requestHash('POST', '/v1/consents', raw);
  // A retry is answered before any limit applies: the outbox must learn its receipt.
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  await limitWrite(deps, site, actor, clientAddress(c, deps.trustedProxyHops), 'consent', now);

  try {
    const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
      const taken = await tx.selectFrom('consent_records').select('id').where('id', '=', record.id).executeTakeFirst();
      if (taken) throw idTaken();
      const receipt = await insertConsent(tx, record, actorKey(actor), deps.now().toISOString());
      return { answer: { status: 201, body: receipt } };
    });
    return respond(c, outcome.answer, outcome.replayed);
  } catch (error) {
    // A send of the same record by the same subject may have committed after our first look (PostgreSQL's
    // read committed shows it to the next statement): its stored answer is ours. Otherwise the id is
    // another subject's record.
    if (isUniqueViolation(error) || (error instanceof ApiError && error.status === 409)) {
      const again = await previousAnswer(deps.db, scope, hash);
      if (again) return respond(c, again, true);
      throw idTaken();
    }
    throw error;
  }
}

const idTaken = () =>
  new ApiError(409, 'conflict', 'a consent record with this id exists already; a new decision needs a new id');
