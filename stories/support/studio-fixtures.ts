/**
 * An in-memory admin API of a site's configuration for the studio's stories:
 * a `fetch` that answers the routes the studio calls (the draft, saving it
 * on its revision, validate, publish, rollback, the history, a diff, a
 * deadline preview, the secrets, the tokens, the snippet, the code pools)
 * with the shapes the usercare server
 * answers, each answer checked with the contract's own schemas before it
 * leaves, behind a real RestBackend, so the studio reads it exactly as it
 * reads the server. A staff runtime around it signs a person in
 * (`storyStudioRuntime`), provided by `<uc-story-staff>`. What the site
 * holds when a story starts is ./studio-site.ts.
 *
 * What it says of a document is the schema's problems (src/config/schema.ts,
 * the same check the server starts with) and two of lint's rules, in lint's
 * words (the server's src/server/sites/lint.ts, which stories may not
 * import): a personal field without a purpose is an error, a category no
 * deadline policy names a warning.
 *
 * Nothing here imports Storybook, so the stories' browser test can load it.
 */
import diff from 'microdiff';
import type * as z from 'zod/mini';
import { RestBackend } from '../../src/client/rest-backend';
import { StaffApi } from '../../src/client/staff/staff-api';
import type { StaffRuntime } from '../../src/client/staff/staff-runtime';
import type { StaffMe } from '../../src/contract/staff';
import {
  ConfigDiff,
  ConfigDraft,
  DeadlinePreview,
  ConfigPublished,
  ConfigRolledBack,
  ConfigValidation,
  ConfigVersion,
  ConfigVersionList,
  type ConfigProblem,
} from '../../src/contract/staff-config';
import { SecretList, TokenList, WebhookTestResult } from '../../src/contract/staff-config-secrets';
import { ConfigSnippet } from '../../src/contract/staff-config-snippet';
import { CodePools } from '../../src/contract/points-codes';
import { SiteConfigPatch } from '../../src/config/schema';
import { describeIssue, formatPath } from '../../src/config/validate';
import { createTranslator, loadCatalog } from '../../src/i18n/index';
import { STORY_STAFF_ME } from './staff-fixtures';
import {
  DRAFTS,
  PUBLISHED,
  SECRETS,
  SNIPPET,
  STUDIO_ENDPOINT,
  STUDIO_SITE,
  TOKENS,
  at,
  type Doc,
  type StudioDraft,
} from './studio-site';

export { STUDIO_ENDPOINT, STUDIO_SITE, type StudioDraft };

/** The studio's copy of the draft on this device, by endpoint, site and person (components/uc-studio/studio-device-copy.ts). */
export const studioDeviceCopyKey = (principal: string) =>
  `usercare-studio ${STUDIO_ENDPOINT} ${STUDIO_SITE} ${principal}`;

export const STORY_ADMIN: StaffMe = {
  ...STORY_STAFF_ME,
  principal: 'staff:person:story-admin',
  name: '林管理员',
  roles: ['admin'],
  permissions: [
    'work',
    'note',
    'assign',
    'categorise',
    'reveal',
    'audit',
    'canned',
    'moderate',
    'points',
    'consents',
    'configure',
  ],
};

const hasText = (t: unknown) =>
  typeof t === 'string'
    ? t.trim() !== ''
    : !!t && typeof t === 'object' && Object.values(t).some((v) => String(v).trim());

/** The schema's problems, then lint's two rules above, as the server's review says them. */
function review(doc: Doc): { problems: ConfigProblem[]; warnings: ConfigProblem[] } {
  const parsed = SiteConfigPatch.safeParse(doc.publicConfig ?? {});
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map((issue) => ({
        path: `publicConfig.${formatPath(issue.path)}`,
        message: describeIssue(issue as never),
      })),
      warnings: [],
    };
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  for (const [id, form] of Object.entries(parsed.data.forms ?? {})) {
    form.fields.forEach((field, i) => {
      const personal = ['email', 'tel'].includes(field.type) || ['name', 'phone', 'email'].includes(field.name);
      if (!field.retired && personal && !hasText(field.personal?.purpose))
        problems.push({
          rule: 'personal-data',
          path: `publicConfig.forms.${id}.fields.${i}`,
          message: `field "${field.name}" asks for personal data: mark it personal with the purpose shown to the user ({ "personal": { "purpose": … } })`,
        });
    });
    form.categories.forEach((category, i) => {
      if (!category.retired)
        warnings.push({
          rule: 'deadline-policy',
          path: `publicConfig.forms.${id}.categories.${i}`,
          message: `category "${category.id}" has no deadline policy in settings.sla.policies: it runs on the guideline's defaults (acknowledged at once, first reply in 3 working days)`,
        });
    });
  }
  return { problems, warnings };
}

