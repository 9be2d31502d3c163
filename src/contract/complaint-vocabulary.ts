/**
 * The complaint lifecycle's words, spelled as the wire and the tables spell
 * them: its statuses, who acts, and the names of its events. They live in
 * the contract because answers carry them (a submission's status, the
 * actions a complaint allows); the lifecycle machine, the server and the
 * tracker take them from here. What the events carry and the rules that
 * decide them are the machine's (machines/complaint.types.ts,
 * machines/complaint.machine.ts).
 */

/** Every status a complaint can have; the machine's state names, spelled as stored. */
export const COMPLAINT_STATUSES = [
  'submitted',
  'accepted',
  'investigating',
  'awaiting_user',
  'replied',
  'disputed',
  'arbitration',
  'third_party',
  'resolved',
  'closed',
  'withdrawn',
  'rejected',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** `admin` may do whatever `agent` and `arbitrator` may; `system` is the server's periodic sweep. */
export const ACTOR_ROLES = ['user', 'agent', 'arbitrator', 'admin', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/**
 * Every event the lifecycle knows, in the order the tracker lists actions.
 * Events without a `system.` prefix are sent by people; `system.*` only by the sweep.
 */
export const COMPLAINT_EVENT_TYPES = [
  // staff, moving the complaint forward
  'accept',
  'start_investigation',
  'ask_user',
  'reply',
  'resolve',
  'reject',
  // the user
  'answer',
  'confirm',
  'dispute',
  'ask_third_party',
  'rate',
  'withdraw',
  // arbitration and beyond
  'start_arbitration',
  'refer_third_party',
  'rule',
  'third_party_outcome',
  'close',
  // anyone taking part, without changing the status
  'message',
  // the sweep
  'system.auto_resolve',
  'system.auto_close',
] as const;
export type ComplaintEventType = (typeof COMPLAINT_EVENT_TYPES)[number];

/**
 * What a platform ruling (`rule`) decides about the reply the user disputed,
 * kept as data with every ruling so outcomes can be counted:
 *
 * - `upheld`: the disputed reply stands as it was. The user's objection is
 *   not accepted; the platform owes nothing beyond what the reply gave, and
 *   the reasons say why.
 * - `partly_upheld`: the reply stands in part. The user was right on some of
 *   what they disputed and not on the rest; the reasons say which, and what
 *   the platform does about the part they were right on.
 * - `overturned`: the user was right. The ruling replaces the disputed reply
 *   and the platform does what the reasons say.
 *
 * A third party's decision (`third_party_outcome`) is recorded as the third
 * party worded it, without one of these: it is theirs to classify, not ours.
 */
export const RULING_OUTCOMES = ['upheld', 'partly_upheld', 'overturned'] as const;
export type RulingOutcome = (typeof RULING_OUTCOMES)[number];
