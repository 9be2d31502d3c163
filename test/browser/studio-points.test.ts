/**
 * <uc-studio>'s Points section against the real server: every rule shows
 * its default while the site has none; an admin gives a trigger a rule of
 * the site's own, adds a level (its problem shown beside it until it is
 * moved into place) and a pool reward, and publishes: the user's points
 * route then answers with that rule, that level and that reward. The new
 * reward's pool takes codes pasted and from a CSV file: the file's repeated
 * line and bad line are named by number before sending, the line the pool
 * held already after, and only the good code is added (the count goes up).
 * axe finds nothing, the lines named included. A reward only the draft has
 * is deleted; a published one is retired instead, which published takes it
 * out of the user's points widget while the code redeemed before keeps its
 * name there, and its pool offers no upload. Before any of that is
 * published, the studio's preview shows the real points widget with the
 * draft's renamed level and new reward, in both languages, and nothing it does
 * reaches a route of the server's other than the studio's own.
 */
import { expect } from '@open-wc/testing';
import { harness, hostToken, marker, requestCounts, resetRequestCounts } from './support/harness';
import { HostPage, hostPages, until } from './support/host-page';
import type { StaffPage } from './support/staff-page';
import { choose, closeStudios, enter, openStudio, publish } from './support/studio-page';

/** The harness's admin (test/support/harness.ts HARNESS_ADMIN_TOKEN). */
const ADMIN_TOKEN = 'harness-admin-token-0123456789abcdefgh';

afterEach(closeStudios);

function fill(page: StaffPage, form: string, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const el = page.find<HTMLInputElement | HTMLSelectElement>(`form[aria-labelledby="${form}"] [name="${name}"]`);
    if (!el) throw new Error(`no ${name} in ${form}`);
    el.value = value;
  }
}

interface Summary {
  earn: Array<{ trigger: string; points: number; dailyCap: number | null }>;
  level: {
    current: { name: Record<string, string> } | null;
    next: { name: Record<string, string>; threshold: number } | null;
  };
  rewards: Array<{ id: string; available: boolean }>;
}

