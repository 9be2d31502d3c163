/**
 * The snippet the studio shows (GET /v1/staff/config/snippet) on a page of
 * its own, in real Chromium: the pinned build loads the form, a chunk whose
 * bytes changed on the way is refused by the browser (the import map's
 * integrity), so the element never defines, and the pinned tracker still
 * shows a complaint on a channel a newer server added.
 */
import { expect } from '@open-wc/testing';
import {
  clearFaults,
  harness,
  hostToken,
  marker,
  requestCounts,
  setChannel,
  setFaults,
  staffToken,
} from './support/harness';
import { freshDevice, until } from './support/host-page';

interface Snippet {
  buildId: string;
  tags: { loader: string[]; feedbackForm: string[]; complaintTracker: string[] };
}

async function snippet(): Promise<Snippet> {
  const { api, direct } = await harness();
  const token = await staffToken('snippet-admin', 'Snippet Admin', ['admin']);
  const answer = await fetch(`${api}/v1/staff/config/snippet?site=test`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(answer.status).to.equal(200);
  // The server names itself as it is reached (the harness's proxy forwards with the server's own Host): the page
  // loads through the proxy, which can then change a file on the way. Same bytes, same integrity values.
  const text = (await answer.text()).split(direct).join(api);
  return JSON.parse(text) as Snippet;
}

/** A page made of nothing but the snippet's lines, as a site owner pastes them: the form's, or the tracker's. */
function pageOf(s: Snippet, element: 'feedbackForm' | 'complaintTracker' = 'feedbackForm'): HTMLIFrameElement {
  const iframe = document.createElement('iframe');
  iframe.style.width = '800px';
  iframe.style.height = '900px';
  iframe.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pinned</title>
${s.tags.loader.join('\n')}
</head><body><main>${s.tags[element].join('\n')}</main></body></html>`;
  document.body.append(iframe);
  return iframe;
}

describe('the snippet on a page', () => {
  beforeEach(freshDevice);
  afterEach(clearFaults);

  // First: a chunk the browser has not cached yet, so the tampered bytes are what it checks.
  it('refuses a chunk changed on the way: the element never defines', async () => {
    const s = await snippet();
    const ui = `/dist/v/${s.buildId}/chunks/ui-${s.buildId}.js`;
    await setFaults([{ path: ui, action: 'tamper' }]);
    const iframe = pageOf(s);
    try {
      await until(async () => ((await requestCounts())[`GET ${ui}`] ?? 0) > 0, 'the ui chunk asked for');
      await new Promise((r) => setTimeout(r, 2500));
      expect(iframe.contentWindow!.customElements.get('uc-feedback-form'), 'defined from a tampered chunk').to.equal(
        undefined,
      );
    } finally {
      iframe.remove();
    }
  });

  it('loads the pinned build and the form shows', async () => {
    const s = await snippet();
    const iframe = pageOf(s);
    try {
      await until(
        () => !!iframe.contentDocument?.querySelector('uc-feedback-form')?.shadowRoot?.querySelector('#f-message'),
        'the form from the pinned build',
      );
      const loaded = iframe
        .contentWindow!.performance.getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.startsWith('/dist/'));
      expect(
        loaded.every((p) => p.startsWith(`/dist/v/${s.buildId}/`)),
        loaded.join(' '),
      ).to.equal(true);
    } finally {
      iframe.remove();
    }
  });

  // A truly older build cannot be made here (a build is what the sources are now), so the build pinned is
  // this one, by its versioned path, as a page pasted from the studio keeps it; what is under test is what a
  // pinned build meets once the server moves on: a channel it has no word for, in the answers it reads.
  it('a pinned tracker still shows a complaint on a channel a newer server added', async () => {
    const s = await snippet();
    const { api } = await harness();
    const token = await hostToken(marker('pinned'));
    const text = `On a channel this build never heard of ${marker('channel')}`;
    const sent = await fetch(`${api}/v1/feedback`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': `k-${crypto.randomUUID()}`,
      },
      body: JSON.stringify({
        site: 'test',
        form: 'default',
        kind: 'complaint',
        category: 'publishing',
        locale: 'en',
        fields: { message: text },
        attachments: [],
        clientSubmittedAt: new Date().toISOString(),
      }),
    });
    expect(sent.status, await sent.clone().text()).to.equal(201);
    const receipt = (await sent.json()) as { id: string; trackingNumber: string };
    await setChannel(receipt.id, 'wechat_mini_program');
    const answer = (await (
      await fetch(`${api}/v1/complaints?site=test`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as { items: Array<{ id: string; channel: string }> };
    expect(answer.items.find((c) => c.id === receipt.id)?.channel, 'the server answers the new channel').to.equal(
      'wechat_mini_program',
    );

    const iframe = pageOf(s, 'complaintTracker');
    try {
      const tracker = () => iframe.contentDocument?.querySelector('uc-complaint-tracker')?.shadowRoot;
      const usercare = () =>
        (iframe.contentWindow as { usercare?: { identify(o: { token: string }): void } } | null)?.usercare;
      await until(() => !!usercare() && !!tracker(), 'the pinned tracker');
      usercare()!.identify({ token });
      const shown = () => tracker()?.textContent?.replace(/\s+/g, ' ') ?? '';
      await until(() => shown().includes(receipt.trackingNumber), 'the complaint in the list').catch((error: Error) => {
        throw new Error(`${error.message}; the tracker shows "${shown()}"`);
      });
      expect(shown(), 'no failure said').to.not.match(/could not be loaded|cannot be reached/);
      const loaded = iframe
        .contentWindow!.performance.getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.startsWith('/dist/'));
      expect(
        loaded.every((p) => p.startsWith(`/dist/v/${s.buildId}/`)),
        loaded.join(' '),
      ).to.equal(true);
    } finally {
      iframe.remove();
    }
  });
});
