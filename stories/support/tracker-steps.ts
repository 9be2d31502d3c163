/**
 * What a person sees in the complaint tracker, for play functions: Testing
 * Library queries inside the element's shadow root and Storybook's
 * instrumented expect. The stories import this module dynamically, for the
 * reason given in steps.ts (and a bare `import('storybook/test')` in a story
 * does not resolve in a static Storybook build: this module's static import does).
 */
import { expect, waitFor, within } from 'storybook/test';

/** Waits until the tracker's shadow root shows `text`, then hands back Testing Library queries inside it. */
export async function trackerShows(canvasElement: HTMLElement, text: string | RegExp) {
  let root: ShadowRoot | null | undefined;
  await waitFor(
    () => {
      root = canvasElement.querySelector('uc-complaint-tracker')?.shadowRoot;
      const shown = root?.textContent?.replace(/\s+/g, ' ') ?? '';
      expect(
        typeof text === 'string' ? shown.includes(text) : text.test(shown),
        `"${String(text)}" in "${shown.trim()}"`,
      ).toBe(true);
    },
    { timeout: 10_000 },
  );
  return { expect, root: root!, tracker: within(root as unknown as HTMLElement) };
}
