/**
 * <uc-points-widget> on a host page against the real server: the ledger's
 * history with reasons (a compensation names its outage), a redemption that
 * spends once however often it is confirmed or retried, the device's copy
 * offline, changes arriving without a reload, the compact badge, and a
 * visitor who is not signed in.
 */
import { expect } from '@open-wc/testing';
import { clearFaults, harness, hostToken, requestCounts, resetRequestCounts, setFaults } from './support/harness';
import { HostPage, hostPages, until } from './support/host-page';

/** The harness's admin (test/support/harness.ts HARNESS_ADMIN_TOKEN). */
const ADMIN_TOKEN = 'harness-admin-token-0123456789abcdefgh';

async function staff(path: string, body: Record<string, unknown>): Promise<unknown> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/staff/points/${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${ADMIN_TOKEN}`,
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
    },
    body: JSON.stringify({ site: 'test', ...body }),
  });
  expect(response.status, await response.clone().text()).to.be.oneOf([200, 201]);
  return response.json();
}
const give = (user: string, points: number, reason = 'Welcome gift') =>
  staff('adjustments', { user, points, reason, note: 'test set-up' });

/** What the server's ledger says, as the user. */
async function redemptions(token: string): Promise<Array<{ code: string; status: string }>> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/points/redemptions?site=test`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { items: Array<{ code: string; status: string }> }).items;
}
async function balance(token: string): Promise<number> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/points?site=test`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await response.json()) as { balance: number }).balance;
}

async function widgetFor(token: string, options: { mode?: 'compact' } = {}): Promise<HostPage> {
  const page = await HostPage.open({ element: 'uc-points-widget', ...options });
  page.window.usercare!.identify({ token });
  return page;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const balanceShown = (page: HostPage) =>
  page.root.querySelector('[part~="balance"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

const buttonNamed = (page: HostPage, name: RegExp) => {
  const found = [...page.root.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
    name.test(b.getAttribute('aria-label') ?? b.textContent ?? ''),
  );
  if (!found) throw new Error(`no button ${String(name)}; the widget shows: ${page.text()}`);
  return found;
};

describe('<uc-points-widget>', () => {
  const { track } = hostPages();
  afterEach(() => clearFaults());

  it('shows the balance and a dated history with reasons; a compensation names its outage', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 40, 'Thanks for the bug report');
    const end = Date.now() - 3_600_000;
    await staff('incidents', {
      id: `outage-${user}`,
      service: 'checkout',
      start: new Date(end - 90 * 60_000).toISOString(),
      end: new Date(end).toISOString(),
      users: [user],
    });
    const page = track(await widgetFor(token));
    await page.waitForText('90');
    expect(page.root.querySelector('[part~="balance"]')?.textContent).to.match(/\b90\b/);
    expect(page.text()).to.contain('Adjustment: Thanks for the bug report');
    expect(page.text()).to.match(/Compensation for the checkout outage on .+ \(90 min\)/);
    expect(page.root.querySelectorAll('[part~="entry"]').length).to.equal(2);
  });

  it('a redemption confirmed with a double click spends once and shows its code', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 100);
    await staff('codes', { reward: 'mug', codes: [`MUG-${crypto.randomUUID()}`, `MUG-${crypto.randomUUID()}`] });
    const page = track(await widgetFor(token));
    await page.waitForText('A mug');
    const events: string[] = [];
    page.element.addEventListener('uc-points-redeemed', (e) =>
      events.push((e as unknown as { detail: { redemption: { code: string } } }).detail.redemption.code),
    );
    buttonNamed(page, /Redeem A mug/).click();
    await page.waitForText('Redeem A mug?');
    const confirm = buttonNamed(page, /^\s*Yes, redeem\s*$/);
    confirm.click();
    confirm.click();
    await page.waitForText('Your code: MUG-');
    const server = await redemptions(token);
    expect(server).to.have.length(1);
    expect(events, 'the host hears of it once, with the code').to.deep.equal([server[0]!.code]);
    expect(await balance(token)).to.equal(70);
    await until(
      () => /\b70\b/.test(page.root.querySelector('[part~="balance"]')?.textContent ?? ''),
      'the balance to follow the server',
    );
  });

  it('a redemption that meets a server error is retried by the outbox and still spends once', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 100);
    await staff('codes', { reward: 'mug', codes: [`MUG-${crypto.randomUUID()}`] });
    const page = track(await widgetFor(token));
    await page.waitForText('A mug');
    await setFaults([{ method: 'POST', path: '/v1/points/redemptions', action: 'status', status: 503, times: 2 }]);
    buttonNamed(page, /Redeem A mug/).click();
    await page.waitForText('Redeem A mug?');
    buttonNamed(page, /^\s*Yes, redeem\s*$/).click();
    await page.waitForText('Your code: MUG-', 30_000);
    expect(await redemptions(token)).to.have.length(1);
    expect(await balance(token)).to.equal(70);
  });

  it('a reward the balance does not cover cannot be redeemed, and says how many points it needs', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 20);
    await staff('codes', { reward: 'coupon', codes: [`C-${crypto.randomUUID()}`] });
    const page = track(await widgetFor(token));
    await page.waitForText('10 yuan off');
    expect(buttonNamed(page, /Redeem 10 yuan off/).disabled).to.equal(true);
    expect(page.text()).to.contain('Needs 100');
  });

  it('when the balance drops while the user confirms, the server refuses and the widget says so in the user’s words, spending nothing', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 40);
    await staff('codes', { reward: 'mug', codes: [`MUG-${crypto.randomUUID()}`] });
    const page = track(await widgetFor(token));
    await page.waitForText('A mug');
    buttonNamed(page, /Redeem A mug/).click();
    await page.waitForText('Redeem A mug?');
    await staff('penalties', { user, points: 25, reason: 'Spam' });
    buttonNamed(page, /^\s*Yes, redeem\s*$/).click();
    await page.waitForText('Not enough points for this reward.');
    expect(await redemptions(token)).to.have.length(0);
    expect(await balance(token)).to.equal(15);
  });

  it('offline, shows the copy on the device and says it may be out of date', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 55);
    const page = track(await widgetFor(token));
    await page.waitForText('55');
    await page.goOffline();
    await page.reload();
    page.window.usercare!.identify({ token });
    await page.waitForText('Offline: showing your points as of');
    expect(page.root.querySelector('[part~="balance"]')?.textContent).to.match(/\b55\b/);
  });

  it('points given by staff appear without a reload', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 10);
    const page = track(await widgetFor(token));
    await page.waitForText('Welcome gift');
    // Whether the stream has started by now or not: a first stream that starts after the gift reads the account again.
    await give(user, 25, 'Great suggestion');
    await page.waitForText('Adjustment: Great suggestion', 20_000);
    expect(page.root.querySelector('[part~="balance"]')?.textContent).to.match(/\b35\b/);
  });

  it('identify() while the account loads gives up the request of the user before', async () => {
    const [first, second] = [`points-${crypto.randomUUID()}`, `points-${crypto.randomUUID()}`];
    await give(second, 12);
    const [firstToken, secondToken] = await Promise.all([hostToken(first), hostToken(second)]);
    await resetRequestCounts();
    await setFaults([{ method: 'GET', path: '/v1/points', action: 'delay', ms: 3000, times: 1 }]);
    const page = track(await HostPage.open({ element: 'uc-points-widget', fixtures: ['watch-fetch'] }));
    page.window.usercare!.identify({ token: firstToken });
    await until(async () => ((await requestCounts())['GET /v1/points'] ?? 0) >= 1, 'the first user’s account request');
    page.window.usercare!.identify({ token: secondToken });
    await until(() => /\b12\b/.test(balanceShown(page)), 'the second user’s balance');
    const fetches = (page.window as unknown as { __fetches: Array<{ url: string; aborted: boolean }> }).__fetches;
    const accounts = fetches.filter((f) => new URL(f.url).pathname === '/v1/points');
    expect(accounts[0]?.aborted, 'the first user’s request').to.equal(true);
    expect(
      accounts.slice(1).every((f) => !f.aborted),
      'the second user’s',
    ).to.equal(true);
  });

  it('points given after the account was read, before the live stream started, still show', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 10);
    // The stream is slow to start: the gift is committed after the widget read the account and before the
    // stream's first word, which, for a user new to this device, starts from the newest event.
    await resetRequestCounts();
    await setFaults([{ method: 'GET', path: '/v1/stream', action: 'delay', ms: 3000, times: 1 }]);
    const page = track(await widgetFor(token));
    await page.waitForText('Welcome gift');
    await until(async () => ((await requestCounts())['GET /v1/stream'] ?? 0) >= 1, 'the stream request');
    await give(user, 25, 'Given between the two');
    await page.waitForText('Adjustment: Given between the two');
    expect(balanceShown(page)).to.match(/\b35\b/);
  });

  it('in compact mode a badge shows the balance and opens the rest', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 1234);
    const page = track(await widgetFor(token, { mode: 'compact' }));
    await page.ready((root) => /1,234 points/.test(root.querySelector('[part~="badge"]')?.textContent ?? ''));
    expect(
      page.root.querySelector('[part~="badge"]')!.getAttribute('aria-label'),
      'its name is what it shows',
    ).to.equal(null);
    const badge = page.root.querySelector<HTMLButtonElement>('[part~="badge"]')!;
    expect(badge.getAttribute('aria-expanded')).to.equal('false');
    expect(page.root.querySelector('[part~="history"]')).to.equal(null);
    badge.click();
    await page.ready((root) => !!root.querySelector('[part~="history"]'));
    expect(badge.getAttribute('aria-expanded')).to.equal('true');
  });

  it('a visitor who is not signed in is asked to sign in', async () => {
    const page = track(await HostPage.open({ element: 'uc-points-widget' }));
    await page.waitForText('Sign in to see and collect points.');
  });

  it('a change of user while the account loads shows the new user’s points, not the one before’s', async () => {
    const [first, second] = [`points-${crypto.randomUUID()}`, `points-${crypto.randomUUID()}`];
    await give(first, 11);
    await give(second, 22);
    const [firstToken, secondToken] = await Promise.all([hostToken(first), hostToken(second)]);
    // The first user's account is slow to come (summary, history and codes).
    await setFaults([{ method: 'GET', path: '/v1/points', action: 'delay', ms: 1500, times: 3 }]);
    const page = track(await widgetFor(firstToken));
    await until(async () => ((await requestCounts())['GET /v1/points'] ?? 0) >= 1, 'the first user’s account request');
    page.window.usercare!.identify({ token: secondToken });
    await until(() => /\b22\b/.test(balanceShown(page)), 'the second user’s balance').catch(() => {
      throw new Error(`the widget shows the balance "${balanceShown(page)}"`);
    });
    // The first user's answer comes late, and changes nothing.
    await sleep(2000);
    expect(balanceShown(page)).to.match(/\b22\b/);
  });

  it('a refusal of a sign-in the host has replaced since does not ask the new user to sign in', async () => {
    const user = `points-${crypto.randomUUID()}`;
    await give(user, 33);
    const [expired, token] = await Promise.all([
      hostToken(`points-expired-${crypto.randomUUID()}`, '-5m'),
      hostToken(user),
    ]);
    // The expired sign-in's requests (its account and its live stream) are slow; the host signs the user in afresh
    // before their 401s come back. (A refusal that came while it was still the one signed in would rightly ask.)
    await setFaults([
      { method: 'GET', path: '/v1/points', action: 'delay', ms: 1500, times: 3 },
      { method: 'GET', path: '/v1/stream', action: 'delay', ms: 1500, times: 2 },
    ]);
    const page = track(await HostPage.open({ element: 'uc-points-widget' }));
    let asked = 0;
    page.iframe.contentDocument!.addEventListener('uc-auth-required', () => asked++);
    page.window.usercare!.identify({ token: expired });
    await until(
      async () => ((await requestCounts())['GET /v1/points'] ?? 0) >= 1,
      'the expired sign-in’s account request',
    );
    page.window.usercare!.identify({ token });
    await until(() => /\b33\b/.test(balanceShown(page)), 'the balance');
    await sleep(2000);
    expect(asked).to.equal(0);
  });

  it('an account answered after another user signed in is never kept on the device as theirs', async () => {
    const [first, second] = [`points-${crypto.randomUUID()}`, `points-${crypto.randomUUID()}`];
    await give(first, 11);
    const [firstToken, secondToken] = await Promise.all([hostToken(first), hostToken(second)]);
    // The first user's account comes slowly; then the server cannot be reached for the second user's.
    await setFaults([
      { method: 'GET', path: '/v1/points', action: 'delay', ms: 1500, times: 3 },
      { method: 'GET', path: '/v1/points', action: 'drop' },
    ]);
    const unreachableOnly = async (page: HostPage) => {
      await page.waitForText('The service cannot be reached right now.').catch(() => {
        throw new Error(`the element never said it cannot reach the service; it shows: ${page.text()}`);
      });
      await sleep(2000);
      expect({ unreachable: page.text().includes('cannot be reached'), balance: balanceShown(page) }).to.deep.equal({
        unreachable: true,
        balance: '',
      });
    };
    const page = track(await widgetFor(firstToken));
    await until(async () => ((await requestCounts())['GET /v1/points'] ?? 0) >= 1, 'the first user’s account request');
    page.window.usercare!.identify({ token: secondToken });
    await unreachableOnly(page);
    page.close();
    // The next visit, still out of reach: the device has no copy of the second user's points, so it shows none.
    await unreachableOnly(track(await widgetFor(secondToken)));
  });

  it('a widget the host adds and takes away at once (a route change) leaves nothing running', async () => {
    const user = `points-${crypto.randomUUID()}`;
    const token = await hostToken(user);
    await give(user, 5);
    await resetRequestCounts();
    const page = track(await widgetFor(token));
    await page.waitForText('Welcome gift');
    // Settled: the stream has started, and the account has been read again after its first word.
    await until(async () => ((await requestCounts())['GET /v1/points'] ?? 0) >= 2, 'the read after the stream started');
    await sleep(300);
    await resetRequestCounts();
    const doc = page.iframe.contentDocument!;
    const fleeting = doc.createElement('uc-points-widget');
    doc.querySelector('main')!.append(fleeting);
    fleeting.remove();
    page.element.remove();
    await sleep(1500);
    expect(await requestCounts(), 'no account asked for, no stream opened by either').to.deep.equal({});
    const { held = [], pending = [] } = await page.window.navigator.locks.query();
    expect(
      [...held, ...pending].map((lock) => lock.name).filter((name) => name?.startsWith('usercare:stream')),
    ).to.deep.equal([]);
  });

  it('explains a bad config in the page’s language', async () => {
    const page = track(
      await HostPage.open({
        element: 'uc-points-widget',
        lang: 'zh-CN',
        config: { trackerUrl: 'javascript:alert(1)' },
      }),
    );
    await page.waitForText('trackerUrl');
    await page.waitForText('usercare 无法显示积分：配置有误。');
    expect(page.text()).not.to.contain('its configuration has errors');
  });
});
