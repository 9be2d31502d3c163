/**
 * Every story of uc-consent-banner in real Chromium, in the light and the dark
 * colour scheme: the story's beforeEach runs (it forgets or seeds the site's
 * stored decision, or turns on Global Privacy Control), its render goes into
 * the page, the state must show (its text is asserted here, independently of
 * the play function), and axe must find nothing in the element, shadow DOM
 * and the modal dialog included. Then the stories' fixture itself: each
 * config it makes must pass the contract the banner checks a server's with.
 *
 * The CSF3 objects are composed here rather than with composeStories, for the
 * reason given in stories-a11y.test.ts.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from '@open-wc/testing';
import { checkEveryStory, matches, shown, visible } from './support/story-checks';
import { checkConsentConfig } from '../../src/consent/check-config';
import { decisionKey, decodeDecision, grantsOf } from '../../src/consent/decision';
import { earlierDecision, storyConsentConfig } from '../../stories/support/consent-fixtures';
import * as stories from '../../stories/uc-consent-banner.stories';
import type { ConsentBannerArgs } from '../../stories/uc-consent-banner.stories';

const { default: csfMeta, ...named } = stories;
const meta: Meta<ConsentBannerArgs> = csfMeta;
type StoryName = Exclude<keyof typeof stories, 'default'>;
type Story = StoryObj<ConsentBannerArgs>;
const STORIES = named as Record<StoryName, Story>;

/** What each story must show once it has reached its state. */
const REACHED: Record<StoryName, string | RegExp> = {
  FirstVisit: 'We use cookies and similar technologies',
  Preferences: 'Each item below needs its own consent',
  ChangedPurpose: 'What we ask your consent for has changed: Analytics.',
  GlobalPrivacyControl: 'Your browser sends Global Privacy Control',
  AgeQuestion: 'Under 14',
  Unavailable: 'Privacy settings could not be loaded.',
  Chinese: '我们会为以下目的使用 Cookie 及类似技术',
  English: 'We use cookies and similar technologies',
};

/** The first layer's choices, in order, where a story shows the first layer. */
const CHOICES: Partial<Record<StoryName, string[]>> = {
  FirstVisit: ['Accept all', 'Reject all', 'Customise'],
  ChangedPurpose: ['Accept all', 'Reject all', 'Customise'],
  GlobalPrivacyControl: ['Accept all', 'Reject all', 'Customise'],
  AgeQuestion: ['Accept all', 'Reject all', 'Customise'],
  Chinese: ['全部接受', '全部拒绝', '自定义'],
  English: ['Accept all', 'Reject all', 'Customise'],
};

