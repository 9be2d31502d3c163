/**
 * Every story of uc-staff-search in real Chromium, in the light and the dark
 * colour scheme: the story's state must show (its text, from the staff
 * catalog, asserted here), matched words in `<mark>` and nothing of a
 * snippet's text made into markup, and axe must find nothing in the element.
 * The CSF3 objects are composed here, as in stories-a11y.test.ts.
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from '@open-wc/testing';
import { checkEveryStory, matches, shown, visible } from './support/story-checks';
import { until } from './support/host-page';
import { fillMessage, type Params } from '../../src/i18n/locale';
import en, { type StaffMessageKey } from '../../src/i18n/staff/en';
import zhCN from '../../src/i18n/staff/zh-CN';
import * as stories from '../../stories/uc-staff-search.stories';
import type { StaffSearchArgs } from '../../stories/uc-staff-search.stories';

const { default: csfMeta, ...named } = stories;
const meta: Meta<StaffSearchArgs> = csfMeta;
type StoryName = Exclude<keyof typeof stories, 'default'>;
const STORIES = named as Record<StoryName, StoryObj<StaffSearchArgs>>;

const say = (key: StaffMessageKey, params?: Params) => fillMessage(en[key], params);

/** What each story shows once it has reached its state. */
const REACHED: Record<StoryName, string> = {
  ChineseWord: say('search.count', { count: 3 }),
  Chinese: fillMessage(zhCN['search.count'], { count: 3 }),
  EnglishWord: say('search.count', { count: 1 }),
  NothingFound: say('search.empty', { query: '发票' }),
  Empty: say('search.prompt'),
  MoreResults: say('search.countMore', { count: 2 }),
  TooLong: say('search.tooLong', { max: 200 }),
  Unreachable: say('queue.unreachable'),
  Dark: say('search.count', { count: 3 }),
};

describe('uc-staff-search stories', () => {
  checkEveryStory(meta, STORIES, 'uc-staff-search', async (name, element) => {
    await until(() => matches(shown(element.shadowRoot), REACHED[name]), `"${REACHED[name]}" in ${name}`).catch(
      (error: Error) => {
        throw new Error(`${error.message}; it shows "${shown(element.shadowRoot)}"`);
      },
    );
    const root = element.shadowRoot!;
    expect(visible(root, REACHED[name]), `"${REACHED[name]}" is visible`).to.equal(true);
    const marks = [...root.querySelectorAll('mark')].map((m) => m.textContent);
    if (['ChineseWord', 'Chinese', 'Dark', 'MoreResults'].includes(name))
      expect(new Set(marks)).to.deep.equal(new Set(['退款']));
    expect(root.querySelector('[part~="snippet"] script')).to.equal(null);
    if (name === 'MoreResults') {
      // The next page by its cursor: the third result follows, focus on it, and nothing more is offered.
      [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(say('search.more')))!.click();
      await until(() => matches(shown(root), say('search.count', { count: 3 })), 'the next page');
      expect(root.querySelectorAll('[part~="result"]').length).to.equal(3);
      await until(() => root.activeElement?.textContent?.trim() === 'UC20261203-Q8WE2R', 'focus on the new result');
      expect([...root.querySelectorAll('button')].some((b) => b.textContent?.includes(say('search.more')))).to.equal(
        false,
      );
    }
  });
});
