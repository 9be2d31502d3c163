/**
 * Two staff members on one complaint, in two consoles against the real
 * server: each sees the other in the queue's row and in the complaint's
 * view ("… is viewing", "… is typing a reply") and never themselves; typing
 * a long reply costs a couple of presence requests, not one per keystroke;
 * and the second of two replies meets what the first changed, its text kept
 * beside it, and "send anyway" delivers it to the user once, by keyboard.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { harness, hostToken, marker, requestCounts, resetRequestCounts, staffToken } from './support/harness';
import { until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

interface Receipt {
  id: string;
  trackingNumber: string;
  token: string;
}

async function complain(text: string): Promise<Receipt> {
  const { api } = await harness();
  const token = await hostToken(`user-${crypto.randomUUID()}`);
  const response = await fetch(`${api}/v1/feedback`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      site: 'test',
      form: 'default',
      kind: 'complaint',
      category: 'publishing',
      locale: 'en',
      fields: { message: text, email: 'shopper@example.com' },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return { ...((await response.json()) as Omit<Receipt, 'token'>), token };
}

/** The user's own view of their complaint: what they were told. */
async function toldUser(id: string, token: string): Promise<string[]> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/complaints/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).to.equal(200);
  const detail = (await response.json()) as { timeline: Array<{ type: string; text: string | null }> };
  return detail.timeline.filter((e) => e.type === 'message').map((e) => e.text ?? '');
}

/** Assigns the complaint to `sub`, so it is on that person's own filtered queue whatever other tests add. */
async function assignTo(id: string, sub: string, name: string): Promise<void> {
  const { api } = await harness();
  const auth = { Authorization: `Bearer ${await staffToken(sub, name, ['agent'])}` };
  const { version } = (await (await fetch(`${api}/v1/staff/complaints/${id}`, { headers: auth })).json()) as {
    version: number;
  };
  const assigned = await fetch(`${api}/v1/staff/complaints/${id}/assignee`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': `k-${crypto.randomUUID()}` },
    body: JSON.stringify({ assignee: `staff:person:${sub}`, version }),
  });
  expect(assigned.status, await assigned.clone().text()).to.equal(200);
}

