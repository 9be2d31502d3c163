import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../components/uc-studio/uc-studio';
import type { StaffMe } from '../src/contract/staff';
import { STORY_STAFF_ME } from './support/staff-fixtures';
import {
  STORY_ADMIN,
  StoryConfigServer,
  storyStudioRuntime,
  studioDeviceCopyKey,
  type StudioFixtureOptions,
} from './support/studio-fixtures';

/** <uc-studio> has no public properties: what a story changes is the server it talks to and who is signed in. */
export type StudioArgs = Record<string, never>;

interface StudioStoryOptions extends StudioFixtureOptions {
  lang?: 'en' | 'zh-CN';
  /** a dark page */
  dark?: boolean;
  /** who is signed in (an admin by default) */
  me?: StaffMe;
}

// Each story puts <uc-studio> inside <uc-story-staff>, which provides a staff
// runtime with a person signed in; its requests reach an in-memory admin API
// of the site's configuration (support/studio-fixtures.ts) through a real
// RestBackend. The live preview is the real form on LocalBackend, as in the
// back office. (A line comment, not JSDoc: the docs page takes its description
// from the element's own JSDoc, through the manifest.)
function studioAlone(options: StudioStoryOptions = {}): TemplateResult {
  const page = options.dark ? 'color-scheme: dark; background: #0d1117; padding: 1rem;' : 'padding: 1rem;';
  const server = new StoryConfigServer(options);
  return html`<div lang=${options.lang ?? 'en'} style=${page}>
    <uc-story-staff .runtime=${storyStudioRuntime(server, options.me)}>
      <uc-studio></uc-studio>
    </uc-story-staff>
  </div>`;
}

const meta: Meta<StudioArgs> = {
  title: 'Elements/uc-studio',
  component: 'uc-studio',
  tags: ['autodocs'],
  args: {},
  // Every story starts from its server's draft: a copy an earlier story left on this device would win over it.
  beforeEach: () => localStorage.removeItem(studioDeviceCopyKey(STORY_ADMIN.principal)),
  render: () => studioAlone({ draft: 'changed' }),
};
export default meta;
type Story = StoryObj<StudioArgs>;

/** A draft that adds a field and a category: nothing blocks it, lint's warnings are listed apart. */
export const DraftToPublish: Story = {};

/** The same in the back office's Chinese. */
export const Chinese: Story = { render: () => studioAlone({ draft: 'changed', lang: 'zh-CN' }) };

/** A phone field with no purpose: lint's error, beside the field and in the list, blocks publishing. */
export const LintError: Story = { render: () => studioAlone({ draft: 'lint-error' }) };

/** Nothing changed since the published version. */
export const AsPublished: Story = { render: () => studioAlone({ draft: 'published' }) };

/** An agent: only administrators configure the site. */
export const NotAnAdmin: Story = { render: () => studioAlone({ me: STORY_STAFF_ME }) };

/** The server cannot be reached: said, with a way to try again. */
export const Unreachable: Story = { render: () => studioAlone({ unreachable: true }) };

/** On a dark page. */
export const Dark: Story = { render: () => studioAlone({ draft: 'changed', dark: true }) };
