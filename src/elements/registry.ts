/**
 * Which chunk defines which tag. The loader reads this at build time (it is
 * inlined), so adding an element here is all it takes for a script-tag page.
 */
export const ELEMENT_CHUNKS = {
  'uc-feedback-form': 'uc-feedback-form.js',
  'uc-complaint-tracker': 'uc-complaint-tracker.js',
  'uc-provider': 'uc-provider.js',
} as const;
