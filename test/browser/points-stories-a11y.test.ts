/**
 * Every story of uc-points-widget in real Chromium, in the light and the dark
 * colour scheme: the story's loaders (its in-memory points server, or the
 * device's copy it leaves) and beforeEach (the signed-in user) run, its render
 * goes into the page, the steps its play function takes are taken with DOM
 * events, the state must show (its text, from the widget's own catalog, is
 * asserted here, independently of the play function), and axe must find
 * nothing in the element, shadow DOM included. Then the stories' points
 * server itself: it must answer as the usercare server does, since the
 * stories claim to show what the server would make the widget show.
 *
 * The CSF3 objects are composed here rather than with composeStories, for
 * the reason given in stories-a11y.test.ts (storybook/preview-api pulls in
 * CommonJS that @web/test-runner serves as-is).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { checkEveryStory, matches, shown, visible } from './support/story-checks';
import { BackendError } from '../../src/client/errors';
import { PointsHistory, PointsSummary, Redemption, RedemptionList, type EntryReason } from '../../src/contract/points';
import { fillMessage, type Params } from '../../src/i18n/locale';
import en, { type PointsMessageKey } from '../../src/i18n/points/en';
import zhCN from '../../src/i18n/points/zh-CN';
import {
  NETWORK_MESSAGE,
  STORY_CODES,
  STORY_REWARDS,
  STORY_USER,
  StoryPointsBackend,
  UNAVAILABLE_MESSAGE,
  storyToken,
} from '../../stories/support/points-fixtures';
import * as stories from '../../stories/uc-points-widget.stories';
import type { PointsArgs } from '../../stories/uc-points-widget.stories';

const { default: csfMeta, ...named } = stories;
const meta: Meta<PointsArgs> = csfMeta;
type StoryName = Exclude<keyof typeof stories, 'default'>;
type Story = StoryObj<PointsArgs>;
const STORIES = named as Record<StoryName, Story>;

// ── what the widget says, from its English catalog ───────────────────────────

const say = (key: PointsMessageKey, params?: Params) => fillMessage(en[key], params);
/** A message with `{time}` in it: any date and time there. */
const sayAnyTime = (key: PointsMessageKey, params: Params = {}) =>
  new RegExp(
    fillMessage(en[key], { ...params, time: '\u0000' })
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace('\u0000', '.+'),
  );
/** The words of a message before its first placeholder. */
const lead = (key: PointsMessageKey) => en[key].split('{')[0]!;

const COUPON = '10 yuan off your next order';
const STALE = lead('points.stale');

/** What each story must show once it has reached its state. */
const REACHED: Record<StoryName, string | RegExp> = {
  RichAccount: sayAnyTime('reason.compensation', { service: 'private messages', minutes: 125 }),
  NewAccount: say('points.historyEmpty'),
  Compact: say('points.badge', { balance: 195 }),
  CompactOpen: say('points.earnTitle'),
  ConfirmRedemption: say('points.confirmText', { points: 100, balance: 195 }),
  // Two of the pool's codes went to the account's earlier coupons.
  Redeemed: say('points.redeemed', { name: COUPON, code: STORY_CODES[STORY_REWARDS.coupon]![2]! }),
  Undone: say('points.undoneNotice'),
  RefusedNotEnoughPoints: say('points.insufficient'),
  RefusedRewardGone: say('points.rewardGone'),
  Queued: say('points.queued'),
  Offline: STALE,
  LoadFailed: say('points.unreachable'),
  SignedOut: say('points.signedOut'),
  NotAvailable: say('points.unavailableHere'),
  Chinese: fillMessage(zhCN['points.level'], { name: '贡献者' }),
  // The level's words, not the heading: the heading shows while the points are still loading.
  Dark: say('points.level', { name: 'Contributor' }),
};

/** The balance each story ends with, where it shows one. */
const BALANCE: Partial<Record<StoryName, string>> = {
  RichAccount: '195',
  NewAccount: '0',
  ConfirmRedemption: '195',
  Redeemed: '95',
  Undone: '295',
  // The phone's redemption took 100 before this one arrived; this one took nothing.
  RefusedNotEnoughPoints: '95',
  RefusedRewardGone: '195',
  Queued: '195',
  Offline: '195',
  Dark: '195',
};

