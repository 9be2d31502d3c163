/**
 * Every story of uc-studio in real Chromium, in the light and the dark
 * colour scheme: the story's state must show (its text, from the studio's
 * catalog, asserted here), an editing story must have drawn every section
 * and the preview before axe looks, lint's error must sit beside the field
 * it concerns, and axe must find nothing in the element. The CSF3 objects
 * are composed here, as in stories-a11y.test.ts.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from '@open-wc/testing';
import { checkEveryStory, matches, shown, visible } from './support/story-checks';
import { until } from './support/host-page';
import { fillMessage, type Params } from '../../src/i18n/locale';
import en, { type StudioMessageKey } from '../../src/i18n/studio/en';
import zhCN from '../../src/i18n/studio/zh-CN';
import * as stories from '../../stories/uc-studio.stories';
import type { StudioArgs } from '../../stories/uc-studio.stories';

const { default: csfMeta, ...named } = stories;
const meta: Meta<StudioArgs> = csfMeta;
type StoryName = Exclude<keyof typeof stories, 'default'>;
const STORIES = named as Record<StoryName, StoryObj<StudioArgs>>;

const say = (key: StudioMessageKey, params?: Params) => fillMessage(en[key], params);

/** What each story shows once it has reached its state. */
const REACHED: Record<StoryName, string> = {
  DraftToPublish: say('problems.none'),
  Chinese: zhCN['problems.none'],
  LintError: 'asks for personal data',
  AsPublished: say('problems.none'),
  NotAnAdmin: 'Only administrators configure the site',
  Unreachable: say('studio.failed', { message: 'TypeError: Failed to fetch' }),
  Dark: say('problems.none'),
};

/** The stories that edit: every section is drawn, with what it loads, before axe looks. */
const EDITING: readonly StoryName[] = ['DraftToPublish', 'Chinese', 'LintError', 'AsPublished', 'Dark'];

describe('uc-studio stories', () => {
  checkEveryStory(meta, STORIES, 'uc-studio', async (name, element) => {
    const root = () => element.shadowRoot!;
    await until(() => matches(shown(root()), REACHED[name]), `"${REACHED[name]}" in ${name}`).catch((error: Error) => {
      throw new Error(`${error.message}; it shows "${shown(root())}"`);
    });
    expect(visible(root(), REACHED[name]), `"${REACHED[name]}" is visible`).to.equal(true);
    if (!EDITING.includes(name)) return;
    const zh = name === 'Chinese';
    await until(() => root().querySelector('.texts > li') !== null, 'the texts');
    await until(() => root().querySelector('[data-token="crm-sync"]') !== null, 'the tokens');
    await until(() => shown(root()).includes('0a1b2c3d4e'), 'the snippet');
    await until(() => root().querySelector('[data-deadline="firstReply"]') !== null, 'the deadline preview');
    expect(shown(root()), 'nothing the story’s server failed to answer').to.not.include(
      say('studio.failed', { message: '' }).trim(),
    );
    await until(
      () =>
        !!root()
          .querySelector('uc-studio-preview')
          ?.shadowRoot?.querySelector('uc-feedback-form')
          ?.shadowRoot?.querySelector('form'),
      'the preview',
    );
    if (name === 'LintError') {
      expect(root().querySelector('[data-field="phone"] .problems')?.textContent).to.include('asks for personal data');
      const publish = [...root().querySelectorAll('button')].find((b) => b.textContent?.includes(say('publish.start')));
      expect(publish, 'publishing can still be reviewed').to.not.equal(undefined);
    }
    if (name === 'DraftToPublish' || name === 'Dark')
      expect(root().querySelector('[data-category="returns"] .warnings')?.textContent).to.include(
        'has no deadline policy',
      );
    if (zh) expect(shown(root())).to.include(zhCN['forms.title']);
  });
});
