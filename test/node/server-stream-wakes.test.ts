/**
 * The live streams are woken by writes (src/server/db/live-wakes.ts) rather
 * than waiting for their poll: on SQLite within the process (a second
 * instance on the same file included), on PostgreSQL through NOTIFY to every
 * instance, also after the listening connection was terminated; and no
 * server code writes a row without its wake. Each change must arrive well inside the fallback poll's
 * period, one after another, so a broken wake (which leaves the next change
 * to the next poll, STREAM_FALLBACK_POLL_MS later) fails the test.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { SseMessage } from '../../src/client/live-stream';
import { openEventStream, type EventStream } from './_event-stream';
import { LISTENER_APPLICATION_NAME } from '../../src/server/db/pg-listener';
import type { SiteEntry } from '../../src/server/registry-schema';
import { STREAM_FALLBACK_POLL_MS } from '../../src/server/routes/stream';
import {
  call,
  newDevice,
  newKey,
  startServerProcess,
  startTestServer,
  submission,
  submit,
  testSites,
  type TestServer,
} from './_helpers';

const AGENT = 'wakes-agent-token-0123456789';
/** Half the fallback poll: a change that waited for a poll would often miss it, and two in a row always would. */
const WOKEN_WITHIN_MS = STREAM_FALLBACK_POLL_MS / 2;
const CHANGES = 3;

const [testSite, otherSite] = testSites();
const sites: SiteEntry[] = [
  {
    ...testSite!,
    staffTokens: [
      { name: 'Agent Wakes', tokenSha256: createHash('sha256').update(AGENT).digest('hex'), roles: ['agent'] },
    ],
  },
  otherSite!,
];

type OpenStream = EventStream;

/** A stream read as the browser reads it (_event-stream.ts), refused nowhere here; its waits are longer than the default. */
async function openStream(base: string, path: string, headers: Record<string, string>): Promise<OpenStream> {
  const stream = await openEventStream(`${base}${path}`, headers);
  assert.equal(stream.status, 200, await (stream.status === 200 ? '' : stream.response.text()));
  return { ...stream, next: (match, ms = 10_000) => stream.next(match, ms) };
}

const staffHeaders = { Authorization: `Bearer ${AGENT}` };
const openStaffStream = (base: string) => openStream(base, '/v1/staff/stream?site=test', staffHeaders);
const isReady = (m: SseMessage) => m.event === 'ready';
const queueChangeOf = (id: string, status: string) => (m: SseMessage) =>
  m.event === 'queue.changed' && JSON.parse(m.data).id === id && JSON.parse(m.data).status === status;

async function complaintOn(
  base: string,
  headers: Record<string, string> = { 'X-Usercare-Device': newDevice() },
): Promise<string> {
  const res = await submit(base, submission(), { 'Idempotency-Key': newKey(), ...headers });
  assert.equal(res.status, 201, res.text);
  return res.json.id as string;
}

/** Accepts the complaint through `base`; resolves when the answer is in, with the time it came. */
async function accept(base: string, id: string): Promise<number> {
  const res = await call(base, 'POST', `/v1/staff/complaints/${id}/actions`, {
    headers: { ...staffHeaders, 'Idempotency-Key': newKey() },
    body: { action: 'accept' },
  });
  assert.equal(res.status, 200, res.text);
  return performance.now();
}

/** CHANGES complaints accepted through `writer`, one after another, each seen on `stream` within WOKEN_WITHIN_MS. */
async function changesArriveWoken(writer: string, stream: OpenStream, ids: string[]): Promise<number[]> {
  const delays: number[] = [];
  for (const id of ids) {
    const answered = await accept(writer, id);
    await stream.next(queueChangeOf(id, 'accepted'), STREAM_FALLBACK_POLL_MS * 3);
    delays.push(performance.now() - answered);
  }
  for (const delay of delays)
    assert.ok(
      delay < WOKEN_WITHIN_MS,
      `every change within ${WOKEN_WITHIN_MS} ms of its write (the fallback poll is ${STREAM_FALLBACK_POLL_MS} ms); took ${delays.map(Math.round).join(', ')} ms`,
    );
  return delays;
}

