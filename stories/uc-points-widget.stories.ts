import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../components/uc-provider/uc-provider';
import '../components/uc-points-widget/uc-points-widget';
import type { Backend } from '../src/client/backend';
import { pageServices } from '../src/client/page-services';
import { leaveDeviceCopy, StoryPointsBackend, storyToken, type PointsFixtureOptions } from './support/points-fixtures';
import { forgetSite, siteOf, type UsercareParameters } from './support/usercare-story';

/** The element's public properties, as story args. */
export interface PointsArgs {
  mode: 'full' | 'compact';
}

interface PointsStoryOptions {
  site: string;
  /** the story's points server; absent: the provider runs on LocalBackend, which keeps no points */
  backend?: Backend | undefined;
  lang?: 'en' | 'zh-CN';
  /** a dark page, and the site's theme set to dark */
  dark?: boolean;
}

// Each story runs as its own site inside a <uc-provider> (the widget needs its
// runtime: storage for the device's copy, the outbox for redemptions, the
// messages), with an in-memory points server (support/points-fixtures.ts),
// made fresh by the story's loader, as the provider's backend: the widget
// reads from it and the outbox delivers redemptions to it. Points belong to a
// signed-in user, so before each story the page identifies one, as a host
// page does with `usercare.identify({ token })`; the story of a visitor signs
// out instead. (A line comment, not JSDoc: the docs page takes its
// description from the element's own JSDoc, through the manifest.)

function widgetInProvider(args: PointsArgs, options: PointsStoryOptions): TemplateResult {
  const page = options.dark ? 'color-scheme: dark; background: #0d1117; padding: 1rem;' : 'padding: 1rem;';
  const config = options.dark ? { theme: { colorScheme: 'dark' } } : undefined;
  return html`<div lang=${options.lang ?? 'en'} style=${page}>
    <uc-provider site=${options.site} .config=${config} .backend=${options.backend}>
      <uc-points-widget mode=${args.mode}></uc-points-widget>
    </uc-provider>
  </div>`;
}

/** A loader that makes the story's points server, fresh for every run of the story. */
const fixture =
  (options: Omit<PointsFixtureOptions, 'site'> = {}) =>
  ({ parameters }: { parameters: { usercare?: UsercareParameters } }) => ({
    pointsBackend: new StoryPointsBackend({ site: siteOf(parameters), ...options }),
  });

/** The loader's points server, if the story has one (Storybook types `loaded` as any). */
function backendIn(loaded: Record<string, unknown>): Backend | undefined {
  const backend = loaded['pointsBackend'];
  return backend instanceof StoryPointsBackend ? backend : undefined;
}

/** The signed-in user of every story but the visitor's, as the host page would identify them. */
function signIn(): void {
  pageServices().identity.identify({ token: storyToken() });
}

const COUPON = '10 yuan off your next order';

/**
 * The play steps' expect and queries (storybook/test), loaded when a play
 * function runs and not at the top: under @web/test-runner its CommonJS
 * dependencies would keep the stories from loading. Through support/steps.ts,
 * which imports it statically: a bare `import('storybook/test')` in a story
 * does not resolve in a static Storybook build (see support/consent-steps.ts).
 */
const steps = () => import('./support/steps');

async function until(check: () => boolean, what: () => string, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the widget shows `text`, then hands back Testing Library queries inside its shadow root. */
async function widgetShows(canvasElement: HTMLElement, text: string | RegExp) {
  const { expect, queriesIn, waitForText } = await steps();
  let root: ShadowRoot | null | undefined;
  await until(
    () => !!(root = canvasElement.querySelector('uc-points-widget')?.shadowRoot),
    () => 'the widget',
  );
  await waitForText(root!, text, 10_000);
  const widget = queriesIn(root!);
  /** Presses a button once it can be pressed: the device's copy, shown while the server is asked, keeps redeeming off. */
  const press = async (name: string) => {
    await until(
      () => widget.queryByRole('button', { name })?.hasAttribute('disabled') === false,
      () => `an enabled "${name}" button in "${root?.textContent?.replace(/\s+/g, ' ').trim()}"`,
    );
    widget.getByRole('button', { name }).click();
  };
  return { expect, root: root!, widget, press };
}

/** Redeem the coupon and confirm: what the redemption stories do. */
async function redeemCoupon(canvasElement: HTMLElement) {
  const shows = await widgetShows(canvasElement, 'How to earn points');
  await shows.press(`Redeem ${COUPON} for 100 points`);
  await widgetShows(canvasElement, `Redeem ${COUPON}?`);
  await shows.press('Yes, redeem');
  return shows;
}

const meta = {
  title: 'Elements/uc-points-widget',
  component: 'uc-points-widget',
  args: { mode: 'full' },
  argTypes: {
    mode: { control: 'inline-radio', options: ['full', 'compact'] },
  },
  beforeEach: async ({ parameters }) => {
    // Redemptions an earlier run left in the outbox would otherwise be delivered to this run's fresh server.
    await forgetSite(siteOf(parameters), []);
    signIn();
  },
  render: (args, { parameters, loaded }) =>
    widgetInProvider(args, { site: siteOf(parameters), backend: backendIn(loaded) }),
} satisfies Meta<PointsArgs>;

export default meta;
type Story = StoryObj<PointsArgs>;

/**
 * A contributor's year: the balance, the level and the way to the next, points
 * pending and points expiring within the month, the rewards (one the balance
 * does not cover, one with no code left), the codes (the newest still
 * undoable, one undone), how to earn, and a dated history with a reason of
 * every kind: accepted suggestions and reports, a rated complaint, an outage
 * compensated, a penalty and an adjustment in staff's words, redemptions,
 * an undo, expired points, and a suggestion over the day's cap.
 */
export const RichAccount: Story = {
  name: 'Rich account',
  parameters: { usercare: { site: 'story-points-rich' } },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, widget } = await widgetShows(
      canvasElement,
      /Compensation for the private messages outage on .+ \(125 min\)/,
    );
    await expect(widget.getByText('Level: Contributor')).toBeVisible();
    await expect(widget.getByText('540 more points to Trusted contributor')).toBeVisible();
    await expect(widget.getByText('50 points pending')).toBeVisible();
    await expect(widget.getByRole('button', { name: 'Undo' })).toBeEnabled();
    await expect(widget.getByText('None left')).toBeVisible();
    await expect(widget.getByText('Needs 500')).toBeVisible();
  },
};

