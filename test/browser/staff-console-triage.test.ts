/**
 * The staff console's duties beyond complaints, in real Chromium against the
 * real server: a suggestion adopted and a report confirmed (with a penalty
 * for the user it was about) in the triage view, the points landing and the
 * sender's tracker showing each outcome; a complaint's compensation given
 * once from its view and shown in the user's points widget; an outage
 * declared, previewed and issued to the users listed once however often it
 * is issued, shown in their points widgets; each view offered only to those
 * the server lets act, keyboard-reachable, and clean under axe.
 */
import { expect } from '@open-wc/testing';
import { harness, hostToken, marker, staffToken } from './support/harness';
import { HostPage, until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

interface Receipt {
  id: string;
  trackingNumber: string;
}

/** Feedback of `kind`, sent the way the form sends it by a signed-in user. */
async function send(kind: string, text: string, sub: string): Promise<Receipt> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/feedback`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
      Authorization: `Bearer ${await hostToken(sub)}`,
    },
    body: JSON.stringify({
      site: 'test',
      form: 'default',
      kind,
      category: 'interaction',
      locale: 'en',
      fields: { message: text, email: 'sender@example.com' },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return (await response.json()) as Receipt;
}

/** Points by hand, as an admin would set a user up. */
async function give(user: string, points: number): Promise<void> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/staff/points/adjustments`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
      Authorization: `Bearer ${await staffToken(`admin-${crypto.randomUUID()}`, 'Set-up Admin', ['admin'])}`,
    },
    body: JSON.stringify({ site: 'test', user, points, reason: 'Welcome gift', note: 'test set-up' }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
}

