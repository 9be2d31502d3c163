/**
 * <uc-studio>'s Consent section against the real server, and the consent
 * banner on a host page that shows what was published: an admin adds a
 * service with a cookie to a category and a separate consent, and writes
 * the banner's title in both languages in Texts; once published, the
 * banner's dialog offers the service and the separate consent, its title is
 * the site's, and refusing clears the declared cookie. Raising the separate
 * consent's version then says how many people who chose under version 1
 * will be asked again. Before any of that is published, the studio's preview
 * shows the banner as the draft makes it, in both languages, and refusing in
 * it sends nothing, stores nothing and clears no cookie of the admin's page.
 * A link that is not one shows its problem beside the document and
 * publishing is refused. axe finds nothing in the section nor in the
 * preview's banner.
 *
 * What this file published is rolled back at the end: the other files
 * share the `test` site's consent settings.
 */
import { expect } from '@open-wc/testing';
import { consentRecords, harness, marker, requestCounts, resetRequestCounts, staffToken } from './support/harness';
import { freshDevice, until } from './support/host-page';
import type { StaffPage } from './support/staff-page';
import { choose, closeStudios, enter, openStudio, publish } from './support/studio-page';

const opened: Array<{ close(): void }> = [];
afterEach(async () => {
  closeStudios();
  opened.splice(0).forEach((page) => page.close());
  // The banner's page left a decision on this device: the next file's first visit must be a first visit.
  await freshDevice();
});

/** The version served when this file started: what it rolls back to. */
let startVersion: number | undefined;