/** A user who has no points yet: the balance is 0, every reward needs more, and the ways to earn are listed. */
export const NewAccount: Story = {
  name: 'New account',
  parameters: { usercare: { site: 'story-points-new' } },
  loaders: [fixture({ account: 'empty' })],
  play: async ({ canvasElement }) => {
    const { expect, widget } = await widgetShows(canvasElement, 'No points yet.');
    await expect(widget.getByText('200 more points to Contributor')).toBeVisible();
    await expect(widget.getByText('Needs 100')).toBeVisible();
  },
};

/** `mode="compact"`: a badge with the balance, for a page header; the rest opens from it. */
export const Compact: Story = {
  parameters: { usercare: { site: 'story-points-compact' } },
  args: { mode: 'compact' },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, root } = await widgetShows(canvasElement, '195 points');
    await expect(root.querySelector('[part~="badge"]')).toHaveAttribute('aria-expanded', 'false');
  },
};

/** The compact badge pressed: the account opens below it. */
export const CompactOpen: Story = {
  name: 'Compact, open',
  parameters: { usercare: { site: 'story-points-compact-open' } },
  args: { mode: 'compact' },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, root } = await widgetShows(canvasElement, '195 points');
    const badge = root.querySelector<HTMLButtonElement>('[part~="badge"]')!;
    badge.click();
    await widgetShows(canvasElement, 'How to earn points');
    await expect(badge).toHaveAttribute('aria-expanded', 'true');
  },
};

/** Redeem pressed: the widget asks first, saying what it costs and from which balance. */
export const ConfirmRedemption: Story = {
  name: 'Confirm a redemption',
  parameters: { usercare: { site: 'story-points-confirm' } },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { expect, widget, press } = await widgetShows(canvasElement, 'How to earn points');
    await press(`Redeem ${COUPON} for 100 points`);
    await widgetShows(canvasElement, '100 points will be taken from your balance of 195.');
    await expect(widget.getByRole('button', { name: 'Yes, redeem' })).toBeVisible();
    await expect(widget.getByRole('button', { name: 'Cancel' })).toBeVisible();
  },
};

/** Confirmed: the outbox delivers the redemption, the server spends the points once and gives a code. */
export const Redeemed: Story = {
  parameters: { usercare: { site: 'story-points-redeemed' } },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    await redeemCoupon(canvasElement);
    const { expect, root } = await widgetShows(canvasElement, `Redeemed ${COUPON}. Your code: QH10-H3NPZ6E9`);
    await widgetShows(canvasElement, /Balance 95 points/);
    await expect(root.querySelector('[part~="balance"]')).toHaveTextContent('95');
  },
};

/** Undo pressed on this morning's coupon, within its window: the points are back and the code is void. */
export const Undone: Story = {
  parameters: { usercare: { site: 'story-points-undone' } },
  loaders: [fixture()],
  play: async ({ canvasElement }) => {
    const { press } = await widgetShows(canvasElement, 'How to earn points');
    await press('Undo');
    await widgetShows(canvasElement, 'Undone: the points are back and the code no longer works.');
    await widgetShows(canvasElement, /Balance 295 points/);
  },
};

/**
 * The server refused: the user had redeemed the same coupon on their phone a
 * moment before, and what is left does not cover a second. Nothing was spent;
 * the account is read again and shows the phone's code.
 */
export const RefusedNotEnoughPoints: Story = {
  name: 'Refused: not enough points',
  parameters: { usercare: { site: 'story-points-insufficient' } },
  loaders: [fixture({ redeemRefuses: 'insufficient_points' })],
  play: async ({ canvasElement }) => {
    await redeemCoupon(canvasElement);
    const { expect, widget } = await widgetShows(canvasElement, 'Not enough points for this reward.');
    await expect(widget.getByRole('alert')).toBeVisible();
  },
};

