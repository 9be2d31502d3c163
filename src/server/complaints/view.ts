/**
 * A complaint as the wire carries it (src/contract/complaints.ts), read at
 * the server's `now`: deadlines with the time left already counted, the
 * timeline from the event rows, and the actions the machine allows the
 * asking actor. Staff ids never reach a user: the timeline names staff by
 * their display name and role, and the staff-only lines (notes, assignment,
 * category: STAFF_TIMELINE_TYPES) are only in the staff's timeline.
 */
import { allowedActions, restoreComplaint } from '../../../machines/complaint.machine';
import type { ComplaintStatus } from '../../contract/complaint-vocabulary';
import { COMPLAINT_ACTIONS } from '../../contract/complaints';
import type {
  ComplaintAction,
  ComplaintDetail,
  ComplaintSummary,
  Deadline,
  TimelineEntry,
} from '../../contract/complaints';
import type { FieldValue, SubmissionStatus } from '../../contract/common';
import type { Decided } from '../../contract/feedback-decisions';
import type { StaffDecided } from '../../contract/staff-feedback';
import { STAFF_TIMELINE_TYPES, type StaffTimelineEntry } from '../../contract/staff';
import type { AttachmentRow, ComplaintEventRow, ComplaintThirdPartyRow, SubmissionRow } from '../db/schema';
import type { Site } from '../registry';
import { toThirdParty } from './arbitration-records';
import { deadlinesOf, nextDeadline, parseClockState } from './clock-state';
import { storedContext, type EventBody, type NamedActor } from './lifecycle';

const ACTIONS = new Set<string>(COMPLAINT_ACTIONS);
const STAFF_ONLY = new Set<string>(STAFF_TIMELINE_TYPES);

/** Who a timeline is for: the user never sees the staff-only lines. */
export type TimelineAudience = 'user' | 'staff';

export function toSummary(site: Site, row: SubmissionRow, now: Date): ComplaintSummary {
  return summaryFrom(row, deadlinesOfRow(site, row, now));
}

/**
 * A submission's deadlines at `now`, by the rules of the version it was
 * received under (sites/version-sla.ts). Feedback outside the complaint
 * lifecycle (suggestions, praise, reports) has none: nobody owes it an
 * answer by a date, whatever the site's policies say of its kind, and it
 * has no clock state (`sla_json`) to count one from.
 */
export function deadlinesOfRow(site: Site, row: ClockedRow, now: Date): Deadline[] {
  return row.sla_json === null ? [] : deadlinesOf(site.slaOf(row.config_version), subjectOf(row), now);
}

function summaryFrom(row: SubmissionRow, deadlines: readonly Deadline[]): ComplaintSummary {
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    site: row.site,
    kind: row.kind,
    category: row.category,
    channel: row.channel,
    status: row.status,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    version: row.version,
    nextDeadline: nextDeadline(deadlines),
    ...(row.decision_json !== null ? { decision: decidedOf(storedDecision(row.decision_json)) } : {}),
  };
}

/** A decision on feedback as stored on its row (`decision_json`, written by routes/staff-feedback.ts). */
export const storedDecision = (json: string): StaffDecided => JSON.parse(json) as StaffDecided;

/** What the sender sees of a decision: what, the reason or answer, and when; never who, nor what it did to others. */
export const decidedOf = (stored: StaffDecided): Decided => ({
  decision: stored.decision,
  text: stored.text,
  at: stored.at,
});

export function toDetail(
  site: Site,
  row: SubmissionRow,
  events: readonly ComplaintEventRow[],
  attachments: readonly AttachmentRow[],
  actor: NamedActor,
  now: Date,
  audience: TimelineAudience,
  thirdParty?: ComplaintThirdPartyRow,
): ComplaintDetail & { timeline: StaffTimelineEntry[] } {
  const deadlines = deadlinesOfRow(site, row, now);
  const context = row.lifecycle_json ? storedContext(row.lifecycle_json) : null;
  const actions: ComplaintAction[] = context
    ? allowedActions(restoreComplaint(row.status as ComplaintStatus, context), actor, now.toISOString()).filter(
        (a): a is ComplaintAction => ACTIONS.has(a),
      )
    : [];
  const byEvent = new Map<number, AttachmentRow[]>();
  const ofSubmission: AttachmentRow[] = [];
  for (const a of attachments) {
    const eventId = a.event_id;
    if (eventId === null) ofSubmission.push(a);
    else byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), a]);
  }
  return {
    ...summaryFrom(row, deadlines),
    fields: JSON.parse(row.fields_json) as Record<string, FieldValue>,
    attachments: ofSubmission.map(summaryOf),
    deadlines,
    timeline: events
      .filter((e) => audience === 'staff' || !STAFF_ONLY.has(e.type))
      .map((e) => toEntry(e, byEvent.get(e.id) ?? [])),
    actions,
    rating: context?.rating ? { score: context.rating.score, comment: context.rating.comment } : null,
    windows: {
      disputeDays: context?.disputeWindowDays ?? site.settings.complaints.disputeWindowDays,
      autoResolveDays: context?.autoResolveDays ?? site.settings.complaints.autoResolveDays,
    },
    thirdParty: toThirdParty(thirdParty),
  };
}

function toEntry(e: ComplaintEventRow, attachments: readonly AttachmentRow[]): StaffTimelineEntry {
  const body = JSON.parse(e.body_json) as EventBody;
  const entry: TimelineEntry = {
    id: String(e.id),
    at: e.at,
    type: e.type,
    actor: {
      role: e.actor_role as TimelineEntry['actor']['role'],
      name: e.actor_role === 'system' ? null : e.actor_name,
    },
    from: (e.from_status as SubmissionStatus | null) ?? null,
    to: (e.to_status as SubmissionStatus | null) ?? null,
    text: body.text ?? body.reason ?? body.comment ?? null,
    score: body.score ?? null,
    deadline: body.deadline ?? null,
    attachments: attachments.map(summaryOf),
    // What a ruling decided, where a referral went, when a third party decided: data, not only words.
    ...(e.type === 'rule' && body.outcome ? { outcome: body.outcome } : {}),
    ...(e.type === 'refer_third_party' && body.referral ? { referral: body.referral } : {}),
    ...(e.type === 'third_party_outcome' && body.decidedOn ? { decidedOn: body.decidedOn } : {}),
    ...(e.type === 'calendar.corrected' && body.years ? { years: body.years } : {}),
  };
  if (e.type === 'assign')
    return {
      ...entry,
      assignee: body.assignee ? { principal: body.assignee, name: body.assigneeName ?? body.assignee } : null,
    };
  if (e.type === 'category')
    return { ...entry, ...(body.category !== undefined ? { category: body.category } : {}), complex: !!body.complex };
  return entry;
}

const summaryOf = (a: AttachmentRow) => ({ id: a.id, name: a.name, type: a.type, size: a.size });

/** What a row's deadlines are counted from, and by which version's rules. */
type ClockedRow = Pick<
  SubmissionRow,
  'kind' | 'category' | 'status' | 'received_at' | 'sla_json' | 'complex' | 'config_version'
>;

const subjectOf = (row: ClockedRow) => ({
  kind: row.kind,
  category: row.category,
  status: row.status,
  receivedAt: row.received_at,
  clock: parseClockState(row.sla_json),
  complex: row.complex === 1,
});