/** See stories-a11y.test.ts: deleted once, before any story opens them; each story then runs as a site of its own. */
const DATABASES = ['usercare', 'usercare-local-backend'];

// ── looking at the element, and the steps the play functions take ───────────

async function until(check: () => boolean, what: () => string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A button by its accessible name: its aria-label, else its words. */
const buttonNamed = (root: ShadowRoot, name: string) =>
  [...root.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/\s+/g, ' ').trim() === name,
  );

/** Presses a button once it can be pressed: while the device's copy shows (the server not answered yet), redeeming is off. */
async function press(root: ShadowRoot, name: string): Promise<void> {
  await until(
    () => {
      const button = buttonNamed(root, name);
      return !!button && !button.disabled && !shown(root).includes(STALE);
    },
    () => `an enabled "${name}" button; the widget shows "${shown(root)}"`,
  );
  buttonNamed(root, name)!.click();
}

async function redeemCoupon(root: ShadowRoot): Promise<void> {
  await press(root, say('points.redeemFor', { name: COUPON, points: 100 }));
  await until(
    () => shown(root).includes(say('points.confirmTitle', { name: COUPON })),
    () => `the confirmation; it shows "${shown(root)}"`,
  );
  await press(root, say('points.confirm'));
}

/** What each play function does to reach its state (the others only look). */
const PLAY: Partial<Record<StoryName, (root: ShadowRoot) => Promise<void>>> = {
  // By its part: what the badge is called aloud is the widget's to choose (its visible words must be in it).
  CompactOpen: async (root) => {
    await until(
      () => !!root.querySelector('[part~="badge"]'),
      () => 'the badge',
    );
    root.querySelector<HTMLButtonElement>('[part~="badge"]')!.click();
  },
  ConfirmRedemption: (root) => press(root, say('points.redeemFor', { name: COUPON, points: 100 })),
  Redeemed: redeemCoupon,
  Undone: (root) => press(root, say('points.undo')),
  RefusedNotEnoughPoints: redeemCoupon,
  RefusedRewardGone: redeemCoupon,
  Queued: redeemCoupon,
};

const balanceOf = (root: ShadowRoot) => root.querySelector('[part~="balance"] strong')?.textContent?.trim() ?? '';
const textsOf = (root: ShadowRoot, selector: string) =>
  [...root.querySelectorAll(selector)].map((el) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '');

/** Every reason a user's history can give (the server writes no `reversal` reason: an undo is `redemption_undone`). */
const REASONS: ReadonlyArray<EntryReason['code']> = [
  'suggestion_accepted',
  'complaint_rated',
  'report_confirmed',
  'compensation',
  'redemption',
  'redemption_undone',
  'expiry',
  'penalty',
  'adjustment',
];

/** The rich account, as every story that shows it in full must show it. */
function checkRichAccount(root: ShadowRoot): void {
  const text = shown(root);
  for (const code of REASONS) expect(text, `a ${code} entry`).to.contain(lead(`reason.${code}` as PointsMessageKey));
  expect(
    [...new Set([...root.querySelectorAll<HTMLElement>('[part~="entry"]')].map((e) => e.dataset.kind))].sort(),
  ).to.deep.equal(['compensation', 'earn', 'expiry', 'penalty', 'reversal', 'spend']);
  expect(text).to.contain(say('reason.capped', { points: 20 }));
  expect(text).to.contain(say('points.level', { name: 'Contributor' }));
  expect(text).to.contain(say('points.nextLevel', { points: 540, name: 'Trusted contributor' }));
  expect(text).to.contain(say('points.pendingTotal', { points: 50 }));
  expect(
    textsOf(root, '.expiring li').map((line) => line.split(' ')[0]),
    'points expiring within the month, soonest first',
  ).to.deep.equal(['25', '20']);
  expect(text).to.match(sayAnyTime('points.pending', { points: 50 }));
  expect(text).to.contain(say('points.notEnough', { points: 500 }));
  expect(text).to.contain(say('points.unavailable'));
  expect(text).to.match(sayAnyTime('points.undoUntil'));
  expect(textsOf(root, '[part~="codes"] li.undone').length, 'the tea sampler, undone').to.equal(1);
  expect(
    [...root.querySelectorAll('[part~="codes"] button')].map((b) => b.textContent?.trim()),
    'only this morning’s coupon can still be undone',
  ).to.deep.equal([say('points.undo')]);
  const progress = root.querySelector('progress');
  expect(
    [progress?.getAttribute('value'), progress?.getAttribute('max')],
    'lifetime 460 of the way from 200 to 1000',
  ).to.deep.equal(['260', '800']);
}

