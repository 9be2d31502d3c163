/**
 * The staff API for complaints (until the console exists, curl is the
 * console): list and read a site's complaints, move one through its
 * lifecycle, write to the user, and log a complaint received by hotline or
 * mailbox. Staff act with the roles their token has in the registry; the
 * machine decides whether a role may do what it asks.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { validateValues } from '../../config/validate-values';
import {
  ComplaintActionRequest,
  ComplaintMessageRequest,
  StaffComplaintRequest,
} from '../../contract/complaint-requests';
import { SubmissionStatus } from '../../contract/common';
import { HEADERS } from '../../contract/headers';
import type { Receipt } from '../../contract/feedback';
import { loadComplaint, staffActors, staffOf } from '../complaints/access';
import type { StaffMember } from '../complaints/access';
import { eventFor } from '../complaints/commands';
import { checkMessageFiles, sendFile, storeMessageFiles } from '../complaints/files';
import { createComplaint } from '../complaints/create';
import { applyEvent } from '../complaints/lifecycle';
import type { Applied, NamedActor } from '../complaints/lifecycle';
import { readDetail, readPage } from '../complaints/read';
import { parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import type { SubmissionRow } from '../db/schema';
import { ApiError, validationFailed } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import type { Site } from '../registry';
import { respond } from './respond';

/** GET /v1/staff/complaints?site=…&status=…&cursor=… */
export async function listStaffComplaints(c: Context, deps: AppDeps): Promise<Response> {
  const member = staffOf(c, deps, c.req.query('site') ?? '');
  const status = c.req.query('status');
  if (status !== undefined && !SubmissionStatus.safeParse(status).success)
    throw new ApiError(400, 'invalid_request', `unknown status "${status}"`);
  return c.json(
    await readPage(deps, member.site, {
      ...(status ? { status } : {}),
      cursor: c.req.query('cursor'),
      limit: c.req.query('limit'),
    }),
  );
}

/** GET /v1/staff/complaints/{id}: with the actions this staff member may take. */
export async function getStaffComplaint(c: Context, deps: AppDeps): Promise<Response> {
  const { row, site } = await loadComplaint(deps, c.req.param('id') ?? '');
  const member = staffOf(c, deps, site.id);
  const detail = await readDetail(deps, site, row, staffActors(member)[0]!);
  // A member with several roles may take what any of them allows.
  for (const actor of staffActors(member).slice(1)) {
    const more = await readDetail(deps, site, row, actor);
    detail.actions = [...new Set([...detail.actions, ...more.actions])];
  }
  return c.json(detail);
}

/** POST /v1/staff/complaints/{id}/actions */
export async function postStaffAction(c: Context, deps: AppDeps): Promise<Response> {
  return staffWrite(c, deps, 'actions', ComplaintActionRequest, async (tx, row, site, member, input) => {
    const at = deps.now().toISOString();
    return firstAccepted(member, async (actor) => {
      const { event, body } = eventFor(input, actor, at);
      return applyEvent(
        tx,
        site,
        row,
        event,
        actor,
        input.version !== undefined ? { body, expectedVersion: input.version } : { body },
      );
    });
  });
}

/** POST /v1/staff/complaints/{id}/messages — with files if need be. */
export async function postStaffMessage(c: Context, deps: AppDeps): Promise<Response> {
  return staffWrite(c, deps, 'messages', ComplaintMessageRequest, async (tx, row, site, member, input) => {
    const files = checkMessageFiles(input.attachments);
    const at = deps.now().toISOString();
    const applied = await firstAccepted(member, (actor) =>
      applyEvent(tx, site, row, { type: 'message', actor: { role: actor.role, id: actor.id }, at }, actor, {
        body: { text: input.text },
      }),
    );
    await storeMessageFiles(tx, deps, row, applied.eventId, files);
    return applied;
  });
}

/** GET /v1/staff/complaints/{id}/files/{fileId} — any file of a complaint of the member's site, the submission's own included. */
export async function getStaffFile(c: Context, deps: AppDeps): Promise<Response> {
  const { row, site } = await loadComplaint(deps, c.req.param('id') ?? '');
  staffOf(c, deps, site.id);
  return sendFile(c, deps, row, c.req.param('fileId') ?? '');
}

/**
 * Tries the member's roles strongest first and keeps the first the machine
 * accepts; when none does, the refusal of the strongest role is the answer.
 * A refused attempt wrote nothing (the machine refuses before any write).
 */
async function firstAccepted(member: StaffMember, attempt: (actor: NamedActor) => Promise<Applied>): Promise<Applied> {
  let first: unknown;
  for (const actor of staffActors(member)) {
    try {
      return await attempt(actor);
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'invalid_transition') throw error;
      first ??= error;
    }
  }
  throw first;
}

type Tx = Parameters<Parameters<typeof commitOnce>[4]>[0];

async function staffWrite<T>(
  c: Context,
  deps: AppDeps,
  what: 'actions' | 'messages',
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<unknown> } };
  },
  work: (tx: Tx, row: SubmissionRow, site: Site, member: StaffMember, input: T) => Promise<Applied>,
): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(schema, raw);
  const id = c.req.param('id') ?? '';
  const { site } = await loadComplaint(deps, id);
  const member = staffOf(c, deps, site.id);
  const scope = { site: site.id, actor: `staff:${member.name}`, key };
  const hash = requestHash('POST', `/v1/staff/complaints/${id}/${what}`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    const row = await tx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const applied = await work(tx, row, site, member, input);
    return { answer: { status: 200, body: { id, ...applied } } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}

/**
 * POST /v1/staff/complaints — a complaint received by hotline or mailbox,
 * logged by staff so it follows the same lifecycle and deadlines. With the
 * user's host id it shows in their tracker.
 */
export async function postStaffComplaint(c: Context, deps: AppDeps): Promise<Response> {
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(StaffComplaintRequest, raw);
  const member = staffOf(c, deps, input.site);
  const site = member.site;
  const formId = input.form ?? Object.keys(site.publicConfig.forms)[0] ?? '';
  const form = site.publicConfig.forms[formId];
  if (!form)
    throw validationFailed([
      { path: 'form', code: 'unknown_form', message: `site "${site.id}" has no form "${formId}"` },
    ]);
  const problems = validateValues(form, {
    kind: 'complaint',
    category: input.category,
    fields: input.fields,
    attachments: [],
  });
  if (problems.length) throw validationFailed(problems);

  const scope = { site: site.id, actor: `staff:${member.name}`, key };
  const hash = requestHash('POST', '/v1/staff/complaints', raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    const row = await createComplaint(
      tx,
      site,
      {
        form: formId,
        category: input.category,
        channel: input.channel,
        locale: input.locale,
        fields: input.fields,
        // Without a host id the complaint belongs to nobody's tracker: the caller gets its number to read out.
        submitter: input.userId
          ? { type: 'user', id: input.userId }
          : { type: 'device', id: `${input.channel}-${randomUUID()}` },
        recordedBy: staffActors(member)[0]!,
        receivedAt: deps.now(),
      },
      deps.registry.serverSecret,
    );
    const { id, tracking_number: trackingNumber, received_at: at } = row;
    const receipt: Receipt = {
      id,
      trackingNumber,
      site: site.id,
      kind: 'complaint',
      category: input.category,
      channel: input.channel,
      status: 'submitted',
      receivedAt: at,
      attachments: [],
    };
    return { answer: { status: 201, body: receipt } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}
