/**
 * GET /v1/stream on the real server (SQLite in a temp folder): a staff action
 * reaches the submitter's open stream and nobody else's, a resume replays
 * what was missed exactly once, bad credentials are refused before any
 * stream opens, a client that goes away stops the server's polling, and the
 * cap of open streams per audience holds across two instances on one
 * database.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SseMessage } from '../../src/client/live-stream';
import { openEventStream, type EventStream } from './_event-stream';
import { insertLiveEvents } from '../../src/server/live-events';
import { LIVE_EVENTS_KEEP_MS } from '../../src/server/live-events-purge';
import type { SiteEntry } from '../../src/server/registry-schema';
import { STREAM_FALLBACK_POLL_MS } from '../../src/server/routes/stream';
import { openStreamCount, SLOT_LEASE_MS, SLOT_RENEW_MS, STREAMS_PER_AUDIENCE } from '../../src/server/stream-slots';
import {
  ALLOWED_ORIGIN,
  call,
  hostToken,
  newDevice,
  newKey,
  OTHER_ORIGIN,
  SECRETS,
  startServerProcess,
  startTestServer,
  submission,
  submit,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';

const AGENT = 'stream-agent-token-0123456789';

const [testSite, otherSite] = testSites();
const sites: SiteEntry[] = [
  {
    ...testSite!,
    staffTokens: [
      { name: 'Agent Stream', tokenSha256: createHash('sha256').update(AGENT).digest('hex'), roles: ['agent'] },
    ],
  },
  otherSite!,
];

let server: TestServer;
before(async () => {
  server = await startTestServer(sites);
});
after(() => server.close());

const device = (id: string) => ({ 'X-Usercare-Device': id });

async function complaintOf(headers: Record<string, string>): Promise<string> {
  const res = await submit(server.url, submission(), { 'Idempotency-Key': newKey(), ...headers });
  assert.equal(res.status, 201, res.text);
  return res.json.id as string;
}

async function staffAct(id: string, action: string, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, {
    headers: { Authorization: `Bearer ${AGENT}`, 'Idempotency-Key': newKey() },
    body: { action, ...extra },
  });
  assert.equal(res.status, 200, `${action}: ${res.text}`);
}

type OpenStream = EventStream;

/** Reads the stream as the browser does (_event-stream.ts). */
const openStream = (headers: Record<string, string>, query = 'site=test', base = server.url): Promise<OpenStream> =>
  openEventStream(`${base}/v1/stream?${query}`, headers);

async function askForStream(base: string, headers: Record<string, string>): Promise<Call> {
  const abort = new AbortController();
  const response = await fetch(`${base}/v1/stream?site=test`, { headers, signal: abort.signal });
  if (response.status === 200) {
    abort.abort();
    return { status: 200, headers: response.headers, text: '(a stream opened)', json: undefined };
  }
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) };
}

const isReady = (m: SseMessage) => m.event === 'ready';
const updateOf = (id: string, status?: string) => (m: SseMessage) =>
  m.event === 'complaint.updated' &&
  JSON.parse(m.data).id === id &&
  (status === undefined || JSON.parse(m.data).status === status);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** How many streams the audience has open through every instance on the test database, now. */
const openCount = (audience: string) => openStreamCount(server.db, 'test', audience, Date.now());