describe('uc-points-widget stories: states and accessibility', function () {
  this.timeout(60_000);

  before(async () => {
    for (const name of DATABASES) await deleteDB(name);
  });

  checkEveryStory(meta, STORIES, 'uc-points-widget', async (name, element, scheme) => {
    let root: ShadowRoot | null = null;
    await until(
      () => !!(root = element.shadowRoot) && !root.querySelector('[aria-busy="true"]'),
      () => `${name} to render; it shows "${shown(element.shadowRoot)}"`,
    );
    await PLAY[name]?.(root!);
    await until(
      // The state, from the server: a copy from an earlier run shows (marked) until the server answers.
      () =>
        matches(shown(element.shadowRoot), REACHED[name]) &&
        (name === 'Offline' || !shown(element.shadowRoot).includes(STALE)),
      () => `"${String(REACHED[name])}" in ${name}; it shows "${shown(element.shadowRoot)}"`,
    );
    root = element.shadowRoot!;
    expect(visible(root, REACHED[name]), `"${String(REACHED[name])}" is visible`).to.equal(true);
    expect(shown(root), 'storage still works').not.to.contain('drafts will not survive a reload');

    const balance = BALANCE[name];
    if (balance !== undefined)
      await until(
        () => balanceOf(root!) === balance,
        () => `the balance ${balance} in ${name}; it shows ${balanceOf(root!)}`,
      );
    if (name === 'RichAccount' || name === 'Dark') checkRichAccount(root);
    if (name === 'Compact' || name === 'CompactOpen') {
      const open = name === 'CompactOpen';
      expect(root.querySelector('[part~="badge"]')?.getAttribute('aria-expanded')).to.equal(String(open));
      expect(!!root.querySelector('[part~="history"]'), 'the details').to.equal(open);
    }
    if (name === 'ConfirmRedemption') {
      expect(textsOf(root, '[part~="confirm"] button')).to.deep.equal([say('points.confirm'), say('points.cancel')]);
    }
    if (name === 'Redeemed') {
      expect(
        textsOf(root, '[part~="codes"] li').filter((line) => line.includes(STORY_CODES[STORY_REWARDS.coupon]![2]!))
          .length,
        'the new code under My codes',
      ).to.equal(1);
    }
    if (name === 'Undone')
      expect(textsOf(root, '[part~="codes"] li.undone').length, 'the tea sampler and this morning’s coupon').to.equal(
        2,
      );
    if (name === 'RefusedRewardGone') {
      await until(
        () => textsOf(root!, '[part~="reward"]').filter((r) => r.includes(say('points.unavailable'))).length === 2,
        () => 'the coupon to say none are left',
      );
    }
    if (name === 'Offline') {
      const redeem = [...root.querySelectorAll<HTMLButtonElement>('[part~="reward"] button')].map((b) => b.disabled);
      expect(redeem, 'no redemption from the device’s copy').to.deep.equal([true, true, true]);
    }
    if (name === 'Chinese') {
      expect(shown(root)).to.contain('私信与通知 故障补偿');
      expect(shown(root)).to.contain(
        fillMessage(zhCN['reason.penalty'], { text: '发布的商品信息含站外联系方式，已删除' }),
      );
    }
    const dark = scheme === 'dark' || name === 'Dark';
    expect(
      getComputedStyle(root.querySelector('[part~="base"]')!).colorScheme,
      'the scheme the element renders in',
    ).to.equal(dark ? 'dark' : 'light');
  });
});

