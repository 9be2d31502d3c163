import { SiteConfig } from './schema';
import type { SiteConfig as SiteConfigType } from './schema';

/** One bad value in a config, addressed the way an owner reads their JSON: `forms.default.fields[2].type`. */
export interface ConfigProblem {
  path: string;
  message: string;
  /** set when the server refused this page's origin (403 origin_not_allowed): the origin, for the element's own sentence */
  refusedOrigin?: string;
}

export type ConfigResult = { ok: true; config: SiteConfigType } | { ok: false; problems: ConfigProblem[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  values?: unknown[];
  minimum?: unknown;
  maximum?: unknown;
  keys?: string[];
  errors?: IssueLike[][];
}

/** zod/mini carries no message catalog ("Invalid input"), so explain each issue code here, in the owner's terms. */
export function describeIssue(issue: IssueLike): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected ?? 'another type'}`;
    case 'invalid_value':
      return `expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `unknown keys: ${(issue.keys ?? []).join(', ')}`;
    case 'invalid_format':
      return 'has the wrong format';
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    default:
      return 'is not valid';
  }
}

export function validateConfig(input: unknown): ConfigResult {
  const result = SiteConfig.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: formatPath(issue.path),
      message: describeIssue(issue as unknown as IssueLike),
    })),
  };
}
