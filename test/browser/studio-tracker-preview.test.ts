/**
 * The studio's preview of the complaint tracker, against the real server:
 * before anything is published, the real tracker shows sample complaints
 * with the draft's new category and its overridden title, in English and
 * in Chinese (the samples' own words too). A complaint opened in it, a
 * reply typed, stay as they are while another section is edited and
 * checked. An action taken on a sample complaint is refused in the studio's
 * words, its reply text kept in the box, and nothing the preview does
 * reaches a route of the server's other than the studio's own. axe finds nothing with the tracker shown, the
 * refusal included.
 */
import { expect } from '@open-wc/testing';
import { marker, requestCounts, resetRequestCounts } from './support/harness';
import { until } from './support/host-page';
import type { StaffPage } from './support/staff-page';
import { choose, closeStudios, enter, openStudio } from './support/studio-page';

afterEach(closeStudios);

/** The preview's tracker, through its shadow root. */
const tracker = (page: StaffPage) => page.find('uc-complaint-tracker')?.shadowRoot ?? undefined;
const trackerText = (page: StaffPage) => tracker(page)?.textContent?.replace(/\s+/g, ' ') ?? '';

describe('<uc-studio> tracker preview', () => {
  it("shows sample complaints with the draft's category and texts in both languages; an action is refused and nothing reaches the server", async () => {
    const page = await openStudio('admin-tracker-preview', { axe: true });
    await resetRequestCounts();
    const category = marker('returns');
    page.type('form[aria-labelledby^="new-category-default"] input[name="id"]', category);
    page.type('form[aria-labelledby^="new-category-default"] input[name="labelEn"]', `Returns ${category}`);
    page.type('form[aria-labelledby^="new-category-default"] input[name="labelZh"]', `退货 ${category}`);
    page.button('Add category').click();
    const title = `Your cases ${marker('title')}`;
    page.type('#texts-search', 'tracker.title');
    await until(() => page.find('#text-tracker-tracker-title-en') !== undefined, 'the tracker’s title in Texts');
    enter(page, '#text-tracker-tracker-title-en', title);

    choose(page, 'preview-element', 'Complaint tracker');
    await page.waitForText('sample complaints, one in each state');
    await until(() => trackerText(page).includes(title), 'the overridden title').catch((error: Error) => {
      throw new Error(`${error.message}; the preview shows: ${trackerText(page)}`);
    });
    await until(() => trackerText(page).includes(`Returns ${category}`), "a sample under the draft's new category");
    expect(trackerText(page), 'the samples’ states').to.include('Answered');

    choose(page, 'preview-locale', '中文');
    await until(
      () => trackerText(page).includes('我的投诉与反馈') && trackerText(page).includes(`退货 ${category}`),
      'the tracker in Chinese, the default title where only English was overridden',
    );
    const open = (status: string) =>
      tracker(page)?.querySelector<HTMLButtonElement>(`li [data-status="${status}"]`)?.closest('button')?.click();
    open('replied');
    await until(() => trackerText(page).includes('帖子'), 'the sample’s own words in Chinese');

    choose(page, 'preview-locale', 'English');
    await until(() => tracker(page)?.querySelector('li [data-status="replied"]') != null, 'the English list');
    open('replied');
    await until(() => tracker(page)?.querySelector('button[data-action="dispute"]') != null, 'the answered complaint');
    const reply = tracker(page)!.querySelector<HTMLTextAreaElement>('textarea[name="reply"]')!;
    reply.value = 'The post broke no rule.';
    reply.dispatchEvent(new Event('input', { bubbles: true, composed: true }));

    // Another section edited and checked by the server, its problem shown, then mended: the studio draws
    // again each time, and the preview stays where it was.
    enter(page, '#limit-staff-intakeMaxAgeDays', '200');
    await page.waitForText('intakeMaxAgeDays : must be at most 90');
    enter(page, '#limit-staff-intakeMaxAgeDays', '60');
    await until(() => !page.text().includes('must be at most 90'), 'the problem gone');
    expect(
      tracker(page)?.querySelector('button[data-action="dispute"]') ?? null,
      'the complaint still open',
    ).not.to.equal(null);
    expect(
      tracker(page)!.querySelector<HTMLTextAreaElement>('textarea[name="reply"]')!.value,
      'the reply still typed',
    ).to.equal('The post broke no rule.');

    tracker(page)!.querySelector<HTMLButtonElement>('button[data-action="dispute"]')!.click();
    await until(
      () => trackerText(page).includes('Not done: This is the studio’s preview: nothing is sent or stored.'),
      'the refusal in the studio’s words',
    );
    expect(
      tracker(page)!.querySelector<HTMLTextAreaElement>('textarea[name="reply"]')!.value,
      'the text kept',
    ).to.equal('The post broke no rule.');

    const counts = await requestCounts();
    expect(
      Object.keys(counts).filter((route) => !route.includes('/v1/staff/')),
      'requests from the preview',
    ).to.deep.equal([]);
    expect(await page.axe(), "with the preview's tracker").to.deep.equal([]);
  });
});