describe('the stories’ points server answers as the usercare server does', () => {
  const site = 'story-points-fixture-check';
  const credentials = { token: storyToken() };
  const fixture = (options: Omit<ConstructorParameters<typeof StoryPointsBackend>[0], 'site'> = {}) =>
    new StoryPointsBackend({ site, latencyMs: 0, ...options });
  const write = () => ({ ...credentials, idempotencyKey: `k-${crypto.randomUUID()}` });

  async function refusal(call: Promise<unknown>): Promise<BackendError> {
    try {
      await call;
    } catch (error) {
      if (error instanceof BackendError) return error;
      throw error;
    }
    throw new Error('the call was answered');
  }

  const issues = (result: { success: boolean; error?: { issues: unknown[] } }) =>
    result.success ? '' : JSON.stringify(result.error?.issues);

  it('keeps to the wire contract: its answers pass the schemas RestPointsApi checks the server’s with', async () => {
    for (const account of ['rich', 'empty'] as const) {
      const api = fixture({ account });
      const summary = PointsSummary.safeParse(await api.summary(site, credentials));
      const history = PointsHistory.safeParse(await api.history(site, null, credentials));
      const redemptions = RedemptionList.safeParse(await api.redemptions(site, credentials));
      expect(
        [summary.success, history.success, redemptions.success],
        `${account}: ${issues(summary)} ${issues(history)} ${issues(redemptions)}`,
      ).to.deep.equal([true, true, true]);
    }
    const api = fixture();
    const redeemed = Redemption.safeParse(await api.redeem(site, STORY_REWARDS.coupon, write()));
    const undone = Redemption.safeParse(await api.undo(site, redeemed.data?.id ?? '', write()));
    expect([redeemed.success, undone.success], `${issues(redeemed)} ${issues(undone)}`).to.deep.equal([true, true]);
  });

  it('keeps a ledger: the balance is what the confirmed entries add up to, pending what the pending ones do, every reason is there', async () => {
    const api = fixture();
    const summary = await api.summary(site, credentials);
    const { items, nextCursor } = await api.history(site, null, credentials);
    const sum = (status: string) => items.filter((e) => e.status === status).reduce((n, e) => n + e.points, 0);
    expect([summary.balance, summary.pending, nextCursor]).to.deep.equal([sum('confirmed'), sum('pending'), null]);
    expect([summary.balance, summary.pending, summary.level?.lifetime]).to.deep.equal([195, 50, 460]);
    expect(summary.level?.current?.threshold).to.equal(200);
    expect(summary.expiringSoon.map((e) => e.points)).to.deep.equal([25, 20]);
    expect(
      items.map((e) => e.createdAt),
      'newest first',
    ).to.deep.equal(
      items
        .map((e) => e.createdAt)
        .sort()
        .reverse(),
    );
    expect([...new Set(items.map((e) => e.reason.code))].sort()).to.deep.equal([...REASONS].sort());
    const compensation = items.find((e) => e.reason.code === 'compensation')!;
    expect([
      compensation.points,
      compensation.reason.incident?.service,
      compensation.reason.incident?.minutes,
    ]).to.deep.equal([50, 'private messages', 125]);
    expect(summary.rewards.map((r) => [r.id, r.available])).to.deep.equal([
      [STORY_REWARDS.coupon, true],
      [STORY_REWARDS.tea, false],
      [STORY_REWARDS.tote, true],
    ]);
    const codes = (await api.redemptions(site, credentials)).items;
    expect(
      codes.map((r) => [r.reward.id, r.status, r.undoUntil !== null && r.undoUntil > new Date().toISOString()]),
    ).to.deep.equal([
      [STORY_REWARDS.coupon, 'active', true],
      [STORY_REWARDS.tea, 'undone', false],
      [STORY_REWARDS.coupon, 'active', false],
    ]);
  });

  it('refuses to redeem more than the balance with insufficient_points, and spends nothing', async () => {
    const api = fixture();
    const before = await api.history(site, null, credentials);
    const error = await refusal(api.redeem(site, STORY_REWARDS.tote, write()));
    expect([error.code, error.status, error.retryable]).to.deep.equal(['insufficient_points', 409, false]);
    expect(error.message).to.equal('this needs 500 points and the balance is 195');
    expect((await api.summary(site, credentials)).balance).to.equal(195);
    expect((await api.history(site, null, credentials)).items.length).to.equal(before.items.length);
    const empty = await refusal(fixture({ account: 'empty' }).redeem(site, STORY_REWARDS.coupon, write()));
    expect([empty.code, empty.status]).to.deep.equal(['insufficient_points', 409]);
  });

  it('refuses a reward with no code left with reward_unavailable, after checking the balance', async () => {
    const api = fixture();
    const error = await refusal(api.redeem(site, STORY_REWARDS.tea, write()));
    expect([error.code, error.status]).to.deep.equal(['reward_unavailable', 409]);
    expect((await api.summary(site, credentials)).balance).to.equal(195);
  });

  it('spends once per key, gives a code, and undoes within the window (twice is once)', async () => {
    const api = fixture();
    const options = write();
    const first = await api.redeem(site, STORY_REWARDS.coupon, options);
    const again = await api.redeem(site, STORY_REWARDS.coupon, options);
    expect(again).to.deep.equal(first);
    expect([first.code, first.balance, first.status]).to.deep.equal([
      STORY_CODES[STORY_REWARDS.coupon]![2],
      95,
      'active',
    ]);
    const mismatch = await refusal(api.redeem(site, STORY_REWARDS.tote, options));
    expect(mismatch.code).to.equal('idempotency_mismatch');
    const undone = await api.undo(site, first.id, write());
    expect([undone.status, undone.balance]).to.deep.equal(['undone', 195]);
    expect((await api.undo(site, first.id, write())).balance).to.equal(195);
    const history = (await api.history(site, null, credentials)).items;
    expect(history.slice(0, 2).map((e) => [e.kind, e.points, e.reason.code])).to.deep.equal([
      ['reversal', 100, 'redemption_undone'],
      ['spend', -100, 'redemption'],
    ]);
    const old = (await api.redemptions(site, credentials)).items.find(
      (r) => r.status === 'active' && r.undoUntil !== null && r.undoUntil < new Date().toISOString(),
    )!;
    expect((await refusal(api.undo(site, old.id, write()))).code, 'past its window').to.equal('conflict');
  });

  it('answers only a signed-in user of its site', async () => {
    const api = fixture();
    expect((await refusal(api.summary(site, {}))).code).to.equal('unauthorized');
    expect(
      (await refusal(api.summary(site, { token: storyToken(STORY_USER, Date.now() - 1000) }))).code,
      'an expired token',
    ).to.equal('unauthorized');
    expect((await refusal(api.summary('another-site', credentials))).code).to.equal('not_found');
    expect(
      (await api.summary(site, { token: storyToken('someone-else') })).balance,
      'another user has an account of their own',
    ).to.equal(0);
  });

  it('races as the stories say: the phone’s redemption or other users leave this one refused', async () => {
    const insufficient = fixture({ redeemRefuses: 'insufficient_points' });
    expect((await refusal(insufficient.redeem(site, STORY_REWARDS.coupon, write()))).code).to.equal(
      'insufficient_points',
    );
    expect((await insufficient.summary(site, credentials)).balance).to.equal(95);
    const gone = fixture({ redeemRefuses: 'reward_unavailable' });
    expect((await refusal(gone.redeem(site, STORY_REWARDS.coupon, write()))).code).to.equal('reward_unavailable');
    expect(
      (await gone.summary(site, credentials)).rewards.find((r) => r.id === STORY_REWARDS.coupon)?.available,
    ).to.equal(false);
  });

  it('in failing mode rejects every call as an unavailable or unreachable server does', async () => {
    for (const [failing, code, message] of [
      [true, 'unavailable', UNAVAILABLE_MESSAGE],
      ['network', 'network', NETWORK_MESSAGE],
    ] as const) {
      const api = fixture({ failing });
      const calls: Array<Promise<unknown>> = [
        api.summary(site, credentials),
        api.history(site, null, credentials),
        api.redemptions(site, credentials),
        api.redeem(site, STORY_REWARDS.coupon, write()),
        api.undo(site, 'rd-000001', write()),
      ];
      for (const call of calls) {
        const error = await refusal(call);
        expect([error.code, error.message, error.retryable]).to.deep.equal([code, message, true]);
      }
    }
  });
});
