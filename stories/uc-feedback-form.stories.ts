import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/uc-provider/uc-provider';
import '../components/uc-feedback-form/uc-feedback-form';
import { LocalBackend } from '../src/client/local-backend';
import { KINDS } from '../src/contract/common';
import { DEFAULT_FORM } from '../src/config/defaults';
import type { SiteConfig } from '../src/config/schema';
import {
  feedbackFormInProvider,
  forgetSite,
  leaveDraft,
  siteOf,
  type FeedbackFormArgs,
} from './support/usercare-story';

/**
 * The play steps (storybook/test), loaded when a play function runs; see
 * support/steps.ts for why not statically.
 */
const steps = () => import('./support/steps');

// Each story runs as its own site inside a <uc-provider>, so what one story
// saves (drafts, queued items) never shows in another. Without an endpoint the
// provider runs on LocalBackend, which keeps everything in this browser's
// IndexedDB. (A line comment, not JSDoc: the docs page takes its description
// from the element's own JSDoc, through the manifest.)
const meta = {
  title: 'Elements/uc-feedback-form',
  component: 'uc-feedback-form',
  args: { form: 'default' },
  argTypes: {
    form: { control: 'text' },
    kind: { control: 'select', options: KINDS },
  },
  beforeEach: async ({ parameters }) => {
    await forgetSite(siteOf(parameters));
  },
  render: (args, { parameters }) => feedbackFormInProvider(args, { site: siteOf(parameters) }),
} satisfies Meta<FeedbackFormArgs>;

export default meta;
type Story = StoryObj<FeedbackFormArgs>;

/** A first visit: nothing written yet. */
export const Empty: Story = {
  parameters: { usercare: { site: 'story-empty' } },
  play: async ({ canvasElement }) => {
    const { expect, formRoot, queriesIn } = await steps();
    const form = queriesIn(await formRoot(canvasElement));
    await expect(form.getByRole('heading', { name: 'Feedback' })).toBeVisible();
    await expect(form.getByRole('button', { name: 'Send' })).toBeEnabled();
  },
};

/** The user wrote part of a message on an earlier visit; it is back, with a way to discard it. */
export const DraftRestored: Story = {
  name: 'Draft restored',
  parameters: { usercare: { site: 'story-draft' } },
  beforeEach: async ({ parameters, args }) => {
    await leaveDraft(siteOf(parameters), args.form, {
      kind: 'complaint',
      category: 'transactions',
      fields: { subject: 'Refund not received', message: 'I returned the parcel on Monday and' },
    });
  },
  play: async ({ canvasElement }) => {
    const { expect, formRoot, queriesIn } = await steps();
    const root = await formRoot(canvasElement);
    const form = queriesIn(root);
    await expect(await form.findByText('We restored the draft you were writing.')).toBeVisible();
    await expect(form.getByRole('textbox', { name: /Message/ })).toHaveValue('I returned the parcel on Monday and');
    await expect(form.getByRole('button', { name: 'Discard draft' })).toBeVisible();
  },
};

/** A person submits without filling the required parts: errors under the fields, focus on the first. */
export const Invalid: Story = {
  name: 'Field errors',
  parameters: { usercare: { site: 'story-invalid' } },
  play: async ({ canvasElement }) => {
    const { expect, formRoot, submit, waitForText } = await steps();
    const root = await formRoot(canvasElement);
    await submit(root);
    await waitForText(root, 'Please correct 2 field(s).');
    await expect(root.querySelector('#f-message-error')).toHaveTextContent('This field is required.');
  },
};

/**
 * The backend cannot be reached (port 9 refuses every connection): the
 * submission stays in the outbox on this device and is retried with backoff.
 */
export const Queued: Story = {
  name: 'Offline / queued',
  parameters: { usercare: { site: 'story-queued' } },
  render: (args, { parameters }) =>
    feedbackFormInProvider(args, { site: siteOf(parameters), endpoint: 'http://127.0.0.1:9' }),
  play: async ({ canvasElement }) => {
    const { expect, formRoot, queriesIn, fillValid, submit, waitForText } = await steps();
    const root = await formRoot(canvasElement);
    await fillValid(root);
    await submit(root);
    await waitForText(root, /we keep your message and retry in \d+ s/);
    await expect(queriesIn(root).getByRole('button', { name: 'Withdraw' })).toBeVisible();
  },
};

