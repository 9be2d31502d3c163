/**
 * Logging a complaint received by phone, post or in person, and deadline
 * alerts, in <uc-staff-console> against the real server: deadlines run
 * from when it was received, a date in the future is refused with the
 * reason at its field, the access key the user gets is never on a staff
 * screen, and a due-soon and an overdue alert each appear once, live, and
 * open their complaint. axe finds nothing in the new views.
 */
import { expect } from '@open-wc/testing';
import { harness, marker, raiseAlerts, staffToken, submissions } from './support/harness';
import { until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `YYYY-MM-DDTHH:mm` in this browser's time zone, as a datetime-local input holds it. */
const localMinute = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * MINUTE).toISOString().slice(0, 16);

/** Sets a select as a person choosing an option does. */
function choose(page: StaffPage, selector: string, value: string): void {
  const select = page.find<HTMLSelectElement>(selector);
  if (!select) throw new Error(`no ${selector}; the console shows: ${page.text()}`);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Everything the console's page holds, through every shadow root: text, attribute values and what fields hold. */
function everything(page: StaffPage): string {
  return page
    .findAll('*')
    .flatMap((el) => [
      ...el.getAttributeNames().map((name) => el.getAttribute(name) ?? ''),
      ...[...el.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent ?? ''),
      ...('value' in el && typeof el.value === 'string' ? [el.value] : []),
    ])
    .join('\n');
}

/** Staff API calls the test makes itself, as an agent. */
async function asAgent(token: string, method: string, path: string, body?: unknown) {
  const { api } = await harness();
  const response = await fetch(api + path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined
        ? {}
        : { 'Content-Type': 'application/json', 'Idempotency-Key': `k-${crypto.randomUUID()}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).to.be.below(300);
  return json;
}

describe('<uc-staff-console>: complaints from other channels, and deadline alerts', () => {
  let pages: StaffPage[] = [];
  const open = async (options?: Parameters<typeof StaffPage.open>[0]) => {
    const page = await StaffPage.open(options);
    pages.push(page);
    return page;
  };
  beforeEach(() => freshStaffDevice());
  afterEach(() => {
    for (const page of pages) page.close();
    pages = [];
  });

  it('a hotline call received two hours ago: its deadlines run from then, the tracking number is shown, the access key never', async () => {
    const page = await open({ route: '#/intake', axe: true });
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await page.waitForText('Log a complaint received by phone, post or in person');
    await page.waitForText('Transactions');
    expect(await page.axe(), 'the intake form').to.deep.equal([]);
    expect(page.text()).to.contain('at most 7 days ago');

    const text = `Called about a refund that never came ${marker('hotline')}`;
    const contact = `1380013${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const received = Date.now() - 2 * HOUR;
    choose(page, '#intake-channel', 'hotline');
    page.type('#intake-contact', contact);
    choose(page, '#intake-category', 'transactions');
    page.type('#intake-text', text);
    page.type('#intake-receivedAt', localMinute(received));
    await page.click('Log complaint');
    await page.waitForText('Logged. Tracking number UC');
    const link = page.findAll<HTMLAnchorElement>('a').find((a) => a.textContent?.includes('Open complaint'))!;
    const trackingNumber = /UC\d{8}-[A-Z0-9]{6}/.exec(link.textContent!)![0];
    expect(await page.axe(), 'the tracking number shown').to.deep.equal([]);

    // The key the user gets from the site (here through the lookup by number and contact, as they would on another device).
    const { api } = await harness();
    const lookup = await fetch(`${api}/v1/complaints/lookup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ site: 'test', trackingNumber, contact }),
    });
    const { accessKey } = (await lookup.json()) as { accessKey: string };
    expect(accessKey).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(everything(page)).not.to.contain(accessKey);

    // Its deadlines run from two hours ago: marked complex, the 24-hour solution has 22 hours left, not 24.
    link.click();
    await page.waitForText(`Complaint ${trackingNumber}`);
    const shown = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(localMinute(received)),
    );
    expect(page.text()).to.contain(`Received ${shown}`);
    expect(page.text()).to.contain('Hotline');
    expect(page.text()).to.contain('138****');
    expect(page.text()).not.to.contain(contact);
    page.find<HTMLInputElement>('input[name="complex"]')!.click();
    await page.click('Save category');
    await page.waitForText(/Solution \(24 h\): 21 h 5\d min left/);
    expect(everything(page)).not.to.contain(accessKey);
    await page.go('#/queue');
    await page.waitForText(trackingNumber);
    expect(everything(page)).not.to.contain(accessKey);
  });

  it('a complaint dated next week is refused with the reason at its field, and nothing is logged', async () => {
    const page = await open({ route: '#/intake' });
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await page.waitForText('Transactions');
    const text = `A letter from the future ${marker('future')}`;
    choose(page, '#intake-channel', 'letter');
    page.type('#intake-contact', 'writer@example.com');
    page.type('#intake-text', text);
    page.type('#intake-receivedAt', localMinute(Date.now() + 7 * 24 * HOUR));
    await page.click('Log complaint');
    await page.waitForText('This is later than now: give the time it was received.');
    expect(page.text()).to.contain('Not logged: check the fields marked below.');
    const field = page.find<HTMLInputElement>('#intake-receivedAt')!;
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    await until(() => field.matches(':focus'), 'focus on the field to fix');
    expect(await submissions(text)).to.deep.equal([]);
    // What was typed stays, to fix and send again.
    expect(page.find<HTMLTextAreaElement>('#intake-text')!.value).to.equal(text);
  });

  it('in Chinese, the form says its bounds and axe finds nothing', async () => {
    const page = await open({ route: '#/intake', lang: 'zh-CN', axe: true });
    const token = await staffToken(`agent-${crypto.randomUUID()}`, '客服小李', ['agent']);
    await page.window.usercare.identifyStaff({ token });
    await page.waitForText('登记电话、信件或现场收到的投诉');
    await page.waitForText('交易撮合');
    expect(page.text()).to.contain('不能晚于现在，也不能早于 7 天前');
    expect(page.text()).to.contain('信件');
    expect(page.text()).to.contain('柜台');
    expect(await page.axe()).to.deep.equal([]);
  });

  it('a due-soon and an overdue alert each appear once, live, counted in the header, and open their complaint', async () => {
    const sub = `agent-${crypto.randomUUID()}`;
    const page = await open({ route: '#/queue', axe: true });
    await page.signIn(sub, 'Agent Lee', ['agent']);
    await page.waitForText('Alerts');
    const token = await staffToken(sub, 'Agent Lee', ['agent']);

    // Two calls logged late, marked complex (24 hours from receipt): one due in half an hour, one an hour overdue.
    const log = async (hoursAgo: number) => {
      const receipt = await asAgent(token, 'POST', '/v1/staff/complaints', {
        site: 'test',
        category: 'transactions',
        channel: 'hotline',
        locale: 'en',
        receivedAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
        contact: 'caller@example.com',
        text: `Called about a parcel ${marker('alert')}`,
      });
      await asAgent(token, 'POST', `/v1/staff/complaints/${receipt.id}/category`, {
        category: 'transactions',
        complex: true,
        version: 1,
      });
      return receipt as { id: string; trackingNumber: string };
    };
    const soon = await log(23.5);
    const late = await log(25);
    await raiseAlerts();
    await raiseAlerts();

    // Live, without a reload: the latest alert is said in the header, which counts what is open.
    await page.waitForText(
      new RegExp(
        `Overdue: Solution \\(24 h\\) of complaint ${late.trackingNumber}|Due soon: Solution \\(24 h\\) of complaint ${soon.trackingNumber}`,
      ),
    );
    await page.waitForText(/Alerts \(\d+ open\)/);

    await page.go('#/alerts');
    await page.waitForText('Deadline alerts');
    const rows = (number: string) =>
      page.findAll<HTMLTableRowElement>('tr[data-alert]').filter((row) => row.textContent?.includes(number));
    await until(() => rows(soon.trackingNumber).length > 0 && rows(late.trackingNumber).length > 0, 'both alerts');
    await raiseAlerts();
    await new Promise((done) => setTimeout(done, 1500));
    expect(rows(soon.trackingNumber).map((row) => row.querySelector('.kind')!.textContent)).to.deep.equal(['Due soon']);
    expect(rows(late.trackingNumber).map((row) => row.querySelector('.kind')!.textContent)).to.deep.equal(['Overdue']);
    expect(await page.axe(), 'the alerts').to.deep.equal([]);

    // Dismissed, it says by whom; the header counts one fewer.
    const count = () => Number(/Alerts \((\d+) open\)/.exec(page.text())?.[1] ?? 0);
    const before = count();
    rows(soon.trackingNumber)[0]!.querySelector('button')!.click();
    await until(
      () => rows(soon.trackingNumber)[0]?.textContent?.includes('Dismissed by Agent Lee') ?? false,
      'dismissed',
    );
    await until(() => count() === before - 1, 'the header to count one fewer');

    rows(late.trackingNumber)[0]!.querySelector('a')!.click();
    await page.waitForText(`Complaint ${late.trackingNumber}`);
    await page.waitForText(/Solution \(24 h\): overdue by/);
  });
});
