/**
 * Whether a document may be published: everything a registry file's entry
 * must be (the same checks, by the same code, each problem by its path in
 * the document), a webhook secret when it names a webhook, and every field,
 * category and reward id ever published still there, retired at most, so
 * old complaints keep the names they were sent under and past redemptions
 * their reward's, and each published field's type changed only to one its
 * answers read as (src/config/field-types.ts).
 */
import { DEFAULT_CONFIG } from '../../config/defaults';
import { typesFor } from '../../config/field-types';
import { mergeConfig } from '../../config/merge';
import type { FieldType } from '../../config/schema';
import { describeIssue, formatPath } from '../../config/validate';
import { resolveSite } from '../registry';
import type { RegistryProblem } from '../registry-problems';
import { joinEntry, SiteDocument } from './document';
import { readDocument, type SiteRows } from './live-registry';

/** What of a form its ids are: names (and types) of fields, ids of categories, and whether retired. */
export interface FormIds {
  fields: Array<{ name: string; type: FieldType; retired?: boolean }>;
  categories: Array<{ id: string; retired?: boolean }>;
  [key: string]: unknown;
}

/** A document's rewards: its own catalogue (the default is none). */
export const rewardsOf = (document: Pick<SiteDocument, 'settings'>) => document.settings?.points?.catalogue ?? [];

/** A document's forms as served: its own merged over the defaults (forms are replaced whole per id). */
export function formsOf(document: Pick<SiteDocument, 'publicConfig'>): Record<string, FormIds> {
  const forms = mergeConfig(DEFAULT_CONFIG, document.publicConfig ?? {}).forms;
  return (forms ?? {}) as Record<string, FormIds>;
}

/** Placeholders for secrets a check needs present but never reads: two distinct values of the right length. */
const PLACEHOLDER_HOST = 'h'.repeat(32);
const PLACEHOLDER_STAFF = 's'.repeat(32);

export function checkDocument(rows: SiteRows, document: unknown): RegistryProblem[] {
  const parsed = SiteDocument.safeParse(document);
  if (!parsed.success) {
    const issues = parsed.error.issues as unknown as ShapeIssue[];
    const shape = issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue as never) }));
    return [...shape, ...problemsBeside(rows, document, issues)];
  }
  const doc = parsed.data;
  const problems: RegistryProblem[] = [];
  const hasWebhookSecret = rows.secrets.some((s) => s.kind === 'webhook' && s.valid_until === null);
  if (doc.settings?.webhook && !hasWebhookSecret)
    problems.push({
      path: 'settings.webhook',
      message: 'the site has no webhook secret yet: rotate one in (its secrets) before publishing a webhook',
    });
  const entry = joinEntry({
    id: rows.site.id,
    document: doc,
    secrets: { hostToken: PLACEHOLDER_HOST, staffToken: PLACEHOLDER_STAFF, webhook: 'w'.repeat(32) },
    automationTokens: [],
    staffTokensNotBefore: undefined,
  });
  const resolved: RegistryProblem[] = [];
  resolveSite(entry, 'document', resolved);
  for (const p of resolved) problems.push({ ...p, path: p.path.replace(/^document\.?/, '') || '(root)' });
  problems.push(...changedPublished(rows, doc));
  return problems;
}

interface ShapeIssue {
  code: string;
  path: PropertyKey[];
  /** for `unrecognized_keys` */
  keys?: string[];
}

/**
 * The problems of the rest of a document when some of its parts do not
 * have their shape: each such part is left out (no origins, for
 * `allowedOrigins`) and the rest checked in full, so an admin sees every
 * problem at once instead of the next part's only once one part is fixed.
 * What is said of a part left out is dropped: its shape problems say it.
 */
function problemsBeside(rows: SiteRows, document: unknown, issues: ShapeIssue[]): RegistryProblem[] {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return [];
  const rest: Record<string, unknown> = { ...(document as Record<string, unknown>) };
  const left = new Set<string>();
  for (const issue of issues) {
    const [top] = issue.path;
    if (top === undefined) {
      if (issue.code !== 'unrecognized_keys') return [];
      for (const key of issue.keys ?? []) delete rest[key];
      continue;
    }
    const key = String(top);
    left.add(key);
    if (key === 'allowedOrigins') rest[key] = [];
    else delete rest[key];
  }
  if (!SiteDocument.safeParse(rest).success) return [];
  return checkDocument(rows, rest).filter((p) => !left.has(p.path.split(/[.[]/)[0]!));
}

/**
 * Every field and category of the published version's forms, and every
 * reward of its catalogue, that `doc` dropped instead of retiring, and each
 * field it retyped.
 */
function changedPublished(rows: SiteRows, doc: SiteDocument): RegistryProblem[] {
  const published = rows.versions.find((v) => Number(v.version) === Number(rows.site.published_version));
  const read = published ? readDocument(published) : undefined;
  if (!read || 'problem' in read) return [];
  const before = formsOf(read.document);
  const after = formsOf(doc);
  const problems: RegistryProblem[] = [];
  for (const [id, form] of Object.entries(before)) {
    const now = after[id];
    if (!now) continue;
    for (const field of form.fields) {
      const index = now.fields.findIndex((f) => f.name === field.name);
      const kept = now.fields[index];
      if (kept && !typesFor(field).includes(kept.type))
        problems.push({
          path: `publicConfig.forms.${id}.fields[${index}].type`,
          message: `field "${field.name}" was published in version ${published!.version} as ${field.type}: it can become ${typesFor(field).join(' or ')} only, so what was sent with it still reads; retire it and add a new field to ask another way`,
        });
      if (!kept)
        problems.push({
          path: `publicConfig.forms.${id}.fields`,
          message: `field "${field.name}" was published in version ${published!.version}: retire it (retired: true) instead of removing it, so what was sent with it keeps its name`,
        });
    }
    for (const category of form.categories)
      if (!now.categories.some((c) => c.id === category.id))
        problems.push({
          path: `publicConfig.forms.${id}.categories`,
          message: `category "${category.id}" was published in version ${published!.version}: retire it (retired: true) instead of removing it, so old complaints keep its name`,
        });
  }
  const rewards = rewardsOf(doc);
  for (const reward of rewardsOf(read.document))
    if (!rewards.some((r) => r.id === reward.id))
      problems.push({
        path: 'settings.points.catalogue',
        message: `reward "${reward.id}" was published in version ${published!.version}: retire it (retired: true) instead of removing it, so past redemptions keep its name and its pool's codes are kept`,
      });
  return problems;
}
