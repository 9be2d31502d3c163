/** The routes that are a name alone: the audit log, canned replies, outages, logging a complaint received by phone, post or in person, the alerts. */
const PLAIN = ['audit', 'canned', 'outages', 'intake', 'alerts'] as const;

/**
 * Where the console is, read from the address: `#/queue` (the default; `#/queue?…` with a view), `#/complaints/<id>`,
 * `#/feedback/<id>` (the triage of a suggestion, report, praise or question), `#/audit`, `#/canned`,
 * `#/outages`, `#/intake`, `#/alerts`, `#/search?q=<what>` (the search's results).
 */
export type ConsoleRoute =
  /** `view`: the query of `#/queue?…` (filters, order, columns: ./queue-view.ts), absent for `#/queue` alone */
  | { name: 'queue'; view?: string }
  | { name: 'complaint'; id: string }
  | { name: 'feedback'; id: string }
  | { name: 'search'; q: string }
  | { name: (typeof PLAIN)[number] };

export function routeOf(hash: string): ConsoleRoute {
  const queue = /^#\/queue\?(.*)$/.exec(hash);
  if (queue) return { name: 'queue', view: queue[1]! };
  const item = /^#\/(complaints|feedback)\/([A-Za-z0-9-]{1,64})$/.exec(hash);
  if (item) return { name: item[1] === 'feedback' ? 'feedback' : 'complaint', id: item[2]! };
  const search = /^#\/search(?:\?(.*))?$/.exec(hash);
  if (search) return { name: 'search', q: new URLSearchParams(search[1] ?? '').get('q') ?? '' };
  const plain = PLAIN.find((name) => hash === `#/${name}`);
  return plain ? { name: plain } : { name: 'queue' };
}

/** Where a queue row opens: a complaint's view, or the triage of feedback of another kind. */
export const routeOfItem = (item: { id: string; kind: string }): string =>
  `#/${item.kind === 'complaint' ? 'complaints' : 'feedback'}/${encodeURIComponent(item.id)}`;

/** The address of a search's results. */
export const routeOfSearch = (q: string): string => `#/search?${new URLSearchParams({ q }).toString()}`;