/** The user's points route, as the widget reads it. */
async function summary(user: string): Promise<Summary> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/points?site=test`, {
    headers: { Authorization: `Bearer ${await hostToken(user)}` },
  });
  expect(response.status, await response.clone().text()).to.equal(200);
  return (await response.json()) as Summary;
}

const lines = (page: StaffPage, reward: string) =>
  page
    .findAll(`[data-pool="${reward}"] .lines li`)
    .map((li) => `${li.dataset.line} ${li.dataset.kind}`)
    .join(', ');

const left = (page: StaffPage, reward: string) => page.find(`[data-pool="${reward}"] .left`)?.dataset.left;

/** A part of the preview's points widget, as its user reads it. */
const widgetPart = (page: StaffPage, part: string) =>
  page.find('uc-points-widget')?.shadowRoot?.querySelector(`[part~="${part}"]`)?.textContent?.replace(/\s+/g, ' ') ??
  '';

describe('<uc-studio> points', () => {
  const hosts = hostPages();

  it('a rule, a level and a pool reward published reach the points route; a CSV names its bad lines and adds the good code', async () => {
    const page = await openStudio('admin-points', { axe: true, waitFor: 'Code pools' });
    const rated = page.find('[data-trigger="complaint_rated"]')!;
    expect(rated.textContent, 'the default rule named').to.include('The default: 10 points, at most 30 a day');
    expect(page.find('#points-pendingHours-default')?.textContent).to.include('Empty: the default applies (0 hours)');
    await page.waitForText('The site has no levels of its own');

    page.find<HTMLInputElement>('input[name="earn-complaint_rated"][value="own"]')!.click();
    await until(() => page.find('#earn-complaint_rated-points') !== undefined, 'the own rule’s points');
    expect(page.find<HTMLInputElement>('#earn-complaint_rated-points')!.value, 'starts from the default').to.equal(
      '10',
    );
    enter(page, '#earn-complaint_rated-points', '15');
    enter(page, '#earn-complaint_rated-cap', '45');

    const level = marker('Regular');
    fill(page, 'level-new-title', { nameZh: `常客 ${level}`, nameEn: level, threshold: '100' });
    page.button('Add level').click();
    await until(() => page.find('li[data-level="3"]') !== undefined, 'the level listed last');
    await until(
      () =>
        page.find('li[data-level="3"] .problems')?.textContent?.includes('must be higher than the level before') ===
        true,
      'its threshold’s problem beside it',
    );
    await page.click(`Move ${level} up`);
    await until(() => page.find('li[data-level="2"] .problems') !== undefined, 'still below Contributor');
    await page.click(`Move ${level} up`);
    await until(() => page.find('li[data-level="1"]')?.querySelector('input')?.value.includes(level) === true, 'moved');
    await until(() => page.find('.levels .problems') === undefined, 'the levels in order');

    const reward = marker('tea').toLowerCase();
    fill(page, 'reward-new-title', { id: reward, nameZh: `一包茶 ${reward}`, nameEn: `Tea ${reward}`, points: '40' });
    page.button('Add reward').click();
    await until(() => page.find(`[data-pool="${reward}"]`) !== undefined, 'its pool listed');
    await until(
      () => left(page, reward) === '' && page.text().includes('Not published yet'),
      'no pool before publishing',
    );

    await publish(page, 'Rated complaints earn more; a level; tea');
    const user = marker('points-user');
    const served = await summary(user);
    expect(served.earn.find((e) => e.trigger === 'complaint_rated')).to.deep.equal({
      trigger: 'complaint_rated',
      points: 15,
      dailyCap: 45,
    });
    expect(served.level?.next?.name.en, 'the new level is the next').to.equal(level);
    expect(served.level?.next?.threshold).to.equal(100);
    expect(served.rewards.find((r) => r.id === reward)?.available, 'offered, no code yet').to.equal(false);

    await until(() => left(page, reward) === '0', 'the published pool counted');
    const first = `FIRST-${marker('code')}`;
    page.type(`#pool-${reward}-paste`, first);
    await until(() => page.text().includes(`Add codes to Tea ${reward} (1)`), 'one code read');
    await page.click(`Add codes to Tea ${reward} (1)`);
    await until(() => left(page, reward) === '1', 'the pasted code added');
    page.type(`#pool-${reward}-paste`, '');

    const good = `GOOD-${marker('code')}`;
    const csv = ['code', good, `"${good}"`, first, 'x'.repeat(201), ''].join('\r\n');
    const input = page.find<HTMLInputElement>(`#pool-${reward}-file`)!;
    const files = new page.window.DataTransfer();
    files.items.add(new page.window.File([csv], 'codes.csv', { type: 'text/csv' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => lines(page, reward) === '3 repeat, 5 long', 'the repeat and the bad line named before sending');
    const named = page.find(`[data-pool="${reward}"] .lines`)!.textContent!.replace(/\s+/g, ' ');
    expect(named).to.include('Line 3: the same code as line 2');
    expect(named).to.include('Line 5: 201 characters, at most 200');
    await page.click(`Add codes to Tea ${reward} (2)`);
    await until(() => lines(page, reward) === '3 repeat, 4 inPool, 5 long', 'the line the pool held named after');
    expect(page.find(`[data-pool="${reward}"] .lines`)!.textContent).to.include('Line 4: already in the pool');
    await page.waitForText(`Added 1 of the 2 codes sent to Tea ${reward}. Codes left in the pool: 2.`);
    await until(() => left(page, reward) === '2', 'the count up by the good code');
    expect((await summary(user)).rewards.find((r) => r.id === reward)?.available, 'redeemable now').to.equal(true);

    expect(await page.axe()).to.deep.equal([]);
  });

  it("the preview shows the draft's level and reward at once in both languages; nothing reaches the server's other routes", async () => {
    const page = await openStudio('admin-points-preview', { axe: true, waitFor: 'Code pools' });
    await resetRequestCounts();
    // The first level, the one a user with no points has, renamed in both languages.
    const level = marker('Newcomer');
    enter(page, '#level-0-en', level);
    enter(page, '#level-0-zh', `新人 ${level}`);
    const reward = marker('cake').toLowerCase();
    fill(page, 'reward-new-title', { id: reward, nameZh: `蛋糕 ${reward}`, nameEn: `Cake ${reward}`, points: '40' });
    page.button('Add reward').click();
    await until(() => page.find(`[data-pool="${reward}"]`) !== undefined, 'the reward listed');

    choose(page, 'preview-element', 'Points widget');
    await page.waitForText('sample signed-in user with 0 points');
    for (const [language, levelName, rewardName] of [
      ['English', level, `Cake ${reward}`],
      ['中文', `新人 ${level}`, `蛋糕 ${reward}`],
    ] as const) {
      choose(page, 'preview-locale', language);
      await until(() => widgetPart(page, 'level').includes(levelName), `the draft's level in ${language}`);
      await until(() => widgetPart(page, 'rewards').includes(rewardName), `the draft's reward in ${language}`);
      expect(widgetPart(page, 'earn'), `the earn rules in ${language}`).to.include('+50');
    }
    const counts = await requestCounts();
    expect(
      Object.keys(counts).filter((route) => !route.includes('/v1/staff/')),
      'requests from the preview',
    ).to.deep.equal([]);
    expect(await page.axe(), "with the preview's points widget").to.deep.equal([]);
  });

  it('a reward retired and published leaves the points widget; the code redeemed before keeps its name', async () => {
    const page = await openStudio('admin-retire', { axe: true, waitFor: 'Code pools' });
    const reward = marker('lamp').toLowerCase();
    const name = `Lamp ${reward}`;
    const row = `li[data-reward="${reward}"]`;
    const buttonsOf = () => [...(page.find(row)?.querySelectorAll('button') ?? [])].map((b) => b.textContent!.trim());
    fill(page, 'reward-new-title', { id: reward, nameZh: `台灯 ${reward}`, nameEn: name, points: '25' });
    page.button('Add reward').click();
    await until(() => page.find(row) !== undefined, 'the reward listed');
    expect(buttonsOf(), 'only the draft has it: deleted, not retired').to.deep.equal([`Delete ${reward}`]);
    await publish(page, `A lamp ${reward}`);
    await until(() => buttonsOf().includes(`Retire ${reward}`), 'published: retired, not deleted');
    expect(buttonsOf()).to.not.include(`Delete ${reward}`);
    await until(() => left(page, reward) === '0', 'its pool counted');

    // A user redeems it while it is offered.
    const code = `LAMP-${marker('code')}`;
    page.type(`#pool-${reward}-paste`, code);
    await page.click(`Add codes to ${name} (1)`);
    await until(() => left(page, reward) === '1', 'the code added');
    const user = marker('lamp-user');
    const token = await hostToken(user);
    const { api } = await harness();
    const post = async (path: string, auth: string, body: unknown) => {
      const response = await fetch(`${api}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${auth}`,
          'Idempotency-Key': `k-${crypto.randomUUID()}`,
        },
        body: JSON.stringify(body),
      });
      expect(response.status, await response.clone().text()).to.be.oneOf([200, 201]);
    };
    await post('/v1/staff/points/adjustments', ADMIN_TOKEN, {
      site: 'test',
      user,
      points: 100,
      reason: 'Welcome gift',
      note: 'test set-up',
    });
    await post('/v1/points/redemptions', token, { site: 'test', reward });
    const widget = async () => {
      // Opened as is (not `hosts.open`, which waits for a form): the widget shows once identified.
      const shown = hosts.track(await HostPage.open({ element: 'uc-points-widget' }));
      shown.window.usercare!.identify({ token });
      await shown.waitForText(code);
      return shown;
    };
    const listed = (shown: HostPage, part: string) => shown.root.querySelector(`[part~="${part}"]`)?.textContent ?? '';
    const before = await widget();
    expect(listed(before, 'rewards'), 'offered').to.include(name);

    await page.click(`Retire ${reward}`);
    await until(() => page.find(row)?.classList.contains('retired') === true, 'shown as retired');
    expect(page.find(row)!.textContent).to.include('retired');
    expect(buttonsOf()).to.deep.equal([`Offer ${reward} again`]);
    await until(
      () => page.find(`[data-pool="${reward}"]`)?.textContent?.includes('Retired: no one redeems it') === true,
      'its pool says why it takes no codes',
    );
    expect(page.find(`#pool-${reward}-paste`), 'no upload offered').to.equal(undefined);
    await publish(page, `No more lamps ${reward}`);

    const after = await widget();
    // The widget may show the device's copy from before first; the server's answer then takes the lamp away.
    await until(() => {
      const rewards = listed(after, 'rewards');
      return rewards !== '' && !rewards.includes(name);
    }, 'the rewards listed without the lamp');
    expect(listed(after, 'codes'), 'the code redeemed before keeps its name').to.include(name);
    expect(listed(after, 'codes')).to.include(code);
    expect(await page.axe()).to.deep.equal([]);
  });
});
