/**
 * <uc-studio>'s Forms section against the real server: a select field is
 * added with its first option, given more, reordered and relabelled, and the
 * preview shows them in that order; a form's kinds are chosen (the last one
 * is never unticked); a published field's type changes only to one whose
 * answers are kept alike, and the editor says why; lint's error blocks a
 * publish (an e-mail field without a purpose: listed beside the field and
 * refused by the button and the server) while its warning does not (a
 * category no deadline policy names); and a pass with the keyboard alone
 * (Tab, Shift+Tab, Enter, Space) goes through every section from the nav,
 * adds a field, saves and publishes with the focus always shown and never
 * dropped to the page.
 *
 * What is published here stays optional and keeps every kind: later tests
 * send feedback to the same site.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { harness, marker, staffToken } from './support/harness';
import { until } from './support/host-page';
import type { StaffPage } from './support/staff-page';
import { closeStudios, enter, openStudio, publish } from './support/studio-page';

afterEach(closeStudios);

interface Field {
  name: string;
  type: string;
  retired?: boolean;
  options?: Array<{ value: string; label: Record<string, string> }>;
  personal?: { purpose: Record<string, string>; prefill?: string };
}

async function servedFields(): Promise<Field[]> {
  const { api } = await harness();
  const config = (await (await fetch(`${api}/v1/sites/test/config`)).json()) as {
    forms?: { default?: { fields: Field[] } };
  };
  return config.forms?.default?.fields ?? [];
}

/** The preview's form, once it shows. */
async function preview(page: StaffPage): Promise<ShadowRoot> {
  await until(() => !!page.find('uc-feedback-form')?.shadowRoot?.querySelector('form'), 'the preview form');
  return page.find('uc-feedback-form')!.shadowRoot!;
}

const NEW_FIELD = 'form[aria-labelledby^="new-field-default"]';

function addField(page: StaffPage, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) enter(page, `${NEW_FIELD} [name="${name}"]`, value);
  page.find<HTMLButtonElement>(`${NEW_FIELD} button[type="submit"]`)!.click();
}

/** Opens a field's editor as a person does, from its summary. */
async function openEditor(page: StaffPage, name: string): Promise<void> {
  await until(() => page.find(`[data-field="${name}"] summary`) !== undefined, `the field ${name} listed`);
  const details = page.find<HTMLDetailsElement>(`[data-field="${name}"] details`)!;
  if (!details.open) page.find(`[data-field="${name}"] summary`)!.click();
  await until(() => details.open, `the editor of ${name} open`);
}

