import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../components/uc-provider/uc-provider';
import '../components/uc-complaint-tracker/uc-complaint-tracker';
import type { ComplaintBackend } from '../src/client/backend';
import { SAMPLE_COMPLAINT_IDS } from '../src/client/sample-complaints/histories';
import {
  SampleComplaintBackend,
  type SampleComplaintOptions,
} from '../src/client/sample-complaints/sample-complaint-backend';
import { forgetSite, siteOf, type UsercareParameters } from './support/usercare-story';

/** The element's public properties, as story args. */
export interface TrackerArgs {
  complaintId?: string;
  /** where complaints come from; by default the story's loader makes an in-memory server */
  complaintApi?: ComplaintBackend;
}

interface TrackerStoryOptions {
  site: string;
  /** the complaint data; absent: the element asks the provider's backend (LocalBackend here, which cannot track complaints) */
  complaintApi?: ComplaintBackend | undefined;
  lang?: 'en' | 'zh-CN';
  /** a dark page, and the site's theme set to dark */
  dark?: boolean;
}

// Each story runs as its own site inside a <uc-provider> (the tracker needs its
// runtime: storage for the cache and reply drafts, the outbox for writes, and
// the messages), and gets its data from an in-memory complaint server
// (src/client/sample-complaints/) made fresh by the story's loader. Without an
// endpoint the provider runs on LocalBackend in this browser's IndexedDB.
// (A line comment, not JSDoc: the docs page takes its description from the
// element's own JSDoc, through the manifest.)

function trackerInProvider(args: TrackerArgs, options: TrackerStoryOptions): TemplateResult {
  const page = options.dark ? 'color-scheme: dark; background: #0d1117; padding: 1rem;' : 'padding: 1rem;';
  const config = options.dark ? { theme: { colorScheme: 'dark' } } : undefined;
  // The fixture is the provider's backend: the tracker reads from it, and the
  // outbox delivers the story's actions and messages to it.
  return html`<div lang=${options.lang ?? 'en'} style=${page}>
    <uc-provider site=${options.site} .config=${config} .backend=${options.complaintApi}>
      <uc-complaint-tracker complaint-id=${args.complaintId ?? nothing}></uc-complaint-tracker>
    </uc-provider>
  </div>`;
}

/** A loader that makes the story's complaint server, fresh for every run of the story. */
const fixture =
  (options: Omit<SampleComplaintOptions, 'site'> = {}) =>
  ({ parameters }: { parameters: { usercare?: UsercareParameters } }) => ({
    complaintApi: new SampleComplaintBackend({ site: siteOf(parameters), ...options }),
  });

/** The loader's complaint server, if the story has one (Storybook types `loaded` as any). */
function complaintApiIn(loaded: Record<string, unknown>): ComplaintBackend | undefined {
  const api = loaded['complaintApi'];
  return api instanceof SampleComplaintBackend ? api : undefined;
}

/** Reply drafts are kept per complaint (`<site>/c-<id>`): the forms to forget before a story runs. */
const REPLY_DRAFT_FORMS = Object.values(SAMPLE_COMPLAINT_IDS).map((id) => `c-${id}`);

/** The play steps (storybook/test), loaded when a play function runs; see support/tracker-steps.ts for why not statically. */
async function trackerShows(canvasElement: HTMLElement, text: string | RegExp) {
  const steps = await import('./support/tracker-steps');
  return steps.trackerShows(canvasElement, text);
}

const meta = {
  title: 'Elements/uc-complaint-tracker',
  component: 'uc-complaint-tracker',
  args: {},
  argTypes: {
    complaintId: { control: 'text' },
    // An object with methods: no control can edit it. Each story's loader makes one.
    complaintApi: { control: false },
  },
  beforeEach: async ({ parameters }) => {
    await forgetSite(siteOf(parameters), REPLY_DRAFT_FORMS);
  },
  render: (args, { parameters, loaded }) =>
    trackerInProvider(args, { site: siteOf(parameters), complaintApi: args.complaintApi ?? complaintApiIn(loaded) }),
} satisfies Meta<TrackerArgs>;

export default meta;
type Story = StoryObj<TrackerArgs>;

/** The user's complaints, newest change first: status, service area, when received, and the next deadline in words. */
export const List: Story = {
  parameters: { usercare: { site: 'story-tracker-list' } },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, tracker } = await trackerShows(canvasElement, /reply due within \d+ working day/);
    await expect(tracker.getByRole('heading', { name: 'My complaints and feedback' })).toBeVisible();
    await expect(tracker.getAllByRole('listitem').length).toBeGreaterThan(5);
    await expect(tracker.getByText('Waiting for you')).toBeVisible();
  },
};

/** A user who has made no complaint here; the lookup for one made on another device is still offered. */
export const EmptyList: Story = {
  name: 'Empty list',
  parameters: { usercare: { site: 'story-tracker-empty' } },
  loaders: [fixture({ complaints: [] })],
  play: async ({ canvasElement }) => {
    const { expect, tracker } = await trackerShows(canvasElement, 'You have no complaints here.');
    await expect(tracker.getByText('Find a complaint made on another device')).toBeVisible();
  },
};

/**
 * Customer service asked for the return's tracking number: the reply deadline
 * is paused until the user answers, and "Send answer" takes the text in the box.
 */
