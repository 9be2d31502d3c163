/**
 * The staff console beside the shop on one origin, what each role is
 * offered, and its accessibility: the console's runtime is apart from the
 * shop's (its own database, channel and locks), what it offers a person is
 * what the server says they may do, and axe finds nothing in its views.
 */
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { harness, hostToken, marker, staffToken } from './support/harness';
import { HostPage, until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

async function complain(text: string): Promise<{ id: string; trackingNumber: string; token: string }> {
  const { api } = await harness();
  const token = await hostToken(`user-${crypto.randomUUID()}`);
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
      fields: { message: text, email: 'shopper@example.com' },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return { ...(await response.json()), token };
}

/** Every value in every store of an IndexedDB database of this origin, as JSON text (empty when it does not exist). */
async function databaseText(name: string): Promise<string> {
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return '';
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const texts: string[] = [];
  for (const store of db.objectStoreNames) {
    const values = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    texts.push(JSON.stringify(values));
  }
  db.close();
  return texts.join('\n');
}

describe('<uc-staff-console> beside the shop, by role, for everyone', () => {
  let opened: Array<{ close(): void }> = [];
  beforeEach(() => freshStaffDevice());
  afterEach(() => {
    for (const page of opened) page.close();
    opened = [];
  });

  it('a shop tab and a console tab on one origin: the shop holding its outbox lock does not hold up a staff reply, and nothing of the console reaches the shop', async () => {
    const receipt = await complain(marker('apart'));
    const shop = await HostPage.open();
    opened.push(shop);
    await shop.ready();
    const { api } = await harness();
    // The shop's tab hears its own channel, and holds its outbox's lock for good (a send that never ends).
    const heard: string[] = [];
    const channel = new shop.window.BroadcastChannel('usercare');
    channel.onmessage = (event: MessageEvent) => heard.push(JSON.stringify(event.data));
    void shop.window.navigator.locks.request(`usercare-outbox ${api}`, () => new Promise(() => {}));

    const console = await StaffPage.open({ route: `#/complaints/${receipt.id}` });
    opened.push(console);
    await console.signIn(`agent-${crypto.randomUUID()}`, 'Agent Lee', ['agent']);
    await console.waitForText(`Complaint ${receipt.trackingNumber}`);
    const reply = `Staff only text ${marker('reply')}`;
    console.type('#reply', reply);
    await console.click('Send reply');
    await until(async () => {
      const detail = await (
        await fetch(`${api}/v1/complaints/${receipt.id}`, { headers: { Authorization: `Bearer ${receipt.token}` } })
      ).json();
      return detail.timeline.some((e: { text: string | null }) => e.text === reply);
    }, 'the staff reply to be delivered although the shop holds its lock');

    channel.close();
    expect(heard.filter((m) => m.includes(receipt.id) || m.includes(reply))).to.deep.equal([]);
    const shopData = await databaseText('usercare');
    expect(shopData).not.to.contain(receipt.id);
    expect(shopData).not.to.contain(reply);
  });

  for (const role of ['agent', 'arbitrator', 'supervisor', 'admin'] as const) {
    it(`offers a${role === 'agent' || role === 'arbitrator' || role === 'admin' ? 'n' : ''} ${role} exactly what the server says they may do`, async () => {
      const receipt = await complain(marker(role));
      const { api } = await harness();
      const sub = `${role}-${crypto.randomUUID()}`;
      const me = await (
        await fetch(`${api}/v1/staff/me?site=test`, {
          headers: { Authorization: `Bearer ${await staffToken(sub, `The ${role}`, [role])}` },
        })
      ).json();
      const page = await StaffPage.open({ route: `#/complaints/${receipt.id}` });
      opened.push(page);
      await page.signIn(sub, `The ${role}`, [role]);
      await page.waitForText(`Complaint ${receipt.trackingNumber}`);
      const offered = {
        work: Boolean(page.find('#reply')),
        note: Boolean(page.find('#note')),
        assign: Boolean(page.find('button[data-shortcut="a"]')),
        categorise: Boolean(page.find('#category')),
        reveal: Boolean(page.find('#reveal-reason')),
        audit: page.text().includes('Audit log'),
      };
      const granted = Object.fromEntries(
        Object.keys(offered).map((permission) => [permission, (me.permissions as string[]).includes(permission)]),
      );
      expect(offered).to.deep.equal(granted);
    });
  }

  for (const colorScheme of ['light', 'dark'] as const)
    it(`every view of the console passes axe, ${colorScheme} scheme (the queue, a complaint, the audit log, canned replies)`, async () => {
      await emulateMedia({ colorScheme });
      try {
        const receipt = await complain(marker('axe'));
        const page = await StaffPage.open({ axe: true, route: `#/complaints/${receipt.id}` });
        opened.push(page);
        await page.signIn(`admin-${crypto.randomUUID()}`, 'The admin', ['admin']);
        await page.waitForText(`Complaint ${receipt.trackingNumber}`);
        expect(await page.axe(), 'the complaint').to.deep.equal([]);
        await page.go('#/audit');
        await page.waitForText('Export CSV');
        expect(await page.axe(), 'the audit log').to.deep.equal([]);
        await page.go('#/canned');
        await page.waitForText('Canned replies');
        expect(await page.axe(), 'canned replies').to.deep.equal([]);
        await page.go('#/queue');
        await page.waitForText('Due soon');
        expect(await page.axe(), 'the queue').to.deep.equal([]);
      } finally {
        await emulateMedia({ colorScheme: 'light' });
      }
    });
});
