/**
 * One live stream per browser, in Chromium against the real server (through
 * the harness's fault proxy, which counts requests). Three LiveStreams in one
 * page stand for three tabs: Web Locks and BroadcastChannel are per origin,
 * and each LiveStream has its own lock request and its own channel object.
 */
import { expect } from '@open-wc/testing';
import type { Credentials } from '../../src/client/backend';
import { randomId } from '../../src/client/ids';
import { LiveStream, type LiveEvent } from '../../src/client/live-stream';
import { harness, hostToken, requestCounts, resetRequestCounts } from './support/harness';

/** The harness registry's staff token for the `test` site (HARNESS_STAFF_TOKEN in test/support/harness.ts). */
const STAFF_TOKEN = 'harness-agent-token-0123456789abcdef';
const STREAM_REQUEST = 'GET /v1/stream';

const newDevice = () => randomId().replace(/-/g, '');

async function complaintOf(deviceId: string): Promise<string> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/feedback`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomId(), 'X-Usercare-Device': deviceId },
    body: JSON.stringify({
      site: 'test',
      form: 'default',
      kind: 'complaint',
      category: 'publishing',
      locale: 'zh-CN',
      fields: { message: `直播测试 ${randomId()}` },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return ((await response.json()) as { id: string }).id;
}

async function staffAct(id: string, action: string): Promise<void> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/staff/complaints/${id}/actions`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': randomId(),
      Authorization: `Bearer ${STAFF_TOKEN}`,
    },
    body: JSON.stringify({ action }),
  });
  expect(response.status, `${action}: ${await response.clone().text()}`).to.equal(200);
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A "tab": its LiveStream and every complaint.updated it delivered. */
interface Tab {
  live: LiveStream;
  updates: LiveEvent[];
  authRequired: number;
}

