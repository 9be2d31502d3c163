/**
 * Saved views of the queue in <uc-staff-console>, against the real server:
 * a view saved with the keyboard (filters, order, a column hidden) comes
 * back as the person's default after a reload and on another device (a
 * fresh page with an empty staff database and storage, the same person's
 * token), hidden columns stay hidden, a colleague's link opens the same
 * view, another person never sees it, and a view is deleted. axe finds
 * nothing in the toolbar, the save form (in English and Chinese) or the
 * confirmation.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { harness, hostToken, marker, staffToken } from './support/harness';
import { until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

/** A complaint and a suggestion from a signed-in user, so the queue has rows of each kind. */
async function send(kind: 'complaint' | 'suggestion', text: string): Promise<void> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/feedback`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
      Authorization: `Bearer ${await hostToken(`user-${crypto.randomUUID()}`)}`,
    },
    body: JSON.stringify({
      site: 'test',
      form: 'default',
      kind,
      category: 'publishing',
      locale: 'en',
      fields: { message: text },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
}

/** The element that has focus, through every shadow root of the console's frame. */
function focused(page: StaffPage): HTMLElement | null {
  let el: Element | null = page.iframe.contentDocument!.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

const select = (page: StaffPage, name: string) => page.find<HTMLSelectElement>(`select[name="${name}"]`);

function choose(page: StaffPage, name: string, value: string): void {
  const el = select(page, name)!;
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Whether the first row's part is on screen (a hidden column is `display: none`). */
function shows(page: StaffPage, part: string): boolean {
  const el = page.find(`.row .${part}`);
  if (!el) throw new Error(`no row with .${part}; the console shows: ${page.text()}`);
  return page.window.getComputedStyle(el).display !== 'none';
}

/** The picker's views as shown, the chosen one marked. */
const picker = (page: StaffPage) =>
  [...select(page, 'view')!.options].map((o) => `${o.selected ? '> ' : ''}${o.textContent!.trim()}`);

/** The queue has rendered what it was last asked for, and shows rows. */
async function settled(page: StaffPage): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50)); // the element renders what it was told in a microtask
  await until(() => Boolean(page.find('.row')) && !page.text().includes('Loading the queue'), 'the queue’s rows');
}

/** The queue has read the person's views (the picker is enabled) and shows rows. */
async function ready(page: StaffPage): Promise<void> {
  await until(() => select(page, 'view')?.disabled === false, 'the saved views to be read');
  await settled(page);
}

describe('saved views of the queue', () => {
  let pages: StaffPage[] = [];
  const open = async (options?: Parameters<typeof StaffPage.open>[0]) => {
    const page = await StaffPage.open(options);
    pages.push(page);
    return page;
  };
  before(async () => {
    await send('complaint', marker('views-complaint'));
    await send('suggestion', marker('views-suggestion'));
  });
  beforeEach(() => freshStaffDevice());
  afterEach(() => {
    for (const page of pages) page.close();
    pages = [];
  });

  it('a view saved with the keyboard is the default after a reload and on another device, its hidden column hidden', async () => {
    const sub = `views-${crypto.randomUUID()}`;
    const page = await open({ axe: true });
    await page.signIn(sub, 'Agent Views', ['agent']);
    await ready(page);
    expect(picker(page)).to.deep.equal(['> Current filters (not saved)']);
    expect(await page.axe(), 'the toolbar').to.deep.equal([]);

    choose(page, 'kind', 'complaint');
    choose(page, 'sort', 'received_desc');
    const channel = page.find<HTMLInputElement>('input[name="column"][value="channel"]')!;
    channel.click();
    await settled(page);
    expect(shows(page, 'channel'), 'the channel column hidden').to.equal(false);
    expect(shows(page, 'assignee'), 'other columns stay').to.equal(true);
    expect(page.window.location.hash).to.equal(
      '#/queue?kind=complaint&sort=received_desc&cols=category%2Cassignee%2Cdeadlines',
    );

    // Keyboard only: open the form, name it, make it the default, save with Enter.
    page.iframe.focus();
    page.find<HTMLButtonElement>('button.save-view')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => focused(page)?.id === 'view-name', 'focus on the name');
    expect(await page.axe(), 'the save form').to.deep.equal([]);
    await sendKeys({ type: 'Newest complaints' });
    await sendKeys({ press: 'Tab' });
    expect((focused(page) as HTMLInputElement).name).to.equal('default');
    await sendKeys({ press: 'Space' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await page.waitForText('View “Newest complaints” saved.');
    expect(picker(page)).to.deep.equal(['Current filters (not saved)', '> Newest complaints (default)']);
    expect(focused(page)?.classList.contains('save-view'), 'focus back on "Save view…"').to.equal(true);

    // A reload of the console as it opens from the back office's menu: #/queue alone, the person's default.
    page.window.history.replaceState(null, '', '#/queue');
    await page.reload();
    await page.signIn(sub, 'Agent Views', ['agent']);
    await ready(page);
    await until(() => select(page, 'sort')?.value === 'received_desc', 'the default view’s order');
    await settled(page);
    expect(select(page, 'kind')!.value).to.equal('complaint');
    expect(picker(page)).to.deep.equal(['Current filters (not saved)', '> Newest complaints (default)']);
    expect(shows(page, 'channel'), 'the hidden column stays hidden').to.equal(false);
    expect(page.window.location.hash).to.contain('sort=received_desc');

    // Another device: nothing of the staff side on it (no database, no storage), the same person signs in.
    page.close();
    await freshStaffDevice();
    localStorage.clear();
    sessionStorage.clear();
    const other = await open();
    await other.signIn(sub, 'Agent Views', ['agent']);
    await ready(other);
    await until(() => select(other, 'sort')?.value === 'received_desc', 'the default view on the other device');
    await settled(other);
    expect(select(other, 'kind')!.value).to.equal('complaint');
    expect(shows(other, 'channel')).to.equal(false);
    expect(other.findAll('.row .meta').every((meta) => meta.textContent!.includes('Complaint'))).to.equal(true);

    // Someone else sees none of it.
    const colleague = await open();
    await colleague.signIn(`views-other-${crypto.randomUUID()}`, 'Agent Other', ['agent']);
    await ready(colleague);
    expect(picker(colleague)).to.deep.equal(['> Current filters (not saved)']);
    expect(select(colleague, 'sort')!.value).to.equal('deadline');
  });

  it('a colleague’s link opens the same filters, order and columns, whatever their default', async () => {
    const page = await open();
    page.window.location.hash = '#/queue?kind=suggestion&sort=received_asc&cols=assignee%2Creceived&status=bogus';
    await page.reload(); // the link opened in a new tab: the console starts at it
    await page.signIn(`views-link-${crypto.randomUUID()}`, 'Agent Link', ['agent']);
    await ready(page);
    expect(select(page, 'kind')!.value).to.equal('suggestion');
    expect(select(page, 'sort')!.value).to.equal('received_asc');
    expect(select(page, 'status')!.value, 'a value the queue does not take is left out').to.equal('');
    expect(shows(page, 'received')).to.equal(true);
    expect(shows(page, 'channel')).to.equal(false);
    expect(shows(page, 'category')).to.equal(false);
    expect(page.find('.row .received')!.textContent).to.match(/received/);
  });

  it('in Chinese: the toolbar, the order and the save form say it in Chinese, and axe finds nothing', async () => {
    const page = await open({ lang: 'zh-CN', axe: true });
    await page.window.usercare.identifyStaff({
      token: await staffToken(`views-zh-${crypto.randomUUID()}`, '客服小王', ['agent']),
    });
    await page.waitForText('当前登录：客服小王');
    await ready(page);
    expect(page.text()).to.contain('已存视图');
    expect(picker(page)).to.deep.equal(['> 当前筛选（未保存）']);
    expect([...select(page, 'sort')!.options].map((o) => o.textContent!.trim())).to.deep.equal([
      '最近截止在前',
      '最新收到在前',
      '最早收到在前',
    ]);
    await page.click('保存视图…');
    await page.waitForText('视图名称');
    expect(await page.axe(), 'the save form in Chinese').to.deep.equal([]);
  });

  it('a view is chosen from the picker and deleted after a confirmation', async () => {
    const sub = `views-del-${crypto.randomUUID()}`;
    const { api } = await harness();
    const token = await staffToken(sub, 'Agent Delete', ['agent']);
    const put = await fetch(`${api}/v1/staff/views/only-suggestions?site=test`, {
      method: 'PUT',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': `k-${crypto.randomUUID()}`,
      },
      body: JSON.stringify({
        name: 'Suggestions',
        view: { filters: { kind: 'suggestion' }, sort: 'deadline', columns: ['category'] },
        isDefault: false,
      }),
    });
    expect(put.status, await put.clone().text()).to.equal(200);

    const page = await open({ axe: true });
    await page.signIn(sub, 'Agent Delete', ['agent']);
    await ready(page);
    expect(select(page, 'kind')!.value, 'not the default: not applied').to.equal('');
    choose(page, 'view', 'only-suggestions');
    await page.waitForText('View “Suggestions” shown.');
    await settled(page);
    expect(select(page, 'kind')!.value).to.equal('suggestion');
    expect(shows(page, 'assignee')).to.equal(false);

    await page.click('Delete view');
    await page.waitForText('Delete the view “Suggestions”?');
    expect(await page.axe(), 'the confirmation').to.deep.equal([]);
    await page.click('Delete “Suggestions”');
    await page.waitForText('View “Suggestions” deleted.');
    expect(picker(page)).to.deep.equal(['> Current filters (not saved)']);
    expect(select(page, 'kind')!.value, 'what is shown stays').to.equal('suggestion');
    const list = await fetch(`${api}/v1/staff/views?site=test`, { headers: { Authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { items: unknown[] }).items).to.deep.equal([]);
  });
});
