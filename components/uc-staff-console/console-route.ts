/** The routes that are a name alone: the audit log, canned replies, logging a complaint received by phone, post or in person, the alerts. */
const PLAIN = ['audit', 'canned', 'intake', 'alerts'] as const;

/**
 * Where the console is, read from the address: `#/queue` (the default), `#/complaints/<id>`, `#/audit`,
 * `#/canned`, `#/intake`, `#/alerts`.
 */
export type ConsoleRoute = { name: 'queue' } | { name: 'complaint'; id: string } | { name: (typeof PLAIN)[number] };

export function routeOf(hash: string): ConsoleRoute {
  const complaint = /^#\/complaints\/([A-Za-z0-9-]{1,64})$/.exec(hash);
  if (complaint) return { name: 'complaint', id: complaint[1]! };
  const plain = PLAIN.find((name) => hash === `#/${name}`);
  return plain ? { name: plain } : { name: 'queue' };
}
