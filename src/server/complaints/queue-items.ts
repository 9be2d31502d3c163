/**
 * A row of the staff queue as the wire carries it (QueueItem): its
 * deadlines running, paused or overdue at `now` by the site's calendar,
 * soonest first, and the first words of its text, personal fields left out.
 *
 * Deadlines count by the rules of the version the row was received under
 * (`config_version`); "due soon" by the site's current schedule (see
 * clock-state.ts, dueSoonFrom).
 *
 * The queue's first pages are read over and over (by every console, again
 * on each change the staff stream announces), and shaping a row cost more
 * than reading it: its deadlines counted over every working day since
 * receipt, its excerpt cut from its fields. So each site keeps, per row, the
 * shape it last made and the values it made it from (a memo of a pure
 * function, not a cache of the database: it never answers for a row it was
 * not given). A row read again with the same values gets the same excerpt
 * and its deadlines carried forward from when they were first read with
 * those values (advanceDeadlines: only the working time since then is
 * counted, exactly what a full count gives). Carried from that first
 * reading, not the latest, because reads finish out of order (a read that
 * began earlier may shape its rows later): any `now` from then on is
 * served. A row with other values, or read at an earlier `now` (which then
 * becomes the reading kept), is shaped in full, as is one read before its
 * last pause began or ended (carrying forward is exact only past those).
 */
import type { Deadline } from '../../contract/complaints';
import type { FieldValue } from '../../contract/common';
import type { QueueItem, QueuePage } from '../../contract/staff';
import type { FormConfig } from '../../config/schema';
import { advanceDeadlines } from '../../sla';
import type { SubmissionRow } from '../db/schema';
import type { Site } from '../registry';
import { excerptOf } from '../staff/masking';
import { dueSoonFrom, nextDueOf, parseClockState } from './clock-state';
import { deadlinesOfRow } from './view';

/** What a row of the queue is made from. */
export type QueueRowValues = Pick<
  SubmissionRow,
  | 'id'
  | 'tracking_number'
  | 'form'
  | 'kind'
  | 'category'
  | 'channel'
  | 'status'
  | 'received_at'
  | 'updated_at'
  | 'version'
  | 'assignee'
  | 'assignee_name'
  | 'complex'
  | 'fields_json'
  | 'sla_json'
  | 'next_due_at'
  | 'config_version'
>;

/** The part of a row's shape that takes work, with the values it was made from. */
interface Shape {
  form: FormConfig | undefined;
  fields_json: string;
  kind: string;
  category: string;
  status: string;
  received_at: string;
  sla_json: string | null;
  complex: number;
  excerpt: string;
  /** the deadlines shown (running, paused, overdue), soonest first, as read at `readAt` */
  deadlines: readonly Deadline[];
  readAt: Date;
  /** the clock stood still at `readAt` (a pause still open) */
  stopped: boolean;
  /** the earliest due instant among them, and when it is due soon from: neither moves while the values stay */
  nextDue: string | null;
  dueSoonFrom: string | null;
}

/** Rows remembered per site; past this the oldest remembered goes (a console reads far fewer). */
const MAX_SHAPES = 5000;
const shapesBySite = new WeakMap<Site, Map<string, Shape>>();

const SHOWN = new Set(['running', 'paused', 'overdue']);
const byDue = (a: { due: string | null }, b: { due: string | null }) =>
  a.due === b.due ? 0 : a.due === null ? 1 : b.due === null ? -1 : a.due < b.due ? -1 : 1;

export function toQueueItem(site: Site, row: QueueRowValues, now: Date, nowIso: string): QueueItem {
  const shape = shapeOf(site, row, now);
  const deadlines =
    shape.readAt.getTime() === now.getTime()
      ? [...shape.deadlines]
      : advanceDeadlines(shape.deadlines, shape.readAt, now, shape.stopped, site.slaOf(row.config_version).schedule);
  const overdue = deadlines.some((d) => d.status === 'overdue');
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    kind: row.kind,
    category: row.category,
    channel: row.channel,
    status: row.status,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    version: row.version,
    assignee: row.assignee ? { principal: row.assignee, name: row.assignee_name ?? row.assignee } : null,
    complex: row.complex === 1,
    excerpt: shape.excerpt,
    deadlines,
    nextDue: shape.nextDue,
    dueSoon: !overdue && shape.dueSoonFrom !== null && shape.dueSoonFrom <= nowIso,
    overdue,
    paused: deadlines.some((d) => d.status === 'paused'),
  };
}

/** The page `rows` make at `now` (the first `limit` of them), its deadlines counted then. */
export function queuePageOf(
  site: Site,
  rows: readonly QueueRowValues[],
  limit: number,
  now: Date,
  nextCursor: string | null,
): QueuePage {
  const nowIso = now.toISOString();
  return { items: rows.slice(0, limit).map((row) => toQueueItem(site, row, now, nowIso)), nextCursor };
}

function shapeOf(site: Site, row: QueueRowValues, now: Date): Shape {
  let shapes = shapesBySite.get(site);
  if (!shapes) shapesBySite.set(site, (shapes = new Map()));
  const form = site.publicConfig.forms[row.form];
  const known = shapes.get(row.id);
  if (known && sameValues(known, row, form) && known.readAt.getTime() <= now.getTime()) return known;

  const deadlines = deadlinesOfRow(site, row, now)
    .filter((d) => SHOWN.has(d.status))
    .sort(byDue);
  const nextDue = nextDueOf(deadlines);
  const pauses = parseClockState(row.sla_json).pauses;
  const shape: Shape = {
    form,
    fields_json: row.fields_json,
    kind: row.kind,
    category: row.category,
    status: row.status,
    received_at: row.received_at,
    sla_json: row.sla_json,
    complex: row.complex,
    excerpt: excerptOf(form, JSON.parse(row.fields_json) as Record<string, FieldValue>),
    deadlines,
    readAt: now,
    stopped: pauses.some((p) => p.to === null),
    nextDue,
    // The current schedule, as "due soon" is everywhere (clock-state.ts, dueSoonFrom); the deadlines are the version's.
    dueSoonFrom: nextDue === null ? null : dueSoonFrom(site.sla, nextDue),
  };
  const nowIso = now.toISOString();
  // Carried forward only from past every pause's start and end (the clock changes nothing after them).
  if (pauses.every((p) => p.from <= nowIso && (p.to === null || p.to <= nowIso))) {
    shapes.delete(row.id);
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
    shapes.set(row.id, shape);
  }
  return shape;
}

function sameValues(shape: Shape, row: QueueRowValues, form: FormConfig | undefined): boolean {
  return (
    shape.form === form &&
    shape.fields_json === row.fields_json &&
    shape.kind === row.kind &&
    shape.category === row.category &&
    shape.status === row.status &&
    shape.received_at === row.received_at &&
    shape.sla_json === row.sla_json &&
    shape.complex === row.complex
  );
}