async function showMine(page: StaffPage): Promise<void> {
  await until(() => Boolean(page.find('select[name="assignee"]')), 'the assignee filter');
  const mine = page.find<HTMLSelectElement>('select[name="assignee"]')!;
  mine.value = 'me';
  mine.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** The element that has focus, through every shadow root of the console's frame. */
function focused(page: StaffPage): HTMLElement | null {
  let el: Element | null = page.iframe.contentDocument!.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/** Puts keyboard focus in `selector` of the page, as a click into it would. */
function focusIn(page: StaffPage, selector: string): void {
  page.iframe.focus();
  const el = page.find(selector);
  if (!el) throw new Error(`no ${selector}; the console shows: ${page.text()}`);
  el.focus();
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const presencePath = (id: string) => `POST /v1/staff/complaints/${id}/presence`;

describe('two consoles on one complaint', () => {
  let pages: StaffPage[] = [];
  /** Wang Fang's console on this machine, Li Lei's on another (each person works at their own desk). */
  const open = async (sub: string, name: string, axe = false) => {
    const page = await StaffPage.open({ axe, anotherDevice: name === 'Li Lei' });
    pages.push(page);
    await page.signIn(sub, name, ['agent']);
    return page;
  };

  beforeEach(async () => {
    await freshStaffDevice();
  });
  afterEach(() => {
    for (const page of pages) page.close();
    pages = [];
  });

  it('each sees the other in the queue row and the view, both ways, never themselves; typing 200 characters sends a couple of presence requests', async () => {
    const wangSub = `wang-${crypto.randomUUID()}`;
    const liSub = `li-${crypto.randomUUID()}`;
    const { id, trackingNumber } = await complain(`My parcel was lost ${marker('together-presence')}`);
    await assignTo(id, wangSub, 'Wang Fang');
    // Li Lei has the complaint open before Wang Fang's console starts: her queue row says so at once, not at his next renewal.
    const li = await open(liSub, 'Li Lei');
    await li.go(`#/complaints/${id}`);
    await li.waitForText(`Complaint ${trackingNumber}`);
    const wang = await open(wangSub, 'Wang Fang');
    li.window.localStorage.setItem('together-probe', '1');
    expect(wang.window.localStorage.getItem('together-probe'), 'two machines: their storage is apart').to.equal(null);
    li.window.localStorage.removeItem('together-probe');
    await showMine(wang);
    const row = () => wang.find(`[data-presence="${id}"]`)?.textContent ?? '';
    const rowSays = (words: string, what: string) =>
      until(() => row().includes(words), what, 8_000).catch((error: Error) => {
        throw new Error(`${error.message}; the row says "${row()}"`);
      });
    await rowSays('Li Lei is viewing', 'Li Lei in Wang Fang’s queue row');

    // Li Lei goes back to her queue: gone from the row; she opens it again: back.
    await li.go('#/queue');
    await until(() => !row().includes('Li Lei'), 'Li Lei gone from the row', 8_000);
    await li.go(`#/complaints/${id}`);
    await rowSays('Li Lei is viewing', 'Li Lei back in the row');

    // Wang Fang opens it too: each view names the other, neither itself.
    await wang.go(`#/complaints/${id}`);
    await wang.waitForText(`Complaint ${trackingNumber}`);
    await wang.waitForText('Li Lei is viewing');
    await li.waitForText('Wang Fang is viewing');
    expect(wang.text()).not.to.contain('Wang Fang is viewing');
    expect(li.text()).not.to.contain('Li Lei is viewing');

    // Li Lei types a long reply, key by key: Wang Fang sees it, for a couple of requests in all.
    await until(() => Boolean(li.find('#reply')), 'Li Lei’s reply box');
    await resetRequestCounts();
    focusIn(li, '#reply');
    const reply = 'We have asked the courier to trace the parcel and will write again within one working day. '.repeat(
      3,
    );
    await sendKeys({ type: reply.slice(0, 200) });
    await wang.waitForText('Li Lei is typing a reply');
    expect(li.find<HTMLTextAreaElement>('#reply')!.value).to.equal(reply.slice(0, 200));
    await wang.waitForText('Li Lei is viewing', 10_000); // typing stopped: viewing again
    const sent = (await requestCounts())[presencePath(id)] ?? 0;
    console.log(`[figure] presence requests while typing 200 characters and stopping: ${sent}`);
    expect(sent, 'one "typing" and one "viewing" after it stopped, not one per keystroke').to.be.within(1, 2);
  });

  it('the second reply meets what the first changed, its text kept beside it; "send anyway" delivers it to the user once', async () => {
    const wangSub = `wang-${crypto.randomUUID()}`;
    const liSub = `li-${crypto.randomUUID()}`;
    const { id, trackingNumber, token } = await complain(`Charged twice ${marker('together-conflict')}`);
    const wang = await open(wangSub, 'Wang Fang');
    const li = await open(liSub, 'Li Lei', true);
    await li.go(`#/complaints/${id}`);
    await wang.go(`#/complaints/${id}`);
    await li.waitForText(`Complaint ${trackingNumber}`);
    await wang.waitForText(`Complaint ${trackingNumber}`);

    // Li Lei starts a reply on the complaint as it is; Wang Fang answers first.
    const liText = `Li: the second charge will be refunded ${marker('li')}`;
    const wangText = `Wang: we are checking with the bank ${marker('wang')}`;
    focusIn(li, '#reply');
    await sendKeys({ type: liText });
    await until(() => Boolean(wang.find('#reply')), 'Wang Fang’s reply box');
    wang.type('#reply', wangText);
    await wang.click('Send reply');
    await until(async () => (await toldUser(id, token)).includes(wangText), 'Wang Fang’s reply delivered');
    await li.waitForText(wangText); // Li Lei's view read it again, the box untouched

    // Li Lei sends: refused, shown beside what changed, the text kept.
    focusIn(li, '#reply');
    await li.click('Send reply');
    await li.waitForText('Changed while you were writing');
    const panel = () => li.find('[part="conflict"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    await until(() => panel().includes(wangText), 'Wang Fang’s reply in what changed').catch((error: Error) => {
      throw new Error(`${error.message}; the panel says "${panel()}"`);
    });
    expect(panel()).to.contain('Status now: New');
    expect(li.find<HTMLTextAreaElement>('#reply')!.value).to.equal(liText);
    expect(await toldUser(id, token)).to.deep.equal([wangText], 'nothing of Li Lei’s was sent');
    expect(await li.axe()).to.deep.equal([]);

    // By keyboard: from the kept reply, Tab to "send anyway", Enter.
    await until(() => !li.button('Send anyway on the new version').disabled, 'send anyway enabled');
    focusIn(li, '#reply');
    for (let i = 0; i < 10 && !focused(li)?.textContent?.includes('Send anyway'); i++) await sendKeys({ press: 'Tab' });
    expect(focused(li)?.textContent).to.contain('Send anyway on the new version');
    await sendKeys({ press: 'Enter' });
    await until(async () => (await toldUser(id, token)).includes(liText), 'Li Lei’s reply delivered');
    await li.waitForText('Send reply');
    expect(li.text()).not.to.contain('Changed while you were writing');
    expect(li.find<HTMLTextAreaElement>('#reply')!.value).to.equal('');
    await sleep(1500); // a second copy would have arrived by now
    expect(await toldUser(id, token)).to.deep.equal([wangText, liText], 'each reply once');
  });

  it('one’s own change meanwhile is no conflict: a reply started, the complaint claimed, the reply sent as it is', async () => {
    const { id, trackingNumber, token } = await complain(`Late delivery ${marker('together-own')}`);
    const wang = await open(`wang-${crypto.randomUUID()}`, 'Wang Fang');
    await wang.go(`#/complaints/${id}`);
    await wang.waitForText(`Complaint ${trackingNumber}`);
    await until(() => Boolean(wang.find('#reply')), 'the reply box');
    wang.type('#reply', 'Wang: the parcel left the depot today');
    await wang.click('Assign to me');
    // Sending waits while the claim is on its way (the reply goes on the version the claim makes).
    await wang.waitForText(/Assignee\s*:\s*Wang Fang/);
    await wang.click('Send reply');
    await until(async () => (await toldUser(id, token)).length === 1, 'the reply delivered').catch((error: Error) => {
      throw new Error(`${error.message}; the console shows: ${wang.text()}`);
    });
    expect(wang.text()).not.to.contain('Changed while you were writing');
    expect(await toldUser(id, token)).to.deep.equal(['Wang: the parcel left the depot today']);
  });

  it('in Chinese: the conflict view survives a reload (it is in the draft), and discarding empties the box for good; nothing is sent', async () => {
    const { id, trackingNumber, token } = await complain(`Wrong size ${marker('together-discard')}`);
    const liSub = `li-${crypto.randomUUID()}`;
    const wang = await open(`wang-${crypto.randomUUID()}`, 'Wang Fang');
    const li = await StaffPage.open({ lang: 'zh-CN', anotherDevice: true, axe: true });
    pages.push(li);
    const signInLi = async () => {
      await li.window.usercare.identifyStaff({ token: await staffToken(liSub, '李雷', ['agent']) });
      await li.waitForText('当前登录：李雷');
    };
    await signInLi();
    await li.go(`#/complaints/${id}`);
    await wang.go(`#/complaints/${id}`);
    await li.waitForText(`投诉 ${trackingNumber}`);
    await wang.waitForText(`Complaint ${trackingNumber}`);
    await li.waitForText('Wang Fang 正在查看');
    await wang.waitForText('李雷 is viewing');
    await until(() => Boolean(li.find('#reply')), 'Li Lei’s reply box');
    li.type('#reply', '李雷：请寄回');
    await until(() => Boolean(wang.find('#reply')), 'Wang Fang’s reply box');
    wang.type('#reply', 'Wang: a courier will collect it');
    await wang.click('Send reply');
    await until(async () => (await toldUser(id, token)).length === 1, 'Wang Fang’s reply delivered');
    await li.waitForText('Wang: a courier will collect it');
    await li.click('发送回复');
    await li.waitForText('您撰写期间投诉已有变化');
    await li.waitForText('当前状态：');
    expect(await li.axe()).to.deep.equal([]);

    // A reload keeps the reply and what it met.
    await sleep(500);
    await li.reload();
    await signInLi();
    await li.waitForText(`投诉 ${trackingNumber}`);
    await li.waitForText('您撰写期间投诉已有变化');
    const panel = li.find('[part="conflict"]')?.textContent ?? '';
    expect(panel).to.contain('Wang: a courier will collect it');
    expect(li.find<HTMLTextAreaElement>('#reply')!.value).to.equal('李雷：请寄回');

    await li.click('放弃我的回复');
    await until(() => !li.text().includes('您撰写期间投诉已有变化'), 'the panel gone');
    expect(li.find<HTMLTextAreaElement>('#reply')!.value).to.equal('');
    // Gone from the device too: after another reload the box is empty and offers a plain send.
    await sleep(500);
    await li.reload();
    await signInLi();
    await li.waitForText(`投诉 ${trackingNumber}`);
    await until(() => Boolean(li.find('#reply')), 'Li Lei’s reply box after the reload');
    await sleep(500);
    expect(li.find<HTMLTextAreaElement>('#reply')!.value).to.equal('');
    expect(li.text()).not.to.contain('您撰写期间投诉已有变化');
    expect(await toldUser(id, token)).to.deep.equal(['Wang: a courier will collect it']);
  });
});
