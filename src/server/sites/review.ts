/**
 * Everything said of a document before it is published, as the admin API
 * answers it: what stops it (checkDocument's problems, then lint's errors)
 * and what is only worth a look (lint's warnings). Lint's one question for
 * the database, how many unused codes each pool of the site has left, is
 * asked here so lintDocument stays pure.
 */
import type { ConfigProblem } from '../../contract/staff-config';
import type { DbExecutor } from '../blobs';
import { checkDocument } from './check';
import type { SiteRows } from './live-registry';
import { lintDocument, type LintProblem } from './lint';

export interface DocumentReview {
  problems: ConfigProblem[];
  warnings: ConfigProblem[];
}

/** Unused codes per reward of `site`'s pools. */
export async function codesLeftOf(db: DbExecutor, site: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('points_codes')
    .select(['reward', (eb) => eb.fn.countAll<number | string>().as('left')])
    .where('site', '=', site)
    .where('status', '=', 'available')
    .groupBy('reward')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.reward, Number(r.left)]));
}

const asProblem = (p: LintProblem): ConfigProblem => ({ path: p.path, message: p.message, rule: p.rule });

export async function reviewDocument(
  db: DbExecutor,
  rows: SiteRows,
  document: unknown,
  now: Date,
): Promise<DocumentReview> {
  const checked = checkDocument(rows, document).map((p) => ({ path: p.path, message: p.message }));
  const lint = lintDocument(rows.site.id, document, now, { codesLeft: await codesLeftOf(db, rows.site.id) });
  return { problems: [...checked, ...lint.errors.map(asProblem)], warnings: lint.warnings.map(asProblem) };
}