export const AwaitingYou: Story = {
  name: 'Awaiting you',
  parameters: { usercare: { site: 'story-tracker-awaiting' } },
  args: { complaintId: SAMPLE_COMPLAINT_IDS.awaitingUser },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, tracker } = await trackerShows(canvasElement, 'Clock paused while we wait for your answer');
    await expect(tracker.getByText(/Please send us the courier tracking number/)).toBeVisible();
    await expect(tracker.getByRole('button', { name: 'Send answer' })).toBeVisible();
  },
};

/**
 * Customer service answered: the user may accept the answer, dispute it (the
 * path to arbitration and a third party is explained) or withdraw.
 * Pressing an action queues it in the outbox, which delivers it to the
 * story's complaint server (the provider's backend): the complaint moves on
 * as the lifecycle machine says.
 */
export const Replied: Story = {
  parameters: { usercare: { site: 'story-tracker-replied' } },
  args: { complaintId: SAMPLE_COMPLAINT_IDS.replied },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, tracker } = await trackerShows(canvasElement, 'If you do not accept the answer');
    for (const action of ['Accept the answer', 'Dispute the answer', 'Withdraw complaint'])
      await expect(tracker.getByRole('button', { name: action })).toBeVisible();
    await expect(tracker.getByText(/dispute it within 15 days of the reply/)).toBeVisible();
  },
};

/** The user disputed the answer and the platform's arbitration team (not the person who answered) took it up. */
export const Arbitration: Story = {
  parameters: { usercare: { site: 'story-tracker-arbitration' } },
  args: { complaintId: SAMPLE_COMPLAINT_IDS.arbitration },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, tracker } = await trackerShows(canvasElement, 'Arbitration team Zhao Ming');
    await expect(tracker.getByText('In platform arbitration')).toBeVisible();
    await expect(tracker.getByText(/The order page said 2 %/)).toBeVisible();
  },
};

/** The user accepted the answer; the complaint is resolved and asks for a rating. */
export const ResolvedRateIt: Story = {
  name: 'Resolved — rate it',
  parameters: { usercare: { site: 'story-tracker-rate' } },
  args: { complaintId: SAMPLE_COMPLAINT_IDS.resolved },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, tracker } = await trackerShows(canvasElement, 'How satisfied are you with how this was handled?');
    await expect(tracker.getAllByRole('radio')).toHaveLength(5);
    await expect(tracker.getByRole('button', { name: 'Send rating' })).toBeDisabled();
  },
};

/** The reply deadline passed while the complaint was being investigated: said in red, and in the timeline. */
export const Overdue: Story = {
  parameters: { usercare: { site: 'story-tracker-overdue' } },
  args: { complaintId: SAMPLE_COMPLAINT_IDS.overdue },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, root } = await trackerShows(canvasElement, /reply overdue by 1 working day/);
    await expect(root.querySelector('[part~="deadline"][data-state="overdue"]')).toBeVisible();
    await expect(root.querySelector('[data-type="deadline.missed"]')).toHaveTextContent('The reply deadline passed.');
  },
};

/** A page with no usercare server (LocalBackend) and no other complaint source: the tracker says what it needs. */
export const NotAvailable: Story = {
  name: 'Not available',
  parameters: { usercare: { site: 'story-tracker-unavailable' } },
  play: async ({ canvasElement }) => {
    await trackerShows(canvasElement, 'Complaint tracking needs the usercare server; this page has none configured.');
  },
};

/** The server cannot be reached and this device has no copy of the list: the error, with a way to try again. */
export const LoadFailed: Story = {
  name: 'Load failed',
  parameters: { usercare: { site: 'story-tracker-failed' } },
  loaders: [fixture({ failing: true })],
  play: async ({ canvasElement }) => {
    const { expect, tracker } = await trackerShows(canvasElement, 'The service cannot be reached right now.');
    await expect(tracker.getByRole('button', { name: 'Try again' })).toBeVisible();
  },
};

/** The page says zh-CN: the tracker's words, dates and service areas are Chinese, and so are the complaints. */
export const Chinese: Story = {
  name: 'Chinese (zh-CN)',
  parameters: { usercare: { site: 'story-tracker-zh' } },
  loaders: [fixture({ language: 'zh-CN' })],
  render: (args, { parameters, loaded }) =>
    trackerInProvider(args, {
      site: siteOf(parameters),
      complaintApi: args.complaintApi ?? complaintApiIn(loaded),
      lang: 'zh-CN',
    }),
  play: async ({ canvasElement }) => {
    const { expect, tracker } = await trackerShows(canvasElement, /\d+ 个工作日内答复/);
    await expect(tracker.getByRole('heading', { name: '我的投诉与反馈' })).toBeVisible();
    await expect(tracker.getByText('等待您补充')).toBeVisible();
  },
};

/** The site's theme forces the dark scheme (`theme.colorScheme: "dark"`), whatever the system preference. */
export const Dark: Story = {
  parameters: { usercare: { site: 'story-tracker-dark' } },
  loaders: [fixture()],
  render: (args, { parameters, loaded }) =>
    trackerInProvider(args, {
      site: siteOf(parameters),
      complaintApi: args.complaintApi ?? complaintApiIn(loaded),
      dark: true,
    }),
  play: async ({ canvasElement }) => {
    // The deadline words, not the heading: the heading shows while the list is still loading.
    const { expect } = await trackerShows(canvasElement, /reply due within \d+ working day/);
    await expect(canvasElement.querySelector('uc-complaint-tracker')).toHaveAttribute('data-uc-scheme', 'dark');
  },
};
