import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../components/uc-consent-banner/uc-consent-banner';
import type { ConsentConfig } from '../src/contract/consent';
import {
  earlierDecision,
  forgetConsent,
  leaveDecision,
  storyConsentConfig,
  type StoryConsentOptions,
} from './support/consent-fixtures';
import { siteOf, type UsercareParameters } from './support/usercare-story';

/** The element's public attributes, as story args. */
export interface ConsentBannerArgs {
  /** opens the preferences dialog, as `usercare.consent.open()` and `<uc-consent-settings>` do */
  preferences: boolean;
}

/** `parameters.consent` of a story: what its site's consent config says. */
export interface ConsentStoryParameters extends StoryConsentOptions {
  /** no `.config`: the banner asks this endpoint, which fails */
  unavailable?: boolean;
}

interface StoryParameters {
  usercare?: UsercareParameters;
  consent?: ConsentStoryParameters;
}

interface BannerOnPage {
  site: string;
  /** given to the element (no request is made); absent: it asks `endpoint` */
  config: ConsentConfig | undefined;
  endpoint?: string;
  /** the page's language */
  lang?: 'en' | 'zh-CN';
  /** the element's own `lang`, which wins over the page's */
  elementLang?: 'en' | 'zh-CN';
}

// Each story runs as its own site: the banner keeps a decision per site in
// localStorage, so one story's choice never hides another's banner, and each
// story's beforeEach forgets what an earlier run of it decided. The config is
// given through `.config` (no request, no proof sent), except in
// "Unavailable", which asks an address where no usercare server answers.
// Fixed to the bottom of the viewport and opening a modal dialog, the banner
// gets a frame of its own on the docs page. (A line comment, not JSDoc: the
// docs page takes its description from the element's own JSDoc.)

/** Where "Unavailable" asks for its config: a path of the page's own server that is no usercare server (a 404). */
const NO_SERVER = '/__no-usercare-server';

function configOf(parameters: StoryParameters): ConsentConfig | undefined {
  const { unavailable, ...options } = parameters.consent ?? {};
  return unavailable ? undefined : storyConsentConfig(siteOf(parameters), options);
}

/** The story's site, and its config, or (for "Unavailable") the endpoint that fails. */
function storyPage(parameters: StoryParameters, page: Pick<BannerOnPage, 'lang' | 'elementLang'> = {}): BannerOnPage {
  const config = configOf(parameters);
  return { site: siteOf(parameters), config, ...(config ? {} : { endpoint: NO_SERVER }), ...page };
}

function bannerOnPage(args: ConsentBannerArgs, options: BannerOnPage): TemplateResult {
  const zh = options.lang === 'zh-CN';
  return html`<div lang=${options.lang ?? 'en'} style="padding: 1rem; min-height: 28rem;">
    <h1 style="margin-top: 0;">${zh ? '青禾生活馆' : 'Qinghe Living'}</h1>
    <p>${zh ? '有机小米、手工竹编收纳篮、云南古树红茶……横幅固定在窗口底部，不会挤动页面。' : 'Organic millet, hand-woven baskets, Yunnan black tea… The banner sits at the bottom of the window and never moves the page.'}</p>
    <uc-consent-banner
      site=${options.site}
      endpoint=${options.endpoint ?? nothing}
      lang=${options.elementLang ?? nothing}
      ?preferences=${args.preferences}
      .config=${options.config}
    ></uc-consent-banner>
  </div>`;
}

/** The play steps (storybook/test), loaded when a play function runs; see support/consent-steps.ts for why not statically. */
async function bannerShows(canvasElement: HTMLElement, text: string | RegExp) {
  const { bannerShows: shows } = await import('./support/consent-steps');
  return shows(canvasElement, text);
}

const meta = {
  title: 'Elements/uc-consent-banner',
  component: 'uc-consent-banner',
  args: { preferences: false },
  argTypes: {
    preferences: { control: 'boolean' },
    // The element's other properties (from the manifest) are each story's own: its site and config. No controls for them.
    ...({
      site: { control: false },
      endpoint: { control: false },
      config: { control: false },
    } as Meta<ConsentBannerArgs>['argTypes']),
  },
  parameters: { docs: { story: { inline: false, height: '34rem' } } },
  beforeEach: ({ parameters }) => {
    forgetConsent(siteOf(parameters));
  },
  render: (args, { parameters }) => bannerOnPage(args, storyPage(parameters)),
} satisfies Meta<ConsentBannerArgs>;

export default meta;
type Story = StoryObj<ConsentBannerArgs>;

/**
 * A first visit: nothing decided yet. Three equal choices (accepting is no
 * easier to see or hit than refusing), the site's policies with their
 * versions, and nothing optional runs until the user chooses.
 */
export const FirstVisit: Story = {
  name: 'First visit',
  parameters: { usercare: { site: 'story-consent-first' } },
  play: async ({ canvasElement }) => {
    const { expect, banner } = await bannerShows(canvasElement, 'We use cookies and similar technologies');
    for (const name of ['Accept all', 'Reject all', 'Customise'])
      await expect(banner.getByRole('button', { name })).toBeEnabled();
    await expect(banner.getByRole('link', { name: 'Privacy policy' })).toBeVisible();
  },
};

/**
 * The preferences dialog, as "Customise", `usercare.consent.open()` or
 * `<uc-consent-settings>` open it: each category with its services, PIPL's
 * separate consents one switch each, every optional switch off.
 */
