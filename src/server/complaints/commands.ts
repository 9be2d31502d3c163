/**
 * From an action request to a lifecycle event, the same for users and
 * staff: the route decides who is acting, this decides what the event and
 * its timeline entry say. Refusals of content (a reply without text) are a
 * 422 here; refusals of the lifecycle (wrong status, role or time) are the
 * machine's 409.
 */
import type { ComplaintEvent } from '../../../machines/complaint.types';
import type { ComplaintActionRequest } from '../../contract/complaint-requests';
import { validationFailed } from '../errors';
import type { EventBody, NamedActor } from './lifecycle';

/** Actions that mean nothing without words: the user must read what staff said, staff must read why the user objects. */
const TEXT_REQUIRED = new Set(['reply', 'ask_user', 'answer', 'rule']);

export function eventFor(
  request: ComplaintActionRequest,
  actor: NamedActor,
  at: string,
): { event: ComplaintEvent; body: EventBody } {
  const { action, text, reason, score, comment } = request;
  if (TEXT_REQUIRED.has(action) && !text) {
    throw validationFailed([{ path: 'text', code: 'required', message: `"${action}" needs a text` }]);
  }
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
    case 'rule':
      return { event: { type: action, actor: who, at, text: text ?? '' }, body };
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
