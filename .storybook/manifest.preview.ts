/**
 * Docs and controls from the code's JSDoc: the custom elements manifest,
 * analysed from components/ when Storybook starts (see main.ts). Kept out of
 * preview.ts so the stories' tests can load preview.ts without Storybook's
 * builder.
 */
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import manifest from 'virtual:usercare/custom-elements';

setCustomElementsManifest(manifest);
