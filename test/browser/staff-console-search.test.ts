/**
 * Search through the real console, in real Chromium against the real
 * server: `/` puts focus in the header's search box, a Chinese word typed
 * there lists the complaints that hold it with the word marked, a result
 * opens its complaint, and a text that looks like markup stays text in the
 * results (no element made of it, no script run). Axe-clean in English and
 * Chinese.
 */
import { expect } from '@open-wc/testing';
import { harness, hostToken, staffToken } from './support/harness';
import { until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

interface Receipt {
  id: string;
  trackingNumber: string;
}

/** A complaint sent the way the form sends it by a signed-in user. */
async function complain(text: string): Promise<Receipt> {
  const { api } = await harness();
  const response = await fetch(`${api}/v1/feedback`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
      Authorization: `Bearer ${await hostToken(`searcher-${crypto.randomUUID()}`)}`,
    },
    body: JSON.stringify({
      site: 'test',
      form: 'default',
      kind: 'complaint',
      category: 'transactions',
      locale: 'zh-CN',
      fields: { message: text, email: 'buyer@example.com' },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return (await response.json()) as Receipt;
}

/** Two rare Chinese characters no other test writes, so the search finds this test's complaints alone. */
function rareWord(): string {
  const pick = () => String.fromCodePoint(0x9f00 + Math.floor(Math.random() * 0xa0));
  return pick() + pick();
}

function press(page: StaffPage, key: string): void {
  const target = page.iframe.contentDocument!.activeElement ?? page.iframe.contentDocument!.body;
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

const searchBox = (page: StaffPage) => page.find<HTMLInputElement>('#search-box')!;

describe('<uc-staff-console>: search', () => {
  let pages: StaffPage[] = [];
  const open = async (options?: Parameters<typeof StaffPage.open>[0]) => {
    const page = await StaffPage.open(options);
    pages.push(page);
    return page;
  };
  beforeEach(() => freshStaffDevice());
  afterEach(() => {
    for (const page of pages) page.close();
    pages = [];
  });

  it('a Chinese word typed after "/" lists the complaints that hold it, marked; one opens; markup stays text', async () => {
    const word = rareWord();
    const plain = await complain(`我申请退款被拒，${word}的事情一直没有人处理。`);
    const hostile = await complain(
      `<img src=x onerror="parent.__searchXss=1">${word}<script>parent.__searchXss=1</script>`,
    );
    const page = await open({ route: '#/queue' });
    await page.signIn(`agent-${crypto.randomUUID()}`, 'Agent Search', ['agent']);

    press(page, '/');
    const consoleRoot = page.find('uc-staff-console')!.shadowRoot!;
    await until(() => consoleRoot.activeElement === searchBox(page), 'focus in the search box');
    page.type('#search-box', word);
    searchBox(page).form!.requestSubmit();

    await until(() => page.window.location.hash.startsWith('#/search?'), 'the search route');
    expect(new URLSearchParams(page.window.location.hash.split('?')[1]).get('q')).to.equal(word);
    await page.waitForText('2 found');
    const results = page.findAll<HTMLLIElement>('li[part~="result"]');
    expect(results.length).to.equal(2);
    for (const result of results) {
      const marks = [...result.querySelectorAll('mark')].map((m) => m.textContent);
      expect(marks).to.deep.equal([word]);
    }
    // The hostile text is shown as the user wrote it, and nothing in it became an element or ran.
    const hostileRow = results.find((r) => r.textContent!.includes(hostile.trackingNumber))!;
    const snippet = hostileRow.querySelector('[part~="snippet"]')!.textContent!;
    expect(snippet).to.contain(`="parent.__searchXss=1">${word}<script>parent.__searchXss=1</script>`);
    expect(hostileRow.querySelector('img, script')).to.equal(null);
    expect((window as unknown as { __searchXss?: number }).__searchXss).to.equal(undefined);

    const link = page
      .findAll<HTMLAnchorElement>('li[part~="result"] a')
      .find((a) => a.textContent!.trim() === plain.trackingNumber)!;
    expect(link.getAttribute('href')).to.equal(`#/complaints/${plain.id}`);
    link.click();
    await until(() => page.window.location.hash === `#/complaints/${plain.id}`, 'the complaint route');
    await page.waitForText('的事情一直没有人处理');
    await until(() => Boolean(page.find('uc-staff-complaint')), 'the complaint view');
  });

  it('the search box and results pass axe, in English and Chinese', async () => {
    const word = rareWord();
    await complain(`快递${word}丢了，要求赔偿。`);
    for (const lang of ['en', 'zh-CN'] as const) {
      const page = await open({ axe: true, lang, route: '#/queue' });
      const sub = `agent-${crypto.randomUUID()}`;
      if (lang === 'en') await page.signIn(sub, 'Agent Axe', ['agent']);
      else {
        await page.window.usercare.identifyStaff({ token: await staffToken(sub, 'Agent Axe', ['agent']) });
        await page.waitForText('当前登录：Agent Axe');
      }
      page.type('#search-box', word);
      searchBox(page).form!.requestSubmit();
      await page.waitForText(lang === 'en' ? '1 found' : '找到 1 条');
      expect(await page.axe(), `${lang}: the results`).to.deep.equal([]);
      page.close();
    }
  });
});
