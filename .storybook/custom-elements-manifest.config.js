/**
 * The analyzer settings Storybook uses (see main.ts). The same globs and Lit
 * handling as `npm run build`, but `packagejson: false`: the CLI otherwise
 * points package.json's `customElements` at whatever --outdir it was given.
 */
export default {
  globs: ['components/**/*.ts'],
  litelement: true,
  packagejson: false,
  quiet: true,
};
