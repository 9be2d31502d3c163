/**
 * Every event a usercare element dispatches: bubbling, composed (they cross
 * shadow roots to reach the host page), `uc-` prefixed, typed below.
 */
import type { Redemption } from '../../src/contract/points';
import type { Receipt } from '../../src/contract/feedback';
import type { QueueView } from '../../src/contract/staff-views';
import type { StoredError } from '../../src/storage/records';

abstract class UcEvent<T> extends Event {
  constructor(
    type: string,
    readonly detail: T,
  ) {
    super(type, { bubbles: true, composed: true });
  }
}

/** The draft was saved on this device. */
export class UcDraftSavedEvent extends UcEvent<{ form: string; savedAt: number }> {
  static readonly type = 'uc-draft-saved';
  constructor(detail: { form: string; savedAt: number }) {
    super(UcDraftSavedEvent.type, detail);
  }
}

/** The user submitted: it is stored in the outbox and will be delivered, now or when the network allows. */
export class UcSubmittedEvent extends UcEvent<{ form: string; id: string }> {
  static readonly type = 'uc-submitted';
  constructor(detail: { form: string; id: string }) {
    super(UcSubmittedEvent.type, detail);
  }
}

/** The server has it: the receipt carries the tracking number. */
export class UcDeliveredEvent extends UcEvent<{ form: string; receipt: Receipt }> {
  static readonly type = 'uc-delivered';
  constructor(detail: { form: string; receipt: Receipt }) {
    super(UcDeliveredEvent.type, detail);
  }
}

/** The user withdrew it: `removed` before it was sent, `requested` after. */
export class UcWithdrawnEvent extends UcEvent<{ form: string; how: 'removed' | 'requested' }> {
  static readonly type = 'uc-withdrawn';
  constructor(detail: { form: string; how: 'removed' | 'requested' }) {
    super(UcWithdrawnEvent.type, detail);
  }
}

/** Something failed that the user has been shown: the server refused it, or the config is wrong. */
export class UcErrorEvent extends UcEvent<{ form: string; error: StoredError | { code: 'config'; message: string } }> {
  static readonly type = 'uc-error';
  constructor(detail: { form: string; error: StoredError | { code: 'config'; message: string } }) {
    super(UcErrorEvent.type, detail);
  }
}

/** The user took an action on a complaint in the tracker (it is queued for delivery). */
export class UcComplaintActionEvent extends UcEvent<{ action: string; complaintId: string }> {
  static readonly type = 'uc-complaint-action';
  constructor(detail: { action: string; complaintId: string }) {
    super(UcComplaintActionEvent.type, detail);
  }
}

/** The user redeemed a reward in the points widget and the server gave its code. */
export class UcPointsRedeemedEvent extends UcEvent<{ redemption: Redemption }> {
  static readonly type = 'uc-points-redeemed';
  constructor(detail: { redemption: Redemption }) {
    super(UcPointsRedeemedEvent.type, detail);
  }
}

/** The server no longer accepts the user's sign-in: the host should sign them in again and call usercare.identify(). */
export class UcAuthRequiredEvent extends UcEvent<{ reason: string }> {
  static readonly type = 'uc-auth-required';
  constructor(detail: { reason: string }) {
    super(UcAuthRequiredEvent.type, detail);
  }
}

/**
 * The staff member changed what the queue shows (a filter, the order, a column, a saved view, or their
 * default view as the queue opened): the console keeps it in its address.
 */
export class UcQueueViewEvent extends UcEvent<{ view: QueueView }> {
  static readonly type = 'uc-queue-view';
  constructor(detail: { view: QueueView }) {
    super(UcQueueViewEvent.type, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'uc-queue-view': UcQueueViewEvent;
    'uc-complaint-action': UcComplaintActionEvent;
    'uc-auth-required': UcAuthRequiredEvent;
    'uc-points-redeemed': UcPointsRedeemedEvent;
    'uc-draft-saved': UcDraftSavedEvent;
    'uc-submitted': UcSubmittedEvent;
    'uc-delivered': UcDeliveredEvent;
    'uc-withdrawn': UcWithdrawnEvent;
    'uc-error': UcErrorEvent;
  }
}
