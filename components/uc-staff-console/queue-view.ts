/**
 * A view of the staff queue (filters, order, columns shown) as the queue
 * sends it to the server, as the console writes it into its address
 * (`#/queue?status=…&sort=…&cols=…`, so a colleague's link opens the same
 * view), and read back from there: a value the queue does not take is left
 * out, never an error, as an address is typed by people.
 */
import {
  ViewFilters,
  QueueColumn,
  QueueSort,
  QUEUE_COLUMNS,
  DEFAULT_QUEUE_COLUMNS,
} from '../../src/contract/staff-views';
import type { QueueView } from '../../src/contract/staff-views';
import type { QueueFilters } from '../../machines/staff-queue.machine';

/** The filters a view may have, in the order the address lists them. */
const FILTER_NAMES = ['status', 'kind', 'category', 'channel', 'assignee', 'due'] as const;

/** Every row by next deadline, with the columns a queue shows by default. */
export const PLAIN_VIEW: QueueView = { filters: {}, sort: 'deadline', columns: [...DEFAULT_QUEUE_COLUMNS] };

/** The same view in one spelling: no empty filter, no `anyone`, statuses and columns in a fixed order. */
export function normalView(view: QueueView): QueueView {
  const filters: Record<string, unknown> = {};
  for (const name of FILTER_NAMES) {
    const value = view.filters[name];
    if (value === undefined || (name === 'assignee' && value === 'anyone')) continue;
    filters[name] = Array.isArray(value) ? [...value].sort() : value;
  }
  return {
    filters: filters as ViewFilters,
    sort: view.sort,
    columns: QUEUE_COLUMNS.filter((column) => view.columns.includes(column)),
  };
}

export const sameView = (a: QueueView, b: QueueView): boolean =>
  JSON.stringify(normalView(a)) === JSON.stringify(normalView(b));

/** The query parameters of GET /v1/staff/queue for a view (the order only when not the default). */
export function queryOfView(view: QueueView): QueueFilters {
  const { filters, sort } = normalView(view);
  const query: QueueFilters = {};
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined) query[name] = Array.isArray(value) ? value.join(',') : value;
  }
  if (sort !== 'deadline') query.sort = sort;
  return query;
}

/**
 * The console's address of a view. It always names the order, so a view
 * chosen on screen (even every row) is told apart from `#/queue` alone,
 * which opens the person's default view.
 */
export function hashOfView(view: QueueView): string {
  const { filters, sort, columns } = normalView(view);
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name];
    if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(',') : value);
  }
  params.set('sort', sort);
  if (columns.join() !== DEFAULT_QUEUE_COLUMNS.join()) params.set('cols', columns.join(','));
  return `#/queue?${params}`;
}

/** A view from the address's query (after `#/queue?`), or from filters given as query parameters. */
export function viewOfQuery(query: string | URLSearchParams): QueueView {
  const params = typeof query === 'string' ? new URLSearchParams(query) : query;
  const filters: Record<string, unknown> = {};
  for (const name of FILTER_NAMES) {
    const raw = params.get(name);
    if (!raw) continue;
    const value = name === 'status' ? [...new Set(raw.split(','))] : raw;
    const checked = ViewFilters.shape[name].safeParse(value);
    if (checked.success && checked.data !== undefined) filters[name] = checked.data;
  }
  const sort = QueueSort.safeParse(params.get('sort'));
  const cols = params.get('cols');
  const columns =
    cols === null
      ? [...DEFAULT_QUEUE_COLUMNS]
      : QUEUE_COLUMNS.filter((column) => cols.split(',').includes(column) && QueueColumn.safeParse(column).success);
  return normalView({ filters: filters as ViewFilters, sort: sort.success ? sort.data : 'deadline', columns });
}
