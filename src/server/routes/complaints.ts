/**
 * The end user's complaint endpoints: their list, one complaint with its
 * timeline and deadlines, actions, messages, and the tracking-number lookup
 * that opens a complaint on another device.
 */
import type { Context } from 'hono';
import type { ComplaintDetail, ComplaintList, LookupResult } from '../../contract/complaints';
import { ComplaintActionRequest, ComplaintMessageRequest, LookupRequest } from '../../contract/complaint-requests';
import { HEADERS } from '../../contract/headers';
import { KINDS, Kind } from '../../contract/common';
import { actorKey } from '../auth';
import type { Actor } from '../auth';
import { asLifecycleActor, loadComplaint, loadSubmission, NOT_YOURS, owns, userOf } from '../complaints/access';
import { eventFor } from '../complaints/commands';
import { checkMessageFiles, sendFile, storeMessageFiles } from '../complaints/files';
import { INTAKE_CONTACT_FIELD } from '../complaints/intake';
import { applyEvent } from '../complaints/lifecycle';
import { readDetail, readPage } from '../complaints/read';
import { addressKey, clientAddress } from '../client-address';
import { checkOrigin, parseWith, readJson, requireSite } from '../context';
import { limitWrite, uploadBytesOf } from '../write-limits';
import type { AppDeps } from '../context';
import { ApiError, notFound } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import { deriveAccessKey, TRACKING_NUMBER_PATTERN } from '../tracking';
import { respond } from './respond';

/**
 * GET /v1/complaints?site=…&kind=…&cursor=…&limit=… — the asking user's or
 * device's complaints (or, with `kind`, their feedback of one kind, or
 * `all` of it), latest change first.
 */
export async function listComplaints(c: Context, deps: AppDeps): Promise<Response> {
  const site = requireSite(deps, c.req.query('site') ?? '');
  checkOrigin(site, c.req.header('Origin'));
  const kind = c.req.query('kind');
  if (kind !== undefined && kind !== 'all' && !Kind.safeParse(kind).success)
    throw new ApiError(400, 'invalid_request', `kind must be all or one of ${KINDS.join(', ')}`);
  const actor = await userOf(c, deps, site);
  const page: ComplaintList = await readPage(deps, site, {
    submitter: { type: actor.type, id: actor.id },
    ...(kind !== undefined ? { kind: kind as Kind | 'all' } : {}),
    cursor: c.req.query('cursor'),
    limit: c.req.query('limit'),
  });
  return c.json(page);
}

/**
 * GET /v1/complaints/{id} — with `X-Usercare-Access-Key` for an anonymous
 * complaint opened on another device. Feedback of the other kinds reads the
 * same way (no deadlines or actions; its decision once staff took one).
 */
export async function getComplaint(c: Context, deps: AppDeps): Promise<Response> {
  const { row, site } = await loadSubmission(deps, c.req.param('id') ?? '');
  checkOrigin(site, c.req.header('Origin'));
  const actor = await userOf(c, deps, site);
  if (!owns(actor, row, c.req.header(HEADERS.accessKey))) throw notFound(NOT_YOURS);
  const detail: ComplaintDetail = await readDetail(deps, site, row, asLifecycleActor(actor), 'user');
  return c.json(detail);
}

/** POST /v1/complaints/{id}/actions — withdraw, answer, confirm, dispute, rate, ask for a third party. */
export async function postComplaintAction(c: Context, deps: AppDeps): Promise<Response> {
  return userWrite(c, deps, 'actions', ComplaintActionRequest, async (tx, row, site, actor, input) => {
    const who = asLifecycleActor(actor);
    // The zone only dates "today": the site's zone now, not the complaint's version's.
    const { event, body } = eventFor(input, who, deps.now().toISOString(), site.sla.schedule.timeZone);
    const applied = await applyEvent(
      tx,
      site,
      row,
      event,
      who,
      input.version !== undefined ? { body, expectedVersion: input.version } : { body },
    );
    return { id: row.id, ...applied };
  });
}

/** POST /v1/complaints/{id}/messages — the user writes to staff, with files if they like; the status stays. */
export async function postComplaintMessage(c: Context, deps: AppDeps): Promise<Response> {
  return userWrite(c, deps, 'messages', ComplaintMessageRequest, async (tx, row, site, actor, input) => {
    const files = checkMessageFiles(input.attachments);
    const who = asLifecycleActor(actor);
    const at = deps.now().toISOString();
    const applied = await applyEvent(
      tx,
      site,
      row,
      { type: 'message', actor: { role: who.role, id: who.id }, at },
      who,
      { body: { text: input.text } },
    );
    await storeMessageFiles(tx, deps, row, applied.eventId, files);
    return { id: row.id, ...applied };
  });
}

/** GET /v1/complaints/{id}/files/{fileId} — a file of the user's own complaint (theirs or one staff sent), or of their other feedback. */
export async function getComplaintFile(c: Context, deps: AppDeps): Promise<Response> {
  const { row, site } = await loadSubmission(deps, c.req.param('id') ?? '');
  checkOrigin(site, c.req.header('Origin'));
  const actor = await userOf(c, deps, site);
  if (!owns(actor, row, c.req.header(HEADERS.accessKey))) throw notFound(NOT_YOURS);
  return sendFile(c, deps, row, c.req.param('fileId') ?? '');
}

