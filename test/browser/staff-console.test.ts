/**
 * <uc-staff-console> on a back-office page against the real server: staff
 * sign in from the host's back office, a complaint is worked in the browser
 * (contacts masked until revealed with a reason, replies through the staff
 * outbox, drafts per person), and what a person may do is what the server
 * lets them do.
 */
import { expect } from '@open-wc/testing';
import {
  harness,
  hostToken,
  staffToken,
  marker,
  requestCounts,
  resetRequestCounts,
  setFaults,
  clearFaults,
} from './support/harness';
import { HostPage, until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

interface Receipt {
  id: string;
  trackingNumber: string;
}

/** A complaint made the way the form makes one, by a signed-in user with a name and an e-mail. */
async function complain(text: string, sub = `user-${crypto.randomUUID()}`): Promise<Receipt & { token: string }> {
  const { api } = await harness();
  const token = await hostToken(sub);
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
      fields: { message: text, name: 'Dana Li', email: 'dana.li@example.com' },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return { ...((await response.json()) as Receipt), token };
}

/** What the user sees of their complaint, through the user's own API. */
async function userView(
  id: string,
  token: string,
): Promise<{ status: string; timeline: Array<{ text: string | null }> }> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/complaints/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).to.equal(200);
  return response.json();
}

/** Assigns the complaint to the person `sub`, as they would claim it. */
async function assignTo(id: string, sub: string): Promise<void> {
  const { api } = await harness();
  const auth = { Authorization: `Bearer ${await staffToken(sub, 'Agent Lee', ['agent'])}` };
  const read = await fetch(`${api}/v1/staff/complaints/${id}`, { headers: auth });
  const { version } = (await read.json()) as { version: number };
  const assigned = await fetch(`${api}/v1/staff/complaints/${id}/assignee`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': `k-${crypto.randomUUID()}` },
    body: JSON.stringify({ assignee: `staff:person:${sub}`, version }),
  });
  expect(assigned.status, await assigned.clone().text()).to.equal(200);
}