describe('<uc-studio> Forms', () => {
  it('a select field gets options, in order and relabelled, shown by the preview; the kinds keep one at least', async () => {
    const page = await openStudio('admin-options');
    const name = marker('size');
    const at = `#field-default-${name}`;
    addField(page, { name, type: 'select', labelEn: 'Size', optionValue: 's', optionEn: 'Small' });
    await openEditor(page, name);
    for (const [value, label] of [
      ['l', 'Large'],
      ['m', 'Medium'],
    ]) {
      enter(page, `${at}-option-value`, value!);
      enter(page, `form[aria-labelledby="field-default-${name}-option-new"] [name="labelEn"]`, label!);
      page.find<HTMLButtonElement>(`form[aria-labelledby="field-default-${name}-option-new"] button`)!.click();
      await until(() => page.find(`[data-field="${name}"] [data-option="${value}"]`) !== undefined, `option ${value}`);
    }
    await page.click('Move option m up');
    enter(page, `${at}-o0-en`, 'Small size');
    const form = await preview(page);
    const shownOptions = () =>
      [...(form.querySelector<HTMLSelectElement>(`#f-${name}`)?.options ?? [])].map((o) => o.textContent?.trim());
    await until(
      () => JSON.stringify(shownOptions().slice(-3)) === JSON.stringify(['Small size', 'Medium', 'Large']),
      'the preview to show the options in order',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; it shows ${JSON.stringify(shownOptions())}`);
    });
    // An option with no label is refused, with the reason beside it, and nothing changes.
    enter(page, `${at}-o1-en`, '');
    await page.waitForText('option m needs a label in one language at least');
    expect(page.find<HTMLInputElement>(`${at}-o1-en`)!.value, 'the label put back').to.equal('Medium');

    const kind = (k: string) => page.find<HTMLInputElement>(`input[name="kind-${k}"]`)!;
    const kindsShown = () => [...form.querySelectorAll<HTMLInputElement>('input[name="kind"]')].map((i) => i.value);
    /** A kind ticked or unticked, as a person clicks: one click, then what it drew. */
    const toggle = async (k: string) => {
      kind(k).click();
      await (page.find('uc-studio') as unknown as { updateComplete: Promise<boolean> }).updateComplete;
    };
    await toggle('praise');
    await until(() => !kindsShown().includes('praise') && kindsShown().length === 4, 'praise no longer offered');
    for (const k of ['suggestion', 'report', 'question']) await toggle(k);
    await toggle('complaint');
    await page.waitForText('A form takes one kind at least');
    expect(kind('complaint').checked, 'the last kind stays ticked').to.equal(true);
    await until(() => JSON.stringify(kindsShown()) === '[]', 'one kind alone: no choice of kind in the preview');
    for (const k of ['suggestion', 'praise', 'report', 'question']) await toggle(k);
    await until(() => kindsShown().length === 5, 'every kind offered again');

    await publish(page, 'Ask for the size');
    const served = (await servedFields()).find((f) => f.name === name);
    expect(served?.options?.map((o) => [o.value, o.label.en])).to.deep.equal([
      ['s', 'Small size'],
      ['m', 'Medium'],
      ['l', 'Large'],
    ]);
  });

  it("a published field's type changes only to one whose answers are kept alike, and the editor says why", async () => {
    const page = await openStudio('admin-types');
    await openEditor(page, 'subject');
    const types = (select: string) => [...(page.find<HTMLSelectElement>(select)?.options ?? [])].map((o) => o.value);
    expect(types('#field-default-subject-type')).to.deep.equal(['text', 'textarea']);
    expect(page.find('[data-field="subject"] details')!.textContent).to.include(
      'Published as text: it can change only to textarea',
    );
    await openEditor(page, 'email');
    expect(page.find('#field-default-email-type'), 'no choice for an e-mail field').to.equal(undefined);
    expect(page.find('[data-field="email"] details')!.textContent).to.include(
      'Published as email: answers already sent were sent as email, so its type stays',
    );

    enter(page, '#field-default-subject-type', 'textarea');
    const form = await preview(page);
    await until(() => form.querySelector('textarea#f-subject') !== null, 'the subject as a text area in the preview');

    const draftOnly = marker('note');
    addField(page, { name: draftOnly, labelEn: 'Note' });
    await openEditor(page, draftOnly);
    expect(types(`#field-default-${draftOnly}-type`), 'any type while only the draft has it').to.have.length(10);
  });

  it('a lint error blocks publishing and a warning does not', async () => {
    const page = await openStudio('admin-lint');
    const name = marker('contact');
    addField(page, { name, type: 'email', labelEn: 'Contact e-mail' });
    const fieldProblems = () => page.find(`[data-field="${name}"] .problems`)?.textContent ?? '';
    await until(() => fieldProblems().includes('asks for personal data'), 'the error beside the field').catch(
      (error: Error) => {
        throw new Error(`${error.message}; the studio shows: ${page.text()}`);
      },
    );
    expect(page.find('.all-problems')!.textContent, 'and in the list that blocks publishing').to.include(
      'asks for personal data',
    );

    await page.click('Review and publish');
    await page.waitForText('What changes from the published version');
    await page.waitForText('Fix the problems listed first');
    const confirm = page
      .findAll<HTMLButtonElement>('section.publish button')
      .find((b) => b.textContent?.trim() === 'Publish')!;
    expect(confirm.disabled, 'the Publish button').to.equal(true);
    // The server refuses it too: the draft as saved by the review, with lint's error.
    const { api } = await harness();
    const token = await staffToken('admin-lint-api', 'Lint API', ['admin']);
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const draft = (await (await fetch(`${api}/v1/staff/config/draft?site=test`, { headers })).json()) as {
      revision: number;
    };
    const refused = await fetch(`${api}/v1/staff/config/publish?site=test`, {
      method: 'POST',
      headers: { ...headers, 'Idempotency-Key': `k-${crypto.randomUUID()}` },
      body: JSON.stringify({ revision: draft.revision, note: 'try anyway' }),
    });
    expect(refused.status, await refused.clone().text()).to.equal(422);
    expect((await servedFields()).some((f) => f.name === name)).to.equal(false);
    await page.click('Cancel');

    await openEditor(page, name);
    enter(page, `#field-default-${name}-purpose-en`, 'Only to tell you how it is going');
    enter(page, `#field-default-${name}-purpose-zh-CN`, '仅用于告知处理进展');
    enter(page, `#field-default-${name}-prefill`, 'email');
    await until(() => fieldProblems() === '', 'the error gone');
    const category = marker('returns');
    page.type('form[aria-labelledby^="new-category-default"] input[name="id"]', category);
    page.type('form[aria-labelledby^="new-category-default"] input[name="labelEn"]', 'Returns');
    page.type('form[aria-labelledby^="new-category-default"] input[name="labelZh"]', '退货');
    page.button('Add category').click();
    await until(
      () =>
        page.find(`[data-category="${category}"] .warnings`)?.textContent?.includes('has no deadline policy') === true,
      'the warning beside the category',
    );
    expect(page.find('.all-warnings')!.textContent).to.include(`category "${category}" has no deadline policy`);
    const form = await preview(page);
    await until(
      () =>
        form.querySelector(`#f-${name}-purpose`)?.textContent?.includes('Only to tell you how it is going') === true,
      'the purpose beside the field in the preview',
    );

    await publish(page, 'Ask for a contact e-mail, with why');
    const served = (await servedFields()).find((f) => f.name === name);
    expect(served?.personal).to.deep.equal({
      purpose: { 'zh-CN': '仅用于告知处理进展', en: 'Only to tell you how it is going' },
      prefill: 'email',
    });
  });

  it('with the keyboard alone: every section from the nav, a field added, saved and published, the focus always shown', async function () {
    this.timeout(240_000);
    const page = await openStudio('admin-keyboard');
    await page.waitForText('messages found');
    await page.waitForText('No problems');
    await preview(page);
    const doc = page.iframe.contentDocument!;
    const root = doc.querySelector('uc-studio')!.shadowRoot!;

    /** What has the focus, through every shadow root. */
    const focused = (): Element | null => {
      let el = doc.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el;
    };
    const describe = (el: Element | null) =>
      el ? `<${el.localName}${el.id ? `#${el.id}` : ''}> "${el.textContent?.trim().slice(0, 40) ?? ''}"` : 'nothing';
    /** The focus is in the studio, on something that draws its focus (an outline or a ring; a section's frame on its heading). */
    const checkFocus = (after: string) => {
      const el = focused();
      // A disabled control that kept the focus takes no keys: the next Tab starts over from the page.
      if (!el || el === doc.body || doc.activeElement !== root.host || (el as HTMLButtonElement).disabled)
        throw new Error(`after ${after} the focus was lost: it is on ${describe(el)}`);
      const drawn = (target: Element) => {
        const style = page.window.getComputedStyle(target);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      };
      // A date input's focus is on its day, month or year inside it, where :focus-visible does not reach.
      const visible = el.matches(':focus-visible') || (el.localName === 'input' && el.matches(':focus-within'));
      const shown = visible && (drawn(el) || (el.matches('.section') && drawn(el.querySelector('h2')!)));
      if (!shown) throw new Error(`after ${after} the focus on ${describe(el)} is not shown`);
    };
    const press = async (key: 'Tab' | 'Shift+Tab' | 'Enter' | 'Space') => {
      if (key === 'Shift+Tab') {
        await sendKeys({ down: 'Shift' });
        await sendKeys({ press: 'Tab' });
        await sendKeys({ up: 'Shift' });
      } else await sendKeys({ press: key });
      checkFocus(key);
    };
    /** Tab (or Shift+Tab) until `wanted` has the focus, the focus checked at every step. */
    const tabTo = async (
      wanted: (el: Element) => boolean,
      what: string,
      key: 'Tab' | 'Shift+Tab' = 'Tab',
      most = 1500,
    ) => {
      for (let i = 0; i < most; i++) {
        const el = focused();
        if (el && wanted(el)) return;
        await press(key);
      }
      throw new Error(`${what} not reached with ${most} × ${key}; the focus is on ${describe(focused())}`);
    };
    const isButton = (text: string) => (el: Element) => el.localName === 'button' && el.textContent?.trim() === text;
    const navLink = (text: string) => (el: Element) => el.matches('nav.sections a') && el.textContent?.trim() === text;

    page.window.focus();
    await tabTo((el) => el.matches('nav.sections a'), 'the nav');
    const sections = [...root.querySelectorAll('nav.sections a')].map((a) => a.textContent!.trim());
    expect(sections).to.include.members(['Site', 'Forms', 'Texts', 'Look', 'Webhook and tokens', 'On your pages']);
    for (const [i, title] of sections.entries()) {
      // Back up to the nav from the section before (Shift+Tab), then on to this section's link.
      await tabTo((el) => el.matches('nav.sections a'), 'the nav', 'Shift+Tab');
      const here = sections.indexOf(focused()!.textContent!.trim());
      await tabTo(navLink(title), `the ${title} link`, here > i ? 'Shift+Tab' : 'Tab');
      await press('Enter');
      await until(() => focused()?.matches('.section') === true, `the ${title} section`);
      expect(focused()!.querySelector('h2')!.textContent).to.equal(title);
      checkFocus(`the ${title} link`);
    }

    await tabTo((el) => el.matches('nav.sections a'), 'the nav', 'Shift+Tab');
    await tabTo(navLink('Forms'), 'the Forms link', 'Shift+Tab');
    await press('Enter');
    const name = marker('kb');
    await tabTo((el) => el.matches(`${NEW_FIELD} input[name="name"]`), 'the new field’s name');
    await sendKeys({ type: name });
    await tabTo((el) => el.matches(`${NEW_FIELD} input[name="labelZh"]`), 'its Chinese label');
    await sendKeys({ type: '键盘' });
    await press('Tab');
    await sendKeys({ type: `Keyboard ${name}` });
    await tabTo(isButton('Add field'), 'Add field');
    await press('Enter');
    await until(() => root.querySelector(`[data-field="${name}"]`) !== null, 'the field listed');
    checkFocus('adding the field');
    expect(focused()!.textContent?.trim(), 'the focus stays on Add field').to.equal('Add field');

    await page.waitForText('No problems');
    await tabTo(isButton('Save draft'), 'Save draft');
    await press('Space');
    await page.waitForText('Draft saved');
    checkFocus('saving');
    expect(focused()!.textContent?.trim(), 'the focus stays on Save draft').to.equal('Save draft');

    await tabTo(isButton('Review and publish…'), 'Review and publish');
    await press('Enter');
    await page.waitForText('What changes from the published version');
    await tabTo((el) => el.id === 'publish-note', 'the note');
    await sendKeys({ type: `Added with the keyboard: ${name}` });
    await tabTo(isButton('Publish'), 'Publish');
    await press('Enter');
    await page.waitForText(/Published as version \d+/);
    await until(() => focused()?.id === 'publish-start', 'the focus back on Review and publish');
    checkFocus('publishing');
    expect((await servedFields()).some((f) => f.name === name && !f.retired)).to.equal(true);
  });
});
