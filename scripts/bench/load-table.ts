/** The table of a load run against its bare node:http baseline, as `npm run bench` prints it. */
import { fixed, int, table } from './format';
import type { LoadResult } from './http-load';
import { ratio } from './stats';

function row(name: string, r: LoadResult): string[] {
  return [
    name,
    int(r.requests),
    fixed(r.perSecond, 0),
    fixed(r.p50, 2),
    fixed(r.p99, 2),
    Object.entries(r.statuses)
      .map(([status, n]) => `${status}×${int(n)}`)
      .join(' ') + (r.errors ? ` errors×${r.errors}` : ''),
  ];
}

/** usercare's row, the baseline's, their ratios; then the first unexpected answer of each, if any. */
export function loadComparison(
  usercare: [name: string, result: LoadResult],
  bare: [name: string, result: LoadResult],
): string {
  const [u, b] = [usercare[1], bare[1]];
  const lines = [
    table(
      ['server', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'answers'],
      [
        row(...usercare),
        row(...bare),
        ['usercare/bare', '', ratio(u.perSecond, b.perSecond), ratio(u.p50, b.p50), ratio(u.p99, b.p99), ''],
      ],
      ['left'],
    ),
  ];
  for (const [name, r] of [usercare, bare]) {
    if (r.firstError) lines.push(`  ${name}: first unexpected answer: ${r.firstError}`);
  }
  return lines.join('\n');
}
