/**
 * What a person does in the feedback form, for play functions: Testing
 * Library queries inside the element's shadow root, user-event for input,
 * Storybook's instrumented expect. Play functions import this module
 * dynamically: `storybook/test` pulls in @testing-library/dom, whose
 * CommonJS dependencies (aria-query, lz-string, pretty-format) Storybook's
 * Vite pre-bundles but @web/test-runner serves as-is, so a static import
 * would keep test/browser/stories-a11y.test.ts from loading the stories.
 */
import { expect, userEvent, waitFor, within } from 'storybook/test';

export { expect };

const RENDERED = 'form, [part~="receipt"], [part~="queue"], [role="alert"]';

/** The element's shadow root, once it shows something other than its loading frame. */
export async function formRoot(canvasElement: HTMLElement): Promise<ShadowRoot> {
  let root: ShadowRoot | null | undefined;
  await waitFor(
    () => {
      root = canvasElement.querySelector('uc-feedback-form')?.shadowRoot;
      expect(root?.querySelector(RENDERED)).toBeTruthy();
    },
    { timeout: 10_000 },
  );
  return root!;
}

/** Testing Library queries inside the shadow root (they take any container node). */
export function queriesIn(root: ShadowRoot) {
  return within(root as unknown as HTMLElement);
}

export const VALID_MESSAGE = 'The checkout page shows an error after I pay.';

/** Chooses a service area and writes a message, as a person would. */
export async function fillValid(root: ShadowRoot, message = VALID_MESSAGE): Promise<void> {
  const form = queriesIn(root);
  await userEvent.selectOptions(await form.findByRole('combobox', { name: /Service area/ }), 'transactions');
  await userEvent.type(form.getByRole('textbox', { name: /Message/ }), message);
}

export async function submit(root: ShadowRoot): Promise<void> {
  await userEvent.click(queriesIn(root).getByRole('button', { name: 'Send' }));
}

/** Waits for text anywhere in the shadow root (queue and receipt texts change as delivery goes on). */
export async function waitForText(root: ShadowRoot, text: string | RegExp, timeout = 15_000): Promise<void> {
  await waitFor(
    () => {
      const shown = root.textContent?.replace(/\s+/g, ' ') ?? '';
      expect(
        typeof text === 'string' ? shown.includes(text) : text.test(shown),
        `"${String(text)}" in "${shown.trim()}"`,
      ).toBe(true);
    },
    { timeout },
  );
}
