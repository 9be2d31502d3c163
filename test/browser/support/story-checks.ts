/**
 * What the stories' browser tests share: composing a CSF3 story as Storybook
 * would (loaders, beforeEach, render; see stories-a11y.test.ts for why not
 * composeStories), looking at an element's shadow DOM, axe, and the loop
 * that checks every story in both colour schemes.
 */
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import 'axe-core/axe.js';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import { render } from 'lit';
import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';

/** axe-core is a classic script: imported for its side effect, it puts itself on window. */
const axe = (window as unknown as { axe: { run(context: Element, options: RunOptions): Promise<AxeResults> } }).axe;

// The host page decides its landmarks, not an element inside it (Storybook's a11y addon leaves this rule out too).
const AXE_OPTIONS: RunOptions = { rules: { region: { enabled: false } } };

/** axe on `element`, shadow DOM included; the violations, each explained with its nodes. */
export async function axeViolations(element: Element): Promise<{ violations: Result[]; report: string }> {
  const { violations } = await axe.run(element, AXE_OPTIONS);
  const report = violations
    .map(
      (v) =>
        `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `  at ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
  return { violations, report };
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Renders a story into `canvas` as Storybook would; returns what its loaders made and the beforeEach cleanups. */
export async function mountStory<Args>(
  meta: Meta<Args>,
  story: StoryObj<Args>,
  canvas: HTMLElement,
): Promise<{ loaded: Record<string, unknown>; cleanups: Array<() => unknown> }> {
  const args = { ...meta.args, ...story.args } as Args;
  const loaded: Record<string, unknown> = {};
  const context = {
    args,
    parameters: { ...meta.parameters, ...story.parameters },
    canvasElement: canvas,
    loaded,
  } as unknown as StoryContext<Args>;
  for (const loader of [...list(meta.loaders), ...list(story.loaders)]) Object.assign(loaded, await loader(context));
  const cleanups: Array<() => unknown> = [];
  for (const hook of [...list(meta.beforeEach), ...list(story.beforeEach)]) {
    const cleanup = await hook(context);
    if (typeof cleanup === 'function') cleanups.push(cleanup);
  }
  const renderStory = story.render ?? meta.render;
  if (!renderStory) throw new Error('these stories render through a render function');
  render(renderStory(args, context) as Parameters<typeof render>[0], canvas);
  return { loaded, cleanups };
}

export const shown = (root: ShadowRoot | null | undefined) => root?.textContent?.replace(/\s+/g, ' ') ?? '';
export const matches = (text: string, wanted: string | RegExp) =>
  typeof wanted === 'string' ? text.includes(wanted) : wanted.test(text);

/** Whether the innermost elements showing `wanted` can be seen. */
export function visible(root: ShadowRoot, wanted: string | RegExp): boolean {
  const holders = [...root.querySelectorAll<HTMLElement>('*')].filter((el) =>
    matches(el.textContent?.replace(/\s+/g, ' ') ?? '', wanted),
  );
  const innermost = holders.filter((el) => !holders.some((other) => other !== el && el.contains(other)));
  return (
    innermost.length > 0 &&
    innermost.every((el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
  );
}

/**
 * One test per story in each colour scheme: the story mounted in a fresh
 * canvas as Storybook would, `check` run on its element (it waits for the
 * story's state and asserts what that state promises), then axe on it.
 * After each test the canvas goes (the element stops its machine, a provider
 * its outbox, a modal dialog closes) and the story's cleanups run.
 */
export function checkEveryStory<Args, Name extends string>(
  meta: Meta<Args>,
  stories: Record<Name, StoryObj<Args>>,
  tag: string,
  check: (name: Name, element: HTMLElement, scheme: 'light' | 'dark', canvas: HTMLElement) => Promise<void>,
): void {
  after(() => emulateMedia({ colorScheme: 'light' }));
  for (const scheme of ['light', 'dark'] as const) {
    describe(`${scheme} colour scheme`, () => {
      let canvas: HTMLElement | undefined;
      let cleanups: Array<() => unknown> = [];
      before(() => emulateMedia({ colorScheme: scheme }));
      afterEach(async () => {
        canvas?.remove();
        canvas = undefined;
        for (const cleanup of cleanups.splice(0)) await cleanup();
      });

      for (const name of Object.keys(stories) as Name[]) {
        it(`${name} reaches its state with no axe violations`, async () => {
          canvas = document.createElement('div');
          document.body.append(canvas);
          ({ cleanups } = await mountStory(meta, stories[name], canvas));
          const element = canvas.querySelector<HTMLElement>(tag);
          if (!element) throw new Error(`${name} rendered no ${tag}`);
          await check(name, element, scheme, canvas);
          const { violations, report } = await axeViolations(element);
          expect(
            violations.map((v) => v.id),
            report,
          ).to.deep.equal([]);
        });
      }
    });
  }
}
