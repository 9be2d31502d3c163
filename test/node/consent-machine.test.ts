/**
 * The consent banner's behaviour without a browser: what each button decides,
 * that only changed purposes are asked again, GPC, the age question, and that
 * every decision is committed exactly once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActor, fromPromise } from 'xstate';
import {
  consentMachine,
  type ConsentContext,
  type ConsentEvent,
  type LoadResult,
} from '../../machines/consent.machine';
import type { ConsentConfig } from '../../src/contract/consent';
import type { StoredDecision } from '../../src/consent/decision';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const DAY = 86_400_000;

const CONFIG: ConsentConfig = {
  site: 'shop',
  revision: '0123456789abcdef',
  categories: [
    {
      id: 'analytics',
      label: 'Analytics',
      description: 'Visits',
      version: '1',
      services: [
        { id: 'stats', name: 'Stats', purpose: 'Counting' },
        { id: 'heatmap', name: 'Heatmap', purpose: 'Clicks' },
      ],
    },
    { id: 'marketing', label: 'Marketing', description: 'Ads', version: '1' },
  ],
  separate: [
    { id: 'share-logistics', kind: 'third_party', recipient: 'SF Express', purpose: 'Delivery', version: '1' },
    { id: 'location', kind: 'sensitive', recipient: 'Precise location', purpose: 'Delivery', version: '1' },
  ],
  documents: [],
  expiryDays: 30,
};

function previousDecision(patch: Partial<StoredDecision> = {}): StoredDecision {
  return {
    v: 1,
    id: 'previous-decision-0001',
    site: 'shop',
    revision: CONFIG.revision,
    at: NOW - DAY,
    expires: NOW + 29 * DAY,
    gpc: false,
    categories: { analytics: { granted: true, version: '1' }, marketing: { granted: false, version: '1' } },
    services: { 'analytics/stats': true, 'analytics/heatmap': true },
    separate: { 'share-logistics': { granted: true, version: '1' }, location: { granted: false, version: '1' } },
    ...patch,
  };
}

interface Run {
  state: () => string;
  context: () => ConsentContext;
  send: (event: ConsentEvent) => void;
  commits: ConsentContext['decided'][];
}

async function run(
  options: {
    config?: ConsentConfig;
    previous?: StoredDecision;
    gpc?: boolean;
    preferences?: boolean;
    fail?: boolean;
  } = {},
): Promise<Run> {
  const commits: ConsentContext['decided'][] = [];
  let n = 0;
  const actor = createActor(
    consentMachine.provide({
      actors: {
        load: fromPromise<LoadResult, { site: string }>(async () => {
          if (options.fail) throw new Error('offline');
          return { config: options.config ?? CONFIG, previous: options.previous };
        }),
      },
      actions: { commit: ({ context }) => void commits.push(context.decided) },
    }),
    {
      input: {
        site: 'shop',
        gpc: options.gpc ?? false,
        preferences: options.preferences ?? false,
        now: () => NOW,
        newId: () => `decision-${++n}-0000000000`,
      },
    },
  );
  actor.start();
  await new Promise((r) => setTimeout(r, 0));
  return {
    state: () => String(actor.getSnapshot().value),
    context: () => actor.getSnapshot().context,
    send: (event) => actor.send(event),
    commits,
  };
}

const granted = (d: StoredDecision) => ({
  categories: Object.fromEntries(Object.entries(d.categories).map(([k, v]) => [k, v.granted])),
  separate: Object.fromEntries(Object.entries(d.separate).map(([k, v]) => [k, v.granted])),
});

describe('consent machine', () => {
  it('first visit: the banner asks about everything; accept all grants every purpose once, with versions and expiry', async () => {
    const r = await run();
    assert.equal(r.state(), 'banner');
    assert.deepEqual(r.context().ask, [
      'category:analytics',
      'category:marketing',
      'separate:share-logistics',
      'separate:location',
    ]);
    r.send({ type: 'accept_all' });
    r.send({ type: 'accept_all' }); // a second click on a banner that is gone decides nothing
    assert.equal(r.state(), 'hidden');
    assert.equal(r.commits.length, 1);
    const { decision, method } = r.commits[0]!;
    assert.equal(method, 'accept_all');
    assert.deepEqual(granted(decision), {
      categories: { analytics: true, marketing: true },
      separate: { 'share-logistics': true, location: true },
    });
    assert.deepEqual(decision.services, { 'analytics/stats': true, 'analytics/heatmap': true });
    assert.equal(decision.categories.analytics!.version, '1');
    assert.equal(decision.expires, NOW + 30 * DAY);
    assert.equal(decision.revision, CONFIG.revision);
  });

  it('reject all refuses every optional purpose', async () => {
    const r = await run();
    r.send({ type: 'reject_all' });
    assert.deepEqual(granted(r.commits[0]!.decision), {
      categories: { analytics: false, marketing: false },
      separate: { 'share-logistics': false, location: false },
    });
  });

  it('customise: nothing is pre-ticked; what the user switches on is all that is granted', async () => {
    const r = await run();
    r.send({ type: 'customise' });
    assert.equal(r.state(), 'preferences');
    assert.deepEqual(r.context().choices.categories, { necessary: true, analytics: false, marketing: false });
    assert.deepEqual(r.context().choices.separate, { 'share-logistics': false, location: false });
    r.send({ type: 'toggle', purpose: 'services', id: 'analytics/stats', on: true });
    r.send({ type: 'toggle', purpose: 'services', id: 'analytics/heatmap', on: false });
    r.send({ type: 'toggle', purpose: 'separate', id: 'location', on: true });
    r.send({ type: 'save' });
    const { decision, method } = r.commits[0]!;
    assert.equal(method, 'custom');
    assert.deepEqual(granted(decision), {
      categories: { analytics: true, marketing: false },
      separate: { 'share-logistics': false, location: true },
    });
    assert.deepEqual(decision.services, { 'analytics/stats': true, 'analytics/heatmap': false });
  });

  it('a new version of one purpose asks about that purpose only and keeps the other choices', async () => {
    const config = { ...CONFIG, categories: [{ ...CONFIG.categories[0]!, version: '2' }, CONFIG.categories[1]!] };
    const r = await run({ config, previous: previousDecision() });
    assert.equal(r.state(), 'banner');
    assert.deepEqual(r.context().ask, ['category:analytics']);
    r.send({ type: 'reject_all' });
    const { decision } = r.commits[0]!;
    assert.deepEqual(granted(decision), {
      categories: { analytics: false, marketing: false },
      separate: { 'share-logistics': true, location: false },
    });
    assert.equal(decision.categories.analytics!.version, '2');
  });

  it('an expired decision asks about everything again', async () => {
    const r = await run({ previous: previousDecision({ expires: NOW - 1 }) });
    assert.equal(r.context().ask.length, 4);
  });

  it('nothing to ask: hidden; open() goes to the dialog with the choices in force; closing asks nothing', async () => {
    const r = await run({ previous: previousDecision() });
    assert.equal(r.state(), 'hidden');
    r.send({ type: 'open' });
    assert.equal(r.state(), 'preferences');
    assert.equal(r.context().choices.categories.analytics, true);
    r.send({ type: 'close' });
    assert.equal(r.state(), 'hidden');
    assert.equal(r.commits.length, 0);
  });

  it('withdrawing in the dialog is recorded as a withdrawal', async () => {
    const r = await run({ previous: previousDecision(), preferences: true });
    assert.equal(r.state(), 'preferences');
    r.send({ type: 'toggle', purpose: 'categories', id: 'analytics', on: false });
    r.send({ type: 'save' });
    const { decision, method } = r.commits[0]!;
    assert.equal(method, 'withdraw');
    assert.equal(decision.categories.analytics!.granted, false);
    assert.equal(decision.services['analytics/stats'], false);
  });

  it('in the dialog, reject all and accept all mean every purpose, also after a decision', async () => {
    const r = await run({ previous: previousDecision(), preferences: true });
    r.send({ type: 'reject_all' });
    assert.deepEqual(granted(r.commits[0]!.decision), {
      categories: { analytics: false, marketing: false },
      separate: { 'share-logistics': false, location: false },
    });
    assert.equal(r.commits[0]!.method, 'withdraw');
    r.send({ type: 'open' });
    r.send({ type: 'accept_all' });
    assert.deepEqual(granted(r.commits[1]!.decision), {
      categories: { analytics: true, marketing: true },
      separate: { 'share-logistics': true, location: true },
    });
    assert.equal(r.commits[1]!.method, 'accept_all');
  });

  it('closing the dialog before any decision goes back to the banner', async () => {
    const r = await run();
    r.send({ type: 'customise' });
    r.send({ type: 'close' });
    assert.equal(r.state(), 'banner');
  });

  it('GPC keeps marketing and third-party sharing off, even on accept all, and their switches do not move', async () => {
    const r = await run({ gpc: true });
    r.send({ type: 'customise' });
    r.send({ type: 'toggle', purpose: 'categories', id: 'marketing', on: true });
    assert.equal(r.context().choices.categories.marketing, false);
    r.send({ type: 'accept_all' });
    const { decision } = r.commits[0]!;
    assert.deepEqual(granted(decision), {
      categories: { analytics: true, marketing: false },
      separate: { 'share-logistics': false, location: true },
    });
    assert.equal(decision.gpc, true);
  });

  it('under the guardian age, nothing optional without the guardian; the attestation is recorded', async () => {
    const r = await run({ config: { ...CONFIG, guardianAge: 14 } });
    r.send({ type: 'accept_all' });
    assert.equal(r.state(), 'banner', 'accept needs the age question answered');
    r.send({ type: 'age', underAge: true });
    r.send({ type: 'accept_all' });
    assert.equal(r.commits.length, 0, 'no guardian yet');
    r.send({ type: 'guardian', confirmed: true });
    r.send({ type: 'accept_all' });
    const { decision } = r.commits[0]!;
    assert.deepEqual(decision.attestation, { underAge: true, guardian: true });
    assert.equal(decision.categories.analytics!.granted, true);
  });

  it('under the guardian age, reject all is always possible', async () => {
    const r = await run({ config: { ...CONFIG, guardianAge: 14 } });
    r.send({ type: 'age', underAge: true });
    r.send({ type: 'reject_all' });
    assert.equal(r.commits[0]!.decision.attestation?.underAge, true);
    assert.equal(r.commits[0]!.decision.categories.analytics!.granted, false);
  });

  it('no config (offline on a first visit): unavailable, nothing decided; retry loads again', async () => {
    const r = await run({ fail: true });
    assert.equal(r.state(), 'unavailable');
    r.send({ type: 'retry' });
    assert.equal(r.state(), 'loading');
  });
});
