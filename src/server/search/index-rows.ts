/**
 * The search index's rows of one submission (tables from migration
 * 013-search), written in the transaction that inserts the submission, so
 * staff search finds a submission from the moment it exists and never one
 * that was rolled back:
 *
 * - `search_docs`: one row per submission, its site and kind, and on
 *   PostgreSQL its tokens as a tsvector (GIN index); on SQLite the same
 *   tokens go into the FTS5 table `search_fts` under the row's `doc` number
 *   (FTS5 keeps no copy of the text: contentless).
 * - `search_contacts`: its e-mail addresses and phone numbers as search
 *   compares them (staff/masking.ts, contactKey), for an exact lookup.
 *
 * What is indexed is what staff may read of it unrevealed: the texts
 * masking leaves in clear (searchableTextsOf), never a personal field.
 * Submissions keep their text once written, so a row is never rewritten.
 */
import { sql } from 'kysely';
import type { FieldValue } from '../../contract/common';
import type { FormConfig } from '../../config/schema';
import type { DbExecutor } from '../blobs';
import { dialectOf } from '../db/open';
import { contactKeysOf, searchableTextsOf } from '../staff/masking';
import { indexTokens, MAX_TOKENS, tsVector } from './tokens';

/** What a submission is indexed from. */
export interface IndexedSubmission {
  id: string;
  site: string;
  kind: string;
  fields: Record<string, FieldValue>;
}

/** A submission's index values: its tokens as one string (space between) and its contact keys. */
export interface IndexValues {
  tokens: string[];
  contacts: string[];
}

/** The texts of a submission as one: fields one after the other, a line between (no phrase spans two). */
export function searchTextOf(form: FormConfig | undefined, fields: Record<string, FieldValue>): string {
  return searchableTextsOf(form, fields)
    .map((t) => t.text)
    .join('\n');
}

export function indexValuesOf(form: FormConfig | undefined, fields: Record<string, FieldValue>): IndexValues {
  return {
    tokens: indexTokens(searchTextOf(form, fields)).slice(0, MAX_TOKENS),
    contacts: contactKeysOf(form, fields),
  };
}

/** Writes the submission's index rows; pass the transaction that inserts it. */
export async function indexSubmission(
  tx: DbExecutor,
  submission: IndexedSubmission,
  form: FormConfig | undefined,
): Promise<void> {
  await writeIndexRows(tx, [{ submission, values: indexValuesOf(form, submission.fields) }]);
}

/** Several submissions' rows at once (the migration's back-fill, the bench's seed): a few statements per batch. */
export async function writeIndexRows(
  tx: DbExecutor,
  rows: ReadonlyArray<{ submission: Omit<IndexedSubmission, 'fields'>; values: IndexValues }>,
): Promise<void> {
  if (!rows.length) return;
  const postgres = dialectOf(tx) === 'postgres';
  // 4 values a row: 1,000 rows stay far under either database's bound parameters.
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    const docs = await tx
      .insertInto('search_docs')
      .values(
        batch.map(({ submission, values }) => ({
          submission_id: submission.id,
          site: submission.site,
          kind: submission.kind,
          ...(postgres ? { tokens: sql<string>`${tsVector(values.tokens)}::tsvector` } : {}),
        })),
      )
      .returning(['doc', 'submission_id'])
      .execute();
    if (!postgres) {
      const docOf = new Map(docs.map((d) => [d.submission_id, d.doc]));
      const withText = batch.filter(({ values }) => values.tokens.length);
      for (let j = 0; j < withText.length; j += 500)
        await sql`insert into search_fts (rowid, body) values ${sql.join(
          withText
            .slice(j, j + 500)
            .map(({ submission, values }) => sql`(${docOf.get(submission.id)!}, ${values.tokens.join(' ')})`),
        )}`.execute(tx);
    }
    const contacts = batch.flatMap(({ submission, values }) =>
      values.contacts.map((contact) => ({ site: submission.site, contact, submission_id: submission.id })),
    );
    for (let j = 0; j < contacts.length; j += 1000)
      await tx
        .insertInto('search_contacts')
        .values(contacts.slice(j, j + 1000))
        .execute();
  }
}