/**
 * A backend whose rules are stricter than the page's (its config requires a
 * subject; the page's does not): the form lets the submission go, the server
 * refuses it with a field error, and the error shows under that field with the
 * user's text back in the form.
 */
function stricterBackend(site: string): LocalBackend {
  const config: SiteConfig = {
    site,
    forms: {
      default: {
        ...DEFAULT_FORM,
        fields: DEFAULT_FORM.fields.map((f) => (f.name === 'subject' ? { ...f, required: true } : f)),
      },
    },
  };
  return new LocalBackend(config, 'usercare-story-strict-backend');
}

export const ServerError: Story = {
  name: 'Server error',
  parameters: { usercare: { site: 'story-server-error' } },
  render: (args, { parameters }) =>
    feedbackFormInProvider(args, { site: siteOf(parameters), backend: stricterBackend(siteOf(parameters)) }),
  play: async ({ canvasElement }) => {
    const { expect, formRoot, queriesIn, fillValid, submit, waitForText, VALID_MESSAGE } = await steps();
    const root = await formRoot(canvasElement);
    await fillValid(root);
    await submit(root);
    await waitForText(root, 'Please correct 1 field(s).');
    await expect(root.querySelector('#f-subject-error')).toHaveTextContent('This field is required.');
    await expect(queriesIn(root).getByRole('textbox', { name: /Message/ })).toHaveValue(VALID_MESSAGE);
  },
};

/** Delivered to the backend (LocalBackend here): the receipt with its tracking number. */
export const Delivered: Story = {
  parameters: { usercare: { site: 'story-delivered' } },
  play: async ({ canvasElement }) => {
    const { expect, formRoot, queriesIn, fillValid, submit, waitForText } = await steps();
    const root = await formRoot(canvasElement);
    await fillValid(root);
    await submit(root);
    await waitForText(root, /Tracking number: UC\d{8}-[A-Z0-9]{6}/);
    await expect(queriesIn(root).getByText('Thank you, we have received it')).toBeVisible();
  },
};

/** The site's config has a field of a type that does not exist: the element explains, in place, what to fix. */
export const ConfigError: Story = {
  name: 'Config error',
  parameters: { usercare: { site: 'story-config-error' } },
  render: (args, { parameters }) =>
    feedbackFormInProvider(args, {
      site: siteOf(parameters),
      config: {
        forms: {
          default: {
            ...DEFAULT_FORM,
            fields: DEFAULT_FORM.fields.map((f) => (f.name === 'message' ? { ...f, type: 'paragraph' } : f)),
          },
        },
      },
    }),
  play: async ({ canvasElement }) => {
    const { expect, formRoot, waitForText } = await steps();
    const root = await formRoot(canvasElement);
    await waitForText(root, 'usercare cannot show this form: its configuration has errors.');
    await expect(root.querySelector('li')).toHaveTextContent(
      /forms\.default\.fields\[1\]\.type: expected one of "text"/,
    );
  },
};

/** The page (or a wrapper) says zh-CN: every message and the default form's labels are Chinese. */
export const Chinese: Story = {
  name: 'Chinese (zh-CN)',
  parameters: { usercare: { site: 'story-zh' } },
  render: (args, { parameters }) => feedbackFormInProvider(args, { site: siteOf(parameters), lang: 'zh-CN' }),
  play: async ({ canvasElement }) => {
    const { expect, formRoot, queriesIn } = await steps();
    const form = queriesIn(await formRoot(canvasElement));
    await expect(await form.findByRole('heading', { name: '意见反馈' })).toBeVisible();
    await expect(form.getByRole('combobox', { name: /服务范围/ })).toBeVisible();
  },
};

/** The site's theme forces the dark scheme (`theme.colorScheme: "dark"`), whatever the system preference. */
export const Dark: Story = {
  parameters: { usercare: { site: 'story-dark' } },
  render: (args, { parameters }) =>
    feedbackFormInProvider(args, { site: siteOf(parameters), dark: true, config: { theme: { colorScheme: 'dark' } } }),
  play: async ({ canvasElement }) => {
    const { expect, formRoot } = await steps();
    await formRoot(canvasElement);
    await expect(canvasElement.querySelector('uc-feedback-form')).toHaveAttribute('data-uc-scheme', 'dark');
  },
};
