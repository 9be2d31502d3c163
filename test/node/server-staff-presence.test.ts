/**
 * Who else is on a complaint, on the real server with the test's own clock:
 * a presence is announced to the site's staff over the staff stream (names
 * and ids only), answered with who else is there, lapses by itself when
 * nobody renews it, ends at once with `left`, is shared by two instances on
 * one database, is no audited read, and is refused for another site's
 * complaint (404, as one that does not exist). The message route's
 * `version` makes a reply on a complaint changed since a 409. On SQLite,
 * and on PostgreSQL too when one answers on 127.0.0.1:5432 (a fresh
 * database, dropped after).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openEventStream, type EventStream } from './_event-stream';
import { PRESENCE_TTL_S, PresenceNotice } from '../../src/contract/staff-presence';
import {
  SECRETS,
  call,
  newDevice,
  newKey,
  staffToken,
  startTestServer,
  submission,
  testSites,
  type TestServer,
} from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

let clockMs = Date.now();
const now = () => new Date(clockMs);

interface Instances {
  server: TestServer;
  second: TestServer;
}

/** Reads the staff stream as the console does (_event-stream.ts). */
async function openStream(url: string, token: string): Promise<EventStream> {
  const stream = await openEventStream(url, { Authorization: `Bearer ${token}` });
  assert.equal(stream.status, 200);
  return stream;
}