interface Version {
  version: number;
  document: Doc;
  publishedAt: string;
  publishedBy: string;
  note: string;
  rolledBackFrom: number | null;
}

export interface StudioFixtureOptions {
  draft?: StudioDraft;
  /** no request reaches the server (RestBackend's `network`): the studio says so and offers to try again */
  unreachable?: boolean;
}

/**
 * The guideline's deadlines (acknowledged within 30 seconds, a first reply in 3 working days), counted
 * Monday to Friday as the server counts a year no calendar covers, and so marked estimated: the story's
 * server has no working-day calendar.
 */
function guidelineDeadlines(receivedAt: string) {
  const received = new Date(receivedAt);
  const reply = new Date(received);
  for (let days = 0; days < 3;) {
    reply.setUTCDate(reply.getUTCDate() + 1);
    if (![0, 6].includes(reply.getUTCDay())) days++;
  }
  return [
    { name: 'acknowledgement', dueAt: new Date(received.getTime() + 30_000).toISOString() },
    { name: 'firstReply', dueAt: reply.toISOString(), estimated: true },
  ];
}

/** An answer checked with the contract's schema, as RestBackend checks the server's: a fixture that breaks it fails loudly. */
function checked<S extends z.ZodMiniType>(schema: S, value: z.output<S>): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`the story's config server broke the contract: ${JSON.stringify(value)}`);
  return result.data;
}

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const refused = (status: number, code: string, message: string) => answer(status, { error: { code, message } });

export class StoryConfigServer {
  private readonly versions: Version[] = [
    {
      version: 1,
      document: DRAFTS.published(PUBLISHED),
      publishedAt: at(2),
      publishedBy: 'operator',
      note: 'imported from a registry file',
      rolledBackFrom: null,
    },
    {
      version: 2,
      document: DRAFTS.published(PUBLISHED),
      publishedAt: at(9, 14),
      publishedBy: '林管理员',
      note: '加入问题类型',
      rolledBackFrom: null,
    },
    {
      version: 3,
      document: DRAFTS.published(PUBLISHED),
      publishedAt: at(20, 11),
      publishedBy: '林管理员',
      note: 'Delivery as a category',
      rolledBackFrom: null,
    },
  ];
  private published = 3;
  private draft: { document: Doc; revision: number; savedAt: string; savedBy: string };
  private readonly unreachable: boolean;

  constructor(options: StudioFixtureOptions = {}) {
    this.draft = {
      document: DRAFTS[options.draft ?? 'published'](PUBLISHED),
      revision: 4,
      savedAt: at(21, 16),
      savedBy: '林管理员',
    };
    this.unreachable = options.unreachable ?? false;
  }

