/**
 * End to end: a host page with the script tag, the real server behind a
 * fault proxy. Each test is one story a user could tell.
 */
import { expect } from '@open-wc/testing';
import { clearFaults, hostToken, marker, requestCounts, setFaults, submissions } from './support/harness';
import { hostPages, until } from './support/host-page';

describe('feedback delivery', () => {
  const { open } = hostPages();

  it('delivers a submission and shows its tracking number', async () => {
    const page = await open();
    const m = marker('plain');
    page.fillValid(m);
    const delivered = new Promise<CustomEvent>((resolve) =>
      page.element.addEventListener('uc-delivered', (e) => resolve(e as CustomEvent), { once: true }),
    );
    page.submit();
    await page.waitForText('Tracking number');
    const event = await delivered;
    const records = await submissions(m);
    expect(records).to.have.length(1);
    expect(page.text()).to.contain(records[0]!.trackingNumber);
    expect(event.detail.receipt.trackingNumber).to.equal(records[0]!.trackingNumber);
  });

  it('works on a page with a strict CSP (no unsafe-eval, no unsafe-inline), in the site’s theme, without a single violation', async () => {
    const page = await open({ csp: true, config: { theme: { tokens: { '--uc-color-accent': 'rgb(1, 2, 3)' } } } });
    await page.ready();
    expect(page.window.getComputedStyle(page.control('[part~="submit"]')).backgroundColor).to.equal('rgb(1, 2, 3)');
    const m = marker('csp');
    page.fillValid(m);
    page.submit();
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
    expect([
      ...((page.window as unknown as { __violations?: string[] }).__violations ?? ['no CSP watch on the page']),
    ]).to.deep.equal([]);
  });

  it('restores the draft, attachments included, after a reload', async () => {
    const page = await open();
    const m = marker('draft');
    page.type('message', `Half-written ${m}`);
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], 'shot.png', {
      type: 'image/png',
    });
    page.attach('screenshots', [png]);
    await page.waitForText('Draft saved on this device');
    await page.reload();
    await page.ready((r) => !!r.querySelector('#f-message'));
    await page.waitForText('We restored the draft');
    expect(page.control<HTMLTextAreaElement>('#f-message').value).to.equal(`Half-written ${m}`);
    expect(page.text()).to.contain('shot.png');
  });

  it('keeps an offline submission and sends it exactly once when the network is back', async () => {
    const page = await open();
    const m = marker('offline');
    page.fillValid(m);
    await page.goOffline();
    page.submit();
    await page.waitForText('Saved on this device, will be sent when you are back online');
    expect(await submissions(m)).to.have.length(0);
    await page.goOnline();
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
  });

  it('retries through two 503s and makes one record', async () => {
    await setFaults([{ method: 'POST', path: '/v1/feedback', action: 'status', status: 503, times: 2 }]);
    const page = await open();
    const m = marker('retry');
    page.fillValid(m);
    page.submit();
    await page.waitForText(/retry in \d+ s/);
    await page.waitForText('Tracking number', 30_000);
    expect(await submissions(m)).to.have.length(1);
  });

  it('rejects a garbage answer by the contract check and retries it into one record', async () => {
    await setFaults([
      { method: 'POST', path: '/v1/feedback', action: 'garbage', times: 1 },
      { method: 'POST', path: '/v1/feedback', action: 'html', times: 1 },
    ]);
    const page = await open();
    const m = marker('garbage');
    page.fillValid(m);
    page.submit();
    await page.waitForText('Tracking number', 30_000);
    expect(await submissions(m)).to.have.length(1);
  });

  it('delivers on the next page load when the page closed before hearing the answer, still once', async () => {
    // The server stores it, but the answer never reaches the page, which is then closed.
    await setFaults([
      { method: 'POST', path: '/v1/feedback', action: 'drop-after', times: 1 },
      { method: 'POST', path: '/v1/feedback', action: 'delay', ms: 60_000, times: 1 },
    ]);
    const page = await open();
    const m = marker('closed');
    page.fillValid(m);
    page.submit();
    await until(async () => (await submissions(m)).length === 1, 'the server to store it');
    await until(async () => ((await requestCounts())['POST /v1/feedback'] ?? 0) >= 2, 'the retry to be in flight');
    page.close();
    await clearFaults();
    const again = await open();
    await again.waitForText('Tracking number', 30_000);
    expect(await submissions(m)).to.have.length(1);
  });

  it('lets one tab deliver while another is open', async () => {
    await setFaults([{ method: 'POST', path: '/v1/feedback', action: 'delay', ms: 1500, times: 1 }]);
    const a = await open();
    const m = marker('tabs');
    a.fillValid(m);
    a.submit();
    const b = await open();
    await a.waitForText('Tracking number', 30_000);
    await b.ready();
    const counts = await requestCounts();
    expect(counts['POST /v1/feedback']).to.equal(1);
    expect(await submissions(m)).to.have.length(1);
    // Once delivered, the tabs go quiet: no endless "look again" between them.
    const channel = new BroadcastChannel('usercare');
    let messages = 0;
    channel.onmessage = () => messages++;
    await new Promise((r) => setTimeout(r, 1500));
    channel.close();
    expect(messages).to.equal(0);
  });

  it('holds a submission on 401 until the host identifies the user again, then sends it once', async () => {
    const page = await open();
    const expired = await hostToken('user-401', -60);
    await page.identify({ token: expired });
    const m = marker('auth');
    page.fillValid(m);
    page.submit();
    await page.waitForText('Sign in again to send');
    expect(await submissions(m)).to.have.length(0);
    page.window.usercare!.identify({ token: await hostToken('user-401') });
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
  });

  it('never sends one user’s submission as another user', async () => {
    const page = await open();
    await page.identify({ token: await hostToken('alice', -60) });
    const m = marker('switch');
    page.fillValid(m);
    page.submit();
    await page.waitForText('Sign in again to send');
    page.window.usercare!.identify({ token: await hostToken('bob') });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await submissions(m)).to.have.length(0);
    page.window.usercare!.identify({ token: await hostToken('alice') });
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
  });

  it('withdraws a queued submission before it is sent', async () => {
    const page = await open();
    const m = marker('withdraw-queued');
    page.fillValid(m);
    await page.goOffline();
    page.submit();
    await page.waitForText('will be sent when you are back online');
    page.control<HTMLButtonElement>('[part~="queue"] + .actions button').click();
    await page.waitForText('Withdrawn before it was sent');
    await page.goOnline();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await submissions(m)).to.have.length(0);
  });

  for (const [where, fixtures] of [
    ['', []],
    [' on a plain-http page (no Web Locks)', ['insecure-context']],
  ] as const) {
    it(`withdraws on the server a submission whose send went through while the user withdrew it${where}`, async () => {
      // Long enough for the click below on a busy machine; the test waits for the outcome, not the delay.
      await setFaults([{ method: 'POST', path: '/v1/feedback', action: 'delay', ms: 5000, times: 1 }]);
      const page = await open({ fixtures: [...fixtures] });
      const heard: string[] = [];
      for (const type of ['uc-delivered', 'uc-withdrawn'])
        page.element.addEventListener(type, (e) => heard.push(e.type));
      const m = marker('withdraw-in-flight');
      page.fillValid(m);
      page.submit();
      await until(async () => ((await requestCounts())['POST /v1/feedback'] ?? 0) >= 1, 'the send to be on its way');
      page.control<HTMLButtonElement>('[part~="queue"] + .actions button').click();
      await page.waitForText('Withdrawn. Nobody will act on it.');
      const records = await submissions(m);
      expect(records.map((r) => r.status)).to.deep.equal(['withdrawn']);
      expect(heard).to.deep.equal(['uc-delivered', 'uc-withdrawn']);
    });
  }

  it('on a plain-http page, a withdrawal waits for a send that fails, and the submission is never sent', async () => {
    // The send is refused with a 503 after a while; the user withdraws while it is on its way.
    await setFaults([{ method: 'POST', path: '/v1/feedback', action: 'status', status: 503, ms: 5000, times: 1 }]);
    const page = await open({ fixtures: ['insecure-context'] });
    const m = marker('withdraw-failing-send');
    page.fillValid(m);
    page.submit();
    await until(async () => ((await requestCounts())['POST /v1/feedback'] ?? 0) >= 1, 'the send to be on its way');
    page.control<HTMLButtonElement>('[part~="queue"] + .actions button').click();
    await page.waitForText('Withdrawn before it was sent');
    // Longer than the first retry's wait (at most 1 s).
    await new Promise((r) => setTimeout(r, 3000));
    expect(await submissions(m)).to.have.length(0);
    expect((await requestCounts())['POST /v1/feedback']).to.equal(1);
  });

  it('stops at an HTML 413 from a proxy in front of the server, says it is too large, and keeps the text', async () => {
    // nginx's own page for a body over its client_max_body_size, on every try.
    await setFaults([{ method: 'POST', path: '/v1/feedback', action: 'html', status: 413 }]);
    const page = await open();
    const m = marker('too-large');
    page.fillValid(m);
    page.submit();
    await page.waitForText('It is too large to send.');
    expect(page.control<HTMLTextAreaElement>('#f-message').value).to.contain(m);
    // No retry: the same bytes would be refused again.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await requestCounts())['POST /v1/feedback']).to.equal(1);
    expect(page.text()).not.to.contain('retry');
  });

  it('withdraws a delivered submission on the server', async () => {
    const page = await open();
    const m = marker('withdraw-delivered');
    page.fillValid(m);
    page.submit();
    await page.waitForText('Tracking number');
    const withdraw = [...page.root.querySelectorAll('button')].find((b) => b.textContent?.includes('Withdraw'))!;
    withdraw.click();
    await page.waitForText('Withdrawn. Nobody will act on it.');
    const [record] = await submissions(m);
    expect(record!.status).to.equal('withdrawn');
  });

  it('shows the server’s field errors under the fields and keeps the text', async () => {
    // The page's own config is looser than the server's: the server refuses a too-short message.
    const page = await open({
      config: {
        forms: {
          default: {
            kinds: ['suggestion'],
            categories: [{ id: 'publishing', label: 'P' }],
            fields: [{ name: 'message', type: 'textarea', label: 'Message', required: true }],
          },
        },
      },
    });
    page.choose('#f-category', 'publishing');
    page.type('message', 'hey');
    page.submit();
    // The page's config does not know the server's limit; the server's error carries it.
    await page.waitForText('Please write at least 5 characters.');
    expect(page.control<HTMLTextAreaElement>('#f-message').value).to.equal('hey');
    expect(page.control('#f-message').getAttribute('aria-invalid')).to.equal('true');
  });
});