describe('live stream: one per browser', () => {
  let tabs: Tab[] = [];
  let endpoint: string;

  function openTab(credentials: () => Credentials | Promise<Credentials>): Tab {
    const tab: Tab = { live: undefined as unknown as LiveStream, updates: [], authRequired: 0 };
    tab.live = new LiveStream({ endpoint, site: 'test', credentials, onAuthRequired: () => (tab.authRequired += 1) });
    tab.live.subscribe('complaint.updated', (event) => tab.updates.push(event));
    tabs.push(tab);
    return tab;
  }

  const statusesOf = (id: string, tab: Tab) =>
    tab.updates.filter((e) => (e.data as { id: string }).id === id).map((e) => (e.data as { status: string }).status);
  const leaders = () => tabs.filter((t) => t.live.isLeader);

  beforeEach(async () => {
    endpoint = (await harness()).api;
    for (const key of Object.keys(localStorage))
      if (key.startsWith('usercare:live-') || key.startsWith('usercare:lease:')) localStorage.removeItem(key);
    await resetRequestCounts();
  });

  afterEach(() => {
    for (const tab of tabs) tab.live.close();
    tabs = [];
  });

  it('three tabs open exactly one stream, all three hear a staff action, and closing the leader hands over without losing or repeating an event', async () => {
    const deviceId = newDevice();
    const id = await complaintOf(deviceId);
    for (let i = 0; i < 3; i += 1) openTab(() => ({ deviceId }));

    await until(() => leaders().length === 1 && leaders()[0]!.live.status === 'open', 'one leader with an open stream');
    expect(tabs.filter((t) => t.live.status === 'following')).to.have.length(2);
    await sleep(500);
    expect((await requestCounts())[STREAM_REQUEST], 'streams opened').to.equal(1);

    await staffAct(id, 'accept');
    await until(() => tabs.every((t) => statusesOf(id, t).includes('accepted')), 'every tab to hear "accepted"');

    // The leader goes; the action right after lands while the next tab is
    // taking over: it must arrive once, from the replay or from the poll.
    const [oldLeader] = leaders();
    oldLeader!.live.close();
    await staffAct(id, 'start_investigation');
    const remaining = tabs.filter((t) => t !== oldLeader);
    await until(() => leaders().length === 1 && leaders()[0]!.live.status === 'open', 'a new leader');
    expect(leaders()[0]).to.not.equal(oldLeader);
    await until(
      () => remaining.every((t) => statusesOf(id, t).includes('investigating')),
      'the other tabs to hear "investigating"',
    );
    await sleep(1_500);
    for (const tab of remaining) expect(statusesOf(id, tab)).to.deep.equal(['accepted', 'investigating']);
    expect(statusesOf(id, oldLeader!)).to.deep.equal(['accepted']);
    expect((await requestCounts())[STREAM_REQUEST], 'one more stream, from the new leader').to.equal(2);
  });

  it('asks every tab for a new sign-in on a 401, and resumes on reconnect() with good credentials', async () => {
    const expired = await hostToken('live-user', -3600);
    let token = expired;
    const credentials = () => ({ token });
    const a = openTab(credentials);
    const b = openTab(credentials);
    await until(() => a.authRequired === 1 && b.authRequired === 1, 'onAuthRequired in both tabs');
    expect(leaders()[0]!.live.status).to.equal('auth-required');
    await sleep(1_500);
    expect((await requestCounts())[STREAM_REQUEST], 'no retrying a refused token').to.equal(1);

    token = await hostToken('live-user');
    // Whichever tab the host signed in again in: a follower asks the leader.
    const follower = tabs.find((t) => !t.live.isLeader)!;
    follower.live.reconnect();
    await until(() => leaders()[0]!.live.status === 'open', 'the stream to open with the new token');
  });

  it('pauses while the browser is offline and comes back when it is online', async () => {
    const deviceId = newDevice();
    const id = await complaintOf(deviceId);
    const tab = openTab(() => ({ deviceId }));
    await until(() => tab.live.status === 'open', 'the stream to open');

    const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => false });
    try {
      window.dispatchEvent(new Event('offline'));
      await until(() => tab.live.status === 'offline', 'status offline');
      // Missed while offline…
      await staffAct(id, 'accept');
      await sleep(1_500);
      expect(statusesOf(id, tab)).to.deep.equal([]);
    } finally {
      Object.defineProperty(Navigator.prototype, 'onLine', onLine);
    }
    window.dispatchEvent(new Event('online'));
    // …and replayed from the last event id once online.
    await until(() => statusesOf(id, tab).includes('accepted'), 'the missed event after coming back');
    expect((await requestCounts())[STREAM_REQUEST]).to.equal(2);
  });

  it('without Web Locks (a plain-http page) a localStorage lease still keeps it to one stream, and hands over on close', async () => {
    const locks = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks')!;
    Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get: () => undefined });
    const deviceId = newDevice();
    const id = await complaintOf(deviceId);
    try {
      for (let i = 0; i < 3; i += 1) openTab(() => ({ deviceId }));
    } finally {
      Object.defineProperty(Navigator.prototype, 'locks', locks);
    }
    await until(() => leaders().length === 1 && leaders()[0]!.live.status === 'open', 'one leader');
    await sleep(500);
    expect((await requestCounts())[STREAM_REQUEST]).to.equal(1);
    await staffAct(id, 'accept');
    await until(() => tabs.every((t) => statusesOf(id, t).includes('accepted')), 'every tab to hear "accepted"');

    const [oldLeader] = leaders();
    oldLeader!.live.close();
    await until(
      () => leaders().length === 1 && leaders()[0]!.live.status === 'open',
      'a new leader at once, not after the lease runs out (10 s)',
      8_000,
    );
    await staffAct(id, 'start_investigation');
    await until(
      () => tabs.filter((t) => t !== oldLeader).every((t) => statusesOf(id, t).includes('investigating')),
      'the other tabs to hear it',
    );
  });

  it('never throws into the page: a failing credentials callback or listener is logged once and retried', async () => {
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const deviceId = newDevice();
      const id = await complaintOf(deviceId);
      let calls = 0;
      const tab = openTab(() => {
        calls += 1;
        if (calls === 1) throw new Error('host not ready');
        return { deviceId };
      });
      tab.live.subscribe('*', () => {
        throw new Error('a broken listener');
      });
      await until(() => tab.live.status === 'open', 'the stream to open on the retry');
      await staffAct(id, 'accept');
      await until(() => statusesOf(id, tab).includes('accepted'), 'the event despite the broken listener');
      await staffAct(id, 'start_investigation');
      await until(() => statusesOf(id, tab).includes('investigating'), 'the next one too');
      expect(errors.length, JSON.stringify(errors.map((e) => String(e[0])))).to.equal(1);
    } finally {
      console.error = original;
    }
  });
});
