/**
 * Where the focus goes after an edit that moves or removes the control that
 * made it (a field moved up, an option removed): once the studio has drawn
 * the change, onto the first of `selectors` its shadow root has. Without
 * this the focus would drop to the page and a keyboard user would start
 * over from the top.
 */
import type { ReactiveElement } from 'lit';

export function focusAfterUpdate(from: Element, ...selectors: string[]): void {
  const root = from.getRootNode();
  if (!(root instanceof ShadowRoot)) return;
  const drawn = (root.host as Partial<ReactiveElement>).updateComplete ?? Promise.resolve(true);
  void drawn.then(() => {
    for (const selector of selectors) {
      const target = root.querySelector<HTMLElement>(selector);
      if (target) return void target.focus();
    }
  });
}
