/**
 * The studio's browser tests open it the same way and act in it as a
 * person does: an admin signed in, the page waited for until a section's
 * words show, values typed and let go, and a publish gone through its
 * review. Each test file closes what it opened with `afterEach(closeStudios)`.
 */
import { StaffPage } from './staff-page';

const opened: StaffPage[] = [];

/** The studio signed in as `sub` (an admin unless `roles` say otherwise), once `waitFor` shows. */
export async function openStudio(
  sub: string,
  options: { axe?: boolean; roles?: string[]; waitFor?: string } = {},
): Promise<StaffPage> {
  const page = await StaffPage.open({ element: 'uc-studio', ...(options.axe ? { axe: true } : {}) });
  opened.push(page);
  await page.signIn(sub, `Person ${sub}`, options.roles ?? ['admin']);
  await page.waitForText(options.waitFor ?? 'Allowed origins');
  return page;
}

export function closeStudios(): void {
  opened.splice(0).forEach((page) => page.close());
}

/** Types into a control (or chooses in a select) and lets it go, as a person does: the studio takes a value on `change`. */
export function enter(page: StaffPage, selector: string, value: string): void {
  page.type(selector, value);
  page.find(selector)!.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Chooses a radio of the studio's preview (the element, the language, the width) by its group and its label. */
export function choose(page: StaffPage, name: string, label: string): void {
  const input = page
    .findAll<HTMLInputElement>(`input[name="${name}"]`)
    .find((i) => i.closest('label')?.textContent?.includes(label));
  if (!input) throw new Error(`no "${label}" in the preview's ${name}`);
  input.click();
}

/** Publishes the draft once it checks: the review of what changes, a note, and the version it became. */
export async function publish(page: StaffPage, note: string): Promise<void> {
  await page.waitForText('No problems');
  await page.click('Review and publish');
  await page.waitForText('What changes from the published version');
  page.type('#publish-note', note);
  await page.click('Publish');
  await page.waitForText(/Published as version \d+/);
}