/** Filters the queue to the signed-in person's own: other tests' complaints may fill its first page. */
async function showMine(page: StaffPage): Promise<void> {
  await until(() => Boolean(page.find('select[name="assignee"]')), 'the assignee filter');
  const mine = page.find<HTMLSelectElement>('select[name="assignee"]')!;
  mine.value = 'me';
  mine.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

describe('<uc-staff-console>', () => {
  let pages: StaffPage[] = [];
  const open = async (options?: Parameters<typeof StaffPage.open>[0]) => {
    const page = await StaffPage.open(options);
    pages.push(page);
    return page;
  };

  beforeEach(async () => {
    await freshStaffDevice();
    await clearFaults();
  });
  afterEach(async () => {
    for (const page of pages) page.close();
    pages = [];
    await clearFaults();
  });

  it('says nobody is signed in until the back office signs someone in, then who they are', async () => {
    const page = await open();
    await page.waitForText('No staff member is signed in');
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    expect(page.text()).to.contain('Signed in as Agent Lee (agent)');
  });

  it('a token the server refuses (a host token, not a staff one) is shown as refused, never taken, and nothing throws into the page', async () => {
    const page = await open();
    const errors: unknown[] = [];
    page.window.addEventListener('unhandledrejection', (event) => errors.push(event.reason));
    await page.window.usercare.identifyStaff({ token: await hostToken('someone') });
    await page.waitForText('The sign-in was refused');
    expect(page.text()).not.to.contain('Signed in as');
    expect(errors).to.deep.equal([]);
  });

  it('shows a complaint with its contact details masked; revealing them needs a reason and shows them in clear', async () => {
    const receipt = await complain(marker('masked'));
    const page = await open({ route: `#/complaints/${receipt.id}` });
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await page.waitForText(`Complaint ${receipt.trackingNumber}`);
    expect(page.text()).to.contain('d***@example.com');
    expect(page.text()).not.to.contain('dana.li@example.com');
    page.type('#reveal-reason', 'the user asked for a call back');
    await page.click('Reveal');
    await page.waitForText('dana.li@example.com');
    expect(page.text()).to.contain('Revealed for you');
  });

  it('a supervisor reads the complaint but is offered no write and no reveal, and the server refuses them anyway', async () => {
    const receipt = await complain(marker('supervisor'));
    const page = await open({ route: `#/complaints/${receipt.id}` });
    await page.signIn(`supervisor-${crypto.randomUUID()}`, 'Supervisor Wang', ['supervisor']);
    await page.waitForText(`Complaint ${receipt.trackingNumber}`);
    expect(page.find('#reply'), 'a reply box').to.equal(undefined);
    expect(page.find('#note'), 'a note box').to.equal(undefined);
    expect(page.find('#reveal-reason'), 'a reveal form').to.equal(undefined);
    expect(page.findAll('button[data-action]')).to.have.length(0);
    expect(page.text()).to.contain('Audit log');
  });

  it('a reply sent while the server cannot be reached is delivered once when it can; the user sees it', async () => {
    const receipt = await complain(marker('offline-reply'));
    const page = await open({ route: `#/complaints/${receipt.id}` });
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await page.waitForText(`Complaint ${receipt.trackingNumber}`);
    await resetRequestCounts();
    await setFaults([
      { method: 'POST', path: `/v1/staff/complaints/${receipt.id}/messages`, action: 'status', status: 503, times: 2 },
    ]);
    const text = `We are looking into it ${marker('reply')}`;
    page.type('#reply', text);
    await page.click('Send reply');
    await until(
      async () => (await userView(receipt.id, receipt.token)).timeline.some((e) => e.text === text),
      'the reply to reach the user',
      30_000,
    );
    // Two refused by the 503, one delivered: never a second delivery of the same item.
    expect((await requestCounts())[`POST /v1/staff/complaints/${receipt.id}/messages`]).to.equal(3);
    const timeline = (await userView(receipt.id, receipt.token)).timeline.filter((e) => e.text === text);
    expect(timeline).to.have.length(1);
  });

  it('a reply typed and not sent survives a reload; another person signing in on the device never sees it, and it is gone', async () => {
    const receipt = await complain(marker('draft'));
    const page = await open({ route: `#/complaints/${receipt.id}` });
    const lee = `agent-${crypto.randomUUID()}`;
    await page.signIn(lee, 'Agent Lee', ['agent']);
    await page.waitForText(`Complaint ${receipt.trackingNumber}`);
    page.type('#reply', 'Half a sentence before the reload');
    await page.waitForText('Draft saved on this device');

    await page.reload();
    await page.signIn(lee, 'Agent Lee', ['agent']);
    await until(
      () => page.find<HTMLTextAreaElement>('#reply')?.value === 'Half a sentence before the reload',
      'the draft back',
    );

    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Zhao', ['agent']);
    await until(() => page.find<HTMLTextAreaElement>('#reply')?.value === '', "the other person's empty box");
    await page.reload();
    await page.signIn(lee, 'Agent Lee', ['agent']);
    await page.waitForText(`Complaint ${receipt.trackingNumber}`);
    await new Promise((done) => setTimeout(done, 500));
    expect(page.find<HTMLTextAreaElement>('#reply')?.value).to.equal('');
  });

  it('when the sign-in runs out it says so and asks the host again, and what was typed stays', async () => {
    const receipt = await complain(marker('expiry'));
    const page = await open({ route: `#/complaints/${receipt.id}` });
    let asked = 0;
    page.iframe.contentDocument!.addEventListener('uc-auth-required', () => asked++);
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent'], 4);
    await page.waitForText(`Complaint ${receipt.trackingNumber}`);
    page.type('#reply', 'Typed before the sign-in ran out');
    await page.waitForText('Your sign-in has expired', 15_000);
    expect(asked).to.equal(1);
    expect(page.find<HTMLTextAreaElement>('#reply')?.value).to.equal('Typed before the sign-in ran out');
  });

  it('what a user typed is shown as text, never as markup', async () => {
    const corpus = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>\u202Ejavascript:alert(1)`;
    const receipt = await complain(corpus);
    const sub = `agent-${crypto.randomUUID()}`;
    await assignTo(receipt.id, sub);
    const page = await open({ route: `#/complaints/${receipt.id}` });
    await page.signIn(sub, 'Agent Lee', ['agent']);
    await page.waitForText('<img src=x onerror=');
    expect((page.window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    expect(page.findAll('img')).to.have.length(0);
    // The queue's row shows the first words of it, as text too.
    await page.go('#/queue');
    await showMine(page);
    await until(
      () => page.findAll('a.row').some((row) => row.querySelector('.excerpt')?.textContent?.startsWith('<img src=x')),
      'the row with the markup as text',
    );
    expect((page.window as unknown as { __xss?: number }).__xss).to.equal(undefined);
    expect(page.findAll('img')).to.have.length(0);
  });

  it('an agent accepts, asks the user and replies; the user answers in the tracker and the console shows it at once', async () => {
    const receipt = await complain(marker('flow'));
    const page = await open({ route: `#/complaints/${receipt.id}` });
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await page.waitForText(`Complaint ${receipt.trackingNumber}`);
    await page.click('Accept');
    await page.waitForText('Start investigating');
    await page.click('Start investigating');
    await page.waitForText('Investigating');
    await page.click('Ask the user');
    page.type('#action-text', 'Which order number was it?');
    await page.click('Confirm: Ask the user');
    await page.waitForText('Waiting for the user');

    const tracker = await HostPage.open({ element: 'uc-complaint-tracker', complaint: receipt.id });
    pages.push({ close: () => tracker.close() } as StaffPage);
    tracker.window.usercare!.identify({ token: receipt.token });
    await tracker.waitForText('Which order number was it?');
    const box = tracker.control<HTMLTextAreaElement>('textarea[name="reply"]');
    box.value = 'Order 20261128-0042';
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await until(() => {
      const answer = [...tracker.root.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
        b.textContent?.includes('Send answer'),
      );
      if (answer && !answer.disabled) answer.click();
      return Boolean(answer);
    }, 'the tracker to offer the answer');

    // Over the staff stream, without a reload.
    await page.waitForText('Order 20261128-0042');
    await page.waitForText('Investigating');
    const reply = `Refunded ${marker('reply')}`;
    page.type('#reply', reply);
    await page.click('Send reply');
    await tracker.waitForText(reply);
  });

  it("a row's deadline counts down in the queue by itself, without a reload", async () => {
    const receipt = await complain(marker('countdown'));
    // Assigned to the agent, and the queue filtered to theirs: other tests' complaints may fill its first page.
    const sub = `agent-${crypto.randomUUID()}`;
    await assignTo(receipt.id, sub);
    const page = await open();
    await page.signIn(sub, 'Agent Lee', ['agent']);
    await showMine(page);
    const firstReply = () =>
      page
        .findAll('a.row')
        .find((row) => row.querySelector('.number')?.textContent === receipt.trackingNumber)
        ?.querySelector('.deadline')?.textContent ?? '';
    await until(() => firstReply().startsWith('First reply: '), "the first reply's deadline in the row");
    const before = firstReply();
    // The page's clock three hours on (the clock is the host's, not the product's): the next tick redraws the row.
    const clock = page.window.Date;
    const realNow = clock.now.bind(clock);
    clock.now = () => realNow() + 3 * 3600_000;
    await until(() => firstReply() !== before, 'the countdown to move', 5000);
    expect(firstReply()).to.match(/^First reply: /);
  });

  it('keyboard only: j and k move through the queue, Enter opens, r goes to the reply, Escape goes back', async () => {
    // At least three rows, whatever else the queue holds (other tests' complaints may come first).
    for (let i = 0; i < 3; i++) await complain(marker('keys'));
    const page = await open();
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await until(() => page.findAll('a.row').length >= 3, 'three rows in the queue');
    const key = (
      key: string,
      target: EventTarget = page.iframe.contentDocument!.activeElement ?? page.iframe.contentDocument!.body,
    ) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    const consoleEl = page.find('uc-staff-console')!;
    key('j', consoleEl);
    const focused = () => {
      let el: Element | null = page.iframe.contentDocument!.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el as HTMLElement | null;
    };
    await until(() => focused()?.dataset.index === '0', 'the first row to have focus');
    const step = async (k: string, index: string) => {
      key(k, focused()!);
      await until(() => focused()?.dataset.index === index, `row ${index} after ${k}`);
    };
    await step('j', '1');
    await step('j', '2');
    await step('k', '1');
    const number = focused()!.querySelector('.number')!.textContent!;
    focused()!.click(); // Enter on a link follows it
    await page.waitForText(`Complaint ${number}`);
    key('r', focused()?.isConnected ? focused()! : page.iframe.contentDocument!.body);
    await until(() => focused()?.id === 'reply', 'the reply box to have focus');
    focused()!.blur();
    key('Escape', page.iframe.contentDocument!.body);
    await page.waitForText('Due soon');
  });
});
