/**
 * Saved views of the staff queue: a staff member's own named sets of
 * filters, sort and visible columns, kept on the server so a view comes
 * back after a reload and on another device (GET/PUT/DELETE
 * /v1/staff/views). The console builds what it sends with these schemas,
 * the server validates with them, so a value the queue does not take is
 * refused by both in the same words.
 */
import * as z from 'zod/mini';
import { Channel, Instant, Kind, Slug, SubmissionStatus } from './common';

/**
 * The queue's orders, each one index range read by cursor on the server:
 * `deadline` (soonest next deadline first, the default), `received_desc`
 * (newest first) and `received_asc` (oldest first).
 */
export const QUEUE_SORTS = ['deadline', 'received_desc', 'received_asc'] as const;
export const QueueSort = z.enum(QUEUE_SORTS);
export type QueueSort = z.infer<typeof QueueSort>;

/** The columns of a queue row that can be shown or hidden (the number, status and excerpt always show). */
export const QUEUE_COLUMNS = ['channel', 'category', 'assignee', 'deadlines', 'received'] as const;
export const QueueColumn = z.enum(QUEUE_COLUMNS);
export type QueueColumn = z.infer<typeof QueueColumn>;

/** What a queue shows until someone chooses otherwise: everything but the time received. */
export const DEFAULT_QUEUE_COLUMNS: readonly QueueColumn[] = ['channel', 'category', 'assignee', 'deadlines'];

/** The assignee filters a view may keep: the asker (whoever opens it), nobody, or anyone. */
export const VIEW_ASSIGNEES = ['me', 'unassigned', 'anyone'] as const;

/** The queue's filters as a view keeps them; each optional, combined with AND. Unknown keys are refused. */
export const ViewFilters = z.strictObject({
  /** one status or several (any of them) */
  status: z.optional(
    z.array(SubmissionStatus).check(
      z.minLength(1),
      z.maxLength(20),
      z.refine((list) => new Set(list).size === list.length, 'each status once'),
    ),
  ),
  kind: z.optional(Kind),
  category: z.optional(Slug),
  channel: z.optional(Channel),
  assignee: z.optional(z.enum(VIEW_ASSIGNEES)),
  due: z.optional(z.enum(['soon', 'overdue'])),
});
export type ViewFilters = z.infer<typeof ViewFilters>;

/** A view of the queue: filters, the order, the columns shown (in the row's own order, whatever the list's). */
export const QueueView = z.strictObject({
  filters: ViewFilters,
  sort: QueueSort,
  columns: z.array(QueueColumn).check(z.refine((list) => new Set(list).size === list.length, 'each column once')),
});
export type QueueView = z.infer<typeof QueueView>;

/** The longest name of a view, in characters. */
export const SAVED_VIEW_NAME_MAX = 80;
/** The most views one staff member keeps on one site. */
export const SAVED_VIEWS_MAX = 50;

/** PUT /v1/staff/views/{id}?site=… — make or replace one of the asker's views. */
export const SavedViewWrite = z.strictObject({
  name: z.string().check(
    z.minLength(1),
    z.maxLength(SAVED_VIEW_NAME_MAX),
    z.refine((name) => name.trim() === name, 'no spaces at either end'),
  ),
  view: QueueView,
  /** the view the console opens with; making one the default makes the others not */
  isDefault: z.boolean(),
});
export type SavedViewWrite = z.infer<typeof SavedViewWrite>;

/** A saved view as the server keeps it: its owner's alone. */
export const SavedView = z.object({
  id: Slug,
  name: z.string(),
  view: QueueView,
  isDefault: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type SavedView = z.infer<typeof SavedView>;

/** GET /v1/staff/views?site=… — the asker's views, by name, and how many they may keep. */
export const SavedViewList = z.object({
  items: z.array(SavedView),
  max: z.number(),
});
export type SavedViewList = z.infer<typeof SavedViewList>;
