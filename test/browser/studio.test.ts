/**
 * <uc-studio> against the real server: an admin adds a field and a
 * category, the live preview shows them at once, publishing makes the
 * site's public config serve them and rolling back from the history takes
 * them away again; an agent or a supervisor never gets the studio (it says
 * why, the console offers no link, the server answers 403); what is sent
 * from the preview reaches no server route; two admins saving the same
 * draft meet the conflict view with both sides, and both edits are kept;
 * a draft not yet saved survives a reload; axe finds nothing and a
 * category is added with the keyboard alone.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { harness, marker, requestCounts, resetRequestCounts, staffToken, submissions } from './support/harness';
import { until } from './support/host-page';
import { StaffPage } from './support/staff-page';

const opened: StaffPage[] = [];
afterEach(() => opened.splice(0).forEach((page) => page.close()));

async function studio(sub: string, roles: string[], options: { axe?: boolean } = {}): Promise<StaffPage> {
  const page = await StaffPage.open({ element: 'uc-studio', ...options });
  opened.push(page);
  await page.signIn(sub, `Person ${sub}`, roles);
  return page;
}

async function ready(page: StaffPage): Promise<void> {
  await page.waitForText('Allowed origins');
}

/** A staff API call as an admin (or `roles`) of the test site. */
async function staffApi(path: string, roles = ['admin']): Promise<Response> {
  const { api } = await harness();
  const token = await staffToken(`api-${roles.join('-')}`, 'API caller', roles);
  return fetch(`${api}${path}`, { headers: { Authorization: `Bearer ${token}` } });
}

interface Form {
  fields: Array<{ name: string; retired?: boolean }>;
  categories: Array<{ id: string; retired?: boolean }>;
}

/** The default form as the site serves it to every page now. */
async function servedForm(): Promise<Form> {
  const { api } = await harness();
  const config = (await (await fetch(`${api}/v1/sites/test/config`)).json()) as { forms?: { default?: Form } };
  return config.forms?.default ?? { fields: [], categories: [] };
}

/** What the preview's form shows, through its shadow root. */
function previewText(page: StaffPage): string {
  const form = page.find('uc-feedback-form');
  const read = (root: ParentNode): string =>
    [...root.querySelectorAll('*')].map((el) => (el.shadowRoot ? read(el.shadowRoot) : '')).join(' ') +
    (root.textContent ?? '');
  return form?.shadowRoot ? read(form.shadowRoot).replace(/\s+/g, ' ') : '';
}

function addField(page: StaffPage, name: string, label: string): void {
  page.type('form[aria-labelledby^="new-field-default"] input[name="name"]', name);
  page.type('form[aria-labelledby^="new-field-default"] input[name="labelEn"]', label);
  page.button('Add field').click();
}

function addCategory(page: StaffPage, id: string, label: string): void {
  page.type('form[aria-labelledby^="new-category-default"] input[name="id"]', id);
  page.type('form[aria-labelledby^="new-category-default"] input[name="labelEn"]', label);
  page.button('Add category').click();
}

