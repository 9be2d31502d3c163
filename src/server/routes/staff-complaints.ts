/**
 * The staff API for complaints: list and read a site's complaints (and any
 * submission the queue shows), move one through its lifecycle, write to the
 * user, add internal notes, assign and recategorise (a complaint received
 * by another channel is logged in staff-intake.ts). Staff act as their principal
 * (src/server/staff) with the roles their token gives; the permissions
 * (staff/permissions.ts) say whether they may ask at all, and the machine
 * whether a role may do it to the complaint as it stands.
 */
import type { Context } from 'hono';
import {
  ComplaintActionRequest,
  StaffMessageRequest,
  ThirdPartyOutcomeRequest,
} from '../../contract/complaint-requests';
import { SubmissionStatus, type FieldValue } from '../../contract/common';
import {
  AssignRequest,
  CategoryRequest,
  NoteRequest,
  RevealRequest,
  type RevealResult,
  type StaffComplaintDetail,
  type StaffPermission,
} from '../../contract/staff';
import { HEADERS } from '../../contract/headers';
import { loadSubmission, NOT_YOURS } from '../complaints/access';
import { dayIn, notInFuture, rulingRefusal } from '../complaints/arbitration';
import { readThirdParty } from '../complaints/arbitration-records';
import { eventFor } from '../complaints/commands';
import { checkMessageFiles, sendFile, storeMessageFiles } from '../complaints/files';
import { applyEvent } from '../complaints/lifecycle';
import type { Applied, NamedActor } from '../complaints/lifecycle';
import { readDetail, readPage } from '../complaints/read';
import { addNote, assign, recategorise } from '../complaints/staff-changes';
import { parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import type { DbExecutor } from '../blobs';
import type { SubmissionRow } from '../db/schema';
import { ApiError, notFound, validationFailed } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import type { Site } from '../registry';
import { audit, type AuditDetail } from '../staff/audit';
import { staffCredential, staffOf, type StaffPrincipal } from '../staff/identity';
import { maskFields, personalFields } from '../staff/masking';
import { AUTOMATION_PREFIX, PERSON_PREFIX } from '../staff/principal-ids';
import { idempotencyActorOf, lifecycleActors, refusalOf, requirePermission } from '../staff/permissions';
import { respond } from './respond';
import { pointsGivenOf } from './staff-complaint-points';

/**
 * The submission `id` (a complaint, or feedback of another kind) and the
 * principal asking about it: who asks comes first (no token is a 401
 * whatever the id). Lifecycle actions on feedback that has none are the
 * machine's 409.
 */
async function staffComplaint(
  c: Context,
  deps: AppDeps,
  id: string,
): Promise<{ row: SubmissionRow; site: Site; principal: StaffPrincipal }> {
  const credential = await staffCredential(c, deps);
  const { row, site } = await loadSubmission(deps, id);
  return { row, site, principal: credential.on(site, () => notFound(NOT_YOURS)) };
}

/** GET /v1/staff/complaints?site=…&status=…&cursor=… (audited as `queue.read`, with its filter) */
export async function listStaffComplaints(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const status = c.req.query('status');
  if (status !== undefined && !SubmissionStatus.safeParse(status).success)
    throw new ApiError(400, 'invalid_request', `unknown status "${status}"`);
  const cursor = c.req.query('cursor');
  const page = await readPage(deps, member.site, {
    ...(status ? { status } : {}),
    cursor,
    limit: c.req.query('limit'),
  });
  await audit(
    deps.db,
    member,
    {
      action: 'queue.read',
      detail: { status: status ?? null, page: cursor ? 'next' : 'first', count: page.items.length },
    },
    deps.now(),
  );
  return c.json(page);
}

/**
 * GET /v1/staff/complaints/{id} (StaffComplaintDetail): the personal fields
 * masked (`masked` names them; POST …/reveal shows them), and the actions
 * this principal may take: what any of its roles may do in the lifecycle,
 * less what its permissions hold back (nothing without `work`, no ruling
 * without `rule`). Audited as `complaint.read`.
 */
export async function getStaffComplaint(c: Context, deps: AppDeps): Promise<Response> {
  const { row, site, principal } = await staffComplaint(c, deps, c.req.param('id') ?? '');
  const [first, ...others] = lifecycleActors(principal);
  const detail = await readDetail(
    deps,
    site,
    row,
    first ?? { role: 'agent', id: principal.principal, name: null },
    'staff',
  );
  for (const actor of others) {
    const more = await readDetail(deps, site, row, actor, 'staff');
    detail.actions = [...new Set([...detail.actions, ...more.actions])];
  }
  if (!first || refusalOf(principal, site, 'work')) detail.actions = [];
  if (refusalOf(principal, site, 'rule')) detail.actions = detail.actions.filter((a) => a !== 'rule');
  const { fields, masked } = maskFields(site.publicConfig.forms[row.form], detail.fields);
  const answer: StaffComplaintDetail = {
    ...detail,
    fields,
    assignee: row.assignee ? { principal: row.assignee, name: row.assignee_name ?? row.assignee } : null,
    complex: row.complex === 1,
    masked,
    pointsGiven: await pointsGivenOf(deps.db, site, row.id),
    cannotRule: rulingRefusal(row, site, principal, deps.now().toISOString()),
  };
  await audit(deps.db, principal, { action: 'complaint.read', subject: row.id }, deps.now());
  return c.json(answer);
}

/**
 * POST /v1/staff/complaints/{id}/reveal {reason} — the personal fields in
 * clear, for a principal whose role the site's `revealRoles` allows, and one
 * `contact.reveal` entry in the audit log with the reason and which fields.
 * Not idempotent by key: each reveal is a reading of its own, and each is
 * logged.
 */
export async function postReveal(c: Context, deps: AppDeps): Promise<Response> {
  const { row, site, principal } = await staffComplaint(c, deps, c.req.param('id') ?? '');
  requirePermission(principal, 'reveal');
  const input = parseWith(RevealRequest, await readJson(c));
  const fields = personalFields(
    site.publicConfig.forms[row.form],
    JSON.parse(row.fields_json) as Record<string, FieldValue>,
  );
  await audit(
    deps.db,
    principal,
    {
      action: 'contact.reveal',
      subject: row.id,
      detail: { reason: input.reason, fields: Object.keys(fields).join(',') },
    },
    deps.now(),
  );
  const answer: RevealResult = { fields };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}

/**
 * POST /v1/staff/complaints/{id}/actions (audited as `complaint.action`:
 * which action, a ruling's outcome, a referral's third party; the words are
 * in the timeline)
 */
export async function postStaffAction(c: Context, deps: AppDeps): Promise<Response> {
  return staffWrite(
    c,
    deps,
    { path: 'actions', permission: 'work', audit: 'complaint.action' },
    ComplaintActionRequest,
    (input) => ({
      action: input.action,
      ...(input.outcome ? { outcome: input.outcome } : {}),
      ...(input.referral ? { thirdParty: input.referral.body } : {}),
    }),
    async (tx, row, site, member, input) => {
      const at = deps.now().toISOString();
      return firstAccepted(member, async (actor) => {
        // The zone only dates "today" (a referral cannot be dated later): the site's zone now, not the complaint's version's.
        const { event, body } = eventFor(input, actor, at, site.sla.schedule.timeZone);
        return applyEvent(
          tx,
          site,
          row,
          event,
          actor,
          input.version !== undefined ? { body, expectedVersion: input.version } : { body },
        );
      });
    },
  );
}

/**
 * POST /v1/staff/complaints/{id}/messages — with files if need be, and the
 * version it was written against, if given: a complaint changed since is a
 * 409 and nothing is sent, so two colleagues do not answer at once unawares
 * (audited as `complaint.message`: its length and files).
 */
export async function postStaffMessage(c: Context, deps: AppDeps): Promise<Response> {
  const summarise = (input: StaffMessageRequest): AuditDetail => ({
    length: input.text.length,
    files: input.attachments?.length ?? 0,
  });
  return staffWrite(
    c,
    deps,
    { path: 'messages', permission: 'work', audit: 'complaint.message' },
    StaffMessageRequest,
    summarise,
    async (tx, row, site, member, input) => {
      const files = checkMessageFiles(input.attachments);
      const at = deps.now().toISOString();
      const applied = await firstAccepted(member, (actor) =>
        applyEvent(tx, site, row, { type: 'message', actor: { role: actor.role, id: actor.id }, at }, actor, {
          body: { text: input.text },
          ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
        }),
      );
      await storeMessageFiles(tx, deps, row, applied.eventId, files);
      return applied;
    },
  );
}

/**
 * POST /v1/staff/complaints/{id}/notes {text} — an internal note: a line of
 * the staff's timeline that no user-facing answer, stream or webhook ever
 * carries (audited as `note`: its length, not its text).
 */
export async function postNote(c: Context, deps: AppDeps): Promise<Response> {
  return staffWrite(
    c,
    deps,
    { path: 'notes', permission: 'note', audit: 'note' },
    NoteRequest,
    (input) => ({ length: input.text.length }),
    (tx, row, _site, member, input) => addNote(tx, row, staffActor(member), input.text, deps.now().toISOString()),
  );
}

/**
 * POST /v1/staff/complaints/{id}/third-party-outcome {outcome, decidedOn,
 * body?, reference?, version?} — what the third party decided, recorded
 * once by staff with the `work` permission (a person or automation: it
 * records a decision made elsewhere); the complaint is then resolved. The
 * date may be neither after today in the site's time zone nor before the
 * referral. `body` names the third party when no referral did (the user
 * asked for one), and only then. A second outcome is a 409
 * `invalid_transition` with `details.reason` `already_recorded`. Audited as
 * `third_party.outcome`.
 */
export async function postThirdPartyOutcome(c: Context, deps: AppDeps): Promise<Response> {
  return staffWrite(
    c,
    deps,
    { path: 'third-party-outcome', permission: 'work', audit: 'third_party.outcome' },
    ThirdPartyOutcomeRequest,
    (input) => ({ decidedOn: input.decidedOn, length: input.outcome.length }),
    async (tx, row, site, member, input) => {
      const at = deps.now().toISOString();
      const third = await readThirdParty(tx, row.id);
      if (third?.outcome_at)
        throw new ApiError(
          409,
          'invalid_transition',
          `the third party's outcome was recorded at ${third.outcome_at}; it is recorded once`,
          { reason: 'already_recorded' },
        );
      // "Today" in the site's zone now, not in the complaint's version's.
      notInFuture('decidedOn', input.decidedOn, dayIn(site.sla.schedule.timeZone, at));
      if (third?.referred_on && input.decidedOn < third.referred_on)
        throw validationFailed([
          {
            path: 'decidedOn',
            code: 'before_referral',
            message: `the third party cannot have decided before the referral (${third.referred_on})`,
            params: { min: third.referred_on },
          },
        ]);
      const named = Boolean(third?.body);
      if (named && (input.body !== undefined || input.reference !== undefined))
        throw validationFailed([
          {
            path: input.body !== undefined ? 'body' : 'reference',
            code: 'unexpected',
            message: `the referral named the third party already (${third!.body})`,
          },
        ]);
      if (third && !named && input.body === undefined)
        throw validationFailed([
          { path: 'body', code: 'required', message: 'name the third party that decided: no referral named it' },
        ]);
      return firstAccepted(member, (actor) =>
        applyEvent(
          tx,
          site,
          row,
          { type: 'third_party_outcome', actor: { role: actor.role, id: actor.id }, at, text: input.outcome },
          actor,
          {
            body: {
              text: input.outcome,
              decidedOn: input.decidedOn,
              ...(input.body !== undefined ? { thirdPartyBody: input.body } : {}),
              ...(input.reference !== undefined ? { thirdPartyReference: input.reference } : {}),
            },
            ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
          },
        ),
      );
    },
  );
}

/** `staff:person:<sub>` or `staff:automation:<name>`, as principals are spelt (staff/principal-ids.ts). */
const PRINCIPAL = new RegExp(`^(?:${PERSON_PREFIX}|${AUTOMATION_PREFIX})[^\\u0000-\\u001f\\u007f]{1,200}$`);

/**
 * POST /v1/staff/complaints/{id}/assignee {assignee, version} — claim (your
 * own principal), assign or reassign (another's: any principal spelt as one,
 * since the host, not usercare, knows its staff), or release (null). Shown
 * by the name the principal gave its token when it is the asker, else the
 * name it last acted under on the site (the audit log's), else the principal
 * itself. Audited as `assign`.
 */
export async function postAssignee(c: Context, deps: AppDeps): Promise<Response> {
  return staffWrite(
    c,
    deps,
    { path: 'assignee', permission: 'assign', audit: 'assign' },
    AssignRequest,
    (input) => ({ assignee: input.assignee, version: input.version }),
    async (tx, row, _site, member, input) => {
      const target = input.assignee;
      if (target !== null && !PRINCIPAL.test(target))
        throw validationFailed([
          {
            path: 'assignee',
            code: 'invalid_principal',
            message: `an assignee is a principal, ${PERSON_PREFIX}<sub> or ${AUTOMATION_PREFIX}<name>, or null to release`,
          },
        ]);
      const to =
        target === null
          ? null
          : { principal: target, name: target === member.principal ? member.name : await nameOf(tx, member, target) };
      return assign(tx, row, to, staffActor(member), input.version, deps.now().toISOString());
    },
  );
}

/** The name `principal` last acted under on the asker's site (any staff read or write is in the audit log), else the principal. */
async function nameOf(tx: DbExecutor, member: StaffPrincipal, principal: string): Promise<string> {
  const last = await tx
    .selectFrom('audit_log')
    .select('name')
    .where('site', '=', member.site.id)
    .where('principal', '=', principal)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.name ?? principal;
}

/**
 * POST /v1/staff/complaints/{id}/category {category, complex, version} —
 * another category of the site's form, and the complex mark: set, it starts
 * the 24-hour solution clock from receipt; taken off, the site's policy
 * stands again. The deadlines are counted again in the same transaction.
 * Only a complaint can be complex. Audited as `category`.
 */
export async function postCategory(c: Context, deps: AppDeps): Promise<Response> {
  return staffWrite(
    c,
    deps,
    { path: 'category', permission: 'categorise', audit: 'category' },
    CategoryRequest,
    (input) => ({ category: input.category, complex: input.complex, version: input.version }),
    async (tx, row, site, member, input) => {
      const forms = site.publicConfig.forms;
      // A retired category takes nothing new; a complaint already in it may stay (its complex mark changed alone).
      const all = (forms[row.form] ? [forms[row.form]!] : Object.values(forms)).flatMap((f) => f.categories);
      const categories = all.filter((c) => !c.retired || c.id === row.category).map((c) => c.id);
      if (!categories.includes(input.category))
        throw validationFailed([
          {
            path: 'category',
            code: 'invalid_category',
            message: all.some((c) => c.id === input.category)
              ? `category "${input.category}" is retired: it takes no other complaint (it has ${categories.join(', ')})`
              : `site "${site.id}" has no category "${input.category}" (it has ${categories.join(', ')})`,
          },
        ]);
      if (input.complex && row.kind !== 'complaint')
        throw validationFailed([
          {
            path: 'complex',
            code: 'not_a_complaint',
            message: `only a complaint can be complex (this is a ${row.kind}): it has no solution deadline`,
          },
        ]);
      return recategorise(
        tx,
        site,
        row,
        { category: input.category, complex: input.complex },
        staffActor(member),
        input.version,
        deps.now().toISOString(),
      );
    },
  );
}

/**
 * How a staff member appears on a line they add outside the lifecycle: by
 * principal, with their strongest role (a supervisor, who has none in the
 * lifecycle, writes nothing).
 */
function staffActor(member: StaffPrincipal): NamedActor {
  return lifecycleActors(member)[0] ?? { role: 'agent', id: member.principal, name: member.name };
}

/** GET /v1/staff/complaints/{id}/files/{fileId} — any file of a complaint of the member's site, the submission's own included. */
export async function getStaffFile(c: Context, deps: AppDeps): Promise<Response> {
  const { row, principal } = await staffComplaint(c, deps, c.req.param('id') ?? '');
  const fileId = c.req.param('fileId') ?? '';
  const file = await sendFile(c, deps, row, fileId);
  await audit(deps.db, principal, { action: 'complaint.file', subject: row.id, detail: { file: fileId } }, deps.now());
  return file;
}

/**
 * Tries the member's roles strongest first and keeps the first the machine
 * accepts; when none does, the refusal of the strongest role is the answer.
 * A refused attempt wrote nothing (the machine refuses before any write).
 */
async function firstAccepted(
  member: StaffPrincipal,
  attempt: (actor: NamedActor) => Promise<Applied>,
): Promise<Applied> {
  let first: unknown;
  for (const actor of lifecycleActors(member)) {
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

/** A staff write on one submission: where it is posted, the permission it takes and its audit action. */
interface StaffWriteRoute {
  path: 'actions' | 'messages' | 'notes' | 'assignee' | 'category' | 'third-party-outcome';
  permission: StaffPermission;
  audit: string;
}

/**
 * One idempotent staff write on a submission: the permission, the key, the
 * body, then in ONE transaction the change (read again inside it), its
 * audit entry and the stored answer, ComplaintChange for every route.
 */
async function staffWrite<T>(
  c: Context,
  deps: AppDeps,
  route: StaffWriteRoute,
  schema: {
    safeParse(
      input: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<unknown> } };
  },
  summarise: (input: T) => AuditDetail,
  work: (tx: Tx, row: SubmissionRow, site: Site, member: StaffPrincipal, input: T) => Promise<Applied>,
): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const { site, principal: member } = await staffComplaint(c, deps, id);
  const refusal = refusalOf(member, site, route.permission);
  if (refusal) {
    // Whoever may rule may also work: a ruling refused here is refused as a ruling, so the reason says why (not an arbitrator).
    const body = (await readJson(c).catch(() => undefined)) as { action?: unknown } | undefined;
    if (body?.action === 'rule') requirePermission(member, 'rule');
    throw new ApiError(403, 'forbidden', refusal.message, { reason: refusal.reason });
  }
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(schema, raw);
  // A ruling decides a dispute: a permission of its own, and a person's (see staff/permissions.ts).
  if ((input as { action?: unknown }).action === 'rule') requirePermission(member, 'rule');
  const scope = { site: site.id, actor: idempotencyActorOf(member), key };
  const hash = requestHash('POST', `/v1/staff/complaints/${id}/${route.path}`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  const outcome = await commitOnce(deps.db, scope, hash, deps.now, async (tx) => {
    const row = await tx.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const applied = await work(tx, row, site, member, input);
    await audit(
      tx,
      member,
      {
        action: route.audit,
        subject: id,
        detail: { ...summarise(input), status: applied.status, version: applied.version },
      },
      deps.now(),
    );
    return { answer: { status: 200, body: { id, ...applied } } };
  });
  return respond(c, outcome.answer, outcome.replayed);
}
