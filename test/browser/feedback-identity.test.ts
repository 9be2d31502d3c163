/**
 * Who the user is and which language they read: the host's identity, the
 * device's remembered contact details, the page's language, plain-http pages.
 */
import { expect } from '@open-wc/testing';
import { hostToken, marker, requestCounts, setFaults, submissions } from './support/harness';
import { HostPage, hostPages } from './support/host-page';

describe('identity, language and plain-http pages', () => {
  const { open, track } = hostPages();

  it('prefills contact fields from the identity the host passes, even when passed before the form loaded', async () => {
    const page = await HostPage.open();
    track(page);
    // The loader's queue: called before the element's code has arrived.
    page.window.usercare!.identify({ token: await hostToken('li-lei'), profile: { name: '李雷', email: 'lilei@example.com' } });
    await page.ready((r) => r.querySelector<HTMLInputElement>('#f-email')?.value === 'lilei@example.com');
    expect(page.control<HTMLInputElement>('#f-name').value).to.equal('李雷');
  });

  it('remembers contact details on this device only when the user asks', async () => {
    let page = await open();
    page.fillValid(marker('forget'));
    page.type('email', 'once@example.com');
    page.submit();
    await page.waitForText('Tracking number');
    page.close();
    page = await open();
    expect(page.control<HTMLInputElement>('#f-email').value, 'not remembered by default').to.equal('');

    page.fillValid(marker('remember'));
    page.type('email', 'kept@example.com');
    const remember = [...page.root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((c) => c.parentElement?.textContent?.includes('Remember my contact details'))!;
    expect(remember.checked, 'off by default').to.equal(false);
    remember.click();
    page.submit();
    await page.waitForText('Tracking number');
    page.close();
    page = await open();
    await page.ready((r) => r.querySelector<HTMLInputElement>('#f-email')?.value === 'kept@example.com');
  });

  it('speaks the page’s language and the site’s own words', async () => {
    const page = await open({ lang: 'zh-CN', config: { messages: { 'zh-CN': { 'form.submit': '发送反馈' } } } });
    expect(page.text()).to.contain('服务范围');
    expect(page.control('[part~="submit"]').textContent!.trim()).to.equal('发送反馈');
    expect(page.text()).to.contain('用途：仅用于告知处理进展');
  });

  it('works on a plain-http page without Web Locks or randomUUID, and still sends once from two tabs', async () => {
    await setFaults([{ method: 'POST', path: '/v1/feedback', action: 'delay', ms: 1200, times: 1 }]);
    const a = await open({ fixtures: ['insecure-context'] });
    const m = marker('insecure');
    a.fillValid(m);
    a.submit();
    const b = await open({ fixtures: ['insecure-context'] });
    await a.waitForText('Tracking number', 30_000);
    await b.ready();
    expect((await requestCounts())['POST /v1/feedback']).to.equal(1);
    expect(await submissions(m)).to.have.length(1);
  });

  it('tells the host what happened, in order', async () => {
    const page = await open();
    const seen: string[] = [];
    for (const type of ['uc-draft-saved', 'uc-submitted', 'uc-delivered', 'uc-withdrawn', 'uc-error'])
      page.iframe.contentDocument!.addEventListener(type, (e) => seen.push(`${e.type}${(e as Event & { composed: boolean }).composed ? '' : ' (not composed)'}`));
    page.fillValid(marker('events'));
    await page.waitForText('Draft saved on this device');
    page.submit();
    await page.waitForText('Tracking number');
    expect(seen).to.deep.equal(['uc-draft-saved', 'uc-submitted', 'uc-delivered']);
  });
});
