/**
 * The device's storage: what exists before the user acts, what older versions
 * left behind, and records that are not what they should be.
 */
import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import { randomId } from '../../src/client/ids';
import { IdbStore } from '../../src/storage/idb-store';
import { HostPage, freshDevice, until } from './support/host-page';

/** Whether the device's database holds a draft with this text (read without keeping a connection open). */
async function draftStored(text: string): Promise<boolean> {
  if (!(await indexedDB.databases()).some((d) => d.name === 'usercare')) return false;
  const db = await openDB('usercare');
  try {
    return (
      db.objectStoreNames.contains('drafts') &&
      (await db.getAll('drafts')).some((draft) => JSON.stringify(draft).includes(text))
    );
  } finally {
    db.close();
  }
}

describe('device storage', () => {
  beforeEach(freshDevice);

  it('stores nothing on a page load without a user action', async () => {
    const page = await HostPage.open();
    await page.ready();
    await new Promise((r) => setTimeout(r, 500));
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.to.include('usercare');
    expect(localStorage.length).to.equal(0);
    page.type('message', 'now the user acts');
    await page.waitForText('Draft saved on this device');
    expect((await indexedDB.databases()).map((d) => d.name)).to.include('usercare');
    page.close();
  });

  it('steps aside when another tab deletes the database, and stores again on the next edit', async () => {
    const page = await HostPage.open();
    await page.ready();
    let saved = page.nextEvent('uc-draft-saved');
    page.type('message', 'before the deletion');
    await saved;
    await freshDevice(); // would wait forever if the page kept its connection open
    saved = page.nextEvent('uc-draft-saved');
    page.type('message', 'after the deletion');
    await saved;
    expect(page.text()).not.to.contain('drafts will not survive a reload');
    await page.reload();
    await page.ready((r) => r.querySelector<HTMLTextAreaElement>('#f-message')?.value === 'after the deletion');
    page.close();
  });

  it('saves the last keystrokes when the page is left before the typing pause ends', async () => {
    const page = await HostPage.open();
    await page.ready();
    const saved = page.nextEvent('uc-draft-saved');
    page.type('message', 'typed a while ago');
    await saved;
    page.type('message', 'typed just before leaving');
    await page.reload(); // well inside the 400 ms pause
    await page.ready((r) => r.querySelector<HTMLTextAreaElement>('#f-message')?.value === 'typed just before leaving');
    page.close();
  });

  it('saves the first keystrokes of a visit when the page is left before the typing pause ends', async () => {
    const page = await HostPage.open();
    await page.ready();
    page.type('message', 'first and only words');
    await page.reload();
    await page.ready((r) => r.querySelector<HTMLTextAreaElement>('#f-message')?.value === 'first and only words');
    page.close();
  });

  it('keeps what was typed in the last pause when the host moves the form elsewhere in the page', async () => {
    const page = await HostPage.open();
    await page.ready();
    page.type('message', 'typed just before the move');
    const aside = page.iframe.contentDocument!.createElement('aside');
    page.iframe.contentDocument!.body.append(aside);
    const form = page.element as HTMLElement & { updateComplete: Promise<boolean> };
    aside.append(form); // disconnected and connected again at once
    await form.updateComplete; // it starts again from storage
    await page.ready((r) => r.querySelector<HTMLTextAreaElement>('#f-message')?.value === 'typed just before the move');
    page.close();
  });

  it('keeps what was typed in the last pause when the host removes the form (a route change), for the next visit', async () => {
    const page = await HostPage.open();
    await page.ready();
    page.type('message', 'typed before the route changed');
    page.element.remove();
    await until(() => draftStored('typed before the route changed'), 'the draft on the device');
    await page.reload();
    await page.ready(
      (r) => r.querySelector<HTMLTextAreaElement>('#f-message')?.value === 'typed before the route changed',
    );
    page.close();
  });

  it('keeps what was typed in the last pause when usercare.configure() gives the page a new runtime', async () => {
    const page = await HostPage.open();
    await page.ready();
    page.type('message', 'typed just before the new config');
    page.window.usercare!.configure({ messages: { en: { 'form.submit': 'Send it' } } });
    // The form with the new config's words has restarted from storage.
    await page.ready(
      (r) => r.querySelector('[part~="submit"]')?.textContent?.trim() === 'Send it' && !!r.querySelector('#f-message'),
    );
    expect(page.control<HTMLTextAreaElement>('#f-message').value).to.equal('typed just before the new config');
    page.close();
  });

  it('opens a database the first released version made and reads its draft', async () => {
    const name = `usercare-v1-${randomId()}`;
    // Exactly what version 1 created, written with the raw API rather than the current code.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        for (const store of ['drafts', 'outbox', 'submissions', 'identity', 'cache']) db.createObjectStore(store);
      },
    });
    const draft = {
      key: 'test/default',
      site: 'test',
      form: 'default',
      kind: 'complaint',
      category: 'publishing',
      fields: { message: '旧版本的草稿' },
      files: [],
      remember: false,
      updatedAt: 1,
      tab: 'old',
    };
    await v1.put('drafts', draft, draft.key);
    v1.close();
    const store = new IdbStore(name);
    expect((await store.getDraft('test/default'))?.fields.message).to.equal('旧版本的草稿');
  });

  it('ignores a stored draft that is not a draft, and starts a fresh form', async () => {
    const db = await openDB('usercare', 1, {
      upgrade(d) {
        for (const store of ['drafts', 'outbox', 'submissions', 'identity', 'cache']) d.createObjectStore(store);
      },
    });
    await db.put('drafts', { key: 'test/default', fields: 'not an object' }, 'test/default');
    db.close();
    const page = await HostPage.open();
    await page.ready((r) => !!r.querySelector('#f-message'));
    expect(page.control<HTMLTextAreaElement>('#f-message').value).to.equal('');
    expect(page.text()).not.to.contain('We restored the draft');
    page.close();
  });
});
