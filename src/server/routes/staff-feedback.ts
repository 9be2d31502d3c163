/**
 * Triage of feedback other than complaints (the guideline's 二(二)1–2):
 * the triage view's read, and the one decision each submission takes. A
 * suggestion is adopted (`accept`: its signed-in sender earns the points
 * the site's rule gives) or declined with a reason; a report is confirmed
 * (its sender earns; the user it was about may be penalised, never below a
 * balance of 0, or warned) or dismissed with a reason; praise is
 * acknowledged; a question is answered. The decision is kept on the row
 * (`decision_json`), shown to the sender in their tracker, and taken once:
 * a second is a 409. Reading takes any staff role, deciding `moderate`.
 */
import type { Context } from 'hono';
import { DECISIONS_OF, TEXT_NEEDED, type DecidedKind } from '../../contract/feedback-decisions';
import type { FieldError } from '../../contract/errors';
import type { SubmissionStatus } from '../../contract/common';
import { HEADERS } from '../../contract/headers';
import type { Trigger } from '../../contract/points';
import {
  FeedbackDecisionRequest,
  type FeedbackDecision,
  type StaffDecided,
  type StaffFeedbackDetail,
} from '../../contract/staff-feedback';
import type { DbExecutor } from '../blobs';
import { publish } from '../complaints/lifecycle';
import { readDetail } from '../complaints/read';
import { storedDecision } from '../complaints/view';
import { parseWith, readJson } from '../context';
import type { AppDeps } from '../context';
import type { SubmissionRow } from '../db/schema';
import { ApiError, notFound, validationFailed } from '../errors';
import { commitOnce, previousAnswer, requestHash, requireIdempotencyKey } from '../idempotency';
import { earnIn } from '../points/accounts';
import { toWire } from '../points/ledger';
import { lockAccounts, takeIn } from '../points/staff-given';
import type { Site } from '../registry';
import { audit } from '../staff/audit';
import { staffCredential, type StaffPrincipal } from '../staff/identity';
import { maskFields } from '../staff/masking';
import { idempotencyActorOf, requirePermission } from '../staff/permissions';
import { respond } from './respond';

/** The status each decision leaves the submission in (the tracker words it for the sender). */
const STATUS_OF: Record<FeedbackDecision['decision'], SubmissionStatus> = {
  accept: 'accepted',
  decline: 'rejected',
  confirm: 'accepted',
  dismiss: 'rejected',
  acknowledge: 'closed',
  answer: 'replied',
};

/** What earns the sender points, by the site's rule of that name. */
const EARNS: Partial<Record<FeedbackDecision['decision'], Trigger>> = {
  accept: 'suggestion_accepted',
  confirm: 'report_confirmed',
};

const NO_FEEDBACK = 'no feedback with this id';

/** The feedback `id` (never a complaint: that has its lifecycle) and who asks about it; who asks comes first. */
async function staffFeedback(
  c: Context,
  deps: AppDeps,
): Promise<{ row: SubmissionRow & { kind: DecidedKind }; site: Site; member: StaffPrincipal }> {
  const credential = await staffCredential(c, deps);
  const id = c.req.param('id') ?? '';
  const row = await deps.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
  const site = row && deps.registry.getSite(row.site);
  if (!row || !site || row.kind === 'complaint') throw notFound(NO_FEEDBACK);
  return {
    row: row as SubmissionRow & { kind: DecidedKind },
    site,
    member: credential.on(site, () => notFound(NO_FEEDBACK)),
  };
}

/**
 * GET /v1/staff/feedback/{id} (any staff role; audited as `feedback.read`):
 * the submission with its contacts masked, its files, the decision once
 * taken, and what deciding it would do (the decisions its kind takes, the
 * points the site's rule gives its sender, a penalty's default).
 */