function presenceSuite(label: string, open: () => Promise<Instances>, skip: string | false): void {
  describe(label, { skip }, () => {
    let server: TestServer;
    let second: TestServer;
    let wang: string;
    let li: string;
    before(async () => {
      ({ server, second } = await open());
      wang = await staffToken({ sub: 'wang-fang', name: 'Wang Fang', roles: ['agent'] });
      li = await staffToken({ sub: 'li-lei', name: 'Li Lei', roles: ['supervisor'] });
    });
    after(async () => {
      await second?.close();
      await server?.close();
    });

    const complaint = async (): Promise<string> => {
      const r = await call(server.url, 'POST', '/v1/feedback', {
        body: submission({ fields: { message: 'The refund never came', email: 'zhang.wei@example.com' } }),
        headers: { 'X-Usercare-Device': newDevice(), 'Idempotency-Key': newKey() },
      });
      assert.equal(r.status, 201, r.text);
      return r.json.id as string;
    };
    const presence = (on: TestServer, id: string, token: string, body: unknown) =>
      call(on.url, 'POST', `/v1/staff/complaints/${id}/presence`, {
        body,
        headers: { Authorization: `Bearer ${token}` },
      });

    test('announced to the site’s staff on the stream with names and ids only; the answer names the others, never the asker', async () => {
      const id = await complaint();
      const stream = await openStream(`${server.url}/v1/staff/stream?site=test`, li);
      try {
        await stream.next((m) => m.event === 'ready');
        const first = await presence(server, id, wang, { state: 'viewing' });
        assert.equal(first.status, 200, first.text);
        assert.deepEqual(first.json, { others: [] }, 'nobody else is there, and Wang Fang is not shown to herself');
        const heard = await stream.next((m) => m.event === 'presence.changed' && JSON.parse(m.data).complaintId === id);
        const notice = PresenceNotice.parse(JSON.parse(heard.data));
        assert.deepEqual(notice, {
          complaintId: id,
          principal: 'staff:person:wang-fang',
          name: 'Wang Fang',
          state: 'viewing',
          at: now().toISOString(),
          expiresAt: new Date(clockMs + PRESENCE_TTL_S * 1000).toISOString(),
        });
        assert.deepEqual(
          Object.keys(JSON.parse(heard.data)).sort(),
          ['at', 'complaintId', 'expiresAt', 'name', 'principal', 'state'],
          'no complaint data: no text, no contact, no tracking number',
        );
        assert.ok(!heard.data.includes('zhang.wei'), 'the contact never rides on it');

        const typing = await presence(server, id, li, { state: 'typing' });
        assert.equal(typing.status, 200, typing.text);
        assert.deepEqual(
          typing.json.others.map((o: PresenceNotice) => [o.principal, o.name, o.state]),
          [['staff:person:wang-fang', 'Wang Fang', 'viewing']],
          'a supervisor may be present too: anyone who may read the complaint',
        );
        const wangAgain = await presence(server, id, wang, { state: 'viewing' });
        assert.deepEqual(
          wangAgain.json.others.map((o: PresenceNotice) => [o.name, o.state]),
          [['Li Lei', 'typing']],
        );
      } finally {
        stream.close();
      }
    });

    test('a presence nobody renews lapses after its lease; `left` ends it at once', async () => {
      const id = await complaint();
      assert.equal((await presence(server, id, wang, { state: 'viewing' })).status, 200);
      clockMs += (PRESENCE_TTL_S - 5) * 1000;
      assert.deepEqual(
        (await presence(server, id, li, { state: 'viewing' })).json.others.map((o: PresenceNotice) => o.name),
        ['Wang Fang'],
        'still inside its lease',
      );
      clockMs += 10_000;
      assert.deepEqual(
        (await presence(server, id, li, { state: 'viewing' })).json.others,
        [],
        'Wang Fang’s tab closed without a word: gone once the lease ran out',
      );
      const rows = await server.db
        .selectFrom('staff_presence')
        .select('principal')
        .where('submission_id', '=', id)
        .execute();
      assert.deepEqual(
        rows.map((r) => r.principal),
        ['staff:person:li-lei'],
        'a lapsed row is cleared by the next write on the complaint',
      );

      assert.equal((await presence(server, id, wang, { state: 'typing' })).status, 200);
      const left = await presence(server, id, wang, { state: 'left' });
      assert.equal(left.status, 200, left.text);
      const leftEvent = await server.db
        .selectFrom('live_events')
        .select('payload_json')
        .where('audience', '=', 'staff:test')
        .where('topic', '=', 'presence.changed')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const notice = PresenceNotice.parse(JSON.parse(leftEvent.payload_json));
      assert.deepEqual([notice.state, notice.expiresAt], ['left', notice.at], 'a left presence expires as it is said');
      assert.deepEqual((await presence(server, id, li, { state: 'viewing' })).json.others, []);
    });

    test('GET /v1/staff/presence: who is on which complaint of the site now, never the asker, nothing lapsed; another site’s token refused', async () => {
      const [first, second2] = [await complaint(), await complaint()];
      assert.equal((await presence(server, first, wang, { state: 'typing' })).status, 200);
      assert.equal((await presence(second, second2, li, { state: 'viewing' })).status, 200);
      const list = async (token: string) => {
        const r = await call(server.url, 'GET', '/v1/staff/presence?site=test', {
          headers: { Authorization: `Bearer ${token}` },
        });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.headers.get('Cache-Control'), 'no-store');
        return (r.json.items as PresenceNotice[]).filter((n) => n.complaintId === first || n.complaintId === second2);
      };
      assert.deepEqual(
        (await list(li)).map((n) => [n.complaintId, n.name, n.state]),
        [[first, 'Wang Fang', 'typing']],
      );
      assert.deepEqual(
        (await list(wang)).map((n) => [n.complaintId, n.name, n.state]),
        [[second2, 'Li Lei', 'viewing']],
      );
      clockMs += (PRESENCE_TTL_S + 1) * 1000;
      assert.deepEqual(await list(li), [], 'lapsed');
      await server.sweep();
      const left = await server.db
        .selectFrom('staff_presence')
        .select('principal')
        .where('submission_id', 'in', [first, second2])
        .execute();
      assert.deepEqual(left, [], 'the sweep deletes lapsed rows nobody wrote over');
      const stranger = await staffToken({ sub: 'x', name: 'X', site: 'other', secret: SECRETS.otherStaff });
      const refused = await call(server.url, 'GET', '/v1/staff/presence?site=test', {
        headers: { Authorization: `Bearer ${stranger}` },
      });
      assert.equal(refused.status, 401, refused.text);
    });

    test('two instances on one database see each other’s presences', async () => {
      const id = await complaint();
      assert.equal((await presence(second, id, wang, { state: 'typing' })).status, 200);
      assert.deepEqual(
        (await presence(server, id, li, { state: 'viewing' })).json.others.map((o: PresenceNotice) => [
          o.name,
          o.state,
        ]),
        [['Wang Fang', 'typing']],
      );
    });

    test('another site’s complaint is a 404 like one that does not exist; no token a 401; a bad state a 422; none announced', async () => {
      const id = await complaint();
      const before = await server.db
        .selectFrom('live_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('topic', '=', 'presence.changed')
        .executeTakeFirstOrThrow();
      const stranger = await staffToken({
        sub: 'other-agent',
        name: 'Other Agent',
        site: 'other',
        secret: SECRETS.otherStaff,
      });
      const foreign = await presence(server, id, stranger, { state: 'viewing' });
      assert.deepEqual([foreign.status, foreign.json.error.code], [404, 'not_found'], foreign.text);
      const missing = await presence(server, `no-such-${randomUUID()}`, wang, { state: 'viewing' });
      assert.deepEqual([missing.status, missing.json.error.code], [404, 'not_found']);
      assert.equal(foreign.json.error.message, missing.json.error.message, 'the same answer: ids cannot be probed');
      const anonymous = await call(server.url, 'POST', `/v1/staff/complaints/${id}/presence`, {
        body: { state: 'viewing' },
      });
      assert.equal(anonymous.status, 401, anonymous.text);
      const bad = await presence(server, id, wang, { state: 'reading' });
      assert.deepEqual([bad.status, bad.json.error.code], [422, 'validation_failed'], bad.text);
      assert.equal(bad.json.error.details.fields[0].path, 'state');
      const afterwards = await server.db
        .selectFrom('live_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('topic', '=', 'presence.changed')
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterwards.n), Number(before.n), 'a refused presence announces nothing');
    });

    test('a presence is no audited read: it reads nothing of the complaint', async () => {
      const id = await complaint();
      assert.equal((await presence(server, id, wang, { state: 'viewing' })).status, 200);
      assert.equal((await presence(server, id, wang, { state: 'typing' })).status, 200);
      const entries = await server.db.selectFrom('audit_log').select('action').where('subject', '=', id).execute();
      assert.deepEqual(entries, []);
    });

    test('a reply written against a version someone changed since is a 409 conflict, and nothing is sent', async () => {
      const id = await complaint();
      const write = (body: unknown) =>
        call(server.url, 'POST', `/v1/staff/complaints/${id}/messages`, {
          body,
          headers: { Authorization: `Bearer ${wang}`, 'Idempotency-Key': newKey() },
        });
      const first = await write({ text: 'We are on it', version: 1 });
      assert.equal(first.status, 200, first.text);
      const stale = await write({ text: 'We are looking into it', version: 1 });
      assert.deepEqual([stale.status, stale.json.error.code], [409, 'conflict'], stale.text);
      const current = await write({ text: 'We are looking into it', version: first.json.version });
      assert.equal(current.status, 200, current.text);
      const messages = await server.db
        .selectFrom('complaint_events')
        .select('body_json')
        .where('submission_id', '=', id)
        .where('type', '=', 'message')
        .execute();
      assert.deepEqual(
        messages.map((m) => JSON.parse(m.body_json).text),
        ['We are on it', 'We are looking into it'],
      );
    });
  });
}

presenceSuite(
  'on SQLite',
  async () => {
    const server = await startTestServer(testSites(), { now });
    const second = await startTestServer(testSites(), { now, databaseFile: join(server.dataDir, 'usercare.sqlite') });
    return { server, second };
  },
  false,
);

presenceSuite(
  'on PostgreSQL',
  async () => {
    const url = new URL(await newPostgresDatabase('together'));
    const server = await startTestServer(testSites(), { now, databaseUrl: url.toString() });
    const second = await startTestServer(testSites(), { now, databaseUrl: url.toString() });
    return { server, second };
  },
  postgresSkip,
);
