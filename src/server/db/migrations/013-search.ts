/**
 * Staff search (GET /v1/staff/search, src/server/search/): an index of every
 * submission's text and contacts, Chinese included.
 *
 * - `search_docs`: one row per submission (`doc`, a number the full-text
 *   index keys it by), its site and kind. The tokens are made by the server
 *   (search/tokens.ts: CJK text as overlapping pairs of characters, other
 *   words whole, lower case), so both databases index exactly the same:
 *   - SQLite: an FTS5 table `search_fts` with the tokens as its one column,
 *     contentless (it keeps no copy of the text; `contentless_delete` lets a
 *     row go with its submission, by the trigger below), tokenizer
 *     unicode61 without diacritics folding (the tokens are already cut and
 *     in lower case: it only splits them at the spaces), ranked by bm25;
 *   - PostgreSQL: a `tokens` tsvector column (the tokens with their
 *     positions, as the 'simple' configuration would keep them: no stemming,
 *     no stop words; written as a tsvector literal so the text parser's
 *     idea of a word, which depends on the locale, never applies) with a
 *     GIN index (fastupdate off: a search never reads a pending list), ranked
 *     by ts_rank.
 * - `search_contacts`: each e-mail address (lower case) and phone number
 *   (`tel:` and its digits) of a submission's personal fields, for the exact
 *   lookup by contact.
 *
 * Existing submissions are indexed here, in batches, with their forms from
 * the registry when the server hands them in (`ctx.formOf`); without it, a
 * form is read as one the site has removed (the built-in form's personal
 * fields, and whatever looks like a contact, stay out of the text), as
 * masking does.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { FieldValue } from '../../../contract/common';
import type { MigrationContext } from '../migration-context';
import { indexValuesOf, writeIndexRows } from '../../search/index-rows';
import type { Database } from '../schema';

/** Rows read per round of the back-fill. */
const BATCH = 500;

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  const postgres = ctx.dialect === 'postgres';
  await db.schema
    .createTable('search_docs')
    .addColumn('doc', postgres ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().unique().references('submissions.id').onDelete('cascade'))
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .$call((t) => (postgres ? t.addColumn('tokens', sql`tsvector`, (c) => c.notNull()) : t))
    .execute();
  if (postgres) {
    // fastupdate off: a new row's tokens go into the index at once, rather than into a pending list that
    // every search reads through until vacuum clears it (searches ran six times slower with a full one).
    await sql`create index search_docs_tokens on search_docs using gin (tokens) with (fastupdate = off)`.execute(db);
  } else {
    await sql`create virtual table search_fts using fts5(
      body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
    await sql`create trigger search_docs_delete after delete on search_docs
      begin delete from search_fts where rowid = old.doc; end`.execute(db);
  }
  await db.schema
    .createTable('search_contacts')
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('search_contacts_pk', ['site', 'contact', 'submission_id'])
    .execute();
  await backfill(db as unknown as Kysely<Database>, ctx);
}

/** Every submission, in id order, a batch at a time. */
async function backfill(db: Kysely<Database>, ctx: MigrationContext): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('submissions')
      .select(['id', 'site', 'form', 'kind', 'fields_json'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    await writeIndexRows(
      db,
      rows.map((row) => ({
        submission: row,
        values: indexValuesOf(
          ctx.formOf?.(row.site, row.form),
          JSON.parse(row.fields_json) as Record<string, FieldValue>,
        ),
      })),
    );
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.id;
  }
}

export async function down(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  await db.schema.dropTable('search_contacts').execute();
  if (ctx.dialect !== 'postgres') {
    await sql`drop trigger search_docs_delete`.execute(db);
    await sql`drop table search_fts`.execute(db);
  }
  await db.schema.dropTable('search_docs').execute();
}