  /** The server's side of a request, as `fetch` would bring it an answer. */
  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    if (this.unreachable) throw new TypeError('Failed to fetch');
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const route = `${method} ${url.pathname.replace(/^\/v1\/staff\/config/, '')}`;
    const version = /^GET \/versions\/(\d+)$/.exec(route);
    if (version) return this.version(Number(version[1]));
    switch (route) {
      case 'GET /draft':
        return answer(200, this.draftAnswer());
      case 'PUT /draft':
        return this.save(body.document as Doc, Number(body.revision));
      case 'POST /validate': {
        const { problems, warnings } = review(body.document as Doc);
        return answer(200, checked(ConfigValidation, { ok: problems.length === 0, problems, warnings }));
      }
      case 'POST /publish':
        return this.publish(Number(body.revision), String(body.note));
      case 'POST /rollback':
        return this.rollback(Number(body.version), String(body.note));
      case 'GET /versions':
        return answer(
          200,
          checked(ConfigVersionList, { items: [...this.versions].reverse().map((v) => this.summary(v)) }),
        );
      case 'GET /diff':
        return this.diff(url.searchParams.get('from') ?? '', url.searchParams.get('to') ?? '');
      case 'GET /secrets':
        return answer(200, checked(SecretList, SECRETS));
      case 'GET /tokens':
        return answer(200, checked(TokenList, TOKENS));
      case 'POST /webhook/test':
        return answer(200, checked(WebhookTestResult, { status: 204, ms: 87 }));
      case 'GET /snippet':
        return answer(200, checked(ConfigSnippet, SNIPPET));
      case 'POST /deadline-preview':
        return answer(200, checked(DeadlinePreview, { deadlines: guidelineDeadlines(String(body.receivedAt)) }));
      case 'GET /v1/staff/points/codes':
        return answer(200, checked(CodePools, { items: [] }));
    }
    return refused(404, 'not_found', `the story's config server has no ${route}`);
  };

  private draftAnswer() {
    const { problems, warnings } = review(this.draft.document);
    return checked(ConfigDraft, {
      site: STUDIO_SITE,
      document: this.draft.document,
      revision: this.draft.revision,
      baseVersion: this.published,
      publishedVersion: this.published,
      savedAt: this.draft.savedAt,
      savedBy: this.draft.savedBy,
      problems,
      warnings,
    });
  }

  private save(document: Doc, revision: number): Response {
    if (revision !== this.draft.revision)
      return refused(409, 'conflict', `the draft is at revision ${this.draft.revision}: read it again`);
    this.draft = { document, revision: revision + 1, savedAt: new Date().toISOString(), savedBy: STORY_ADMIN.name };
    return answer(200, this.draftAnswer());
  }

  private publishAs(document: Doc, note: string, rolledBackFrom: number | null): Version {
    const next: Version = {
      version: this.versions.length + 1,
      document: structuredClone(document),
      publishedAt: new Date().toISOString(),
      publishedBy: STORY_ADMIN.name,
      note,
      rolledBackFrom,
    };
    this.versions.push(next);
    this.published = next.version;
    return next;
  }

  private publish(revision: number, note: string): Response {
    if (revision !== this.draft.revision) return refused(409, 'conflict', 'the draft changed since you reviewed it');
    const { problems } = review(this.draft.document);
    if (problems.length)
      return refused(422, 'validation_failed', problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    const done = this.publishAs(this.draft.document, note, null);
    return answer(200, checked(ConfigPublished, { version: done.version, publishedAt: done.publishedAt }));
  }

  private rollback(version: number, note: string): Response {
    const from = this.versions.find((v) => v.version === version);
    if (!from) return refused(404, 'not_found', `no version ${version}`);
    const done = this.publishAs(from.document, note, version);
    this.draft = { ...this.draft, document: structuredClone(from.document), revision: this.draft.revision + 1 };
    return answer(
      200,
      checked(ConfigRolledBack, { version: done.version, publishedAt: done.publishedAt, rolledBackFrom: version }),
    );
  }

  private summary(v: Version) {
    return {
      version: v.version,
      format: 1,
      publishedAt: v.publishedAt,
      publishedBy: v.publishedBy,
      note: v.note,
      rolledBackFrom: v.rolledBackFrom,
      current: v.version === this.published,
    };
  }

  private version(version: number): Response {
    const v = this.versions.find((x) => x.version === version);
    if (!v) return refused(404, 'not_found', `no version ${version}`);
    const { current: _, ...summary } = this.summary(v);
    return answer(200, checked(ConfigVersion, { ...summary, document: v.document }));
  }

  private side(side: string): { number: number | 'draft'; document: Doc } | undefined {
    if (side === 'draft') return { number: 'draft', document: this.draft.document };
    const v = this.versions.find((x) => x.version === Number(side));
    return v && { number: v.version, document: v.document };
  }

  /** Each value added, removed or changed, at its dotted path: as the server's diff names them. */
  private diff(from: string, to: string): Response {
    const a = this.side(from);
    const b = this.side(to);
    if (!a || !b) return refused(404, 'not_found', 'no such version');
    const changes = diff(a.document, b.document).map((d) => {
      const path = d.path.join('.');
      return d.type === 'CREATE'
        ? { path, change: 'added' as const, after: d.value as unknown }
        : d.type === 'REMOVE'
          ? { path, change: 'removed' as const, before: d.oldValue as unknown }
          : { path, change: 'changed' as const, before: d.oldValue as unknown, after: d.value as unknown };
    });
    return answer(200, checked(ConfigDiff, { from: a.number, to: b.number, changes }));
  }
}

const STORY_TOKEN = 'story-staff-token';

/** A staff runtime with `me` signed in, whose API is `server` behind a real RestBackend: what the studio reads. */
export function storyStudioRuntime(server: StoryConfigServer, me: StaffMe = STORY_ADMIN): StaffRuntime {
  const runtime = {
    endpoint: STUDIO_ENDPOINT,
    site: STUDIO_SITE,
    tab: 'story-tab',
    // The real staff API, its requests sent to the story's server rather than over the network.
    api: Object.assign(new StaffApi(STUDIO_ENDPOINT, STUDIO_SITE, () => STORY_TOKEN), {
      rest: new RestBackend(STUDIO_ENDPOINT, { fetch: server.fetch }),
    }),
    identity: {
      me,
      expired: false,
      refusal: undefined,
      currentToken: () => STORY_TOKEN,
      onChange: () => () => {},
      expire: () => {},
    },
    listen: () => () => {},
    follow: () => () => {},
    config: () => Promise.resolve(undefined),
    translator: (locale: 'en' | 'zh-CN') => loadCatalog(locale).then((catalog) => createTranslator(locale, catalog)),
    signOut: () => Promise.resolve(),
  };
  return runtime as unknown as StaffRuntime;
}
