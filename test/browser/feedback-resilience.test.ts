/**
 * What goes wrong around the form: a bad config, blocked or full storage, a
 * flood of submissions, two tabs editing one draft, a keyboard-only user.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { marker, setFaults, submissions } from './support/harness';
import { HostPage, hostPages, until } from './support/host-page';

describe('feedback form under trouble', () => {
  const { open, track } = hostPages();

  it('explains a bad config in place of the form, with one console message naming each path', async () => {
    const bad = {
      forms: {
        default: {
          kinds: ['suggestion'],
          categories: [{ id: 'x', label: 'X' }],
          fields: [
            { name: 'message', type: 'essay', label: 'M' },
            { name: 'email', type: 'email' },
          ],
        },
      },
    };
    const page = await HostPage.open({ config: bad, fixtures: ['count-console'] });
    track(page);
    const heard: string[] = [];
    page.iframe.contentDocument!.addEventListener('uc-error', (e) => heard.push((e as CustomEvent).detail.error.code));
    await page.ready();
    await page.waitForText('its configuration has errors');
    expect(heard, 'the host hears about it once').to.deep.equal(['config']);
    expect(page.text()).to.contain('forms.default.fields[0].type');
    expect(page.text()).to.contain('forms.default.fields[1].label');
    const errors = (page.window as unknown as { __consoleErrors: string[] }).__consoleErrors.filter((m) =>
      m.startsWith('usercare'),
    );
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('forms.default.fields[0].type');
    // The host page keeps working.
    expect(page.iframe.contentDocument!.querySelector('h1')!.textContent).to.equal('An existing site');
  });

  it('on a page whose origin the site does not allow: the form says so in place in the page’s language, one console message says which origin to allow, the host page keeps working', async () => {
    // The harness's locked site allows only https://locked.example, not this page's origin.
    const page = await HostPage.open({ site: 'locked', lang: 'zh-CN', fixtures: ['count-console'] });
    track(page);
    const heard: string[] = [];
    page.iframe.contentDocument!.addEventListener('uc-error', (e) => heard.push((e as CustomEvent).detail.error.code));
    await page.ready();
    const origin = page.iframe.contentWindow!.location.origin;
    await page.waitForText(`站点未允许此网址（${origin}）`);
    expect(page.text()).to.contain('allowedOrigins');
    expect(page.text(), 'no form that could never be delivered').not.to.contain('提交');
    expect(heard).to.deep.equal(['config']);
    const errors = (page.window as unknown as { __consoleErrors: string[] }).__consoleErrors.filter((m) =>
      m.startsWith('usercare'),
    );
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain(
      `origin ${origin} is not allowed for site "locked": add it to the site's allowedOrigins`,
    );
    expect(page.iframe.contentDocument!.querySelector('h1')!.textContent).to.equal('An existing site');
  });

  it('explains inline JSON that does not parse', async () => {
    const page = await HostPage.open({ config: '{ not json' as unknown });
    track(page);
    await page.ready();
    await page.waitForText('(inline JSON)');
  });

  it('keeps working in memory when IndexedDB is blocked, and says so once', async () => {
    const page = await open({ fixtures: ['block-indexeddb'] });
    const m = marker('noidb');
    page.fillValid(m);
    await page.waitForText('drafts will not survive a reload');
    page.submit();
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
    expect(page.text().split('drafts will not survive a reload').length).to.equal(2, 'said once');
  });

  it('keeps the text and delivers it when the disk is full', async () => {
    const page = await open({ fixtures: ['quota-exceeded'] });
    const m = marker('quota');
    page.fillValid(m);
    await page.waitForText('drafts will not survive a reload');
    page.submit();
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
  });

  it('does not bring back a sent draft that the disk kept from before it filled up', async () => {
    const page = await open();
    const m = marker('quota-later');
    page.fillValid(m);
    await page.waitForText('Draft saved on this device');
    // Then the disk fills up (a large attachment, say): every later write fails.
    const full = () => {
      throw new page.window.DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    page.window.IDBObjectStore.prototype.put = full;
    page.window.IDBObjectStore.prototype.add = full;
    page.type('message', `Message ${m}: and one more line`);
    await page.waitForText('drafts will not survive a reload');
    page.submit();
    await page.waitForText('Tracking number');
    await page.reload();
    await page.ready((r) => !!r.querySelector('#f-message'));
    expect(page.text()).not.to.contain('We restored the draft');
    expect(page.control<HTMLTextAreaElement>('#f-message').value).to.equal('');
    expect(await submissions(m)).to.have.length(1);
  });

  it('honours 429 Retry-After and delivers once', async () => {
    await setFaults([{ method: 'POST', path: '/v1/feedback', action: 'status', status: 429, retryAfter: 2, times: 1 }]);
    const page = await open();
    const m = marker('ratelimit');
    page.fillValid(m);
    page.submit();
    await page.waitForText(/retry in [12] s/);
    await page.waitForText('Tracking number', 30_000);
    expect(await submissions(m)).to.have.length(1);
  });

  it('refuses a file that is too large or of the wrong type, naming the limit', async () => {
    const page = await open();
    page.attach('screenshots', [new File([new Uint8Array(3 * 1024 * 1024)], 'big.png', { type: 'image/png' })]);
    await page.waitForText('big.png is larger than 2 MB');
    page.attach('screenshots', [new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' })]);
    await page.waitForText('tool.exe is not an accepted type');
    expect(page.root.querySelector('[part~="files"]')).to.equal(null);
  });

  it('delivers attachments with their submission, exactly once', async () => {
    const page = await open();
    const m = marker('files');
    page.fillValid(m);
    const png = new File(
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])],
      'receipt.png',
      { type: 'image/png' },
    );
    const pdf = new File(['%PDF-1.4\n%%EOF\n'], 'invoice.pdf', { type: 'application/pdf' });
    page.attach('screenshots', [png, pdf]);
    await page.waitForText('invoice.pdf');
    page.submit();
    await page.waitForText('Tracking number');
    const [record] = await submissions(m);
    expect(record!.attachments.map((a) => `${a.name}:${a.type}:${a.size}`).sort()).to.deep.equal([
      `invoice.pdf:application/pdf:${pdf.size}`,
      `receipt.png:image/png:${png.size}`,
    ]);
  });

  it('shows the later edit in both tabs when one draft is edited in two', async () => {
    const a = await open();
    const b = await open();
    a.type('message', 'first words from tab A');
    await a.waitForText('Draft saved on this device');
    await until(
      () => b.control<HTMLTextAreaElement>('#f-message').value === 'first words from tab A',
      'tab B to follow tab A',
    );
    b.type('message', 'later words from tab B');
    await b.waitForText('Draft saved on this device');
    await until(
      () => a.control<HTMLTextAreaElement>('#f-message').value === 'later words from tab B',
      'tab A to follow tab B',
    );
    await a.reload();
    await a.ready((r) => !!r.querySelector('#f-message'));
    expect(a.control<HTMLTextAreaElement>('#f-message').value).to.equal('later words from tab B');
  });

  it('can be filled and sent with the keyboard alone', async () => {
    const page = await open();
    const m = marker('keyboard');
    page.window.focus();
    page.control<HTMLInputElement>('input[name="kind"]').focus();
    const active = () => page.root.activeElement as HTMLElement | null;
    const tabTo = async (check: (el: HTMLElement) => boolean, what: string) => {
      for (let i = 0; i < 25 && !(active() && check(active()!)); i++) await sendKeys({ press: 'Tab' });
      if (!active() || !check(active()!)) throw new Error(`could not reach ${what} with Tab`);
    };
    await tabTo((el) => el.id === 'f-category', 'the category');
    await sendKeys({ press: 'ArrowDown' });
    await tabTo((el) => el.id === 'f-message', 'the message');
    await sendKeys({ type: `Typed by keyboard ${m}` });
    await tabTo((el) => el.getAttribute('part') === 'submit', 'the send button');
    await sendKeys({ press: 'Enter' });
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
  });

  it('moves focus to the first invalid field and announces the errors', async () => {
    const page = await open();
    page.submit();
    await page.waitForText('Please correct');
    expect(page.root.activeElement?.id).to.equal('f-category');
    expect(page.root.querySelector('[role="alert"]')!.textContent).to.contain('Please correct 2 field(s).');
    const message = page.control('#f-message');
    expect(message.getAttribute('aria-describedby')).to.contain('f-message-error');
    expect(page.root.getElementById('f-message-error')!.textContent).to.equal('This field is required.');
  });
});
