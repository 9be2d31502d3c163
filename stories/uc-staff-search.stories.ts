import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../components/uc-staff-console/uc-staff-search';
import { BackendError } from '../src/client/errors';
import { storySearch, storyStaffRuntime, type StorySearchOptions } from './support/staff-fixtures';

/** The element's public properties, as story args. */
export interface StaffSearchArgs {
  query: string;
}

interface StaffSearchStoryOptions extends StorySearchOptions {
  lang?: 'en' | 'zh-CN';
  /** a dark page */
  dark?: boolean;
}

// Each story puts <uc-staff-search> alone inside <uc-story-staff>, which
// provides a staff runtime with a person signed in and an in-memory search
// server answering as GET /v1/staff/search does (support/staff-fixtures.ts).
// (A line comment, not JSDoc: the docs page takes its description from the
// element's own JSDoc, through the manifest.)
function searchAlone(args: StaffSearchArgs, options: StaffSearchStoryOptions = {}): TemplateResult {
  const page = options.dark ? 'color-scheme: dark; background: #0d1117; padding: 1rem;' : 'padding: 1rem;';
  return html`<div lang=${options.lang ?? 'en'} style=${page}>
    <uc-story-staff .runtime=${storyStaffRuntime(storySearch(options))}>
      <uc-staff-search query=${args.query}></uc-staff-search>
    </uc-story-staff>
  </div>`;
}

const meta: Meta<StaffSearchArgs> = {
  title: 'Elements/uc-staff-search',
  component: 'uc-staff-search',
  tags: ['autodocs'],
  args: { query: '退款' },
  argTypes: { query: { control: 'text' } },
  render: (args) => searchAlone(args),
};
export default meta;
type Story = StoryObj<StaffSearchArgs>;

/** A two-character Chinese word: every text that holds it, the word marked. */
export const ChineseWord: Story = {};

/** The same in the console's Chinese. */
export const Chinese: Story = { render: (args) => searchAlone(args, { lang: 'zh-CN' }) };

/** An English word, whatever its case. */
export const EnglishWord: Story = { args: { query: 'Refund' } };

/** Nothing found. */
export const NothingFound: Story = { args: { query: '发票' } };

/** No query yet: what to type. */
export const Empty: Story = { args: { query: '' } };

/** More results than a page: the "More results" button. */
export const MoreResults: Story = { render: (args) => searchAlone(args, { page: 2 }) };

/** A query the server refuses (too long). */
export const TooLong: Story = {
  render: (args) =>
    searchAlone(args, {
      failure: new BackendError('validation_failed', 'some values are not valid', 422, [
        { path: 'q', code: 'too_long', message: 'q is longer than 200 characters', params: { max: 200 } },
      ]),
    }),
};

/** The server cannot be reached. */
export const Unreachable: Story = {
  render: (args) => searchAlone(args, { failure: new BackendError('network', 'Failed to fetch') }),
};

/** On a dark page. */
export const Dark: Story = { render: (args) => searchAlone(args, { dark: true }) };
