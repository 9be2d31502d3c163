/**
 * Who a new version of one consent purpose would ask again: of the people
 * whose latest decision on a site is still in force (received within the
 * site's expiryDays), how many chose on that purpose under the version being
 * replaced, and how many of them had agreed. A decision counts under the
 * version it was made for only (the banner's grantsOf), so exactly those are
 * asked again; those on an even older version are being asked already.
 *
 * A person is a record's subject: a signed-in user, or the device of one who
 * was not signed in. Only counts leave this module.
 */
import type { Choice } from '../../contract/consent';
import type { DbExecutor } from '../blobs';

/** Subjects read per query: each is one row (their latest record), so memory stays bounded on a large site. */
const PAGE = 5_000;

export interface ReaskCount {
  inForce: number;
  onVersion: number;
  agreed: number;
}

/**
 * `purpose` is `category:<id>` or `separate:<id>`; `since` is the earliest received instant of a decision
 * still in force (ISO, as the server writes them, so it compares as text).
 */
export async function countReask(
  db: DbExecutor,
  site: string,
  purpose: { kind: 'category' | 'separate'; id: string },
  version: string,
  since: string,
): Promise<ReaskCount> {
  const column = purpose.kind === 'category' ? 'r.categories_json' : 'r.separate_json';
  const count: ReaskCount = { inForce: 0, onVersion: 0, agreed: 0 };
  let after: string | undefined;
  for (;;) {
    let query = db
      .selectFrom('consent_records as r')
      .select(['r.subject', `${column} as choices`])
      .where('r.site', '=', site)
      .where('r.received_at', '>=', since)
      // the subject's latest record: none received after it (ties broken by id, as the export orders them)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('consent_records as n')
              .select('n.id')
              .whereRef('n.site', '=', 'r.site')
              .whereRef('n.subject', '=', 'r.subject')
              .where((eb) =>
                eb.or([
                  eb('n.received_at', '>', eb.ref('r.received_at')),
                  eb.and([eb('n.received_at', '=', eb.ref('r.received_at')), eb('n.id', '>', eb.ref('r.id'))]),
                ]),
              ),
          ),
        ),
      )
      .orderBy('r.subject')
      .limit(PAGE);
    if (after !== undefined) query = query.where('r.subject', '>', after);
    const rows = await query.execute();
    for (const row of rows) {
      count.inForce++;
      const choice = (JSON.parse(row.choices) as Record<string, Choice | undefined>)[purpose.id];
      if (choice?.version !== version) continue;
      count.onVersion++;
      if (choice.granted) count.agreed++;
    }
    if (rows.length < PAGE) return count;
    after = rows[rows.length - 1]!.subject;
  }
}