async function staffApi(path: string, init: RequestInit = {}): Promise<Response> {
  const { api } = await harness();
  const token = await staffToken('admin-consent-api', 'API caller', ['admin']);
  return fetch(`${api}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
  });
}

async function servedVersion(): Promise<number> {
  const list = (await (await staffApi('/v1/staff/config/versions?site=test')).json()) as {
    items: Array<{ version: number; current?: boolean }>;
  };
  return list.items.find((v) => v.current)!.version;
}

before(async () => {
  startVersion = await servedVersion();
});

after(async () => {
  if (startVersion === undefined || (await servedVersion()) === startVersion) return;
  const rolled = await staffApi('/v1/staff/config/rollback?site=test', {
    method: 'POST',
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ version: startVersion, note: 'Back to the consent settings the other tests expect' }),
  });
  if (!rolled.ok) throw new Error(`the rollback answered ${rolled.status}: ${await rolled.text()}`);
});

async function studio(sub: string, options: { axe?: boolean } = {}): Promise<StaffPage> {
  const page = await openStudio(sub, options);
  await until(() => page.find('[data-consent-category="analytics"]') !== undefined, 'the consent section');
  return page;
}

/** Fills an add form's inputs by id and submits it as its button would. */
function fill(page: StaffPage, values: Record<string, string>): void {
  for (const [selector, value] of Object.entries(values)) page.type(selector, value);
  page.find(Object.keys(values)[0]!)!.closest('form')!.requestSubmit();
}

/** A host page with the consent banner on a new device. */
async function consentPage(): Promise<{ iframe: HTMLIFrameElement; root: () => ShadowRoot | undefined }> {
  await freshDevice();
  const iframe = document.createElement('iframe');
  iframe.style.width = '900px';
  iframe.style.height = '700px';
  document.body.append(iframe);
  opened.push({ close: () => iframe.remove() });
  await new Promise<void>((resolve) => {
    iframe.addEventListener('load', () => resolve(), { once: true });
    iframe.src = '/__consent.html?lang=en';
  });
  const root = () => iframe.contentDocument?.querySelector('uc-consent-banner')?.shadowRoot ?? undefined;
  return { iframe, root };
}

function button(root: ParentNode | undefined, name: RegExp): HTMLButtonElement | undefined {
  return [...(root?.querySelectorAll('button') ?? [])].find((b) => name.test(b.textContent ?? ''));
}

/** The preview's banner's shadow root, once it shows. */
const previewBanner = (page: StaffPage) => page.find('uc-studio-consent-banner')?.shadowRoot ?? undefined;

/** What this device keeps about consent: none of it may change from a preview. */
function consentStorage(page: StaffPage): Record<string, string | null> {
  const storage = page.window.localStorage;
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)!).filter((k) => k.includes('consent'));
  return Object.fromEntries(keys.map((k) => [k, storage.getItem(k)]));
}

describe('<uc-studio> Consent section', () => {
  it('a service with a cookie and a separate consent reach the banner; raising a version says who is asked again', async function () {
    this.timeout(120_000);
    const page = await studio('admin-consent');
    const service = marker('chat')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-');
    const separate = marker('abroad')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-');
    page
      .findAll<HTMLElement>('summary')
      .find((s) => s.textContent?.includes('Add a service to analytics'))!
      .click();
    fill(page, {
      '#consent-c0-new-service-id': service,
      '#consent-c0-new-service-name-en': 'Live chat',
      '#consent-c0-new-service-name-zh-CN': '在线客服',
      '#consent-c0-new-service-purpose-en': 'Answers your questions while you shop',
      '#consent-c0-new-service-purpose-zh-CN': '在您购物时解答问题',
      '#consent-c0-new-service-cookies': 'uc_chat_*',
    });
    await until(() => page.find(`[data-consent-service="${service}"]`) !== undefined, 'the service added');
    expect(page.find(`[data-consent-service="${service}"] [data-cookie="uc_chat_*"]`), 'its cookie').to.not.equal(
      undefined,
    );
    fill(page, {
      '#consent-new-separate-id': separate,
      '#consent-new-separate-recipient-en': 'Our support centre in Singapore',
      '#consent-new-separate-recipient-zh-CN': '我们在新加坡的客服中心',
      '#consent-new-separate-purpose-en': 'Answers your chat messages',
      '#consent-new-separate-purpose-zh-CN': '回复您的在线咨询',
      '#consent-new-separate-kind': 'cross_border',
    });
    await until(() => page.find(`[data-consent-separate="${separate}"]`) !== undefined, 'the separate consent added');
    // Not published yet: everyone with a decision will be asked about it.
    await until(
      () => /New: the \d+ people/.test(page.find(`[data-reask="separate:${separate}"]`)?.textContent ?? ''),
      'who a new purpose is asked of',
    );

    page.type('#texts-search', 'consent.title');
    await until(() => page.find('#text-consent-consent-title-en') !== undefined, "the banner's title in Texts");
    enter(page, '#text-consent-consent-title-en', 'Cookies at the test shop');
    enter(page, '#text-consent-consent-title-zh-CN', '测试商店的 Cookie');
    await publish(page, 'Live chat, served from Singapore');

    const host = await consentPage();
    host.iframe.contentDocument!.cookie = 'uc_chat_session=1; path=/';
    await until(() => button(host.root(), /^Customise$/) !== undefined, 'the banner');
    expect(host.root()!.textContent, "the site's title").to.include('Cookies at the test shop');
    button(host.root(), /^Customise$/)!.click();
    await until(() => !!host.root()?.querySelector('dialog[open]'), 'the dialog');
    const dialog = host.root()!.querySelector('dialog')!;
    await until(() => dialog.textContent?.includes('Live chat') === true, 'the service in the dialog');
    expect(dialog.querySelector(`#uc-services-analytics-${service}`), 'its own switch').to.not.equal(null);
    expect(dialog.textContent).to.include('Transfer outside mainland China to: Our support centre in Singapore');
    expect(dialog.querySelector(`#uc-separate-${separate}`), 'its own switch').to.not.equal(null);
    button(dialog, /^Reject all$/)!.click();
    await until(
      () => !host.iframe.contentDocument!.cookie.includes('uc_chat_session'),
      'the declared cookie cleared on refusal',
    );
    // The proof of that decision reaches the server: it is what is counted.
    await until(
      async () => (await consentRecords()).some((r) => r.separate[separate]?.version === '1'),
      'the proof on the server',
    );

    page.button(`Raise the version of ${separate}`).click();
    await until(
      () =>
        page
          .find(`[data-reask="separate:${separate}"]`)
          ?.textContent?.includes(
            '1 person whose choice rests on version 1 will be asked again on their next visit (0 agreed to it)',
          ) === true,
      'who will be asked again',
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${page.find(`[data-reask="separate:${separate}"]`)?.textContent}`);
    });
    expect(page.find<HTMLInputElement>('#consent-p1-version')!.value).to.equal('2');
  });

  it("the preview shows the draft's banner at once in both languages; refusing in it stores, sends and clears nothing", async function () {
    this.timeout(90_000);
    const page = await studio('admin-consent-preview');
    const service = marker('map')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-');
    page
      .findAll<HTMLElement>('summary')
      .find((s) => s.textContent?.includes('Add a service to analytics'))!
      .click();
    fill(page, {
      '#consent-c0-new-service-id': service,
      '#consent-c0-new-service-name-en': 'Store map',
      '#consent-c0-new-service-name-zh-CN': '门店地图',
      '#consent-c0-new-service-purpose-en': 'Shows the shop nearest you',
      '#consent-c0-new-service-purpose-zh-CN': '显示离您最近的门店',
      '#consent-c0-new-service-cookies': 'uc_map_*',
    });
    await until(() => page.find(`[data-consent-service="${service}"]`) !== undefined, 'the service added');
    page.type('#texts-search', 'consent.title');
    await until(() => page.find('#text-consent-consent-title-en') !== undefined, "the banner's title in Texts");
    enter(page, '#text-consent-consent-title-en', 'Cookies at the preview shop');
    enter(page, '#text-consent-consent-title-zh-CN', '预览商店的 Cookie');

    // The admin's page has a cookie the new service declares, and whatever this device keeps about consent.
    page.window.document.cookie = 'uc_map_session=1; path=/';
    const stored = consentStorage(page);
    choose(page, 'preview-element', 'Consent banner');
    for (const [language, title, shownService, customise, reject] of [
      ['English', 'Cookies at the preview shop', 'Store map', 'Customise', 'Reject all'],
      ['中文', '预览商店的 Cookie', '门店地图', '自定义', '全部拒绝'],
    ] as const) {
      choose(page, 'preview-locale', language);
      await until(() => previewBanner(page)?.textContent?.includes(title) === true, `the draft's title in ${language}`);
      button(previewBanner(page), new RegExp(`^${customise}$`))!.click();
      await until(() => !!previewBanner(page)?.querySelector('dialog[open]'), `the dialog in ${language}`);
      const dialog = previewBanner(page)!.querySelector('dialog')!;
      expect(dialog.textContent, `the draft's service in ${language}`).to.include(shownService);
      await resetRequestCounts();
      button(dialog, new RegExp(`^${reject}$`))!.click();
      // The studio speaks English; the banner speaks the preview's language.
      await page.waitForText('You chose “Reject all” in the preview');
      // A proof would go out through the outbox a moment later: give it the time it would take.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const counts = await requestCounts();
      expect(
        Object.keys(counts).filter((route) => !route.includes('/v1/staff/')),
        'requests from the preview',
      ).to.deep.equal([]);
      expect(consentStorage(page), 'what this device keeps about consent').to.deep.equal(stored);
      expect(page.window.document.cookie, "the admin's page's cookie").to.include('uc_map_session=1');
    }
    page.window.document.cookie = 'uc_map_session=; max-age=0; path=/';
  });

  it('a link that is not one shows its problem beside the document, and publishing is refused', async () => {
    const page = await studio('admin-consent-bad');
    enter(page, '#consent-d0-url', 'javascript:alert(1)');
    await until(
      () =>
        page.find('[data-consent-document="privacy"] .problems')?.textContent?.includes('must be an http(s) URL') ===
        true,
      'the problem beside the document',
    );
    expect(page.find('#consent-d0-url')!.getAttribute('aria-describedby')).to.include('consent-d0-problems');
    await page.click('Review and publish');
    await page.waitForText('Fix the problems listed first');
    expect(page.button('Publish').disabled, 'the publish button').to.equal(true);
    const { api } = await harness();
    const served = (await (await fetch(`${api}/v1/sites/test/consent`)).json()) as {
      documents: Array<{ url: string }>;
    };
    expect(served.documents[0]!.url, 'the served link').to.equal('/privacy.html');
    enter(page, '#consent-d0-url', '/privacy.html');
    await page.waitForText('No problems');
    // The draft was saved with the bad link on the way to publishing: save it fixed, for whoever opens it next.
    await page.click('Save draft');
    await page.waitForText('Draft saved');
  });

  it("passes axe with every kind of item, a re-ask notice, a refusal and the preview's banner shown", async () => {
    const page = await studio('admin-consent-axe', { axe: true });
    page.button('Raise the version of marketing').click();
    await until(() => page.find('[data-reask="category:marketing"]') !== undefined, 'the re-ask notice');
    fill(page, { '#consent-c1-cookie': 'not a cookie' });
    await until(() => page.find('.cookies .refusal') !== undefined, 'the refusal');
    expect(await page.axe()).to.deep.equal([]);
    choose(page, 'preview-element', 'Consent banner');
    await until(() => button(previewBanner(page), /^Customise$/) !== undefined, "the preview's banner");
    expect(await page.axe(), "with the preview's banner").to.deep.equal([]);
  });
});