/** The server refused: other users took the coupon's last codes a moment before. Nothing was spent; the coupon now says none are left. */
export const RefusedRewardGone: Story = {
  name: 'Refused: reward ran out',
  parameters: { usercare: { site: 'story-points-gone' } },
  loaders: [fixture({ redeemRefuses: 'reward_unavailable' })],
  play: async ({ canvasElement }) => {
    await redeemCoupon(canvasElement);
    const { expect, widget } = await widgetShows(canvasElement, 'This reward has run out.');
    await expect(widget.getByRole('alert')).toBeVisible();
  },
};

/** Confirmed while the server cannot be reached: the outbox keeps the redemption and sends it when it can; the points are spent once. */
export const Queued: Story = {
  name: 'Redemption waiting to be sent',
  parameters: { usercare: { site: 'story-points-queued' } },
  loaders: [fixture({ writesUnreachable: true })],
  play: async ({ canvasElement }) => {
    await redeemCoupon(canvasElement);
    await widgetShows(canvasElement, 'Saved on this device: the redemption is sent when you are back online.');
  },
};

/**
 * Offline: the server cannot be reached, so the widget shows the copy this
 * device kept on the last visit (yesterday), says so and when it is from,
 * and offers no redemption until it can ask the server.
 */
export const Offline: Story = {
  name: 'Offline: the device’s copy',
  parameters: { usercare: { site: 'story-points-offline' } },
  loaders: [
    async ({ parameters }: { parameters: { usercare?: UsercareParameters } }) => {
      const site = siteOf(parameters);
      // The page's store is the widget's: the copy a visit 20 hours ago left, for the signed-in user.
      await leaveDeviceCopy(site, 20 * 60 * 60_000);
      return { pointsBackend: new StoryPointsBackend({ site, failing: 'network' }) };
    },
  ],
  play: async ({ canvasElement }) => {
    const { expect, widget } = await widgetShows(canvasElement, 'Offline: showing your points as of');
    await expect(widget.getByRole('button', { name: `Redeem ${COUPON} for 100 points` })).toBeDisabled();
  },
};

/** The server answers 503 and this device has no copy: the error in the user's words, with a way to try again. */
export const LoadFailed: Story = {
  name: 'Load failed',
  parameters: { usercare: { site: 'story-points-failed' } },
  loaders: [fixture({ failing: true })],
  play: async ({ canvasElement }) => {
    const { expect, widget } = await widgetShows(canvasElement, 'The service cannot be reached right now.');
    await expect(widget.getByRole('button', { name: 'Try again' })).toBeVisible();
  },
};

/**
 * A visitor who is not signed in: points belong to a user, so the widget asks
 * them to sign in and asks the server nothing. Not on the docs page: the
 * page's identity is one for all its stories, and the others are signed in.
 */
export const SignedOut: Story = {
  name: 'Not signed in',
  tags: ['!autodocs'],
  parameters: { usercare: { site: 'story-points-signed-out' } },
  loaders: [fixture()],
  beforeEach: () => {
    pageServices().identity.forget();
  },
  play: async ({ canvasElement }) => {
    await widgetShows(canvasElement, 'Sign in to see and collect points.');
  },
};

/** A page with no usercare server (LocalBackend, which keeps no ledger) and no other points source: the widget says what it needs. */
export const NotAvailable: Story = {
  name: 'Not available',
  parameters: { usercare: { site: 'story-points-unavailable' } },
  play: async ({ canvasElement }) => {
    await widgetShows(canvasElement, 'Points need the usercare server; this page has none configured.');
  },
};

/** The page says zh-CN: the widget's words, numbers and dates are Chinese, and so are staff's reasons and the rewards. */
export const Chinese: Story = {
  name: 'Chinese (zh-CN)',
  parameters: { usercare: { site: 'story-points-zh' } },
  loaders: [fixture({ language: 'zh-CN' })],
  render: (args, { parameters, loaded }) =>
    widgetInProvider(args, { site: siteOf(parameters), backend: backendIn(loaded), lang: 'zh-CN' }),
  play: async ({ canvasElement }) => {
    const { expect, widget } = await widgetShows(canvasElement, '等级：贡献者');
    await expect(widget.getByRole('heading', { name: '我的积分' })).toBeVisible();
    await expect(widget.getByText(/私信与通知 故障补偿/)).toBeVisible();
  },
};

/** The site's theme forces the dark scheme (`theme.colorScheme: "dark"`), whatever the system preference. */
export const Dark: Story = {
  parameters: { usercare: { site: 'story-points-dark' } },
  loaders: [fixture()],
  render: (args, { parameters, loaded }) =>
    widgetInProvider(args, { site: siteOf(parameters), backend: backendIn(loaded), dark: true }),
  play: async ({ canvasElement }) => {
    // The level's words, not the heading: the heading shows while the points are still loading.
    const { expect } = await widgetShows(canvasElement, 'Level: Contributor');
    await expect(canvasElement.querySelector('uc-points-widget')).toHaveAttribute('data-uc-scheme', 'dark');
  },
};