async function until(condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('live stream', () => {
  test('a staff action reaches the submitter’s open stream as complaint.updated, and no one else’s', async () => {
    const mine = newDevice();
    const id = await complaintOf(device(mine));
    const userToken = await hostToken(SECRETS.test, 'stream-user-b');
    const theirs = await complaintOf({ Authorization: `Bearer ${userToken}` });

    const stream = await openStream(device(mine));
    const other = await openStream({ Authorization: `Bearer ${userToken}` });
    try {
      assert.equal(stream.response.status, 200);
      assert.match(stream.response.headers.get('Content-Type') ?? '', /^text\/event-stream/);
      const ready = await stream.next(isReady);
      await other.next(isReady);
      // A first connect gets only `ready`, at the newest id: not the `submitted` event from before it connected.
      assert.deepEqual(
        stream.messages.map((m) => m.event),
        ['ready'],
      );
      assert.equal(JSON.parse(ready.data).resumed, false);
      assert.equal(JSON.parse(ready.data).lastId, Number(ready.id));

      await staffAct(id, 'accept');
      const update = await stream.next(updateOf(id, 'accepted'));
      assert.ok(Number(update.id) > Number(ready.id));
      assert.equal(JSON.parse(update.data).trackingNumber.length > 0, true);

      // The other user's stream hears its own complaint, and never the first one.
      await staffAct(theirs, 'accept');
      await other.next(updateOf(theirs, 'accepted'));
      await sleep(1_200);
      assert.equal(
        other.messages.filter((m) => m.event === 'complaint.updated' && JSON.parse(m.data).id === id).length,
        0,
      );
      assert.equal(
        stream.messages.filter((m) => m.event === 'complaint.updated' && JSON.parse(m.data).id === theirs).length,
        0,
      );
    } finally {
      stream.close();
      other.close();
    }
  });

  test('resuming with Last-Event-ID replays what was missed, in order, and nothing twice', async () => {
    const mine = newDevice();
    const id = await complaintOf(device(mine));
    const first = await openStream(device(mine));
    const ready = await first.next(isReady);
    first.close();
    await first.ended;

    // Missed while disconnected.
    await staffAct(id, 'accept');
    await staffAct(id, 'start_investigation');

    const second = await openStream({ ...device(mine), 'Last-Event-ID': ready.id! });
    try {
      const caughtUp = await second.next(isReady);
      assert.deepEqual(
        second.messages.map((m) => [m.event, m.event === 'ready' ? null : JSON.parse(m.data).status]),
        [
          ['complaint.updated', 'accepted'],
          ['complaint.updated', 'investigating'],
          ['ready', null],
        ],
      );
      assert.deepEqual(JSON.parse(caughtUp.data), { lastId: Number(second.messages[1]!.id), resumed: true });

      await staffAct(id, 'reply', { text: '已处理' });
      await second.next(updateOf(id, 'replied'));
      await sleep(1_200);
      const ids = second.messages.filter((m) => m.event !== 'ready').map((m) => m.id);
      assert.equal(new Set(ids).size, ids.length, `an event was sent twice: ${ids.join(', ')}`);
      assert.equal(ids.length, 3);
    } finally {
      second.close();
    }

    // ?after= is the same resume, for clients that cannot set the header.
    const viaQuery = await openStream(device(mine), `site=test&after=${ready.id}`);
    try {
      await viaQuery.next(isReady);
      assert.deepEqual(
        viaQuery.messages.filter((m) => m.event === 'complaint.updated').map((m) => JSON.parse(m.data).status),
        ['accepted', 'investigating', 'replied'],
      );
    } finally {
      viaQuery.close();
    }
  });

  test('an id from before a database reset (higher than any row) starts from now instead of waiting for ids to catch up', async () => {
    const mine = newDevice();
    await complaintOf(device(mine));
    const stream = await openStream({ ...device(mine), 'Last-Event-ID': '999999999' });
    try {
      const ready = await stream.next(isReady);
      assert.equal(JSON.parse(ready.data).resumed, false);
      assert.ok(Number(ready.id) < 999_999_999);
    } finally {
      stream.close();
    }
  });

  test('the sweep deletes live events older than a week, and a stream resuming from before them is told it did not resume', async () => {
    let clock = Date.now();
    const local = await startTestServer(sites, { now: () => new Date(clock) });
    try {
      const mine = newDevice();
      const sent = await submit(local.url, submission(), { 'Idempotency-Key': newKey(), ...device(mine) });
      assert.equal(sent.status, 201, sent.text);
      const act = async (action: string, extra: Record<string, unknown> = {}) => {
        const res = await call(local.url, 'POST', `/v1/staff/complaints/${sent.json.id}/actions`, {
          headers: { Authorization: `Bearer ${AGENT}`, 'Idempotency-Key': newKey() },
          body: { action, ...extra },
        });
        assert.equal(res.status, 200, res.text);
      };
      await act('accept');
      await act('start_investigation');
      const audience = `device:${mine}`;
      const ids = async () =>
        (
          await local.db.selectFrom('live_events').select('id').where('audience', '=', audience).orderBy('id').execute()
        ).map((r) => r.id);
      const weekOld = await ids();
      assert.ok(weekOld.length >= 2);

      clock += LIVE_EVENTS_KEEP_MS + 60_000;
      await act('reply', { text: '已处理' });
      assert.ok((await local.sweep()).liveEventsPurged >= weekOld.length, 'the staff stream’s week-old events go too');
      const left = await ids();
      assert.equal(left.length, 1, 'only this week’s is left');
      assert.ok(left[0]! > weekOld.at(-1)!);

      const stream = await openStream({ ...device(mine), 'Last-Event-ID': String(weekOld[0]) }, 'site=test', local.url);
      try {
        const ready = await stream.next(isReady);
        assert.equal(
          JSON.parse(ready.data).resumed,
          false,
          'what was missed cannot be replayed, so the client reloads',
        );
      } finally {
        stream.close();
      }
    } finally {
      await local.close();
    }
  });

  test('a row that commits late with a lower id (PostgreSQL sequences) is still sent, once', async () => {
    const mine = newDevice();
    const stream = await openStream(device(mine));
    try {
      const ready = await stream.next(isReady);
      const base = Number(ready.id);
      const row = (id: number) => ({
        id,
        site: 'test',
        audience: `device:${mine}`,
        topic: 'test.late',
        payload_json: JSON.stringify({ n: id }),
        created_at: new Date().toISOString(),
      });
      await insertLiveEvents(server.db, [row(base + 50)]);
      await stream.next((m) => m.id === String(base + 50));
      await insertLiveEvents(server.db, [row(base + 40)]);
      await stream.next((m) => m.id === String(base + 40));
      await sleep(2_200);
      assert.deepEqual(
        stream.messages.filter((m) => m.event === 'test.late').map((m) => Number(m.id)),
        [base + 50, base + 40],
      );
    } finally {
      stream.close();
    }
  });

  test('bad credentials, a foreign origin, an unknown site and a malformed Last-Event-ID are refused before any stream opens', async () => {
    const forged = await hostToken(SECRETS.other, 'someone');
    const expired = await hostToken(SECRETS.test, 'someone', -3600);
    const refusals: Record<string, string>[] = [
      { Authorization: `Bearer ${forged}` },
      { Authorization: `Bearer ${expired}` },
      { Authorization: 'Bearer not-a-jwt' },
      {},
    ];
    for (const headers of refusals) {
      const res = await call(server.url, 'GET', '/v1/stream?site=test', { headers });
      assert.equal(res.status, 401, res.text);
      assert.equal(res.json.error.code, 'unauthorized');
    }
    // A bad token is a 401 even with a device id beside it (falling back would hide an expired login).
    const both = await call(server.url, 'GET', '/v1/stream?site=test', {
      headers: { Authorization: `Bearer ${forged}`, ...device(newDevice()) },
    });
    assert.equal(both.status, 401);

    const foreign = await call(server.url, 'GET', '/v1/stream?site=test', {
      headers: { Origin: OTHER_ORIGIN, ...device(newDevice()) },
    });
    assert.equal(foreign.status, 403);
    const unknown = await call(server.url, 'GET', '/v1/stream?site=nope', { headers: device(newDevice()) });
    assert.equal(unknown.status, 404);
    const malformed = await call(server.url, 'GET', '/v1/stream?site=test', {
      headers: { ...device(newDevice()), 'Last-Event-ID': 'abc' },
    });
    assert.equal(malformed.status, 400);

    // An allowed origin gets the stream with CORS headers a page may read.
    const allowed = await openStream({ Origin: ALLOWED_ORIGIN, ...device(newDevice()) });
    try {
      assert.equal(allowed.response.status, 200);
      assert.equal(allowed.response.headers.get('Access-Control-Allow-Origin'), ALLOWED_ORIGIN);
      await allowed.next(isReady);
    } finally {
      allowed.close();
    }
  });

  test(`at most ${STREAMS_PER_AUDIENCE} streams per audience; a closed client stops the server's polling and frees its place`, async () => {
    const mine = newDevice();
    const audience = `device:${mine}`;
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const timersBefore = timers();

    const streams: OpenStream[] = [];
    for (let i = 0; i < STREAMS_PER_AUDIENCE; i += 1) {
      const stream = await openStream(device(mine));
      await stream.next(isReady);
      streams.push(stream);
    }
    assert.equal(await openCount(audience), STREAMS_PER_AUDIENCE);
    const refused = await askForStream(server.url, device(mine));
    assert.equal(refused.status, 429, refused.text);
    assert.equal(refused.json.error.code, 'rate_limited');
    assert.ok(Number(refused.headers.get('Retry-After')) > 0);
    // Another device is not held back by this one's streams.
    const neighbour = await openStream(device(newDevice()));
    await neighbour.next(isReady);
    neighbour.close();

    for (const stream of streams) stream.close();
    await until(async () => (await openCount(audience)) === 0);
    // Every stream's poll timer and lifetime timer is gone with it.
    await until(() => timers() <= timersBefore);

    const again = await openStream(device(mine));
    try {
      await again.next(isReady);
      assert.equal(await openCount(audience), 1);
    } finally {
      again.close();
    }
    await until(async () => (await openCount(audience)) === 0);
  });

  test(`two instances on one database share the cap: ${STREAMS_PER_AUDIENCE} streams through one, and the next through the other is refused`, async () => {
    // A process of its own, so nothing but the database can tell it about the first instance's streams.
    const second = await startServerProcess(sites, { file: join(server.dataDir, 'usercare.sqlite') });
    const mine = newDevice();
    const audience = `device:${mine}`;
    const streams: OpenStream[] = [];
    try {
      for (let i = 0; i < STREAMS_PER_AUDIENCE; i += 1) {
        const stream = await openStream(device(mine));
        await stream.next(isReady);
        streams.push(stream);
      }
      const refused = await askForStream(second.url, device(mine));
      assert.equal(refused.status, 429, refused.text);
      assert.equal(refused.json.error.code, 'rate_limited');
      assert.equal(typeof refused.json.error.message, 'string');
      assert.ok(refused.json.error.details.retryAfter > 0);
      assert.ok(Number(refused.headers.get('Retry-After')) > 0);

      // One closes on the first instance: the second has its place at once, and then the first is full again.
      streams.shift()!.close();
      await until(async () => (await openCount(audience)) === STREAMS_PER_AUDIENCE - 1);
      const through = await openStream(device(mine), 'site=test', second.url);
      streams.push(through);
      assert.equal(through.response.status, 200);
      await through.next(isReady);
      const full = await askForStream(server.url, device(mine));
      assert.equal(full.status, 429, full.text);
    } finally {
      for (const stream of streams) stream.close();
      await until(async () => (await openCount(audience)) === 0);
      await second.close();
    }
  });

  describe('with the server clock in the test’s hands', () => {
    let clocked: TestServer;
    let nowMs = Date.now();
    before(async () => {
      clocked = await startTestServer(sites, { now: () => new Date(nowMs) });
    });
    after(() => clocked.close());

    const countAt = (audience: string) => openStreamCount(clocked.db, 'test', audience, nowMs);

    test('the slots of an instance that vanished stop counting when their lease runs out, and the sweep deletes them', async () => {
      const mine = newDevice();
      const audience = `device:${mine}`;
      // What a crashed instance leaves behind: every slot of the audience, renewed just before it went.
      const leftBehind = Array.from({ length: STREAMS_PER_AUDIENCE }, (_, slot) => ({
        site: 'test',
        audience,
        slot,
        holder: `vanished-${slot}`,
        expires_ms: nowMs + SLOT_LEASE_MS,
      }));
      await clocked.db.insertInto('stream_slots').values(leftBehind).execute();
      const refused = await askForStream(clocked.url, device(mine));
      assert.equal(refused.status, 429, refused.text);

      nowMs += SLOT_LEASE_MS;
      assert.equal(await countAt(audience), 0);
      const stream = await openStream(device(mine), 'site=test', clocked.url);
      try {
        assert.equal(stream.response.status, 200);
        await stream.next(isReady);
        assert.equal(await countAt(audience), 1);
        await clocked.sweep();
        const kept = await clocked.db
          .selectFrom('stream_slots')
          .select('holder')
          .where('audience', '=', audience)
          .execute();
        assert.equal(kept.length, 1, 'the sweep deleted the lapsed slots, and not the open stream’s');
        assert.ok(!kept[0]!.holder.startsWith('vanished-'));
      } finally {
        stream.close();
      }
      await until(async () => (await countAt(audience)) === 0);
    });

    test('open streams renew their slots, so they still fill the cap after the first lease would have run out', async () => {
      const mine = newDevice();
      const audience = `device:${mine}`;
      const openedAt = nowMs;
      const streams: OpenStream[] = [];
      try {
        for (let i = 0; i < STREAMS_PER_AUDIENCE; i += 1) {
          const stream = await openStream(device(mine), 'site=test', clocked.url);
          await stream.next(isReady);
          streams.push(stream);
        }
        nowMs += SLOT_RENEW_MS;
        // Each stream renews on its next read (a fallback poll at the latest): every slot then outlives the lease it was taken with.
        await until(
          async () =>
            (await openStreamCount(clocked.db, 'test', audience, openedAt + SLOT_LEASE_MS)) === STREAMS_PER_AUDIENCE,
          STREAM_FALLBACK_POLL_MS + 5_000,
        );
        nowMs = openedAt + SLOT_LEASE_MS;
        const refused = await askForStream(clocked.url, device(mine));
        assert.equal(refused.status, 429, refused.text);
      } finally {
        for (const stream of streams) stream.close();
      }
      await until(async () => (await countAt(audience)) === 0);
    });
  });
});