async function balance(user: string): Promise<number> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/points?site=test`, {
    headers: { Authorization: `Bearer ${await hostToken(user)}` },
  });
  return ((await response.json()) as { balance: number }).balance;
}

/** The element's focused node, inside its shadow root. */
function focusedIn(page: StaffPage, tag: string): Element | null {
  return page.find(tag)?.shadowRoot?.activeElement ?? null;
}

/** Signs a person in as the back office would, in either language. */
async function signIn(page: StaffPage, lang: 'en' | 'zh-CN', sub: string, name: string, roles: string[]) {
  if (lang === 'en') return page.signIn(sub, name, roles);
  await page.window.usercare.identifyStaff({ token: await staffToken(sub, name, roles) });
  await page.waitForText(`当前登录：${name}`);
}

/** A `datetime-local` value for an instant, in the browser's own zone, to the minute. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

describe('<uc-staff-console>: triage, compensation and outages', () => {
  let pages: Array<{ close(): void }> = [];
  const open = async (options?: Parameters<typeof StaffPage.open>[0]) => {
    const page = await StaffPage.open(options);
    pages.push(page);
    return page;
  };
  const openHost = async (options: Parameters<typeof HostPage.open>[0], token: string) => {
    const page = await HostPage.open(options);
    pages.push(page);
    page.window.usercare!.identify({ token });
    return page;
  };

  beforeEach(() => freshStaffDevice());
  afterEach(() => {
    for (const page of pages) page.close();
    pages = [];
  });

  it('a suggestion adopted and a report confirmed in the console: the points land, and the sender’s tracker shows each outcome', async () => {
    const sender = `sender-${crypto.randomUUID()}`;
    const reported = `reported-${crypto.randomUUID()}`;
    await give(reported, 10);
    const suggestion = await send('suggestion', marker('Please add a dark mode'), sender);
    const report = await send('report', marker('This shop sells fakes'), sender);

    const page = await open({ route: '#/queue' });
    const lee = `agent-${crypto.randomUUID()}`;
    await page.signIn(lee, 'Agent Lee', ['agent']);
    // A queue row of feedback opens its triage, a complaint's its complaint view.
    await until(() => page.findAll('a[part~="row"]').length > 0, 'the queue’s rows');
    const rows = page.findAll<HTMLAnchorElement>('a[part~="row"]');
    for (const row of rows) {
      const complaint = row.querySelector('.meta')?.textContent?.trim().startsWith('Complaint') ?? false;
      expect(row.getAttribute('href')).to.match(complaint ? /^#\/complaints\// : /^#\/feedback\//);
    }

    await page.go(`#/feedback/${suggestion.id}`);
    await page.waitForText(`Suggestion ${suggestion.trackingNumber}`);
    expect(page.text()).to.contain('Adopting it gives the sender 50 points');
    expect(page.text()).to.contain('s***@example.com');
    // Declining needs a reason: asked for, with focus on the box.
    await page.click('Decline');
    await page.waitForText('Write the reason first');
    expect(focusedIn(page, 'uc-staff-feedback')?.id).to.equal('decision-text');
    // The reason box is a draft like the reply box: it survives a reload.
    page.type('#decision-text', 'Coming in the spring release');
    await until(() => page.text().includes('Draft saved on this device'), 'the draft to be saved');
    await page.reload();
    await page.signIn(lee, 'Agent Lee', ['agent']);
    // The test page's own route is the queue's: back to the suggestion, as a bookmark would.
    await page.go(`#/feedback/${suggestion.id}`);
    await until(
      () => page.find<HTMLTextAreaElement>('#decision-text')?.value === 'Coming in the spring release',
      'the draft back after the reload',
    );
    await page.click('Adopt');
    await page.waitForText('Confirm: Adopt');
    await page.click('Confirm: Adopt');
    await page.waitForText('The sender earned 50 points.');
    expect(page.text()).to.contain('Adopted by Agent Lee');
    expect(focusedIn(page, 'uc-staff-feedback')?.id, 'focus stays in the view').to.equal('decision-title');

    await page.go(`#/feedback/${report.id}`);
    await page.waitForText(`Report ${report.trackingNumber}`);
    page.find<HTMLInputElement>('input[name="sanction"][value="penalty"]')!.click();
    await until(() => Boolean(page.find('#sanction-user')), 'the penalty’s fields');
    page.type('#sanction-user', reported);
    page.type('#sanction-points', '30');
    page.type('#sanction-reason', 'Selling counterfeit goods');
    await page.click('Confirm the report');
    await page.click('Confirm: Confirm the report');
    await page.waitForText('The sender earned 20 points.');
    expect(page.text()).to.contain(`${reported} was penalised 10 points.`);
    expect(page.text()).to.contain('(20 more could not be taken: the balance was lower.)');

    expect(await balance(sender)).to.equal(70);
    expect(await balance(reported)).to.equal(0);

    const tracker = await openHost({ element: 'uc-complaint-tracker' }, await hostToken(sender));
    await tracker.waitForText(suggestion.trackingNumber);
    await tracker.waitForText(report.trackingNumber);
    expect(tracker.text()).to.contain('Adopted');
    expect(tracker.text()).to.contain('Report confirmed');
    const item = [...tracker.root.querySelectorAll<HTMLButtonElement>('button.item')].find((b) =>
      b.textContent?.includes(suggestion.trackingNumber),
    )!;
    item.click();
    await tracker.waitForText('Your suggestion was adopted. Thank you!');
    expect(tracker.text()).to.contain('Coming in the spring release');

    const chinese = await openHost(
      { element: 'uc-complaint-tracker', lang: 'zh-CN', complaint: report.id },
      await hostToken(sender),
    );
    await chinese.waitForText('您的举报经核实属实，已处理，感谢您！');
  });

  it('a complaint’s compensation is given once from its view and named in the user’s points widget', async () => {
    const user = `complainer-${crypto.randomUUID()}`;
    const complaint = await send('complaint', marker('The parcel never came'), user);
    const page = await open({ route: `#/complaints/${complaint.id}` });
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await page.waitForText('Points for this complaint');
    page.type('#points-points', '30');
    await page.click('Give the compensation');
    await page.waitForText('Write the reason first');
    page.type('#points-reason', 'Sorry for the lost parcel');
    await page.click('Give the compensation');
    await page.click('Confirm: give the compensation');
    await page.waitForText(`Compensation: 30 points to ${user}`);
    // What is given is said, and only the other kind is offered.
    const kinds = page.findAll<HTMLOptionElement>('#points-kind option').map((o) => o.value);
    expect(kinds).to.deep.equal(['penalty']);
    expect(await balance(user)).to.equal(30);

    const widget = await openHost({ element: 'uc-points-widget' }, await hostToken(user));
    await widget.waitForText(`Compensation for your complaint ${complaint.trackingNumber}: Sorry for the lost parcel`);
  });

  it('an outage compensates the users listed once, however often it is issued, and their widgets name it', async () => {
    const users = [`outage-${crypto.randomUUID()}`, `outage-${crypto.randomUUID()}`];
    const id = `outage-${crypto.randomUUID().slice(0, 8)}`;
    const page = await open({ route: '#/outages' });
    await page.signIn(`admin-${crypto.randomUUID()}`, 'Admin Wang', ['admin']);
    await page.waitForText('Declare an outage');
    const end = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
    page.type('input[name="id"]', id);
    page.type('input[name="service"]', 'checkout');
    page.type('input[name="start"]', localInput(end - 90 * 60_000));
    page.type('input[name="end"]', localInput(end));
    page.find<HTMLInputElement>('input[name="affected"][value="listed"]')!.click();
    await until(() => Boolean(page.find('textarea[name="users"]')), 'the list of users');
    page.type('textarea[name="users"]', users.join('\n'));

    const issue = async () => {
      await page.click('Preview');
      await page.waitForText(`Who would get what (${id})`);
      const applying = page.find('tr[data-applies="true"]');
      expect(applying?.textContent).to.contain('Up to 240 min');
      expect(applying?.textContent).to.contain('50 points');
      expect(applying?.textContent).to.match(/\b2\b/);
      await page.click('Issue compensation');
      await page.click('Yes, issue it');
      await page.waitForText(`Issued ${id}: 2 of 2 users compensated.`);
    };
    await issue();
    await page.waitForText('90 min: 2 users affected, 2 of them compensated already.');
    // Issued again: the preview says so, and nothing changes.
    await issue();
    expect(page.text()).to.contain('issuing it again changes nothing');
    for (const user of users) expect(await balance(user)).to.equal(50);
    expect(page.find(`tr[data-incident="${id}"]`)?.textContent).to.contain('2 of 2 compensated');
    expect(page.find(`tr[data-incident="${id}"]`)?.textContent, 'recorded by name').to.contain('Admin Wang');

    const widget = await openHost({ element: 'uc-points-widget' }, await hostToken(users[0]!));
    await widget.waitForText(/Compensation for the checkout outage on .+ \(90 min\)/);
    expect(widget.root.querySelectorAll('[part~="entry"]').length).to.equal(1);
  });

  it('offers only what the server lets each role do: a supervisor decides, gives and issues nothing; an agent issues nothing', async () => {
    const sender = `sender-${crypto.randomUUID()}`;
    const suggestion = await send('suggestion', marker('A calmer colour scheme'), sender);
    const complaint = await send('complaint', marker('Charged twice'), sender);
    const page = await open({ route: `#/feedback/${suggestion.id}` });
    await page.signIn(`supervisor-${crypto.randomUUID()}`, 'Supervisor Wang', ['supervisor']);
    await page.waitForText(`Suggestion ${suggestion.trackingNumber}`);
    expect(page.text()).to.contain('Not decided yet.');
    expect(page.find('button[data-decision]')).to.equal(undefined);
    await page.go(`#/complaints/${complaint.id}`);
    await page.waitForText('Points for this complaint');
    expect(page.find('#points-kind')).to.equal(undefined);
    await page.go('#/outages');
    await page.waitForText('Recorded outages');
    expect(page.text()).not.to.contain('Declare an outage');

    const agent = await open({ route: '#/outages' });
    await agent.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await agent.waitForText('Recorded outages');
    expect(agent.text()).not.to.contain('Declare an outage');
  });

  it('the triage view, the compensation panel and the outages screen pass axe, in English and Chinese', async () => {
    const sender = `sender-${crypto.randomUUID()}`;
    const report = await send('report', marker('Spam in the comments'), sender);
    const question = await send('question', marker('How do I change my address?'), sender);
    const complaint = await send('complaint', marker('Wrong size delivered'), sender);
    for (const lang of ['en', 'zh-CN'] as const) {
      const page = await open({ axe: true, lang, route: `#/feedback/${report.id}` });
      await signIn(page, lang, `admin-${crypto.randomUUID()}`, 'Admin Wang', ['admin']);
      await until(() => Boolean(page.find('button[data-decision="confirm"]')), 'the report’s decisions');
      page.find<HTMLInputElement>('input[name="sanction"][value="penalty"]')!.click();
      await until(() => Boolean(page.find('#sanction-user')), 'the penalty’s fields');
      expect(await page.axe(), `${lang}: the triage of a report`).to.deep.equal([]);
      await page.go(`#/feedback/${question.id}`);
      await until(() => Boolean(page.find('button[data-decision="answer"]')), 'the question’s decision');
      expect(await page.axe(), `${lang}: the triage of a question`).to.deep.equal([]);
      await page.go(`#/complaints/${complaint.id}`);
      await until(() => Boolean(page.find('#points-kind')), 'the compensation panel');
      expect(await page.axe(), `${lang}: the complaint with its compensation panel`).to.deep.equal([]);
      await page.go('#/outages');
      await until(() => Boolean(page.find('form[part~="declare"]')), 'the outages screen');
      page.type('input[name="service"]', 'search');
      page.type('input[name="start"]', localInput(Date.now() - 7_200_000));
      page.type('input[name="end"]', localInput(Date.now() - 3_600_000));
      page.find<HTMLButtonElement>('form[part~="declare"] button[type="submit"]')!.click();
      await until(() => Boolean(page.find('tr[data-applies="true"]')), 'the preview');
      expect(await page.axe(), `${lang}: the outages screen with a preview`).to.deep.equal([]);
      page.close();
    }
  });
});