async function until(check: () => boolean, what: () => string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const buttons = (root: ShadowRoot, scope: string) => [
  ...root.querySelectorAll<HTMLButtonElement>(`${scope} .actions button`),
];

describe('uc-consent-banner stories: states and accessibility', function () {
  this.timeout(60_000);
  checkEveryStory(meta, STORIES, 'uc-consent-banner', async (name, element, scheme) => {
    await until(
      () => matches(shown(element.shadowRoot), REACHED[name]),
      () => `"${String(REACHED[name])}" in ${name}; it shows "${shown(element.shadowRoot)}"`,
    );
    const root = element.shadowRoot!;
    expect(visible(root, REACHED[name]), `"${String(REACHED[name])}" is visible`).to.equal(true);

    const choices = CHOICES[name];
    if (choices) {
      const first = buttons(root, '[part~="banner"]');
      expect(
        first.map((b) => b.textContent?.trim()),
        'the first layer’s choices',
      ).to.deep.equal(choices);
      // Refusing is as easy to see as accepting: the three choices look alike.
      const looks = first.map((b) => {
        const style = getComputedStyle(b);
        return [
          style.backgroundColor,
          style.color,
          style.borderColor,
          style.fontWeight,
          b.getBoundingClientRect().height,
        ].join(' ');
      });
      expect(new Set(looks).size, `the choices look alike: ${looks.join(' | ')}`).to.equal(1);
      expect(root.querySelector('dialog')?.open ?? false, 'no dialog over the first layer').to.equal(false);
    }
    if (name === 'Preferences') {
      const dialog = root.querySelector('dialog')!;
      expect(dialog.open, 'the dialog is open').to.equal(true);
      expect(dialog.matches(':modal'), 'as a modal dialog').to.equal(true);
      expect(
        dialog.contains(root.activeElement),
        `focus is in the dialog, not on ${root.activeElement?.localName ?? document.activeElement?.localName ?? 'nothing'}`,
      ).to.equal(true);
      const optional = [...dialog.querySelectorAll<HTMLInputElement>('input[role="switch"]:not(#uc-necessary)')];
      expect(optional.length, 'a switch per category, service and separate item').to.equal(4 + 2 + 3);
      expect(
        optional.filter((s) => s.checked).map((s) => s.id),
        'nothing optional is pre-ticked',
      ).to.deep.equal([]);
    }
    if (name === 'ChangedPurpose')
      expect(shown(root), 'the first visit’s text is not repeated').not.to.contain(
        'We use cookies and similar technologies',
      );
    if (name === 'AgeQuestion') {
      const [accept] = buttons(root, '[part~="banner"]');
      expect(accept?.disabled, 'nothing optional before the age question is answered').to.equal(true);
      expect(root.querySelectorAll('fieldset input[type="radio"]').length, 'two answers to the age question').to.equal(
        2,
      );
    }
    if (name === 'Unavailable')
      expect(root.querySelector('[part~="banner"] button')?.textContent?.trim()).to.equal('Try again');
    expect(
      getComputedStyle(root.querySelector('[part~="base"]')!).colorScheme,
      'the scheme the element renders in',
    ).to.equal(scheme);
    if (name === 'English') expect(element.closest('[lang]')?.getAttribute('lang')).to.equal('en');
  });
});

describe('uc-consent-banner stories: what they leave behind', () => {
  // Mocha runs a suite's own tests before its inner suites: this one needs a suite after the stories'.
  it('stores nothing by showing itself: no story left a decision behind', () => {
    for (const story of Object.values(STORIES)) {
      const site = (story.parameters as { usercare: { site: string } }).usercare.site;
      const left = decodeDecision(localStorage.getItem(decisionKey(site)), site);
      // ChangedPurpose's decision is its own seed; the banner added nothing to it.
      if (site === 'story-consent-changed') expect(left?.categories.analytics?.version, site).to.equal('1');
      else expect(left, site).to.equal(undefined);
    }
  });
});

describe('the stories’ consent fixture', () => {
  it('makes configs that pass the contract the banner checks a server’s with, one site and revision each', () => {
    const sites = Object.values(STORIES).map((s) => (s.parameters as { usercare: { site: string } }).usercare.site);
    expect(new Set(sites).size, 'a site of its own per story').to.equal(sites.length);
    const revisions = new Set<string>();
    for (const options of [{}, { guardianAge: 14 }, { versions: { analytics: '2' } }]) {
      const config = storyConsentConfig('story-fixture-check', options);
      expect(checkConsentConfig(JSON.parse(JSON.stringify(config))), JSON.stringify(options)).to.deep.equal(config);
      revisions.add(config.revision);
    }
    expect(revisions.size, 'what is shown changes the revision').to.equal(3);
  });

  it('seeds a decision that asks again for the changed purpose only', () => {
    const config = storyConsentConfig('story-fixture-check', { versions: { analytics: '2' } });
    const decision = earlierDecision(config, { granted: true, versions: { analytics: '1' } });
    const grants = grantsOf(config, decision, Date.now(), false);
    expect(grants.ask).to.deep.equal(['category:analytics']);
    expect(grants.categories).to.deep.include({
      functional: true,
      analytics: false,
      marketing: true,
      personalisation: true,
    });
  });
});