export async function getStaffFeedback(c: Context, deps: AppDeps): Promise<Response> {
  const { row, site, member } = await staffFeedback(c, deps);
  const detail = await readDetail(deps, site, row, { role: 'agent', id: member.principal, name: member.name }, 'staff');
  const { fields, masked } = maskFields(site.publicConfig.forms[row.form], detail.fields);
  const trigger = EARNS[DECISIONS_OF[row.kind][0]!];
  const decision = row.decision_json !== null ? storedDecision(row.decision_json) : null;
  const answer: StaffFeedbackDetail = {
    ...detail,
    kind: row.kind,
    fields,
    masked,
    assignee: row.assignee ? { principal: row.assignee, name: row.assignee_name ?? row.assignee } : null,
    complex: false,
    pointsGiven: [],
    cannotRule: null,
    decision,
    offers: {
      decisions: decision || row.status !== 'submitted' ? [] : [...DECISIONS_OF[row.kind]],
      earn: trigger && row.submitter_type === 'user' ? (site.settings.points.earn[trigger]?.points ?? null) : null,
      penaltyPoints: site.settings.points.penaltyPoints,
    },
  };
  await audit(deps.db, member, { action: 'feedback.read', subject: row.id }, deps.now());
  return c.json(answer);
}

/** The request's problems beyond its shape: a decision the kind does not take, a reason or answer left out. */
function problemsOf(kind: DecidedKind, input: FeedbackDecisionRequest): FieldError[] {
  const allowed = DECISIONS_OF[kind];
  if (!allowed.includes(input.decision))
    return [
      {
        path: 'decision',
        code: 'invalid_value',
        message: `a ${kind} is decided with ${allowed.join(' or ')}`,
      },
    ];
  const problems: FieldError[] = [];
  const needed = TEXT_NEEDED[input.decision];
  if (needed && !input[needed]?.trim())
    problems.push({
      path: needed,
      code: 'required',
      message:
        needed === 'answer'
          ? 'an answer needs its text, shown to the one who asked'
          : `${input.decision === 'decline' ? 'declining' : 'dismissing'} needs a reason, shown to the one who sent it`,
    });
  if (input.answer !== undefined && input.decision !== 'answer')
    problems.push({ path: 'answer', code: 'not_allowed', message: 'only a question is answered' });
  if (input.sanction !== undefined && input.decision !== 'confirm')
    problems.push({ path: 'sanction', code: 'not_allowed', message: 'only a confirmed report penalises or warns' });
  if (input.sanction?.type === 'warning' && input.sanction.points !== undefined)
    problems.push({ path: 'sanction.points', code: 'not_allowed', message: 'a warning takes no points' });
  return problems;
}

/**
 * POST /v1/staff/feedback/{id}/decision (agent, admin; Idempotency-Key;
 * audited as `feedback.decision`). One transaction: the row's status and
 * decision (refused with a 409 when one was taken, or the sender withdrew
 * it), the sender's points, the reported user's penalty or warning, the
 * news for the sender's tracker and every console, and the audit entry.
 */
export async function postFeedbackDecision(c: Context, deps: AppDeps): Promise<Response> {
  const { row, site, member } = await staffFeedback(c, deps);
  requirePermission(member, 'moderate');
  const key = requireIdempotencyKey(c.req.header(HEADERS.idempotencyKey));
  const raw = await readJson(c);
  const input = parseWith(FeedbackDecisionRequest, raw);
  const problems = problemsOf(row.kind, input);
  if (problems.length) throw validationFailed(problems);
  const scope = { site: site.id, actor: idempotencyActorOf(member), key };
  const hash = requestHash('POST', `/v1/staff/feedback/${row.id}/decision`, raw);
  const earlier = await previousAnswer(deps.db, scope, hash);
  if (earlier) return respond(c, earlier, true);
  const outcome = await commitOnce(deps.db, scope, hash, deps.now, (tx) => decide(tx, deps, site, member, row, input));
  return respond(c, outcome.answer, outcome.replayed);
}

