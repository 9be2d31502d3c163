/**
 * <uc-complaint-tracker> on a host page against the real server: the user's
 * list with deadlines in words, staff moving a complaint through the real
 * staff API, actions and ratings sent once, the cached list offline, and a
 * complaint opened on another device by tracking number.
 */
import { expect } from '@open-wc/testing';
import {
  harness,
  hostToken,
  marker,
  requestCounts,
  resetRequestCounts,
  setFaults,
  staffToken,
} from './support/harness';
import { HostPage, hostPages, until } from './support/host-page';

/** The harness's staff agent (test/support/harness.ts HARNESS_STAFF_TOKEN); the arbitrator signs in as a person, since only a person rules. */
const STAFF_TOKEN = 'harness-agent-token-0123456789abcdef';

interface Receipt {
  id: string;
  trackingNumber: string;
  accessKey?: string;
}

/** A complaint made the way the form makes one, as the signed-in user `sub` (or anonymously with `device`). */
async function complain(
  text: string,
  who: { token: string } | { device: string },
  fields: Record<string, string> = {},
  attachments: Array<{ field: string; name: string; type: string; size: number; data: string }> = [],
): Promise<Receipt> {
  const { api } = await harness();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Idempotency-Key': `k-${crypto.randomUUID()}`,
  };
  if ('token' in who) headers.Authorization = `Bearer ${who.token}`;
  else headers['X-Usercare-Device'] = who.device;
  const response = await fetch(`${api}/v1/feedback`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      site: 'test',
      form: 'default',
      kind: 'complaint',
      category: 'publishing',
      locale: 'en',
      fields: { message: text, ...fields },
      attachments,
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return (await response.json()) as Receipt;
}

