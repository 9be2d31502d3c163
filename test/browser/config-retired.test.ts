/**
 * A category and a field the site retires, on host pages against the real
 * server: the form no longer offers them, and the tracker still names the
 * category of a complaint sent before.
 */
import { expect } from '@open-wc/testing';
import { harness, hostToken, publishForm } from './support/harness';
import { HostPage, hostPages } from './support/host-page';

/** A form of the test site's own, so the other tests' forms stay as they are. */
const form = (retired: boolean) => ({
  kinds: ['complaint'],
  categories: [
    { id: 'old-topic', label: { en: 'Old topic', 'zh-CN': '旧主题' }, ...(retired ? { retired: true } : {}) },
    { id: 'new-topic', label: { en: 'New topic', 'zh-CN': '新主题' } },
  ],
  fields: [
    { name: 'message', type: 'textarea', label: 'Message', required: true },
    { name: 'order', type: 'text', label: 'Order number', required: true, ...(retired ? { retired: true } : {}) },
  ],
});

describe('a retired category and field', () => {
  const { track } = hostPages();

  it('are not offered by the form any more, and the tracker still names the category of a complaint sent in it', async () => {
    await publishForm('retiring', form(false));
    const token = await hostToken(`retired-${crypto.randomUUID()}`);
    const { api } = await harness();
    const sent = await fetch(`${api}/v1/feedback`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': `k-${crypto.randomUUID()}`,
      },
      body: JSON.stringify({
        site: 'test',
        form: 'retiring',
        kind: 'complaint',
        category: 'old-topic',
        locale: 'en',
        fields: { message: 'Sent before the topic was retired', order: 'A-1' },
        attachments: [],
        clientSubmittedAt: new Date().toISOString(),
      }),
    });
    expect(sent.status, await sent.clone().text()).to.equal(201);
    const { trackingNumber } = (await sent.json()) as { trackingNumber: string };

    await publishForm('retiring', form(true));
    const page = track(await HostPage.open({ form: 'retiring' }));
    await page.ready((r) => !!r.querySelector('#f-message'));
    const options = [...page.control<HTMLSelectElement>('#f-category').options].map((o) => o.value);
    expect(options).to.deep.equal(['', 'new-topic']);
    expect(page.root.querySelector('#f-order'), 'the retired field').to.equal(null);

    const tracker = track(await HostPage.open({ element: 'uc-complaint-tracker' }));
    tracker.window.usercare!.identify({ token });
    await tracker.waitForText(trackingNumber);
    expect(tracker.text()).to.contain('Old topic');
  });
});
