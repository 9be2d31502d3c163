/**
 * The console's newer views with the keyboard alone, pressed through the
 * browser (not events made up in the page): logging a call, declining a
 * suggestion with its reason, ruling on a dispute, compensating a
 * complaint, declaring and issuing an outage, and dismissing a deadline
 * alert. Tab moves,
 * typing fills, Enter and Space press; nothing needs a mouse, and focus
 * lands somewhere useful after each action.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { harness, hostToken, marker, raiseAlerts, staffToken } from './support/harness';
import { until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

/** The element that has focus, through every shadow root of the console's frame. */
function focused(page: StaffPage): HTMLElement | null {
  let el: Element | null = page.iframe.contentDocument!.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/** Presses Tab until focus is on what `is` accepts (at most 40 times). */
async function tabTo(page: StaffPage, is: (el: HTMLElement) => boolean, what: string): Promise<HTMLElement> {
  for (let i = 0; i < 40; i++) {
    const el = focused(page);
    if (el && is(el)) return el;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(
    `Tab never reached ${what}; focus is on ${focused(page)?.tagName ?? 'nothing'}#${focused(page)?.id ?? ''}`,
  );
}

/** Focus into the frame, on the view's heading, as after following a link to it. */
async function start(page: StaffPage, heading: string): Promise<void> {
  await page.waitForText(heading);
  page.iframe.focus();
  const h = page.findAll('h2, h3').find((el) => el.textContent?.includes(heading));
  if (!h) throw new Error(`no heading "${heading}"`);
  if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
  h.focus();
}

/** A write on a complaint through the API, as `token`: staff's route, or the user's own. */
async function act(id: string, token: string, body: Record<string, unknown>, as: 'staff' | 'user'): Promise<void> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/${as === 'staff' ? 'staff/' : ''}complaints/${id}/actions`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
    },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).to.equal(200);
}

async function suggestion(
  text: string,
  kind = 'suggestion',
  token?: string,
): Promise<{ id: string; trackingNumber: string }> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/feedback`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
      Authorization: `Bearer ${token ?? (await hostToken(`user-${crypto.randomUUID()}`))}`,
    },
    body: JSON.stringify({
      site: 'test',
      form: 'default',
      kind,
      category: 'interaction',
      locale: 'en',
      fields: { message: text },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return response.json();
}

describe('<uc-staff-console>, keyboard only, in the newer views', () => {
  let pages: StaffPage[] = [];
  beforeEach(() => freshStaffDevice());
  afterEach(() => {
    for (const page of pages) page.close();
    pages = [];
  });
  const open = async (route: string) => {
    const page = await StaffPage.open({ route });
    pages.push(page);
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    return page;
  };

  it('logs a call: Tab to each field, type, Enter on the button; the tracking number is shown', async () => {
    const page = await open('#/intake');
    await page.waitForText('Transactions');
    await start(page, 'Log a complaint received by phone, post or in person');
    await tabTo(page, (el) => el.id === 'intake-channel', 'the channel');
    await tabTo(page, (el) => el.getAttribute('name') === 'contact', 'the contact');
    await sendKeys({ type: '13800138000' });
    await tabTo(page, (el) => el.getAttribute('name') === 'text', 'the text');
    const text = `Called by keyboard ${marker('keys-intake')}`;
    await sendKeys({ type: text });
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.getAttribute('type') === 'submit', 'the send button');
    await sendKeys({ press: 'Enter' });
    await until(() => /UC\d{8}-[A-Z0-9]+/.test(page.text()), 'the tracking number');
    expect(focused(page), 'focus stays in the console').to.not.equal(null);
    expect(focused(page)!.tagName).to.not.equal('BODY');
  });

  it('declines a suggestion: the reason typed, the decision pressed twice with Enter; the outcome is shown', async () => {
    const sent = await suggestion(`Dark mode please ${marker('keys-triage')}`);
    const page = await open(`#/feedback/${sent.id}`);
    await page.waitForText('Dark mode please');
    await start(page, sent.trackingNumber);
    await tabTo(page, (el) => el.id === 'decision-text', 'the reason');
    await sendKeys({ type: 'Not on our plans this year' });
    const decline = await tabTo(page, (el) => el.dataset.decision === 'decline', 'Decline');
    await sendKeys({ press: 'Enter' });
    await until(() => /Confirm/.test(decline.textContent ?? ''), 'Decline to ask for confirmation');
    expect(focused(page), 'focus stays on the button').to.equal(decline);
    await sendKeys({ press: 'Enter' });
    await page.waitForText('Declined');
    expect(page.text()).to.contain('Not on our plans this year');
    expect(focused(page)?.tagName).to.not.equal('BODY');
  });

  it('rules on a dispute: an outcome chosen with the arrow keys, the reasons typed, Enter twice', async () => {
    const user = await hostToken(`user-${crypto.randomUUID()}`);
    const complaint = await suggestion(`The phone arrived broken ${marker('keys-rule')}`, 'complaint', user);
    const agent = await staffToken(`agent-${crypto.randomUUID()}`, 'Agent Li', ['agent']);
    for (const action of ['accept', 'start_investigation']) await act(complaint.id, agent, { action }, 'staff');
    await act(complaint.id, agent, { action: 'reply', text: 'It left us working.' }, 'staff');
    await act(complaint.id, user, { action: 'dispute', text: 'It never switched on.' }, 'user');

    const page = await StaffPage.open({ route: `#/complaints/${complaint.id}` });
    pages.push(page);
    await page.signIn(`arbitrator-${crypto.randomUUID()}`, 'Arbitrator Zhao', ['arbitrator']);
    await page.waitForText('It never switched on.');
    await start(page, 'Arbitration');
    await tabTo(page, (el) => el.getAttribute('name') === 'outcome', 'the outcomes');
    // Arrow keys move through a radio group and choose as they go: upheld, partly upheld, overturned.
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await until(
      () => page.find<HTMLInputElement>('input[name="outcome"][value="overturned"]')?.checked === true,
      'overturned chosen',
    );
    await tabTo(page, (el) => el.id === 'ruling-reasons', 'the reasons');
    await sendKeys({ type: 'The unboxing video shows it dead on arrival.' });
    const rule = await tabTo(page, (el) => el.tagName === 'BUTTON' && el.getAttribute('type') === 'submit', 'Rule');
    await sendKeys({ press: 'Enter' });
    await until(() => /Confirm/.test(rule.textContent ?? ''), 'the ruling to ask for confirmation');
    await sendKeys({ press: 'Enter' });
    await page.waitForText('Ruling: Overturned: the user was right');
    expect(focused(page)?.tagName).to.not.equal('BODY');
  });

  it('dismisses a deadline alert: Tab to the Dismiss of its row, Enter; focus stays with the row', async () => {
    const sub = `agent-${crypto.randomUUID()}`;
    const token = await staffToken(sub, 'Agent Lee', ['agent']);
    const { api } = await harness();
    const post = async (path: string, body: unknown) => {
      const response = await fetch(api + path, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `k-${crypto.randomUUID()}`,
        },
        body: JSON.stringify(body),
      });
      expect(response.status, await response.clone().text()).to.be.below(300);
      return response.json() as Promise<{ id: string; trackingNumber: string }>;
    };
    // A call logged 25 hours late and marked complex (24 hours from receipt): overdue.
    const logged = await post('/v1/staff/complaints', {
      site: 'test',
      category: 'transactions',
      channel: 'hotline',
      locale: 'en',
      receivedAt: new Date(Date.now() - 25 * 3600_000).toISOString(),
      contact: 'caller@example.com',
      text: `Called about a parcel ${marker('keys-alert')}`,
    });
    await post(`/v1/staff/complaints/${logged.id}/category`, { category: 'transactions', complex: true, version: 1 });
    await raiseAlerts();

    const page = await StaffPage.open({ route: '#/alerts' });
    pages.push(page);
    await page.signIn(sub, 'Agent Lee', ['agent']);
    await page.waitForText(logged.trackingNumber);
    await start(page, 'Deadline alerts');
    const row = () =>
      page.findAll<HTMLTableRowElement>('tr[data-alert]').find((tr) => tr.textContent?.includes(logged.trackingNumber));
    const dismiss = await tabTo(
      page,
      (el) => el.tagName === 'BUTTON' && row()?.contains(el) === true,
      `the Dismiss of ${logged.trackingNumber}`,
    );
    expect(dismiss.textContent).to.contain('Dismiss');
    await sendKeys({ press: 'Enter' });
    await until(() => row()?.textContent?.includes('Dismissed by Agent Lee') ?? false, 'the alert dismissed');
    expect(focused(page)?.tagName).to.not.equal('BODY');
  });

  it('compensates a complaint: Tab to the points and the reason, type, Enter twice; it says what was given', async () => {
    const user = `user-${crypto.randomUUID()}`;
    const complaint = await suggestion(`Late delivery ${marker('keys-points')}`, 'complaint', await hostToken(user));
    const page = await StaffPage.open({ route: `#/complaints/${complaint.id}` });
    pages.push(page);
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await page.waitForText('Points for this complaint');
    // the rewards are offered by their names in the catalogue, with what is left of each pool
    await page.waitForText(/10 yuan off \([\d,]+ left\)/);
    await start(page, 'Points for this complaint');
    await tabTo(page, (el) => el.id === 'points-points', 'the points');
    await sendKeys({ type: '20' });
    await tabTo(page, (el) => el.id === 'points-reason', 'the reason');
    await sendKeys({ type: 'Sorry for the wait' });
    const give = await tabTo(
      page,
      (el) => el.tagName === 'BUTTON' && /Give the compensation/.test(el.textContent ?? ''),
      'Give',
    );
    await sendKeys({ press: 'Enter' });
    await until(() => /Confirm/.test(give.textContent ?? ''), 'the compensation to ask for confirmation');
    await sendKeys({ press: 'Enter' });
    await page.waitForText(`Compensation: 20 points to`);
    expect(focused(page)?.tagName).to.not.equal('BODY');
  });

  it('declares an outage and issues it: the times typed into the date fields, the users listed, Enter on each button', async () => {
    const page = await StaffPage.open({ route: '#/outages' });
    pages.push(page);
    await page.signIn(`admin-${crypto.randomUUID()}`, 'The admin', ['admin']);
    await page.waitForText('Declare an outage');
    await start(page, 'Declare an outage');
    const user = `user-${crypto.randomUUID()}`;
    // A date field takes its parts typed in a row (en-US: month, day, year, then hour, minute, AM/PM); the year
    // takes up to six digits, so the right arrow moves on to the hour.
    const typeDate = async (ms: number) => {
      const d = new Date(ms);
      const two = (n: number) => String(n).padStart(2, '0');
      await sendKeys({ type: `${two(d.getMonth() + 1)}${two(d.getDate())}${d.getFullYear()}` });
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ type: `${two(d.getHours() % 12 || 12)}${two(d.getMinutes())}${d.getHours() < 12 ? 'A' : 'P'}` });
    };
    const end = Date.now() - 3600_000;
    await tabTo(page, (el) => el.getAttribute('name') === 'service', 'the service');
    await sendKeys({ type: 'Checkout' });
    await tabTo(page, (el) => el.getAttribute('name') === 'start', 'the start');
    await typeDate(end - 3 * 3600_000);
    await tabTo(page, (el) => el.getAttribute('name') === 'end', 'the end');
    await typeDate(end);
    await tabTo(page, (el) => el.getAttribute('name') === 'affected', 'who was affected');
    await sendKeys({ press: 'ArrowDown' });
    await tabTo(page, (el) => el.getAttribute('name') === 'users', 'the users');
    await sendKeys({ type: user });
    const field = (name: string) => page.find<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`)?.value;
    expect(
      [field('start'), field('end'), field('users')].map(Boolean),
      JSON.stringify([field('start'), field('end'), field('users'), field('service')]),
    ).to.deep.equal([true, true, true]);
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent?.trim() === 'Preview', 'Preview');
    await sendKeys({ press: 'Enter' });
    await page.waitForText('Who would get what');
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent?.trim() === 'Issue compensation', 'Issue');
    await sendKeys({ press: 'Enter' });
    await tabTo(page, (el) => el.tagName === 'BUTTON' && el.textContent?.trim() === 'Yes, issue it', 'Yes');
    await sendKeys({ press: 'Enter' });
    await page.waitForText(/Issued .*: 1 of 1 users compensated/);
    expect(focused(page)?.tagName).to.not.equal('BODY');
  });
});