describe('live streams woken by writes, on SQLite', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(sites);
  });
  after(() => server.close());

  test('a staff action reaches an open staff console’s stream, and the submitter’s, well before the fallback poll', async () => {
    const device = newDevice();
    const ids = [];
    for (let i = 0; i < CHANGES; i += 1) ids.push(await complaintOn(server.url, { 'X-Usercare-Device': device }));
    const staff = await openStaffStream(server.url);
    const user = await openStream(server.url, '/v1/stream?site=test', { 'X-Usercare-Device': device });
    try {
      await staff.next(isReady);
      await user.next(isReady);
      await changesArriveWoken(server.url, staff, ids);
      // The submitter's stream was woken by the same commits: every update is there already, or nearly.
      for (const id of ids)
        await user.next((m) => m.event === 'complaint.updated' && JSON.parse(m.data).id === id, WOKEN_WITHIN_MS);
    } finally {
      staff.close();
      user.close();
    }
  });

  test('a second instance in the same process, on the same file, is woken by the first one’s writes', async () => {
    const second = await startTestServer(sites, { databaseFile: join(server.dataDir, 'usercare.sqlite') });
    const ids = [];
    for (let i = 0; i < CHANGES; i += 1) ids.push(await complaintOn(server.url));
    const stream = await openStaffStream(second.url);
    try {
      await stream.next(isReady);
      await changesArriveWoken(server.url, stream, ids);
    } finally {
      stream.close();
      await second.close();
    }
  });

  test('every write of live_events in the server goes through insertLiveEvents, which wakes the streams', () => {
    const root = fileURLToPath(new URL('../../src/server', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (
          path.endsWith('.ts') &&
          !path.endsWith('live-events.ts') &&
          !path.includes(`${join('db', 'migrations')}`) &&
          /insertInto\(\s*['"]live_events['"]/.test(readFileSync(path, 'utf8'))
        )
          offenders.push(relative(root, path));
      }
    };
    walk(root);
    assert.deepEqual(offenders, [], 'these insert live_events rows without waking the streams: use insertLiveEvents');
  });
});

const ADMIN_URL = process.env['PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
async function adminClient(): Promise<pg.Client | undefined> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return client;
  } catch {
    return undefined;
  }
}
const admin = await adminClient();

describe(
  'live streams woken by writes, on PostgreSQL',
  { skip: admin ? false : 'no PostgreSQL on 127.0.0.1:5432' },
  () => {
    const name = `usercare_live_${randomUUID().replaceAll('-', '')}`;
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    let first: TestServer;
    let second: Awaited<ReturnType<typeof startServerProcess>>;
    const errorsLogged: string[] = [];
    before(async () => {
      await admin!.query(`create database ${name}`);
      first = await startTestServer(sites, {
        databaseUrl: url.toString(),
        log: (level, message, extra) => {
          if (level === 'error') errorsLogged.push(`${message} ${JSON.stringify(extra ?? {})}`);
        },
      });
      // A process of its own: only the database stands between the two instances.
      second = await startServerProcess(sites, { url: url.toString() });
    });
    after(async () => {
      await second?.close();
      await first?.close();
      await admin!.query(`drop database if exists ${name} with (force)`);
      await admin!.end();
    });

    const listeners = async (): Promise<number[]> =>
      (
        await admin!.query<{ pid: number }>(
          'select pid from pg_stat_activity where datname = $1 and application_name = $2',
          [name, LISTENER_APPLICATION_NAME],
        )
      ).rows.map((r) => r.pid);

    test('a write through one instance reaches a stream open on another through NOTIFY, well before the fallback poll', async () => {
      const ids = [];
      for (let i = 0; i < CHANGES; i += 1) ids.push(await complaintOn(first.url));
      const stream = await openStaffStream(second.url);
      try {
        await stream.next(isReady);
        await changesArriveWoken(first.url, stream, ids);
      } finally {
        stream.close();
      }
      assert.deepEqual(errorsLogged, []);
    });

    test('a listening connection that is terminated is replaced, and changes are woken again', async () => {
      const ids = [];
      for (let i = 0; i < CHANGES; i += 1) ids.push(await complaintOn(first.url));
      const stream = await openStaffStream(second.url);
      try {
        await stream.next(isReady);
        const before = await listeners();
        assert.ok(before.length >= 1, 'the instance with an open stream listens');
        const ended = await admin!.query('select pg_terminate_backend(pid) from pg_stat_activity where pid = any($1)', [
          before,
        ]);
        assert.equal(ended.rowCount, before.length);
        // Each instance that listened connects again (with a short jittered wait) and listens anew.
        const deadline = Date.now() + 10_000;
        for (;;) {
          const now = await listeners();
          if (now.filter((pid) => !before.includes(pid)).length >= before.length) break;
          assert.ok(
            Date.now() < deadline,
            `no new listening connection; had ${before.join(', ')}, now ${now.join(', ')}`,
          );
          await new Promise((done) => setTimeout(done, 50));
        }
        // The stream itself stayed open throughout, and hears the next changes by their wakes.
        await changesArriveWoken(first.url, stream, ids);
      } finally {
        stream.close();
      }
      assert.deepEqual(errorsLogged, []);
    });
  },
);