export const Preferences: Story = {
  name: 'Preferences dialog',
  parameters: { usercare: { site: 'story-consent-preferences' } },
  args: { preferences: true },
  play: async ({ canvasElement }) => {
    const { expect, banner } = await bannerShows(canvasElement, 'Separate consent');
    await expect(banner.getByRole('dialog', { name: 'Privacy settings' })).toBeVisible();
    await expect(banner.getByRole('switch', { name: /Strictly necessary/ })).toBeDisabled();
    await expect(banner.getByRole('switch', { name: 'Analytics' })).not.toBeChecked();
    await expect(banner.getByRole('switch', { name: /SF Express/ })).not.toBeChecked();
  },
};

const CHANGED: StoryConsentOptions = { versions: { analytics: '2' } };

/**
 * The user decided a month ago; since then what "Analytics" covers changed
 * (its policy version went from 1 to 2). Only that purpose is asked again;
 * the other choices stay in force.
 */
export const ChangedPurpose: Story = {
  name: 'Changed purpose asked again',
  parameters: { usercare: { site: 'story-consent-changed' }, consent: CHANGED },
  beforeEach: ({ parameters }) => {
    const config = configOf(parameters)!;
    leaveDecision(earlierDecision(config, { granted: true, versions: { analytics: '1' } }));
  },
  play: async ({ canvasElement }) => {
    const { expect, banner } = await bannerShows(canvasElement, 'What we ask your consent for has changed: Analytics.');
    await expect(banner.getByRole('button', { name: 'Accept all' })).toBeEnabled();
  },
};

/**
 * The browser sends Global Privacy Control (`navigator.globalPrivacyControl`,
 * defined by this story's beforeEach and removed after it): the banner says
 * so, and marketing and sharing with third parties cannot be switched on.
 */
export const GlobalPrivacyControl: Story = {
  name: 'Global Privacy Control on',
  parameters: { usercare: { site: 'story-consent-gpc' } },
  // A beforeEach rather than a decorator: the browser tests compose stories without decorators, and the cleanup runs when the story goes.
  beforeEach: () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, get: () => true });
    return () => {
      delete navigator.globalPrivacyControl;
    };
  },
  play: async ({ canvasElement }) => {
    const { expect, banner } = await bannerShows(canvasElement, 'Your browser sends Global Privacy Control');
    await expect(banner.getByRole('button', { name: 'Accept all' })).toBeEnabled();
  },
};

/**
 * The site sets a guardian age (PIPL Art. 31: 14 in mainland China): the user
 * says whether they are under it before anything optional can be accepted;
 * under it, a parent or guardian must agree.
 */
export const AgeQuestion: Story = {
  name: 'Age question',
  parameters: { usercare: { site: 'story-consent-age' }, consent: { guardianAge: 14 } },
  play: async ({ canvasElement }) => {
    const { expect, userEvent, banner } = await bannerShows(canvasElement, 'Your age');
    await expect(banner.getByRole('button', { name: 'Accept all' })).toBeDisabled();
    await userEvent.click(banner.getByRole('radio', { name: 'Under 14' }));
    await expect(
      banner.getByText('Under 14, optional purposes need the agreement of your parent or guardian.'),
    ).toBeVisible();
    await userEvent.click(banner.getByRole('checkbox', { name: /My parent or guardian/ }));
    await expect(banner.getByRole('button', { name: 'Accept all' })).toBeEnabled();
  },
};

/**
 * The consent config cannot be loaded (no usercare server answers at the
 * endpoint, and this device has no copy from an earlier visit): only what is
 * strictly necessary is used, and the user can try again.
 */
export const Unavailable: Story = {
  parameters: { usercare: { site: 'story-consent-unavailable' }, consent: { unavailable: true } },
  play: async ({ canvasElement }) => {
    const { expect, banner } = await bannerShows(canvasElement, 'Privacy settings could not be loaded.');
    await expect(banner.getByRole('button', { name: 'Try again' })).toBeEnabled();
  },
};

/** The page says zh-CN: the banner's words and the site's purposes and policies are Chinese. */
export const Chinese: Story = {
  name: 'Chinese (zh-CN)',
  parameters: { usercare: { site: 'story-consent-zh' } },
  render: (args, { parameters }) => bannerOnPage(args, storyPage(parameters, { lang: 'zh-CN' })),
  play: async ({ canvasElement }) => {
    const { expect, banner } = await bannerShows(canvasElement, '我们重视您的隐私');
    for (const name of ['全部接受', '全部拒绝', '自定义'])
      await expect(banner.getByRole('button', { name })).toBeEnabled();
    await expect(banner.getByRole('link', { name: '隐私政策' })).toBeVisible();
  },
};

/** English on a Chinese page: the element's own `lang` comes before the page's. */
export const English: Story = {
  name: 'English (en) on a zh-CN page',
  parameters: { usercare: { site: 'story-consent-en' } },
  render: (args, { parameters }) => bannerOnPage(args, storyPage(parameters, { lang: 'zh-CN', elementLang: 'en' })),
  play: async ({ canvasElement }) => {
    const { expect, banner } = await bannerShows(canvasElement, 'We respect your privacy');
    await expect(banner.getByRole('link', { name: 'Terms of service' })).toBeVisible();
  },
};
