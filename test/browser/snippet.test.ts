/**
 * The snippet the studio shows (GET /v1/staff/config/snippet) on a page of
 * its own, in real Chromium: the pinned build loads the form, and a chunk
 * whose bytes changed on the way is refused by the browser (the import map's
 * integrity), so the element never defines.
 */
import { expect } from '@open-wc/testing';
import { clearFaults, harness, requestCounts, setFaults, staffToken } from './support/harness';
import { freshDevice, until } from './support/host-page';

interface Snippet {
  buildId: string;
  tags: { loader: string[]; feedbackForm: string[] };
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

/** A page made of nothing but the snippet's lines, as a site owner pastes them. */
function pageOf(s: Snippet): HTMLIFrameElement {
  const iframe = document.createElement('iframe');
  iframe.style.width = '800px';
  iframe.style.height = '900px';
  iframe.srcdoc = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pinned</title>
${s.tags.loader.join('\n')}
</head><body><main>${s.tags.feedbackForm.join('\n')}</main></body></html>`;
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
});