type Tx = Parameters<Parameters<typeof commitOnce>[4]>[0];

/** An idempotent write by the complaint's owner: a retry with the same key gets the first answer and changes nothing. */
async function userWrite<
  T extends { accessKey?: string | undefined; attachments?: ReadonlyArray<{ size: number }> | undefined },
>(
  c: Context,
  deps: AppDeps,
  what: 'actions' | 'messages',
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<unknown> } };
  },
  work: (
    tx: Tx,
    row: Awaited<ReturnType<typeof loadComplaint>>['row'],
    site: Awaited<ReturnType<typeof loadComplaint>>['site'],
    actor: Actor,
    input: T,
  ) => Promise<object>,
): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(schema, raw);
  const id = c.req.param('id') ?? '';
  const { row, site } = await loadComplaint(deps, id);
  checkOrigin(site, c.req.header('Origin'));
  const actor = await userOf(c, deps, site);
  if (!owns(actor, row, input.accessKey)) throw notFound(NOT_YOURS);

  const scope = { site: site.id, actor: actorKey(actor), key };
  const hash = requestHash('POST', `/v1/complaints/${id}/${what}`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  await limitWrite(
    deps,
    site,
    actor,
    clientAddress(c, deps.trustedProxyHops),
    'complaint',
    deps.now(),
    uploadBytesOf(input.attachments),
  );
  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    // Read again inside the transaction: the version check is against what is there now.
    const current = await tx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { answer: { status: 200, body: await work(tx, current, site, actor, input) } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}

/**
 * POST /v1/complaints/lookup — a tracking number plus the e-mail address or
 * phone number given with it opens an anonymous complaint on another device.
 * Rate-limited per client and site, and every miss looks the same.
 */
export async function postLookup(c: Context, deps: AppDeps): Promise<Response> {
  const input = parseWith(LookupRequest, await readJson(c));
  const site = requireSite(deps, input.site);
  checkOrigin(site, c.req.header('Origin'));
  const now = deps.now();
  const miss = () => notFound('no complaint matches this tracking number and contact');
  // The number as it is looked up, before any bucket: written another way (case, spaces) it is the same number and the same bucket.
  const number = input.trackingNumber.trim().toUpperCase();
  if (!TRACKING_NUMBER_PATTERN.test(number)) throw miss();
  const limited = await deps.limiter.take(
    [
      {
        key: `lookup:${site.id}:${addressKey(clientAddress(c, deps.trustedProxyHops))}`,
        perMinute: LOOKUPS_PER_MINUTE,
      },
      { key: `lookup-number:${site.id}:${number}`, perMinute: LOOKUPS_PER_MINUTE },
    ],
    now.getTime(),
  );
  if (!limited.ok) {
    throw new ApiError(
      429,
      'rate_limited',
      `too many lookups; try again in ${limited.retryAfterSeconds} s`,
      { retryAfter: limited.retryAfterSeconds },
      {
        [HEADERS.retryAfter]: String(limited.retryAfterSeconds),
      },
    );
  }
  const row = await deps.db
    .selectFrom('submissions')
    .selectAll()
    .where('site', '=', site.id)
    .where('tracking_number', '=', number)
    .executeTakeFirst();
  // Identified users open their complaints by signing in; only anonymous ones have an access key to give.
  if (!row || row.lifecycle_json === null || row.submitter_type !== 'device') throw miss();
  if (!contactMatches(row.fields_json, site, row.form, input.contact)) throw miss();
  const result: LookupResult = {
    id: row.id,
    trackingNumber: row.tracking_number,
    accessKey: deriveAccessKey(deps.registry.serverSecret, row.id),
  };
  return c.json(result);
}

/** Per client address and per tracking number: slow enough that guessing six characters of 29 is hopeless. */
const LOOKUPS_PER_MINUTE = 5;

/**
 * True when `contact` equals a value the user gave in an e-mail or phone
 * field of the form, or the contact staff took down for it (case, spaces
 * and dashes aside).
 */
function contactMatches(
  fieldsJson: string,
  site: Awaited<ReturnType<typeof loadComplaint>>['site'],
  formId: string,
  contact: string,
): boolean {
  const form = site.publicConfig.forms[formId];
  if (!form) return false;
  const fields = JSON.parse(fieldsJson) as Record<string, unknown>;
  const wanted = normalizeContact(contact);
  const given = (name: string) => {
    const value = fields[name];
    return typeof value === 'string' && normalizeContact(value) === wanted;
  };
  return (
    form.fields.some((f) => (f.type === 'email' || f.type === 'tel') && given(f.name)) ||
    (!form.fields.some((f) => f.name === INTAKE_CONTACT_FIELD) && given(INTAKE_CONTACT_FIELD))
  );
}

const normalizeContact = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s()-]/g, '');