async function staff(
  id: string,
  action: string,
  extra: Record<string, unknown> = {},
  token = STAFF_TOKEN,
): Promise<void> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/staff/complaints/${id}/actions`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
    },
    body: JSON.stringify({ action, ...extra }),
  });
  expect(response.status, `${action}: ${await response.clone().text()}`).to.equal(200);
}

async function trackerFor(
  token: string,
  options: { complaint?: string; csp?: boolean; config?: unknown } = {},
): Promise<HostPage> {
  const page = await HostPage.open({ element: 'uc-complaint-tracker', ...options });
  page.window.usercare!.identify({ token });
  return page;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits until no request has reached the server for `ms`: what a restart set going has settled. */
async function quiet(ms = 1500): Promise<void> {
  let last = JSON.stringify(await requestCounts());
  for (let since = Date.now(); Date.now() - since < ms;) {
    await sleep(250);
    const now = JSON.stringify(await requestCounts());
    if (now !== last) [last, since] = [now, Date.now()];
  }
}

/** What the page's Web Locks hold and wait for under the live stream's lock name (one held, none waiting, when one stream is open). */
async function streamLocks(page: HostPage): Promise<{ held: number; pending: number }> {
  const { held = [], pending = [] } = await page.window.navigator.locks.query();
  const mine = (list: LockInfo[]) => list.filter((lock) => lock.name === 'usercare:stream:test').length;
  return { held: mine(held), pending: mine(pending) };
}

/** The reply box, once the complaint is shown. */
async function replyBox(page: HostPage): Promise<HTMLTextAreaElement> {
  await until(() => {
    try {
      return !!page.root.querySelector('textarea[name="reply"]');
    } catch {
      return false;
    }
  }, 'the reply box');
  return page.control<HTMLTextAreaElement>('textarea[name="reply"]');
}

function typeReply(box: HTMLTextAreaElement, text: string): void {
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

const button = (page: HostPage, text: string) => {
  const found = [...page.root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.includes(text));
  if (!found) throw new Error(`no "${text}" button; the tracker shows: ${page.text()}`);
  return found;
};

describe('<uc-complaint-tracker>', () => {
  const { track } = hostPages();

  it('lists the user’s complaints with status and the reply deadline in words, and opens one with its timeline', async () => {
    const token = await hostToken(`tracker-${crypto.randomUUID()}`);
    const text = marker('listed');
    const receipt = await complain(text, { token });
    const page = track(await trackerFor(token));
    await page.waitForText(receipt.trackingNumber);
    expect(page.text()).to.contain('Received');
    expect(page.text()).to.match(/reply due within \d+ working (day|hour)/);

    button(page, receipt.trackingNumber).click();
    await page.waitForText('What happened');
    expect(page.text()).to.contain(text);
    expect(page.text()).to.contain('Complaint received');
    expect(page.text()).to.contain('Withdraw complaint');
  });

  it('works on a page with a strict CSP, in the site’s theme, without a single violation', async () => {
    const token = await hostToken(`tracker-${crypto.randomUUID()}`);
    const receipt = await complain(marker('csp'), { token });
    const page = track(
      await trackerFor(token, { csp: true, config: { theme: { tokens: { '--uc-color-accent': 'rgb(1, 2, 3)' } } } }),
    );
    await page.waitForText(receipt.trackingNumber);
    button(page, receipt.trackingNumber).click();
    await page.waitForText('What happened');
    const base = page.root.querySelector('[part~="base"]')!;
    expect(page.window.getComputedStyle(base).getPropertyValue('--uc-color-accent').trim()).to.equal('rgb(1, 2, 3)');
    expect([
      ...((page.window as unknown as { __violations?: string[] }).__violations ?? ['no CSP watch on the page']),
    ]).to.deep.equal([]);
  });

  it('shows a staff reply, offers only the allowed actions, and takes a rating once however often it is clicked', async () => {
    const token = await hostToken(`rater-${crypto.randomUUID()}`);
    const receipt = await complain(marker('rated'), { token });
    await staff(receipt.id, 'accept');
    await staff(receipt.id, 'start_investigation');
    await staff(receipt.id, 'reply', { text: 'We refunded the order <b>today</b>.' });

    const page = track(await trackerFor(token, { complaint: receipt.id }));
    await page.waitForText('We refunded the order <b>today</b>.');
    expect(page.root.querySelector('b'), 'staff text is shown as text, never as markup').to.equal(null);
    expect(page.text()).to.contain('Accept the answer');
    expect(page.text()).to.contain('Dispute the answer');
    expect(page.text()).to.contain('If you do not accept the answer');
    expect(page.text()).not.to.contain('Send rating');

    const accept = button(page, 'Accept the answer');
    accept.click();
    await page.waitForText('Are you sure?');
    button(page, 'Are you sure?').click();
    await page.waitForText('How satisfied are you');

    await resetRequestCounts();
    const four = [...page.root.querySelectorAll<HTMLInputElement>('input[name="score"]')][3]!;
    four.click();
    await until(() => !button(page, 'Send rating').disabled, 'the rating button');
    const send = button(page, 'Send rating');
    send.click();
    send.click();
    send.click();
    await page.waitForText('Rated 4 of 5');
    expect((await requestCounts())[`POST /v1/complaints/${receipt.id}/actions`]).to.equal(1);
  });

  it('sends a dispute with the user’s reasons, and the reply box keeps a draft across a reload', async () => {
    const token = await hostToken(`disputer-${crypto.randomUUID()}`);
    const receipt = await complain(marker('disputed'), { token });
    await staff(receipt.id, 'accept');
    await staff(receipt.id, 'start_investigation');
    await staff(receipt.id, 'reply', { text: 'Nothing we can do.' });

    let page = track(await trackerFor(token, { complaint: receipt.id }));
    await page.waitForText('Dispute the answer');
    const box = page.control<HTMLTextAreaElement>('textarea[name="reply"]');
    box.value = 'The seller never shipped the item.';
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await page.waitForText('Draft saved on this device');
    page.close();

    page = track(await trackerFor(token, { complaint: receipt.id }));
    await until(() => {
      try {
        return (
          page.control<HTMLTextAreaElement>('textarea[name="reply"]').value === 'The seller never shipped the item.'
        );
      } catch {
        return false;
      }
    }, 'the restored reply draft');
    button(page, 'Dispute the answer').click();
    await page.waitForText('Status: You disputed the answer');
    expect(page.text()).to.contain('The seller never shipped the item.');
  });

  it('offline, shows the cached list and says it may be out of date', async () => {
    const token = await hostToken(`offline-${crypto.randomUUID()}`);
    const receipt = await complain(marker('cached'), { token });
    let page = track(await trackerFor(token));
    await page.waitForText(receipt.trackingNumber);
    page.close();

    page = track(await trackerFor(token));
    await page.goOffline();
    page.window.dispatchEvent(new Event('online'));
    await page.waitForText('it may be out of date');
    expect(page.text()).to.contain(receipt.trackingNumber);
    await page.goOnline();
  });

  it('when the server answers 503, shows the cached list and says it may be out of date (as the points widget does)', async () => {
    const token = await hostToken(`unavailable-${crypto.randomUUID()}`);
    const receipt = await complain(marker('cached-503'), { token });
    let page = track(await trackerFor(token));
    await page.waitForText(receipt.trackingNumber);
    page.close();

    await setFaults([{ method: 'GET', path: '/v1/complaints', action: 'status', status: 503, times: 5 }]);
    page = track(await trackerFor(token));
    await page.waitForText('it may be out of date');
    expect(page.text()).to.contain(receipt.trackingNumber);
    expect(page.text()).not.to.contain('cannot be reached');
    await setFaults([]);
  });

  it('opens an anonymous complaint on another device with its tracking number and e-mail', async () => {
    const receipt = await complain(
      marker('lookup'),
      { device: `device-${crypto.randomUUID()}` },
      { email: 'looked-up@example.com' },
    );
    const page = track(await HostPage.open({ element: 'uc-complaint-tracker' }));
    await page.waitForText('Find a complaint made on another device');
    page.root.querySelector<HTMLElement>('summary')!.click();
    page.control<HTMLInputElement>('#lookup-number').value = receipt.trackingNumber;
    page.control<HTMLInputElement>('#lookup-contact').value = 'wrong@example.com';
    button(page, 'Find').click();
    await page.waitForText('No complaint matches');
    page.control<HTMLInputElement>('#lookup-contact').value = 'looked-up@example.com';
    button(page, 'Find').click();
    await page.waitForText('What happened');
    expect(page.text()).to.contain(receipt.trackingNumber);
  });

  it('the form’s receipt promises the reply in working days and links to the tracker, which opens the complaint', async () => {
    const page = track(await HostPage.open({ config: { trackerUrl: '/__host.html?element=uc-complaint-tracker' } }));
    await page.ready();
    page.fillValid(marker('receipt'));
    const complaint = page.root.querySelector<HTMLInputElement>('input[name="kind"][value="complaint"]')!;
    complaint.click();
    page.submit();
    await page.waitForText('Tracking number');
    expect(page.text()).to.match(/We will reply within 3 working days, by /);
    const link = [...page.root.querySelectorAll<HTMLAnchorElement>('a')].find((a) =>
      a.textContent?.includes('Follow it in My complaints'),
    )!;
    const id = /#uc-complaint=([\w-]+)$/.exec(link.href)?.[1];
    expect(id, link.href).to.be.a('string');

    const tracker = track(await HostPage.open({ element: 'uc-complaint-tracker' }));
    // Following the link: the tracker's page with the complaint in the fragment.
    const loaded = new Promise((resolve) => tracker.iframe.addEventListener('load', resolve, { once: true }));
    tracker.iframe.src = link.getAttribute('href')!;
    await loaded;
    await tracker.waitForText('What happened');
    expect(tracker.text()).to.contain('Complaint received');
  });

  it('a staff reply appears without a reload, in every open tab, over one stream', async () => {
    const token = await hostToken(`live-${crypto.randomUUID()}`);
    const receipt = await complain(marker('live'), { token });
    await resetRequestCounts();
    const tabs = [
      track(await trackerFor(token, { complaint: receipt.id })),
      track(await trackerFor(token, { complaint: receipt.id })),
      track(await trackerFor(token)),
    ];
    await Promise.all(tabs.map((tab) => tab.waitForText(receipt.trackingNumber)));
    await staff(receipt.id, 'accept');
    await staff(receipt.id, 'start_investigation');
    await staff(receipt.id, 'reply', { text: 'Refund sent this morning.' });
    await tabs[0]!.waitForText('Refund sent this morning.');
    await tabs[1]!.waitForText('Refund sent this morning.');
    await tabs[2]!.waitForText('Answered');
    expect((await requestCounts())['GET /v1/stream'], 'one stream for three tabs').to.equal(1);
  });

  it('identify() while a list loads gives up the request of the user before', async () => {
    const [first, second] = await Promise.all([
      hostToken(`abandoned-${crypto.randomUUID()}`),
      hostToken(`abandoning-${crypto.randomUUID()}`),
    ]);
    const theirs = await complain(marker('abandoning'), { token: second });
    await resetRequestCounts();
    await setFaults([{ method: 'GET', path: '/v1/complaints', action: 'delay', ms: 3000, times: 1 }]);
    const page = track(await HostPage.open({ element: 'uc-complaint-tracker', fixtures: ['watch-fetch'] }));
    page.window.usercare!.identify({ token: first });
    await until(async () => ((await requestCounts())['GET /v1/complaints'] ?? 0) >= 1, 'the first user’s list request');
    page.window.usercare!.identify({ token: second });
    await page.waitForText(theirs.trackingNumber);
    const fetches = (page.window as unknown as { __fetches: Array<{ url: string; aborted: boolean }> }).__fetches;
    const lists = fetches.filter((f) => new URL(f.url).pathname === '/v1/complaints');
    expect(lists[0]?.aborted, 'the first user’s request').to.equal(true);
    expect(
      lists.slice(1).every((f) => !f.aborted),
      'the second user’s',
    ).to.equal(true);
  });

  it('a staff reply made after the complaint was read, before the live stream started, still shows', async () => {
    const token = await hostToken(`gap-${crypto.randomUUID()}`);
    const receipt = await complain(marker('gap'), { token });
    // The stream is slow to start: the reply is committed after the tracker read the complaint and before the
    // stream's first word, which, for a user new to this device, starts from the newest event.
    await resetRequestCounts();
    await setFaults([{ method: 'GET', path: '/v1/stream', action: 'delay', ms: 3000, times: 1 }]);
    const page = track(await trackerFor(token, { complaint: receipt.id }));
    await page.waitForText('What happened');
    await until(async () => ((await requestCounts())['GET /v1/stream'] ?? 0) >= 1, 'the stream request');
    await staff(receipt.id, 'accept');
    await staff(receipt.id, 'start_investigation');
    await staff(receipt.id, 'reply', { text: 'Sent between the two.' });
    await page.waitForText('Sent between the two.');
  });

  it('dispute → arbitration → ruling: each step shows in the timeline as it happens', async () => {
    const token = await hostToken(`arbitrated-${crypto.randomUUID()}`);
    const receipt = await complain(marker('arbitrated'), { token });
    await staff(receipt.id, 'accept');
    await staff(receipt.id, 'start_investigation');
    await staff(receipt.id, 'reply', { text: 'The fee is correct.' });
    const page = track(await trackerFor(token, { complaint: receipt.id }));
    await page.waitForText('Dispute the answer');
    const box = page.control<HTMLTextAreaElement>('textarea[name="reply"]');
    box.value = 'The page said 2%, I was charged 5%.';
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    button(page, 'Dispute the answer').click();
    await page.waitForText('Status: You disputed the answer');
    expect(page.text()).to.contain('A neutral arbitration team of the platform');

    const arbitrator = await staffToken('harness-arbitrator', 'Harness Arbitrator', ['arbitrator']);
    await staff(receipt.id, 'start_arbitration', {}, arbitrator);
    await page.waitForText('Status: In platform arbitration');
    await staff(receipt.id, 'rule', { outcome: 'partly_upheld', reasons: 'Ruling: 3% is refunded.' }, arbitrator);
    await page.waitForText('Ruling: 3% is refunded.');
    expect(page.text()).to.contain('You were right in part');
    expect(page.text()).to.contain('Arbitration team Harness Arbitrator');
    expect(page.text()).to.contain('Ask for a third party');
    expect(page.text()).to.contain('How satisfied are you');
  });

  it('a rating from two tabs at once is recorded once', async () => {
    const token = await hostToken(`two-tab-rater-${crypto.randomUUID()}`);
    const receipt = await complain(marker('two-tabs'), { token });
    for (const action of ['accept', 'start_investigation']) await staff(receipt.id, action);
    await staff(receipt.id, 'reply', { text: 'Done.' });
    await staff(receipt.id, 'resolve');
    const tabs = [
      track(await trackerFor(token, { complaint: receipt.id })),
      track(await trackerFor(token, { complaint: receipt.id })),
    ];
    await Promise.all(tabs.map((tab) => tab.waitForText('How satisfied are you')));
    for (const tab of tabs) {
      [...tab.root.querySelectorAll<HTMLInputElement>('input[name="score"]')][4]!.click();
      await until(() => !button(tab, 'Send rating').disabled, 'the rating button');
    }
    button(tabs[0]!, 'Send rating').click();
    button(tabs[1]!, 'Send rating').click();
    await Promise.all(tabs.map((tab) => tab.waitForText('Rated 5 of 5')));
    const { api } = await harness();
    const detail = await (
      await fetch(`${api}/v1/complaints/${receipt.id}`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    expect(detail.timeline.filter((e: { type: string }) => e.type === 'rate')).to.have.length(1);
  });

  it('an expired sign-in says so and asks the host to sign the user in again', async () => {
    const expired = await hostToken(`expired-${crypto.randomUUID()}`, '-5m');
    const page = track(await HostPage.open({ element: 'uc-complaint-tracker' }));
    const asked = new Promise((resolve) =>
      page.iframe.contentDocument!.addEventListener('uc-auth-required', resolve, { once: true }),
    );
    page.window.usercare!.identify({ token: expired });
    await asked;
    await page.waitForText('Please sign in again');
  });

  it('a refusal of a sign-in the host has replaced since does not ask the new user to sign in', async () => {
    const expired = await hostToken(`replaced-${crypto.randomUUID()}`, '-5m');
    const token = await hostToken(`replacing-${crypto.randomUUID()}`);
    const receipt = await complain(marker('replacing'), { token });
    const page = track(await HostPage.open({ element: 'uc-complaint-tracker' }));
    await page.waitForText('You have no complaints here.');
    // The device's stream starting reads the list once more: that read must not take the delay meant for the next.
    await quiet();
    const asked: string[] = [];
    page.iframe.contentDocument!.addEventListener('uc-auth-required', (event) =>
      asked.push((event as CustomEvent<{ reason: string }>).detail.reason),
    );
    // The expired sign-in's requests (its list and its live stream) are slow; the host signs the user in afresh
    // before their 401s come back. (A refusal that came while it was still the one signed in would rightly ask.)
    await setFaults([
      { method: 'GET', path: '/v1/complaints', action: 'delay', ms: 1500, times: 1 },
      { method: 'GET', path: '/v1/stream', action: 'delay', ms: 1500, times: 2 },
    ]);
    const before = (await requestCounts())['GET /v1/complaints'] ?? 0;
    page.window.usercare!.identify({ token: expired });
    await until(
      async () => ((await requestCounts())['GET /v1/complaints'] ?? 0) > before,
      'the expired sign-in’s list request',
    );
    page.window.usercare!.identify({ token });
    await page.waitForText(receipt.trackingNumber);
    await sleep(2000);
    expect(asked).to.deep.equal([]);
    expect(page.text()).not.to.contain('Please sign in again');
  });

  it('a message with a screenshot goes through the outbox once; staff and the user can download it', async () => {
    const token = await hostToken(`files-${crypto.randomUUID()}`);
    const receipt = await complain(marker('files'), { token });
    const page = track(await trackerFor(token, { complaint: receipt.id }));
    await page.waitForText('Attach screenshots or receipts');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const transfer = new DataTransfer();
    transfer.items.add(new File([png], 'shot.png', { type: 'image/png' }));
    transfer.items.add(new File(['not allowed'], 'notes.txt', { type: 'text/plain' }));
    const input = page.control<HTMLInputElement>('#reply-files');
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    await page.waitForText('notes.txt is not an accepted type.');
    const box = page.control<HTMLTextAreaElement>('textarea[name="reply"]');
    box.value = 'Here is the screenshot.';
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await resetRequestCounts();
    button(page, 'Send message').click();
    await page.waitForText('Download shot.png');
    expect((await requestCounts())[`POST /v1/complaints/${receipt.id}/messages`]).to.equal(1);

    const { api } = await harness();
    const detail = await (
      await fetch(`${api}/v1/complaints/${receipt.id}`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    const file = detail.timeline.at(-1).attachments[0];
    const staffCopy = await fetch(`${api}/v1/staff/complaints/${receipt.id}/files/${file.id}`, {
      headers: { Authorization: `Bearer ${STAFF_TOKEN}` },
    });
    expect(new Uint8Array(await staffCopy.arrayBuffer())).to.deep.equal(png);

    button(page, 'Download shot.png').click();
    await until(
      async () => (await requestCounts())[`GET /v1/complaints/${receipt.id}/files/${file.id}`] === 1,
      'the download',
    );
  });

  it('the files sent with the complaint itself are listed and download; a name cannot pose as another type', async () => {
    const token = await hostToken(`first-files-${crypto.randomUUID()}`);
    const pdf = new TextEncoder().encode('%PDF-1.4 receipt');
    // U+202E reverses what follows: shown raw, "receipt\u202Egpj.pdf" would read "receiptfdp.jpg".
    const receipt = await complain(marker('first-files'), { token }, {}, [
      {
        field: 'screenshots',
        name: 'receipt\u202Egpj.pdf',
        type: 'application/pdf',
        size: pdf.length,
        data: btoa(String.fromCharCode(...pdf)),
      },
    ]);
    const page = track(await trackerFor(token, { complaint: receipt.id }));
    await page.waitForText('Download receipt\ufffdgpj.pdf');
    expect(page.text()).not.to.contain('\u202E');
    await resetRequestCounts();
    button(page, 'Download receipt').click();
    const { api } = await harness();
    const detail = await (
      await fetch(`${api}/v1/complaints/${receipt.id}`, { headers: { Authorization: `Bearer ${token}` } })
    ).json();
    await until(
      async () => (await requestCounts())[`GET /v1/complaints/${receipt.id}/files/${detail.attachments[0].id}`] === 1,
      'the download of the complaint’s own file',
    );
  });

  it('a long list shows a screenful first and the rest on request', async () => {
    const token = await hostToken(`many-${crypto.randomUUID()}`);
    for (let i = 0; i < 33; i++) await complain(marker(`many-${i}`), { token });
    const page = track(await trackerFor(token));
    await page.waitForText('Show more (3 left)');
    expect(page.root.querySelectorAll('li[part="item"]')).to.have.length(30);
    button(page, 'Show more').click();
    await until(() => page.root.querySelectorAll('li[part="item"]').length === 33, 'all 33 items');
    expect(page.text()).not.to.contain('Show more');
  });

  it('a sign-in that arrives while the device’s list is on its way shows the user’s list, not the device’s', async () => {
    const token = await hostToken(`late-sign-in-${crypto.randomUUID()}`);
    const receipt = await complain(marker('late-sign-in'), { token });
    // The host checks its own session first; meanwhile the tracker asks for this device's (anonymous) list, which is slow.
    await setFaults([{ method: 'GET', path: '/v1/complaints', action: 'delay', ms: 1500, times: 1 }]);
    const page = track(await HostPage.open({ element: 'uc-complaint-tracker' }));
    await until(async () => ((await requestCounts())['GET /v1/complaints'] ?? 0) >= 1, 'the device’s list request');
    page.window.usercare!.identify({ token });
    await page.waitForText(receipt.trackingNumber);
    // The device's answer comes late, and changes nothing.
    await sleep(2000);
    expect(page.text()).to.contain(receipt.trackingNumber);
    expect(page.text()).not.to.contain('You have no complaints here.');
  });

  it('the device’s list, answered after the user signed in, is never kept as the user’s', async () => {
    const token = await hostToken(`late-sign-in-offline-${crypto.randomUUID()}`);
    await complain(marker('late-sign-in-offline'), { token });
    // The device's (anonymous) list comes slowly; then the server cannot be reached for the user's.
    await setFaults([
      { method: 'GET', path: '/v1/complaints', action: 'delay', ms: 1500, times: 1 },
      { method: 'GET', path: '/v1/complaints', action: 'drop' },
    ]);
    const unreachableOnly = async (page: HostPage) => {
      await page.waitForText('The service cannot be reached right now.').catch(() => {
        throw new Error(`the element never said it cannot reach the service; it shows: ${page.text()}`);
      });
      await sleep(2000);
      const text = page.text();
      expect({
        unreachable: text.includes('cannot be reached'),
        stale: text.includes('may be out of date'),
        empty: text.includes('You have no complaints here.'),
      }).to.deep.equal({
        unreachable: true,
        stale: false,
        empty: false,
      });
    };
    const page = track(await HostPage.open({ element: 'uc-complaint-tracker' }));
    await until(async () => ((await requestCounts())['GET /v1/complaints'] ?? 0) >= 1, 'the device’s list request');
    page.window.usercare!.identify({ token });
    await unreachableOnly(page);
    page.close();
    // The next visit, still out of reach: the device has no copy of this user's list, so it shows none.
    await unreachableOnly(track(await trackerFor(token)));
  });

  it('usercare.configure() restarts the tracker without leaving the old live stream and listeners behind', async () => {
    const token = await hostToken(`configured-${crypto.randomUUID()}`);
    const receipt = await complain(marker('configured'), { token });
    const page = track(await trackerFor(token));
    await page.waitForText(receipt.trackingNumber);
    page.window.usercare!.configure({ locale: 'en' });
    await sleep(300);
    page.window.usercare!.configure({ theme: { colorScheme: 'light' } });
    // the second configure() has restarted the tracker (the theme is applied as its new session starts)
    await until(() => page.element.dataset.ucScheme === 'light', 'the new theme');
    await page.waitForText(receipt.trackingNumber);
    await until(async () => (await streamLocks(page)).held === 1, 'the stream');
    await quiet();
    expect(await streamLocks(page), 'one stream, none waiting behind it').to.deep.equal({ held: 1, pending: 0 });

    // Another user signs in: one new stream and their list, not one of each per configure(). (The list is read
    // twice: once, and again when their first stream on this device starts, as a change between the two
    // would not be heard.)
    const other = await hostToken(`configured-other-${crypto.randomUUID()}`);
    const theirs = await complain(marker('configured-other'), { token: other });
    await resetRequestCounts();
    page.window.usercare!.identify({ token: other });
    await page.waitForText(theirs.trackingNumber);
    await until(async () => ((await requestCounts())['GET /v1/complaints'] ?? 0) >= 2, 'the second read');
    await sleep(1000);
    const counts = await requestCounts();
    expect({ stream: counts['GET /v1/stream'], list: counts['GET /v1/complaints'] }).to.deep.equal({
      stream: 1,
      list: 2,
    });
  });

  it('a tracker the host adds and takes away at once (a route change) leaves nothing running', async () => {
    const token = await hostToken(`fleeting-${crypto.randomUUID()}`);
    const receipt = await complain(marker('fleeting'), { token });
    await resetRequestCounts();
    const page = track(await trackerFor(token));
    await page.waitForText(receipt.trackingNumber);
    // Settled: the stream has started, and the list has been read again after its first word.
    await until(
      async () => ((await requestCounts())['GET /v1/complaints'] ?? 0) >= 2,
      'the read after the stream started',
    );
    await sleep(300);
    await resetRequestCounts();
    const doc = page.iframe.contentDocument!;
    const fleeting = doc.createElement('uc-complaint-tracker');
    doc.querySelector('main')!.append(fleeting);
    fleeting.remove();
    page.element.remove();
    await sleep(1500);
    expect(await requestCounts(), 'no list asked for, no stream opened by either').to.deep.equal({});
    expect(await streamLocks(page)).to.deep.equal({ held: 0, pending: 0 });
  });

  it('a reply typed just before the page is left is still there when the user comes back', async () => {
    const token = await hostToken(`leaver-${crypto.randomUUID()}`);
    const receipt = await complain(marker('leaver'), { token });
    const page = track(await trackerFor(token, { complaint: receipt.id }));
    typeReply(await replyBox(page), 'Typed a moment before leaving.');
    // Well within the typing pause after which the draft is saved anyway.
    await page.reload();
    page.window.usercare!.identify({ token });
    await page.waitForText('What happened');
    expect((await replyBox(page)).value).to.equal('Typed a moment before leaving.');
  });

  it('a reply typed just before the tracker is taken off the page is still there when it comes back', async () => {
    const token = await hostToken(`removed-${crypto.randomUUID()}`);
    const receipt = await complain(marker('removed'), { token });
    const page = track(await trackerFor(token, { complaint: receipt.id }));
    typeReply(await replyBox(page), 'Typed a moment before the route changed.');
    page.element.remove();
    const again = page.iframe.contentDocument!.createElement('uc-complaint-tracker');
    again.setAttribute('complaint-id', receipt.id);
    page.iframe.contentDocument!.querySelector('main')!.append(again);
    await page.waitForText('What happened');
    expect((await replyBox(page)).value).to.equal('Typed a moment before the route changed.');
  });

  it('explains a bad config in the page’s language', async () => {
    const page = track(
      await HostPage.open({
        element: 'uc-complaint-tracker',
        lang: 'zh-CN',
        config: { trackerUrl: 'javascript:alert(1)' },
      }),
    );
    await page.waitForText('trackerUrl');
    await page.waitForText('usercare 无法显示投诉跟踪：配置有误。');
    expect(page.text()).not.to.contain('its configuration has errors');
  });
});
