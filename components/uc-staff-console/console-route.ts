/** Where the console is, read from the address: `#/queue` (the default), `#/complaints/<id>`, `#/audit`, `#/canned`. */
export type ConsoleRoute =
  { name: 'queue' } | { name: 'complaint'; id: string } | { name: 'audit' } | { name: 'canned' };

export function routeOf(hash: string): ConsoleRoute {
  const complaint = /^#\/complaints\/([A-Za-z0-9-]{1,64})$/.exec(hash);
  if (complaint) return { name: 'complaint', id: complaint[1]! };
  if (hash === '#/audit') return { name: 'audit' };
  if (hash === '#/canned') return { name: 'canned' };
  return { name: 'queue' };
}
