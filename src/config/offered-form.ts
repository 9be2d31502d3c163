/**
 * The form as a new submission sees it: what was retired is neither offered
 * nor taken (nor required). It stays in the config so that what was sent
 * with it keeps its name. The server's: the feedback form and LocalBackend
 * write the same filter out, since anything the browser imports from
 * src/config goes into the chunk every page loads (vite.config.ts).
 */
import type { ConfigProblem } from './validate';
import type { FormConfig } from './schema';

export const offeredForm = (form: FormConfig): FormConfig => ({
  ...form,
  categories: form.categories.filter((c) => !c.retired),
  fields: form.fields.filter((f) => !f.retired),
});

/**
 * A form must keep at least one category and one field not retired, or it
 * offers nothing to submit: each problem by its path under `at` (the form's).
 * A refinement of FormConfig that the server applies (src/server/registry.ts,
 * resolveSite) rather than the schema, which every page loads.
 */
export function offerProblems(form: FormConfig, at: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!form.categories.some((c) => !c.retired))
    problems.push({
      path: `${at}.categories`,
      message: 'every category is retired: keep at least one not retired, or the form offers nothing to choose',
    });
  if (!form.fields.some((f) => !f.retired))
    problems.push({
      path: `${at}.fields`,
      message: 'every field is retired: keep at least one not retired, or the form asks for nothing',
    });
  return problems;
}
