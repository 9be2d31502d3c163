import type { ArgTypesEnhancer, Preview, WebComponentsRenderer } from '@storybook/web-components-vite';

/** Rows the docs table lists for reference but that are no inputs: a story cannot set a part, an event or a custom property through args. */
const REFERENCE_ONLY = new Set(['css shadow parts', 'css custom properties', 'events', 'slots']);

const referenceRowsHaveNoControl: ArgTypesEnhancer<WebComponentsRenderer> = ({ argTypes }) =>
  Object.fromEntries(
    Object.entries(argTypes).map(([name, argType]) => [
      name,
      REFERENCE_ONLY.has(String(argType.table?.category)) ? { ...argType, control: false as const } : argType,
    ]),
  );

/**
 * Project-wide story settings. Storybook loads this file; so could a test of
 * the stories, which is why it imports nothing only Storybook's builder can
 * resolve (the manifest comes in through manifest.preview.ts).
 */
const preview: Preview = {
  tags: ['autodocs'],
  argTypesEnhancers: [referenceRowsHaveNoControl],
  parameters: {
    controls: { expanded: true, sort: 'requiredFirst' },
    // axe runs after each story's play function, on the state it reached; a violation is an error, not a todo.
    a11y: { test: 'error' },
    docs: { codePanel: true },
  },
};

export default preview;