describe('<uc-studio>', () => {
  it('an admin adds a field and a category, sees them in the preview, publishes them, and rolls back', async () => {
    const before = (await (await staffApi('/v1/staff/config/versions?site=test')).json()) as {
      items: Array<{ version: number; current: boolean }>;
    };
    const served = before.items.find((v) => v.current)!.version;
    const page = await studio('admin-publish', ['admin']);
    await ready(page);
    const field = marker('order');
    const category = marker('delivery');
    addField(page, field, `Order number ${field}`);
    addCategory(page, category, `Deliveries ${category}`);
    await until(
      () => previewText(page).includes(`Order number ${field}`) && previewText(page).includes(`Deliveries ${category}`),
      'the preview to show the new field and category',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the preview shows: ${previewText(page)}; the studio: ${page.text()}`);
    });

    await page.click('Review and publish');
    await page.waitForText('What changes from the published version');
    const diff = page.find('ul.diff')?.textContent ?? '';
    expect(diff, 'the diff names the new field').to.include(field);
    expect(diff, 'and the new category').to.include(category);
    page.type('#publish-note', 'Ask for the order number; deliveries as a category');
    await page.click('Publish');
    await page.waitForText(/Published as version \d+/);
    let form = await servedForm();
    expect(
      form.fields.some((f) => f.name === field && !f.retired),
      'the field is served',
    ).to.equal(true);
    expect(
      form.categories.some((c) => c.id === category && !c.retired),
      'the category is served',
    ).to.equal(true);

    page.type('#rollback-note', 'Back to how it was');
    await page.click(`Roll back to version ${served}`);
    await page.waitForText(`republishes version ${served}`);
    form = await servedForm();
    expect(
      form.fields.some((f) => f.name === field && !f.retired),
      'the field is offered no more',
    ).to.equal(false);
    expect(
      form.categories.some((c) => c.id === category && !c.retired),
      'the category neither',
    ).to.equal(false);
  });

  it('an agent and a supervisor never get the studio: it says why, the console has no link, the server refuses', async () => {
    for (const role of ['agent', 'supervisor']) {
      const page = await studio(`${role}-studio`, [role]);
      await page.waitForText('Only administrators configure the site');
      expect(page.find('#origin-new'), `no editor for the ${role}`).to.equal(undefined);
      const refused = await staffApi('/v1/staff/config/draft?site=test', [role]);
      expect(refused.status, role).to.equal(403);

      const console = await StaffPage.open();
      opened.push(console);
      await console.signIn(`${role}-console`, `Console ${role}`, [role]);
      expect(console.find('a[href*="uc-studio"]'), `no studio link for the ${role}`).to.equal(undefined);
    }
    const admin = await StaffPage.open();
    opened.push(admin);
    await admin.signIn('admin-console', 'Console admin', ['admin']);
    await until(() => admin.find('a[href*="uc-studio"]') !== undefined, 'the studio link for an admin');
  });

  it('what is sent from the preview reaches no server route', async () => {
    const page = await studio('admin-preview', ['admin']);
    await ready(page);
    await until(() => previewText(page).includes('Send'), 'the preview form');
    const form = page.find('uc-feedback-form')!.shadowRoot!;
    const text = marker('preview');
    await resetRequestCounts();
    const category = form.querySelector<HTMLSelectElement>('#f-category')!;
    category.value = category.options[1]!.value;
    category.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    const message = form.querySelector<HTMLTextAreaElement>('#f-message')!;
    message.value = `Message ${text}: sent from the studio's preview`;
    message.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    form.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
    await until(() => previewText(page).includes('Thank you, we have received it'), 'the preview to take it');
    const counts = await requestCounts();
    expect(Object.keys(counts).filter((route) => !route.includes('/v1/staff/'))).to.deep.equal([]);
    expect(await submissions(text)).to.deep.equal([]);
  });

  it('two admins save the same draft: the second sees both sides and keeps both edits', async () => {
    const first = await studio('admin-first', ['admin']);
    const second = await studio('admin-second', ['admin']);
    await ready(first);
    await ready(second);
    const field = marker('first');
    const category = marker('second');
    addField(first, field, `First ${field}`);
    await first.click('Save draft');
    await first.waitForText('Draft saved');

    addCategory(second, category, `Second ${category}`);
    await second.click('Save draft');
    await second.waitForText('Someone saved the draft first');
    expect(second.find('[data-side="theirs"]')?.textContent, 'theirs').to.include(field);
    expect(second.find('[data-side="mine"]')?.textContent, 'mine').to.include(category);
    await second.click('Keep mine (save on top of theirs)');
    await second.waitForText('Draft saved');

    const draft = (await (await staffApi('/v1/staff/config/draft?site=test')).json()) as {
      document: { publicConfig: { forms: { default: Form } } };
    };
    const saved = draft.document.publicConfig.forms.default;
    expect(
      saved.fields.map((f) => f.name),
      'the first admin’s field',
    ).to.include(field);
    expect(
      saved.categories.map((c) => c.id),
      'the second admin’s category',
    ).to.include(category);
  });

  it('a draft not yet saved survives a reload', async () => {
    const page = await studio('admin-reload', ['admin']);
    await ready(page);
    const origin = `https://${marker('reload')}.example`;
    page.type('#origin-new', origin);
    page.button('Add origin').click();
    await page.waitForText('kept on this device');
    await page.reload();
    await page.signIn('admin-reload', 'Person admin-reload', ['admin']);
    await page.waitForText(origin);
    await page.waitForText('kept on this device');
  });

  it('passes axe, and a category is added with the keyboard alone', async () => {
    const page = await studio('admin-keys', ['admin'], { axe: true });
    await ready(page);
    await until(() => previewText(page).includes('Send'), 'the preview form');
    expect(await page.axe()).to.deep.equal([]);

    const category = marker('keys');
    page.find<HTMLInputElement>('form[aria-labelledby^="new-category-default"] input[name="id"]')!.focus();
    await sendKeys({ type: category });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '键盘' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: `Keyboard ${category}` });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await until(() => page.find(`[data-category="${category}"]`) !== undefined, 'the category in the list');
    await until(() => previewText(page).includes(`Keyboard ${category}`), 'the category in the preview');
    expect(await page.axe(), 'after adding').to.deep.equal([]);
  });
});
