/**
 * From an action request to a lifecycle event, the same for users and
 * staff: the route decides who is acting, this decides what the event and
 * its timeline entry say. Refusals of content (a reply without text, a
 * ruling without its outcome) are a 422 naming the field here; refusals of
 * the lifecycle (wrong status, role or time) are the machine's 409.
 */
import type { ComplaintEvent } from '../../../machines/complaint.types';
import type { ComplaintActionRequest } from '../../contract/complaint-requests';
import { RULING_OUTCOMES } from '../../contract/complaint-vocabulary';
import type { FieldError } from '../../contract/errors';
import { validationFailed } from '../errors';
import { dayIn, notInFuture } from './arbitration';
import type { EventBody, NamedActor } from './lifecycle';

/** Actions that mean nothing without words: the user must read what staff said, staff must read why the user objects. */
const TEXT_REQUIRED = new Set(['reply', 'ask_user', 'answer']);

/** Fields that belong to one action only: sent with another, they would be stored and mean nothing. */
const ONLY_WITH = { outcome: 'rule', reasons: 'rule', referral: 'refer_third_party' } as const;

/** A 422 naming every field the action lacks or does not take. */
function checkFields(request: ComplaintActionRequest): void {
  const { action } = request;
  const problems: FieldError[] = [];
  if (TEXT_REQUIRED.has(action) && !request.text)
    problems.push({ path: 'text', code: 'required', message: `"${action}" needs a text` });
  for (const [field, owner] of Object.entries(ONLY_WITH))
    if (request[field as keyof typeof ONLY_WITH] !== undefined && action !== owner)
      problems.push({ path: field, code: 'unexpected', message: `only "${owner}" takes ${field}` });
  if (action === 'rule') {
    if (!request.outcome)
      problems.push({
        path: 'outcome',
        code: 'required',
        message: `a ruling says what it decides of the disputed reply: ${RULING_OUTCOMES.join(', ')}`,
        params: { types: RULING_OUTCOMES.join(', ') },
      });
    if (!request.reasons) problems.push({ path: 'reasons', code: 'required', message: 'a ruling needs its reasons' });
    if (request.text !== undefined)
      problems.push({ path: 'text', code: 'unexpected', message: "a ruling's words are its reasons" });
  }
  if (action === 'refer_third_party' && !request.referral)
    problems.push({
      path: 'referral',
      code: 'required',
      message: 'a referral names the third party (body) and the day of the referral (referredOn)',
    });
  if (problems.length) throw validationFailed(problems);
}

/**
 * The lifecycle event `request` stands for and what its timeline entry
 * keeps. `timeZone` is the site's: a date people give (a referral's) may not
 * be after the day `at` falls on there.
 */
export function eventFor(
  request: ComplaintActionRequest,
  actor: NamedActor,
  at: string,
  timeZone: string,
): { event: ComplaintEvent; body: EventBody } {
  checkFields(request);
  const { action, text, reason, score, comment } = request;
  const who = { role: actor.role, id: actor.id };
  const body: EventBody = {
    ...(text !== undefined ? { text } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(score !== undefined ? { score } : {}),
    ...(comment !== undefined ? { comment } : {}),
  };
  switch (action) {
    case 'reject':
      return { event: { type: action, actor: who, at, reason: reason ?? '' }, body };
    case 'rule': {
      const { outcome, reasons } = request as Required<Pick<ComplaintActionRequest, 'outcome' | 'reasons'>>;
      return { event: { type: action, actor: who, at, outcome, text: reasons }, body: { text: reasons, outcome } };
    }
    case 'refer_third_party': {
      const referral = request.referral!;
      notInFuture('referral.referredOn', referral.referredOn, dayIn(timeZone, at));
      return {
        event: { type: action, actor: who, at },
        body: {
          ...body,
          referral: { body: referral.body, reference: referral.reference ?? null, referredOn: referral.referredOn },
        },
      };
    }
    case 'rate':
      return {
        event: {
          type: action,
          actor: who,
          at,
          score: score ?? Number.NaN,
          ...(comment !== undefined ? { comment } : {}),
        },
        body,
      };
    case 'withdraw':
      return { event: { type: action, actor: who, at, ...(reason !== undefined ? { reason } : {}) }, body };
    default:
      return { event: { type: action, actor: who, at }, body };
  }
}
