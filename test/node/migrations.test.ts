/**
 * Schema migrations: a fresh database migrates, a second run changes nothing,
 * and the schema holds the rules the server relies on. Runs on SQLite always,
 * and on PostgreSQL too when one answers on 127.0.0.1:5432 (a fresh database
 * per run, dropped afterwards).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { Migrator, sql } from 'kysely';
import { DatabaseBlobStore } from '../../src/server/blobs';
import { migrateToLatest, migrationProvider } from '../../src/server/db/migrate';
import { dialectOf, openDatabase } from '../../src/server/db/open';
import type { Db } from '../../src/server/db/open';
import { fts5Query, queryTerms, tsQuery } from '../../src/server/search/tokens';

const ADMIN_URL = process.env['PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function row(id: string, tracking: string) {
  const at = new Date().toISOString();
  return {
    id,
    site: 's',
    form: 'default',
    kind: 'complaint' as const,
    category: 'c',
    channel: 'web' as const,
    status: 'submitted' as const,
    submitter_type: 'device' as const,
    submitter_id: 'd',
    access_key_hash: null,
    tracking_number: tracking,
    locale: 'zh-CN',
    fields_json: '{}',
    client_submitted_at: at,
    received_at: at,
    updated_at: at,
    withdrawn_at: null,
    withdraw_reason: null,
  };
}

function migrationSuite(name: string, open: () => Promise<{ db: Db; cleanup: () => Promise<void> }>, skip = false) {
  describe(name, { skip }, () => {
    let db: Db;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ db, cleanup } = await open());
    });
    after(async () => cleanup?.());

    test('a fresh database migrates, and a second run is a no-op', async () => {
      const first = await migrateToLatest(db);
      assert.deepEqual(
        first.results?.map((r) => [r.migrationName, r.status]),
        [
          ['001-initial', 'Success'],
          ['002-complaints', 'Success'],
          ['003-list-indexes', 'Success'],
          ['004-consents', 'Success'],
          ['005-points', 'Success'],
          ['006-rate-buckets', 'Success'],
          ['007-stream-slots', 'Success'],
          ['008-audit-log', 'Success'],
          ['009-staff-queue', 'Success'],
          ['010-arbitration', 'Success'],
          ['011-intake-alerts', 'Success'],
          ['012-feedback-outcomes', 'Success'],
          ['013-search', 'Success'],
          ['014-presence', 'Success'],
          ['015-saved-views', 'Success'],
          ['016-site-versions', 'Success'],
          ['017-submission-revisions', 'Success'],
        ],
      );
      const second = await migrateToLatest(db);
      assert.deepEqual(second.results, []);
      const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
      for (const t of [
        'attachments',
        'blobs',
        'idempotency_keys',
        'submissions',
        'complaint_events',
        'complaint_deadlines',
        'leases',
        'webhook_deliveries',
        'live_events',
        'consent_texts',
        'consent_records',
        'points_accounts',
        'points_entries',
        'points_lots',
        'points_allocations',
        'points_incidents',
        'points_codes',
        'points_redemptions',
        'user_activity',
        'rate_buckets',
        'stream_slots',
        'audit_log',
        'canned_replies',
        'deadline_alerts',
      ]) {
        assert.ok(tables.includes(t), t);
      }
    });

    test('event ids are handed out by the database in order, so "after id N" is one range', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const inserted = await db
          .insertInto('live_events')
          .values({
            site: 's',
            audience: 'device:d',
            topic: 't',
            payload_json: '{}',
            created_at: new Date().toISOString(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(Number(inserted.id));
      }
      assert.ok(ids[0]! < ids[1]! && ids[1]! < ids[2]!, ids.join(','));
      assert.equal(
        typeof (await db.selectFrom('live_events').select('id').executeTakeFirstOrThrow()).id,
        'number',
        'ids read as numbers on both dialects',
      );
    });

    test('a new row starts at version 1; tracking numbers and idempotency keys are unique', async () => {
      await db.insertInto('submissions').values(row('id-1', 'UC20260101-AAAAAA')).execute();
      const inserted = await db
        .selectFrom('submissions')
        .select('version')
        .where('id', '=', 'id-1')
        .executeTakeFirstOrThrow();
      assert.equal(inserted.version, 1);
      await assert.rejects(db.insertInto('submissions').values(row('id-2', 'UC20260101-AAAAAA')).execute());
      const key = {
        site: 's',
        actor: 'device:d',
        key: 'k'.repeat(16),
        request_hash: 'h',
        status_code: 201,
        response_json: '{}',
        created_at: new Date().toISOString(),
      };
      await db.insertInto('idempotency_keys').values(key).execute();
      await assert.rejects(db.insertInto('idempotency_keys').values(key).execute());
    });

    test('an attachment must belong to a submission, and blobs keep their bytes exactly', async () => {
      await assert.rejects(
        db
          .insertInto('attachments')
          .values({
            id: 'a1',
            submission_id: 'missing',
            field: 'f',
            name: 'n',
            type: 'image/png',
            size: 1,
            blob_key: 'k',
          })
          .execute(),
      );
      const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
      const blobs = new DatabaseBlobStore(db);
      await blobs.put('b1', bytes);
      assert.deepEqual(await blobs.get('b1'), bytes);
      await blobs.delete('b1');
      assert.equal(await blobs.get('b1'), undefined);
    });

    test('consent proof is append-only: the database refuses UPDATE and DELETE of records and texts', async () => {
      const at = new Date().toISOString();
      await db
        .insertInto('consent_texts')
        .values({ sha256: 'f'.repeat(64), text: 'shown', created_at: at })
        .execute();
      const record = {
        id: 'consent-record-0001',
        site: 's',
        subject: 'device:d',
        received_at: at,
        client_decided_at: at,
        revision: '0123456789abcdef',
        locale: 'zh-CN',
        method: 'custom' as const,
        gpc: 0,
        categories_json: '{}',
        services_json: '{}',
        separate_json: '{}',
        attestation_json: null,
        text_sha256: 'f'.repeat(64),
      };
      await db.insertInto('consent_records').values(record).execute();
      await assert.rejects(
        db.updateTable('consent_records').set({ method: 'accept_all' }).where('id', '=', record.id).execute(),
        /append-only/,
      );
      await assert.rejects(db.deleteFrom('consent_records').where('id', '=', record.id).execute(), /append-only/);
      await assert.rejects(db.updateTable('consent_texts').set({ text: 'changed' }).execute(), /append-only/);
      await assert.rejects(db.deleteFrom('consent_texts').execute(), /append-only/);
      await assert.rejects(
        db
          .insertInto('consent_records')
          .values({ ...record, id: 'consent-record-0002', text_sha256: 'e'.repeat(64) })
          .execute(),
        'a record needs its text',
      );
      await assert.rejects(
        db
          .insertInto('consent_records')
          .values({ ...record, id: 'consent-record-0003', method: 'shrug' as never })
          .execute(),
      );
      const kept = await db
        .selectFrom('consent_records')
        .select('method')
        .where('id', '=', record.id)
        .executeTakeFirstOrThrow();
      assert.equal(kept.method, 'custom');
    });

    test('the audit log refuses UPDATE always, and DELETE of an entry whose purge_after has not passed (by the database clock)', async () => {
      const entry = (purgeAfter: string) => ({
        site: 's',
        at: new Date().toISOString(),
        principal: 'staff:person:p',
        name: 'P',
        action: 'complaint.read',
        subject: 'c-1',
        detail_json: '{}',
        purge_after: purgeAfter,
      });
      const kept = await db
        .insertInto('audit_log')
        .values(entry(new Date(Date.now() + 3600_000).toISOString()))
        .returning('id')
        .executeTakeFirstOrThrow();
      const due = await db
        .insertInto('audit_log')
        .values(entry(new Date(Date.now() - 1000).toISOString()))
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal(typeof kept.id, 'number');
      await assert.rejects(
        db.updateTable('audit_log').set({ action: 'nothing' }).where('id', '=', kept.id).execute(),
        /append-only/,
      );
      await assert.rejects(
        db.updateTable('audit_log').set({ purge_after: '2000-01-01T00:00:00.000Z' }).where('id', '=', due.id).execute(),
        /append-only/,
        'not even of an entry that is due',
      );
      await assert.rejects(db.deleteFrom('audit_log').where('id', '=', kept.id).execute(), /purge_after/);
      await assert.rejects(
        db.deleteFrom('audit_log').execute(),
        /purge_after/,
        'a delete of everything removes nothing',
      );
      const deleted = await db.deleteFrom('audit_log').where('id', '=', due.id).executeTakeFirst();
      assert.equal(deleted.numDeletedRows, 1n);
      const left = await db.selectFrom('audit_log').select(['id', 'action']).execute();
      assert.deepEqual(left, [{ id: kept.id, action: 'complaint.read' }]);
      if (dialectOf(db) === 'postgres')
        await assert.rejects(sql`truncate audit_log`.execute(db), /append-only/, 'nor a truncate');
    });

    test('a numbered stream slot of an audience is held once (the cap of open streams), and 016, 015, 014, 013, 012, 011, 010, 009, 008 and 007 go down and up again', async () => {
      const slot = { site: 's', audience: 'device:d', slot: 0, holder: 'h1', expires_ms: Date.now() + 60_000 };
      await db.insertInto('stream_slots').values(slot).execute();
      await assert.rejects(
        db
          .insertInto('stream_slots')
          .values({ ...slot, holder: 'h2' })
          .execute(),
      );
      await db
        .insertInto('stream_slots')
        .values({ ...slot, audience: 'device:e', holder: 'h2' })
        .execute();
      assert.equal(
        typeof (await db.selectFrom('stream_slots').select('expires_ms').executeTakeFirstOrThrow()).expires_ms,
        'number',
        'read as numbers on both dialects',
      );

      const migrator = new Migrator({ db, provider: migrationProvider({ dialect: dialectOf(db) }) });
      for (const [name, table] of [
        ['017-submission-revisions', 'submission_revisions'],
        ['016-site-versions', 'site_versions'],
        ['015-saved-views', 'staff_saved_views'],
        ['014-presence', 'staff_presence'],
        ['013-search', 'search_docs'],
        ['012-feedback-outcomes', 'complaint_points'],
        ['011-intake-alerts', 'deadline_alerts'],
        ['010-arbitration', 'complaint_rulings'],
        ['009-staff-queue', 'canned_replies'],
        ['008-audit-log', 'audit_log'],
        ['007-stream-slots', 'stream_slots'],
      ]) {
        const down = await migrator.migrateDown();
        assert.deepEqual(
          down.results?.map((r) => [r.migrationName, r.status]),
          [[name, 'Success']],
        );
        assert.ok(!(await db.introspection.getTables()).some((t) => t.name === table));
      }
      assert.deepEqual(
        (await migrateToLatest(db)).results?.map((r) => r.migrationName),
        [
          '007-stream-slots',
          '008-audit-log',
          '009-staff-queue',
          '010-arbitration',
          '011-intake-alerts',
          '012-feedback-outcomes',
          '013-search',
          '014-presence',
          '015-saved-views',
          '016-site-versions',
          '017-submission-revisions',
        ],
      );
    });

    test('009 back-fills the queue columns of rows with clocks through the server’s calendars, and only those', async () => {
      const migrator = new Migrator({ db, provider: migrationProvider({ dialect: dialectOf(db) }) });
      const down = await migrator.migrateTo('008-audit-log');
      assert.deepEqual(
        down.results?.map((r) => r.migrationName),
        [
          '017-submission-revisions',
          '016-site-versions',
          '015-saved-views',
          '014-presence',
          '013-search',
          '012-feedback-outcomes',
          '011-intake-alerts',
          '010-arbitration',
          '009-staff-queue',
        ],
      );
      const clocked = {
        ...row('bf-1', 'UC20260101-BF0001'),
        sla_json: '{"pauses":[],"firstReplyAt":null,"solutionAt":null}',
      };
      await db.insertInto('submissions').values(clocked).execute();
      await db
        .insertInto('submissions')
        .values({ ...row('bf-2', 'UC20260101-BF0002'), kind: 'suggestion' as const })
        .execute();
      await db
        .insertInto('submissions')
        .values({ ...row('bf-3', 'UC20260101-BF0003'), site: 'gone', sla_json: clocked.sla_json })
        .execute();
      const seen: string[] = [];
      await migrateToLatest(db, {
        queueDue: (r) => {
          seen.push(`${r.site}/${r.kind}/${r.complex}`);
          return r.site === 'gone'
            ? undefined
            : { next_due_at: '2026-06-03T10:00:00.000Z', next_due_soon_at: '2026-06-03T08:00:00.000Z' };
        },
      });
      assert.deepEqual(
        seen.sort(),
        ['gone/complaint/0', 's/complaint/0'],
        'rows with clocks only, complex 0 by default',
      );
      const after = await db
        .selectFrom('submissions')
        .select(['id', 'next_due_at', 'next_due_soon_at', 'assignee', 'complex'])
        .where('id', 'in', ['bf-1', 'bf-2', 'bf-3'])
        .orderBy('id')
        .execute();
      assert.deepEqual(after, [
        {
          id: 'bf-1',
          next_due_at: '2026-06-03T10:00:00.000Z',
          next_due_soon_at: '2026-06-03T08:00:00.000Z',
          assignee: null,
          complex: 0,
        },
        { id: 'bf-2', next_due_at: null, next_due_soon_at: null, assignee: null, complex: 0 },
        { id: 'bf-3', next_due_at: null, next_due_soon_at: null, assignee: null, complex: 0 },
      ]);
    });

    test('012: a complaint gives one compensation and one penalty at most; feedback keeps its decision', async () => {
      await db.insertInto('submissions').values(row('cp-1', 'UC20260101-CP0001')).execute();
      const given = {
        submission_id: 'cp-1',
        kind: 'compensation' as const,
        site: 's',
        user_id: 'u',
        points: 10,
        reward: null,
        reason: 'Sorry',
        entry_id: 'e1',
        principal: 'staff:person:p',
        name: 'P',
        created_at: new Date().toISOString(),
      };
      await db.insertInto('complaint_points').values(given).execute();
      await assert.rejects(
        db
          .insertInto('complaint_points')
          .values({ ...given, entry_id: 'e2' })
          .execute(),
      );
      await db
        .insertInto('complaint_points')
        .values({ ...given, kind: 'penalty', entry_id: 'e3' })
        .execute();
      await db
        .updateTable('submissions')
        .set({ decision_json: '{"decision":"accept"}' })
        .where('id', '=', 'cp-1')
        .execute();
      const stored = await db
        .selectFrom('submissions')
        .select('decision_json')
        .where('id', '=', 'cp-1')
        .executeTakeFirst();
      assert.equal(stored?.decision_json, '{"decision":"accept"}');
    });

    test('013 indexes the submissions already there, text without personal fields, contacts apart; a deleted one leaves the index', async () => {
      const migrator = new Migrator({ db, provider: migrationProvider({ dialect: dialectOf(db) }) });
      assert.deepEqual(
        (await migrator.migrateTo('012-feedback-outcomes')).results?.map((r) => r.migrationName),
        ['017-submission-revisions', '016-site-versions', '015-saved-views', '014-presence', '013-search'],
      );
      const fields = { message: '申请退款被拒 Refund denied', email: 'Someone@Example.com', name: '退款王' };
      await db
        .insertInto('submissions')
        .values([
          { ...row('sx-1', 'UC20260601-SX0001'), fields_json: JSON.stringify(fields) },
          { ...row('sx-2', 'UC20260601-SX0002'), fields_json: JSON.stringify({ message: '快递丢失' }) },
        ])
        .execute();
      await migrateToLatest(db);
      const matching = async (query: string) => {
        const terms = queryTerms(query);
        const found =
          dialectOf(db) === 'postgres'
            ? await sql<{ id: string }>`select submission_id as id from search_docs
                where tokens @@ ${tsQuery(terms)}::tsquery order by id`.execute(db)
            : await sql<{ id: string }>`select d.submission_id as id from search_fts
                join search_docs d on d.doc = search_fts.rowid where search_fts match ${fts5Query(terms)} order by id`.execute(
                db,
              );
        return found.rows.map((r) => r.id).filter((id) => id.startsWith('sx-'));
      };
      assert.deepEqual(await matching('退款'), ['sx-1']);
      assert.deepEqual(await matching('refund'), ['sx-1']);
      assert.deepEqual(await matching('快递'), ['sx-2']);
      assert.deepEqual(await matching('王'), [], 'the name is personal: not in the text');
      assert.deepEqual(await matching('someone'), []);
      assert.deepEqual(
        await db
          .selectFrom('search_contacts')
          .select(['contact', 'submission_id'])
          .where('submission_id', 'like', 'sx-%')
          .execute(),
        [{ contact: 'someone@example.com', submission_id: 'sx-1' }],
      );
      await db.deleteFrom('submissions').where('id', '=', 'sx-1').execute();
      assert.deepEqual(await matching('退款'), []);
      assert.equal(
        (await db.selectFrom('search_contacts').select('contact').where('submission_id', '=', 'sx-1').execute()).length,
        0,
      );
    });

    test('010 gives a complaint already with a third party its row; rulings are append-only, an outcome is written once', async () => {
      const migrator = new Migrator({ db, provider: migrationProvider({ dialect: dialectOf(db) }) });
      assert.deepEqual(
        (await migrator.migrateTo('009-staff-queue')).results?.map((r) => r.migrationName),
        [
          '017-submission-revisions',
          '016-site-versions',
          '015-saved-views',
          '014-presence',
          '013-search',
          '012-feedback-outcomes',
          '011-intake-alerts',
          '010-arbitration',
        ],
      );
      const at = '2026-05-01T02:00:00.000Z';
      await db
        .insertInto('submissions')
        .values([
          { ...row('tp-1', 'UC20260501-TP0001'), status: 'third_party' as const },
          { ...row('tp-2', 'UC20260501-TP0002'), status: 'resolved' as const },
        ])
        .execute();
      const event = (submission: string, type: string, actor: string) => ({
        submission_id: submission,
        site: 's',
        type,
        actor_role: type === 'ask_third_party' ? 'user' : 'arbitrator',
        actor_id: actor,
        actor_name: null,
        from_status: null,
        to_status: null,
        body_json: '{}',
        at,
      });
      await db
        .insertInto('complaint_events')
        .values([event('tp-1', 'ask_third_party', 'u-1'), event('tp-2', 'refer_third_party', 'staff:person:r')])
        .execute();
      await migrateToLatest(db);
      const rows = await db
        .selectFrom('complaint_third_parties')
        .select(['submission_id', 'via', 'sent_by', 'body', 'outcome'])
        .execute();
      assert.deepEqual(rows, [{ submission_id: 'tp-1', via: 'user', sent_by: 'u-1', body: null, outcome: null }]);

      await db
        .updateTable('complaint_third_parties')
        .set({ body: '12315', outcome: 'Settled', decided_on: '2026-05-03', outcome_at: at, outcome_event_id: 9 })
        .where('submission_id', '=', 'tp-1')
        .execute();
      await assert.rejects(
        db
          .updateTable('complaint_third_parties')
          .set({ outcome: 'Rewritten' })
          .where('submission_id', '=', 'tp-1')
          .execute(),
        /recorded once/,
      );
      await assert.rejects(
        db.deleteFrom('complaint_third_parties').where('submission_id', '=', 'tp-1').execute(),
        /kept/,
      );

      const ruling = {
        event_id: 1_000_001,
        submission_id: 'tp-2',
        site: 's',
        stage: 'arbitration' as const,
        outcome: 'overturned' as const,
        reasons: 'The user was right',
        ruled_by: 'staff:person:r',
        ruled_by_name: 'R',
        at,
      };
      await db.insertInto('complaint_rulings').values(ruling).execute();
      await assert.rejects(
        db
          .insertInto('complaint_rulings')
          .values({ ...ruling, event_id: 1_000_002, outcome: 'mostly' as never })
          .execute(),
        'an outcome outside the contract’s',
      );
      await assert.rejects(
        db.updateTable('complaint_rulings').set({ outcome: 'upheld' }).where('event_id', '=', 1_000_001).execute(),
        /append-only/,
      );
      await assert.rejects(db.deleteFrom('complaint_rulings').execute(), /append-only/);
    });

    test('011 lets complaints by letter and at a counter in; the table keeps its rows, indexes and what points at it (SQLite rebuilds it)', async () => {
      const indexes = async () =>
        (dialectOf(db) === 'postgres'
          ? (
              await sql<{
                name: string;
              }>`select indexname as name from pg_indexes where tablename = 'submissions'`.execute(db)
            ).rows
          : (
              await sql<{
                name: string;
              }>`select name from sqlite_master where type = 'index' and tbl_name = 'submissions'`.execute(db)
            ).rows
        )
          .map((r) => r.name)
          .sort();
      const letter = { ...row('rb-letter', 'UC20260101-RB0002'), channel: 'letter' as const };
      await db.insertInto('submissions').values(letter).execute();
      await db
        .insertInto('submissions')
        .values({ ...row('rb-counter', 'UC20260101-RB0003'), channel: 'counter' as const })
        .execute();
      await assert.rejects(
        db
          .insertInto('submissions')
          .values({ ...row('rb-fax', 'UC20260101-RB0004'), channel: 'fax' as never })
          .execute(),
        'no other channel',
      );

      await db.insertInto('submissions').values(row('rb-1', 'UC20260101-RB0001')).execute();
      const attachment = {
        id: 'rb-a',
        submission_id: 'rb-1',
        field: 'f',
        name: 'n',
        type: 'image/png',
        size: 1,
        blob_key: 'k',
      };
      await db.insertInto('attachments').values(attachment).execute();
      const before = await indexes();
      const migrator = new Migrator({ db, provider: migrationProvider({ dialect: dialectOf(db) }) });
      // Going back needs no letter or counter left.
      await db.deleteFrom('submissions').where('id', 'in', ['rb-letter', 'rb-counter']).execute();
      assert.deepEqual(
        (await migrator.migrateTo('009-staff-queue')).results?.map((r) => [r.migrationName, r.status]),
        [
          ['017-submission-revisions', 'Success'],
          ['016-site-versions', 'Success'],
          ['015-saved-views', 'Success'],
          ['014-presence', 'Success'],
          ['013-search', 'Success'],
          ['012-feedback-outcomes', 'Success'],
          ['011-intake-alerts', 'Success'],
          ['010-arbitration', 'Success'],
        ],
      );
      await assert.rejects(db.insertInto('submissions').values(letter).execute(), 'before 011, no letters');
      assert.deepEqual(
        (await migrateToLatest(db)).results?.map((r) => r.migrationName),
        [
          '010-arbitration',
          '011-intake-alerts',
          '012-feedback-outcomes',
          '013-search',
          '014-presence',
          '015-saved-views',
          '016-site-versions',
          '017-submission-revisions',
        ],
      );
      assert.deepEqual(await indexes(), before, 'the same indexes');
      await db.insertInto('submissions').values(letter).execute();
      assert.equal(
        (await db.selectFrom('attachments').select('submission_id').where('id', '=', 'rb-a').executeTakeFirst())
          ?.submission_id,
        'rb-1',
        'what points at a submission stays',
      );
      await assert.rejects(
        db
          .insertInto('attachments')
          .values({ ...attachment, id: 'rb-b', submission_id: 'missing' })
          .execute(),
        'foreign keys still hold',
      );
      await db.deleteFrom('submissions').where('id', '=', 'rb-1').execute();
      assert.equal(
        await db.selectFrom('attachments').select('id').where('id', '=', 'rb-a').executeTakeFirst(),
        undefined,
        'and still cascade',
      );
      await assert.rejects(
        db
          .insertInto('submissions')
          .values({ ...letter, id: 'rb-dup' })
          .execute(),
        'tracking numbers stay unique',
      );
    });

    test('a deadline alert is raised once per complaint, deadline, kind and due instant', async () => {
      await db.insertInto('submissions').values(row('al-1', 'UC20260101-AL0001')).execute();
      const alert = {
        id: 'alert-1',
        site: 's',
        submission_id: 'al-1',
        deadline: 'firstReply',
        kind: 'overdue' as const,
        due_at: '2026-01-05T10:00:00.000Z',
        raised_at: '2026-01-05T10:00:30.000Z',
        dismissed_at: null,
        dismissed_by: null,
        dismissed_by_name: null,
      };
      await db.insertInto('deadline_alerts').values(alert).execute();
      await assert.rejects(
        db
          .insertInto('deadline_alerts')
          .values({ ...alert, id: 'alert-2' })
          .execute(),
      );
      await db
        .insertInto('deadline_alerts')
        .values({ ...alert, id: 'alert-3', kind: 'due_soon' })
        .execute();
      await db
        .insertInto('deadline_alerts')
        .values({ ...alert, id: 'alert-4', due_at: '2026-01-06T10:00:00.000Z' })
        .execute();
      await assert.rejects(
        db
          .insertInto('deadline_alerts')
          .values({ ...alert, id: 'alert-5', kind: 'late' as never })
          .execute(),
      );
    });
  });
}

migrationSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'usercare-migrate-'));
  const db = openDatabase({ file: join(dir, 'fresh.sqlite') });
  return {
    db,
    cleanup: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const pgUp = await postgresAvailable();
migrationSuite(
  'PostgreSQL',
  async () => {
    const name = `usercare_test_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const db = openDatabase({ url: url.toString() });
    await sql`select 1`.execute(db);
    return {
      db,
      cleanup: async () => {
        await db.destroy();
        await admin.query(`drop database if exists ${name}`);
        await admin.end();
      },
    };
  },
  !pgUp,
);
