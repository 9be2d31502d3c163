/**
 * The staff runtime's presence without a browser: what the console keeps of
 * who else is on a complaint (never itself, each lease counted from when it
 * was heard, gone when it lapses or on `left`), and how often an open view
 * tells the server: typing a long reply costs one `typing` every 10 s and
 * one `viewing` once it stops, never a request per keystroke.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import type { PresenceNotice, PresenceState } from '../../src/contract/staff-presence';
import { PresenceReporter, RENEW_MS, TYPING_EVERY_MS, TYPING_IDLE_MS } from '../../src/client/staff/presence-reporter';
import { StaffPresence } from '../../src/client/staff/staff-presence';

const ME = 'staff:person:me';

/** The runtime's presence, listened to (as a view or a queue row would), the signed-in principal ME. */
function presence() {
  const store = new StaffPresence({
    listen: () => () => {},
    current: () => Promise.resolve([]),
    principal: () => ME,
    expire: () => {},
  });
  store.subscribe(() => {});
  return { store };
}

const notice = (over: Partial<PresenceNotice>): PresenceNotice => ({
  complaintId: 'c-1',
  principal: 'staff:person:wang',
  name: 'Wang Fang',
  state: 'viewing',
  at: '2026-01-01T00:00:00.000Z',
  expiresAt: '2026-01-01T00:00:45.000Z',
  ...over,
});

describe('StaffPresence', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  test('keeps others, never the signed-in principal; typing first; `left` removes; a lease lapses from when it was heard', () => {
    const { store } = presence();
    store.hear(notice({ principal: ME, name: 'Me' }));
    store.hear(notice({}));
    store.hear(notice({ principal: 'staff:person:li', name: 'Li Lei', state: 'typing' }));
    assert.deepEqual(
      store.on('c-1').map((p) => [p.name, p.state]),
      [
        ['Li Lei', 'typing'],
        ['Wang Fang', 'viewing'],
      ],
    );
    store.hear(notice({ principal: 'staff:person:li', name: 'Li Lei', state: 'left', expiresAt: notice({}).at }));
    assert.deepEqual(
      store.on('c-1').map((p) => p.name),
      ['Wang Fang'],
    );
    // The notice's instants are from a year ago by this clock: the 45 s lease still counts from now.
    mock.timers.tick(44_000);
    assert.equal(store.on('c-1').length, 1);
    mock.timers.tick(2_000);
    assert.deepEqual(store.on('c-1'), []);
  });

  test('an answer replaces what was known of that complaint only', () => {
    const { store } = presence();
    store.hear(notice({}));
    store.hear(notice({ complaintId: 'c-2' }));
    store.replace('c-1', [notice({ principal: 'staff:person:li', name: 'Li Lei' })]);
    assert.deepEqual(
      store.on('c-1').map((p) => p.name),
      ['Li Lei'],
    );
    assert.deepEqual(
      store.on('c-2').map((p) => p.name),
      ['Wang Fang'],
    );
  });
});

describe('PresenceReporter', () => {
  const sent: Array<PresenceState> = [];
  beforeEach(() => {
    sent.length = 0;
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    const events = { addEventListener() {}, removeEventListener() {} };
    Object.assign(globalThis, { document: { ...events, visibilityState: 'visible' }, window: events });
  });
  afterEach(() => mock.timers.reset());

  const reporter = () =>
    new PresenceReporter(
      'c-1',
      {
        presence: (_id, state) => {
          sent.push(state);
          return Promise.resolve({ others: [] });
        },
        leave: () => sent.push('left'),
      },
      presence().store,
    );

  test('typing 200 characters over 30 s sends `typing` every 10 s and one `viewing` after, not one per key', () => {
    const r = reporter();
    r.start();
    assert.deepEqual(sent, ['viewing']);
    for (let i = 0; i < 200; i++) {
      r.typed();
      mock.timers.tick(150);
    }
    assert.deepEqual(sent, ['viewing', 'typing', 'typing', 'typing'], `30 s of typing: ${TYPING_EVERY_MS} ms apart`);
    mock.timers.tick(TYPING_IDLE_MS);
    assert.deepEqual(sent.slice(4), ['viewing'], 'typing stopped');
    r.close();
    assert.equal(sent.at(-1), 'left');
  });

  test('typing in bursts with pauses costs at most a `typing` and a `viewing` every 10 s', () => {
    const r = reporter();
    r.start();
    for (let burst = 0; burst < 6; burst++) {
      for (let i = 0; i < 10; i++) {
        r.typed();
        mock.timers.tick(100);
      }
      mock.timers.tick(TYPING_IDLE_MS + 100); // a pause: `viewing` once
    }
    // 6 bursts of ~4 s each: typing with the first and with the first burst 10 s or more after it, each followed by one viewing.
    assert.deepEqual(sent, ['viewing', 'typing', 'viewing', 'typing', 'viewing']);
  });

  test('an open view renews `viewing` every 20 s, and nothing more once closed', () => {
    const r = reporter();
    r.start();
    for (let i = 0; i < 3; i++) mock.timers.tick(RENEW_MS);
    assert.deepEqual(sent, ['viewing', 'viewing', 'viewing', 'viewing']);
    r.close();
    for (let i = 0; i < 3; i++) mock.timers.tick(RENEW_MS);
    assert.deepEqual(sent, ['viewing', 'viewing', 'viewing', 'viewing', 'left']);
  });
});
