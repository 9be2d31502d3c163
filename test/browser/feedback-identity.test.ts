/**
 * Who the user is and which language they read: the host's identity, the
 * device's remembered contact details, the page's language, plain-http pages.
 */
import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import { hostToken, marker, requestCounts, setFaults, submissions } from './support/harness';
import { HostPage, hostPages, until } from './support/host-page';

const value = (root: ShadowRoot, name: string) =>
  root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#f-${name}`)?.value;

describe('identity, language and plain-http pages', () => {
  const { open, track } = hostPages();

  it('prefills contact fields from the identity the host passes, even when passed before the form loaded', async () => {
    const page = await HostPage.open();
    track(page);
    // The loader's queue: called before the element's code has arrived.
    page.window.usercare!.identify({
      token: await hostToken('li-lei'),
      profile: { name: '李雷', email: 'lilei@example.com' },
    });
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
    const remember = [...page.root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((c) =>
      c.parentElement?.textContent?.includes('Remember my contact details'),
    )!;
    expect(remember.checked, 'off by default').to.equal(false);
    remember.click();
    page.submit();
    await page.waitForText('Tracking number');
    page.close();
    page = await open();
    await page.ready((r) => r.querySelector<HTMLInputElement>('#f-email')?.value === 'kept@example.com');
  });

  it('gives the next person on a shared computer a form of their own, and the last one’s draft back when they return', async () => {
    const page = await open();
    const ann = { token: await hostToken('ann'), profile: { name: 'Ann', email: 'ann@example.com' } };
    const ben = { token: await hostToken('ben'), profile: { name: 'Ben', email: 'ben@example.com' } };
    await page.identify(ann);
    expect(value(page.root, 'email')).to.equal('ann@example.com');
    const m = marker('shared');
    page.type('message', `Ann writes ${m}`);
    // Ann signs out within the typing pause; Ben signs in on the same page, without a reload.
    await page.identify();
    await page.identify(ben);
    expect(['message', 'name', 'email'].map((name) => value(page.root, name))).to.deep.equal([
      '',
      'Ben',
      'ben@example.com',
    ]);
    expect(page.text()).not.to.contain('We restored the draft');
    // Ann comes back: her draft was kept for her.
    await page.identify(ann);
    expect(['message', 'name'].map((name) => value(page.root, name))).to.deep.equal([`Ann writes ${m}`, 'Ann']);
  });

  it('keeps what a visitor typed signed out when they sign in on the page, as theirs', async () => {
    const page = await open();
    const m = marker('signs-in');
    page.type('message', `Typed before signing in ${m}`);
    // The host signs the visitor in within the typing pause (its session check came back late).
    await page.identify({ token: await hostToken('eve'), profile: { name: 'Eve' } });
    expect([value(page.root, 'message'), value(page.root, 'name')]).to.deep.equal([
      `Typed before signing in ${m}`,
      'Eve',
    ]);
    // It is Eve's draft now: signed out, the form is empty; Eve again, it is back.
    await page.identify();
    expect(value(page.root, 'message')).to.equal('');
    await page.identify({ token: await hostToken('eve') });
    expect(value(page.root, 'message')).to.equal(`Typed before signing in ${m}`);
  });

  it('sends what one person wrote as theirs, even when another signs in as they press Send', async () => {
    const page = await open();
    const [fay, gus] = [await hostToken('fay'), await hostToken('gus')];
    await page.identify({ token: fay });
    const m = marker('switch-on-send');
    page.fillValid(m);
    page.submit();
    // In the same task as the click: before the item is stored.
    page.window.usercare!.identify({ token: gus });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await submissions(m)).map((s) => s.submitter)).to.deep.equal([]);
    // Fay signs in again: hers is sent, as hers, once.
    await page.identify({ token: fay });
    await until(async () => (await submissions(m)).length > 0, 'the submission on the server');
    expect((await submissions(m)).map((s) => s.submitter)).to.deep.equal(['user:fay']);
  });

  it('takes a token whose sub is a number as that user, the same one its decimal string names', async () => {
    const page = await open();
    const id = 700_000_000 + Math.floor(Math.random() * 1_000_000);
    await page.identify({ token: await hostToken(id) });
    const m = marker('numeric-sub');
    page.fillValid(m);
    // Signed out, the form is the visitor's: the draft belongs to the user the number names.
    await page.identify();
    expect(value(page.root, 'message')).to.equal('');
    // The same id written as a string is the same user: their draft comes back, and is sent as theirs.
    await page.identify({ token: await hostToken(String(id)) });
    expect(value(page.root, 'message')).to.contain(m);
    page.submit();
    await page.waitForText('Tracking number');
    expect((await submissions(m)).map((s) => s.submitter)).to.deep.equal([`user:${id}`]);
  });

  it('does not show the next person a submission held for the last one’s sign-in, nor send it as them', async () => {
    const page = await open();
    await page.identify({ token: await hostToken('cat', -60) });
    const m = marker('held-shared');
    page.fillValid(m);
    page.submit();
    await page.waitForText('Sign in again to send');
    await page.identify({ token: await hostToken('dan') });
    // Dan gets an empty form, not Cat's "sign in again" with a Withdraw button.
    expect(value(page.root, 'message')).to.equal('');
    expect(page.text()).not.to.contain('Sign in again');
    expect([...page.root.querySelectorAll('button')].map((b) => b.textContent?.trim())).not.to.include('Withdraw');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await submissions(m)).to.have.length(0);
    // Cat signs in again: hers is sent, once.
    await page.identify({ token: await hostToken('cat') });
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
  });

  it('restores a draft an older version kept (before drafts had owners) to the signed-out visitor, not to a signed-in user', async () => {
    // What the previous version stored: the draft under `site/form`, in a version 1 database.
    const db = await openDB('usercare', 1, {
      upgrade(d) {
        for (const store of ['drafts', 'outbox', 'submissions', 'identity', 'cache']) d.createObjectStore(store);
      },
    });
    const draft = {
      key: 'test/default',
      site: 'test',
      form: 'default',
      kind: 'suggestion',
      fields: { message: 'written before the upgrade' },
      files: [],
      remember: false,
      updatedAt: 1,
      tab: 'old',
    };
    await db.put('drafts', draft, draft.key);
    db.close();
    const page = await open();
    await page.ready((r) => value(r, 'message') === 'written before the upgrade');
    await page.identify({ token: await hostToken('eve') });
    expect(value(page.root, 'message')).to.equal('');
    await page.identify();
    expect(value(page.root, 'message')).to.equal('written before the upgrade');
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
      page.iframe.contentDocument!.addEventListener(type, (e) =>
        seen.push(`${e.type}${(e as Event & { composed: boolean }).composed ? '' : ' (not composed)'}`),
      );
    page.fillValid(marker('events'));
    await page.waitForText('Draft saved on this device');
    page.submit();
    await page.waitForText('Tracking number');
    expect(seen).to.deep.equal(['uc-draft-saved', 'uc-submitted', 'uc-delivered']);
  });
});
