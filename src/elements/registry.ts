/**
 * The elements the loader defines on sight, each built as `<tag>.js` (see
 * vite.config.ts). The loader reads this at build time (it is inlined), so
 * adding an element here is all it takes for a script-tag page.
 */
export const ELEMENT_TAGS = ['uc-feedback-form', 'uc-complaint-tracker', 'uc-provider', 'uc-points-widget'] as const;

/** The chunk that defines a tag (the loader spells it out itself: a function call costs it bytes). */
export const chunkOf = (tag: string): string => `${tag}.js`;