async function decide(
  tx: DbExecutor,
  deps: AppDeps,
  site: Site,
  member: StaffPrincipal,
  row: SubmissionRow & { kind: DecidedKind },
  input: FeedbackDecisionRequest,
): Promise<{ answer: { status: number; body: FeedbackDecision } }> {
  const current = await tx
    .selectFrom('submissions')
    .select(['status', 'decision_json'])
    .where('id', '=', row.id)
    .executeTakeFirstOrThrow();
  if (current.decision_json !== null || current.status !== 'submitted')
    throw alreadyDecided(
      row.kind,
      current.status,
      current.decision_json !== null ? storedDecision(current.decision_json).decision : undefined,
    );
  const now = deps.now();
  const at = now.toISOString();
  const trigger = EARNS[input.decision];
  const earner = trigger && row.submitter_type === 'user' ? row.submitter_id : undefined;
  const sanction = input.sanction;
  if (earner && sanction) await lockAccounts(tx, site, [earner, sanction.user], now);

  const earned =
    earner && trigger
      ? await earnIn(
          tx,
          site,
          earner,
          trigger,
          `feedback:${row.id}`,
          { code: trigger, trackingNumber: row.tracking_number },
          now,
        )
      : undefined;
  const taken = sanction
    ? await takeIn(
        tx,
        site,
        {
          user: sanction.user,
          points: sanction.type === 'warning' ? 0 : (sanction.points ?? site.settings.points.penaltyPoints),
          reason: { code: sanction.type === 'warning' ? 'warning' : 'penalty', text: sanction.reason },
          source: `report:${row.id}`,
          note: input.note ?? null,
          staff: member.principal,
        },
        now,
      )
    : undefined;
  const decided: StaffDecided = {
    decision: input.decision,
    text: (input.decision === 'answer' ? input.answer : input.reason)?.trim() ?? null,
    at,
    by: { principal: member.principal, name: member.name },
    note: input.note ?? null,
    points: earned ? earned.entry.points : null,
    sanction:
      sanction && taken
        ? {
            type: sanction.type,
            user: sanction.user,
            points: -taken.written.entry.points,
            shortfall: taken.written.entry.shortfall,
          }
        : null,
  };
  const updated = await tx
    .updateTable('submissions')
    .set((eb) => ({
      status: STATUS_OF[input.decision],
      decision_json: JSON.stringify(decided),
      updated_at: at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', row.id)
    .where('status', '=', 'submitted')
    .where('decision_json', 'is', null)
    .returning('version')
    .executeTakeFirst();
  // Another decision won the race since our read: this one's points go with its rolled-back transaction.
  if (!updated) throw alreadyDecided(row.kind, 'decided', undefined);
  await publish(tx, row, {
    status: STATUS_OF[input.decision],
    version: updated.version,
    at,
    by: member.principal,
    user: {},
  });
  const [points] = earned ? await toWire(tx, [earned.entry], now) : [];
  const [sanctionEntry] = taken ? await toWire(tx, [taken.written.entry], now) : [];
  const body: FeedbackDecision = {
    id: row.id,
    kind: row.kind,
    decision: input.decision,
    points: points ?? null,
    sanction: sanction && sanctionEntry ? { type: sanction.type, user: sanction.user, entry: sanctionEntry } : null,
    decided,
  };
  await audit(
    tx,
    member,
    {
      action: 'feedback.decision',
      subject: row.id,
      detail: {
        kind: row.kind,
        decision: input.decision,
        points: decided.points ?? 0,
        ...(decided.sanction
          ? { sanction: decided.sanction.type, sanctioned: decided.sanction.user, taken: decided.sanction.points }
          : {}),
      },
    },
    now,
  );
  return { answer: { status: 200, body } };
}

/** A 409: the feedback was decided (`was`: how, when it is known) or withdrawn by its sender. */
function alreadyDecided(kind: DecidedKind, status: string, was: string | undefined): ApiError {
  const withdrawn = status === 'withdrawn';
  return new ApiError(
    409,
    'invalid_transition',
    withdrawn
      ? `this ${kind} was withdrawn by the one who sent it`
      : `this ${kind} was decided already${was ? ` (${was})` : ''}`,
    { reason: withdrawn ? 'withdrawn' : 'decided' },
  );
}
