/**
 * The script tag on its own: what a page pays when it has no usercare
 * element, and what happens when one arrives later.
 */
import { expect } from '@open-wc/testing';
import { marker, submissions } from './support/harness';
import { HostPage, freshDevice, until } from './support/host-page';

const usercareResources = (page: HostPage) =>
  page.window.performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((path) => path.startsWith('/dist/'));

describe('the loader', () => {
  beforeEach(freshDevice);

  it('loads nothing but itself on a page without a usercare element', async () => {
    const page = await HostPage.open({ noElement: true });
    await new Promise((r) => setTimeout(r, 500));
    expect(usercareResources(page)).to.deep.equal(['/dist/usercare.js']);
    expect(typeof page.window.usercare?.identify).to.equal('function');
    page.close();
  });

  it('works from a script tag on another origin than the usercare host: the chunks load and a submission arrives', async () => {
    const page = await HostPage.open({ loaderFromServer: true });
    try {
      await page.ready();
      expect(
        new URL(page.window.usercare!.base!).origin === location.origin,
        'the loader came from the usercare host',
      ).to.equal(false);
      const m = marker('cross-origin');
      page.fillValid(m);
      page.submit();
      await page.waitForText('Tracking number');
      expect(await submissions(m)).to.have.length(1);
    } finally {
      page.close();
    }
  });

  it('loads an element’s code when the element is added later, and the element works', async () => {
    const page = await HostPage.open({ noElement: true });
    const doc = page.iframe.contentDocument!;
    doc.querySelector('main')!.append(doc.createElement('uc-feedback-form'));
    await page.ready((r) => !!r.querySelector('#f-message'));
    await until(() => usercareResources(page).includes('/dist/uc-feedback-form.js'), 'the element chunk');
    expect(
      usercareResources(page).some((p) => p.includes('local-backend')),
      'a page with an endpoint never loads LocalBackend',
    ).to.equal(false);
    page.close();
  });

  it('discards a restored draft and brings it back with undo', async () => {
    const page = await HostPage.open();
    await page.ready();
    page.type('message', 'words worth keeping');
    await page.waitForText('Draft saved on this device');
    await page.reload();
    await page.waitForText('We restored the draft');
    [...page.root.querySelectorAll('button')].find((b) => b.textContent === 'Discard draft')!.click();
    await page.waitForText('Draft discarded.');
    expect(page.control<HTMLTextAreaElement>('#f-message').value).to.equal('');
    [...page.root.querySelectorAll('button')].find((b) => b.textContent === 'Undo')!.click();
    await until(
      () => page.control<HTMLTextAreaElement>('#f-message').value === 'words worth keeping',
      'the draft to come back',
    );
    await page.waitForText('Draft saved on this device');
    await page.reload();
    await page.ready((r) => r.querySelector<HTMLTextAreaElement>('#f-message')?.value === 'words worth keeping');
    page.close();
  });
});
