/**
 * Items another version of usercare left in the outbox: the database is the
 * origin's, so an older or newer release on another page of the site shares
 * it. An item is never lost because this version cannot send it.
 */
import { expect } from '@open-wc/testing';
import { openDB } from 'idb';
import { randomId } from '../../src/client/ids';
import { openUsercareDB } from '../../src/storage/idb-store';
import { harness, marker, submissions } from './support/harness';
import { hostPages, until } from './support/host-page';

/** What the device's outbox holds under `id`, read raw (no schema), without keeping a connection open. */
async function storedItem(id: string): Promise<Record<string, unknown> | undefined> {
  const db = await openDB('usercare');
  try {
    return (await db.get('outbox', id)) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}

/** Puts items in the device's outbox as another version would: straight into IndexedDB. */
async function storeItems(...items: Array<Record<string, unknown>>): Promise<void> {
  const db = await openUsercareDB();
  try {
    for (const item of items) await db.put('outbox', item, item.id as string);
  } finally {
    db.close();
  }
}

/** A submission from the form on this device, queued and not yet sent. */
async function queuedSubmission(text: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    id: randomId(),
    op: 'feedback.submit',
    site: 'test',
    endpoint: (await harness()).api,
    actor: { type: 'device', id: randomId() },
    state: 'pending',
    attempts: 0,
    nextAttemptAt: 0,
    createdAt: Date.now(),
    draft: {
      key: 'test/default',
      site: 'test',
      form: 'default',
      kind: 'suggestion',
      category: 'publishing',
      fields: { message: text },
      files: [],
      remember: false,
      updatedAt: Date.now(),
      tab: 'another-version',
    },
    locale: 'en',
    clientSubmittedAt: new Date().toISOString(),
    ...extra,
  };
}

describe('outbox items of other versions', () => {
  const { open } = hostPages();

  it('holds an item whose op only a newer version knows, with every field kept, says so once, and still delivers the rest', async () => {
    const newer = {
      id: randomId(),
      op: 'staff.reply',
      site: 'test',
      endpoint: (await harness()).api,
      // Fields this version does not know, at the top and inside one it does: none may be lost.
      actor: { type: 'device', id: randomId(), label: 'kiosk 3' },
      state: 'pending',
      attempts: 2,
      nextAttemptAt: 0,
      createdAt: Date.now() - 60_000,
      ticket: { id: 'T-1', thread: [1, 2, 3] },
      text: 'a reply only a newer version can send',
    };
    const m = marker('beside-unknown-op');
    const known = await queuedSubmission(`Message ${m}: queued beside an item of a newer version`);
    await storeItems(newer, known);

    const page = await open({ fixtures: ['count-warn'] });
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
    await until(async () => (await storedItem(newer.id))?.state === 'held', 'the item to be held');
    const { lastError, ...rest } = (await storedItem(newer.id))!;
    expect(rest).to.deep.equal({ ...newer, state: 'held' });
    expect(lastError).to.deep.include({ code: 'unknown_op' });
    expect((lastError as { message: string }).message).to.contain('staff.reply');
    const warned = () =>
      (page.window as unknown as { __warnings: string[] }).__warnings.filter((w) => w.includes('staff.reply'));
    expect(warned()).to.have.length(1);

    // The next page finds it held: it says nothing more, and changes nothing.
    await page.reload();
    await page.ready();
    await new Promise((r) => setTimeout(r, 1000));
    expect(warned()).to.deep.equal([]);
    const again = (await storedItem(newer.id))!;
    expect(again).to.deep.equal({ ...newer, state: 'held', lastError });
  });

  it('delivers an item an earlier version held because it did not know the op, once this one does', async () => {
    const m = marker('held-unknown-op');
    const held = await queuedSubmission(`Message ${m}: held by a version that could not send it`, {
      state: 'held',
      lastError: {
        code: 'unknown_op',
        message: 'unknown op "feedback.submit": kept for a usercare version that can send it',
      },
    });
    await storeItems(held);
    const page = await open();
    await page.waitForText('Tracking number');
    expect(await submissions(m)).to.have.length(1);
    expect(await storedItem(held.id as string)).to.equal(undefined);
  });
});
