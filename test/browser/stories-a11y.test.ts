/**
 * Every story of uc-feedback-form in real Chromium, in the light and the dark
 * colour scheme: the story's loaders and beforeEach run, its render goes
 * into the page, the steps its play function takes are taken, the state must
 * show (its text is asserted here, independently of the play function), and
 * axe must find nothing in the element, shadow DOM included.
 *
 * Why not composeStories: everything under `storybook/preview-api` imports
 * `storybook/test`, which imports @testing-library/dom, whose dependencies
 * (aria-query, lz-string, pretty-format) are CommonJS. Storybook's Vite
 * pre-bundles them; @web/test-runner serves them as-is, and the browser
 * refuses the named imports. So this file composes the CSF3 objects itself
 * (args, parameters, loaders, beforeEach, render: what these stories use)
 * and drives the form with DOM events.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { checkEveryStory, matches, shown, visible } from './support/story-checks';
import type { FeedbackFormArgs } from '../../stories/support/usercare-story';
import * as stories from '../../stories/uc-feedback-form.stories';

const { default: csfMeta, ...named } = stories;
const meta: Meta<FeedbackFormArgs> = csfMeta;
type StoryName = Exclude<keyof typeof stories, 'default'>;
type Story = StoryObj<FeedbackFormArgs>;
const STORIES = named as Record<StoryName, Story>;

/** What each story must show once it has reached its state. */
const REACHED: Record<StoryName, string | RegExp> = {
  Empty: 'Send',
  DraftRestored: 'We restored the draft you were writing.',
  Invalid: 'This field is required.',
  Queued: /we keep your message and retry in \d+ s/,
  ServerError: 'This field is required.',
  Delivered: /Tracking number: UC\d{8}-/,
  ConfigError: 'forms.default.fields[1].type',
  Chinese: '意见反馈',
  Dark: 'Feedback',
};

/** Where a field error must show, tied to its control (aria-describedby, aria-invalid). */
const FIELD_ERROR: Partial<Record<StoryName, { control: string; error: string }>> = {
  Invalid: { control: '#f-message', error: '#f-message-error' },
  ServerError: { control: '#f-subject', error: '#f-subject-error' },
};

/**
 * The databases the stories write: the page's own and the LocalBackends'.
 * Deleted once, before any story opens them. Not before each story: the
 * page's store (one per page) closes its connection when another deletes the
 * database and then keeps using the closed one, so every later story would run
 * on the memory fallback; and a LocalBackend never closes its connection, so
 * deleting its database waits forever. Each story starts clean all the same:
 * it runs as a site of its own, and its beforeEach forgets what an earlier run
 * left for that site.
 */
const DATABASES = ['usercare', 'usercare-local-backend', 'usercare-story-strict-backend'];

// ── composing a CSF3 story ─────────────────────────────────────────────────

// ── the steps the play functions take, with DOM events ───────────────────────

async function until(check: () => boolean, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function formRoot(canvas: HTMLElement): Promise<ShadowRoot> {
  let root: ShadowRoot | null | undefined;
  await until(() => {
    root = canvas.querySelector('uc-feedback-form')?.shadowRoot;
    return !!root?.querySelector('form, [part~="receipt"], [part~="queue"], [role="alert"]');
  }, 'the form to render');
  return root!;
}

function control<T extends HTMLElement>(root: ShadowRoot, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector} in the form`);
  return el;
}

async function submit(root: ShadowRoot): Promise<void> {
  control<HTMLButtonElement>(root, '[part~="submit"]').click();
}

async function fillAndSubmit(root: ShadowRoot): Promise<void> {
  const category = control<HTMLSelectElement>(root, '#f-category');
  category.value = 'transactions';
  category.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  const message = control<HTMLTextAreaElement>(root, '#f-message');
  message.value = 'The checkout page shows an error after I pay.';
  message.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await submit(root);
}

/** What each play function does to reach its state (the others only look). */
const PLAY: Partial<Record<StoryName, (root: ShadowRoot) => Promise<void>>> = {
  Invalid: submit,
  Queued: fillAndSubmit,
  ServerError: fillAndSubmit,
  Delivered: fillAndSubmit,
};

// ── checks ──────────────────────────────────────────────────────────────────

describe('uc-feedback-form stories: states and accessibility', function () {
  this.timeout(60_000);

  before(async () => {
    for (const name of DATABASES) await deleteDB(name);
  });

  checkEveryStory(meta, STORIES, 'uc-feedback-form', async (name, element, scheme, canvas) => {
    let root = await formRoot(canvas);
    await PLAY[name]?.(root);
    await until(
      () => matches(shown(root), REACHED[name]),
      `"${String(REACHED[name])}" in ${name}; it shows "${shown(root)}"`,
    );
    root = element.shadowRoot!;
    expect(visible(root, REACHED[name]), `"${String(REACHED[name])}" is visible`).to.equal(true);
    expect(shown(root), 'storage still works').not.to.contain('drafts will not survive a reload');
    const fieldError = FIELD_ERROR[name];
    if (fieldError) {
      const field = control(root, fieldError.control);
      expect(control(root, fieldError.error).textContent).to.contain(REACHED[name]);
      expect(field.getAttribute('aria-describedby')?.split(' '), 'the error describes its field').to.include(
        fieldError.error.slice(1),
      );
      expect(field.getAttribute('aria-invalid')).to.equal('true');
    }
    const dark = scheme === 'dark' || name === 'Dark';
    expect(
      getComputedStyle(root.querySelector('[part~="base"]')!).colorScheme,
      'the scheme the element renders in',
    ).to.equal(dark ? 'dark' : 'light');
  });
});
