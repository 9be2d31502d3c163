/**
 * The OpenAPI description of the admin API of a site's configuration
 * (routes/staff-config.ts, routes/staff-config-history.ts), put into the
 * document by openapi.ts with the pieces every operation there shares.
 */
import type * as z from 'zod/mini';
import {
  CONFIG_NOTE_MAX,
  CONFIG_REQUEST_BYTES,
  ConfigDiff,
  ConfigDraft,
  ConfigDraftWrite,
  ConfigPublished,
  ConfigPublishRequest,
  ConfigRollbackRequest,
  ConfigRolledBack,
  ConfigValidateRequest,
  ConfigValidation,
  ConfigVersion,
  ConfigVersionList,
  DeadlinePreview,
  DeadlinePreviewRequest,
} from '../contract/staff-config';
import { ConfigSnippet } from '../contract/staff-config-snippet';

type JsonObject = Record<string, unknown>;

/** What openapi.ts shares with the operations here. */
export interface OpenApiKit {
  jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonObject;
  json(schemaName: string): JsonObject;
  errors(...statuses: number[]): JsonObject;
  siteQuery: JsonObject;
  idempotencyKeyParam: JsonObject;
  replayedHeader: JsonObject;
  staffSecurity: JsonObject[];
}

const WHO = 'Admins signed in as a person (the `configure` permission; others 403, automation `person_required`).';

/** What lint adds to a verdict (src/server/sites/lint.ts), said once for the draft, validate and publish. */
const LINT =
  'Beyond the format, lint: its errors are among `problems` with their `rule` (`personal-data`: an e-mail, phone or ' +
  'name field not marked personal with a purpose; `working-days`: no working time in the next 7 days; `contrast`: a ' +
  'theme token under 4.5:1) and stop a publish; its `warnings` (`deadline-policy`, `calendar-year`, ' +
  '`consent-cookies`, `code-pool`, `translation`) never do.';

export function configSchemas(kit: OpenApiKit): JsonObject {
  return {
    ConfigDraft: kit.jsonSchema(ConfigDraft, 'output'),
    ConfigDraftWrite: kit.jsonSchema(ConfigDraftWrite, 'input'),
    ConfigValidateRequest: kit.jsonSchema(ConfigValidateRequest, 'input'),
    ConfigValidation: kit.jsonSchema(ConfigValidation, 'output'),
    ConfigPublishRequest: kit.jsonSchema(ConfigPublishRequest, 'input'),
    ConfigPublished: kit.jsonSchema(ConfigPublished, 'output'),
    ConfigRollbackRequest: kit.jsonSchema(ConfigRollbackRequest, 'input'),
    ConfigRolledBack: kit.jsonSchema(ConfigRolledBack, 'output'),
    ConfigVersionList: kit.jsonSchema(ConfigVersionList, 'output'),
    ConfigVersion: kit.jsonSchema(ConfigVersion, 'output'),
    ConfigDiff: kit.jsonSchema(ConfigDiff, 'output'),
    DeadlinePreviewRequest: kit.jsonSchema(DeadlinePreviewRequest, 'input'),
    DeadlinePreview: kit.jsonSchema(DeadlinePreview, 'output'),
    ConfigSnippet: kit.jsonSchema(ConfigSnippet, 'output'),
  };
}

export function configPaths(kit: OpenApiKit): JsonObject {
  const { json, errors, siteQuery, idempotencyKeyParam, replayedHeader, staffSecurity } = kit;
  const write = (operationId: string, summary: string, request: string, answer: string, statuses: number[]) => ({
    operationId,
    summary,
    security: staffSecurity,
    parameters: [siteQuery, idempotencyKeyParam],
    requestBody: { required: true, content: json(request) },
    responses: {
      '200': { description: 'Done.', headers: replayedHeader, content: json(answer) },
      ...errors(...statuses),
    },
  });
  const side = (name: 'from' | 'to', fallback: string) => ({
    name,
    in: 'query',
    required: false,
    description: `\`draft\` or a version number; ${fallback} when left out.`,
    schema: { type: 'string', pattern: '^(draft|[1-9][0-9]*)$' },
  });
  return {
    '/v1/staff/config/draft': {
      get: {
        operationId: 'getConfigDraft',
        summary:
          `${WHO} The site's working draft as saved (it may not check yet), its revision, the version it was started ` +
          'from and the version served, who saved it last, and `problems`: everything that would stop it being ' +
          'published, each by its path in the document. Not audited: the configuration is no one’s personal data. ' +
          LINT,
        security: staffSecurity,
        parameters: [siteQuery],
        responses: {
          '200': { description: 'The draft. Cache-Control: no-store.', content: json('ConfigDraft') },
          ...errors(400, 401, 403, 404),
        },
      },
      put: write(
        'saveConfigDraft',
        `${WHO} Save \`document\` (a JSON object, a registry entry of the site without its id and secrets) as the draft, ` +
          'as it is, even when it does not check: work in progress is never refused. `revision` is the draft’s revision ' +
          'the edit started from: if another save came since, nothing is saved and the answer is a 409 `conflict` with ' +
          `the draft as it now is in \`details.draft\`. Bodies up to ${CONFIG_REQUEST_BYTES} bytes (413 beyond). ` +
          'Audited (`config.draft.save`).',
        'ConfigDraftWrite',
        'ConfigDraft',
        [400, 401, 403, 404, 409, 413, 422],
      ),
    },
    '/v1/staff/config/validate': {
      post: {
        operationId: 'validateConfig',
        summary:
          `${WHO} Whether \`document\` would publish, checked as publishing checks it, with every problem by its path ` +
          '(a field or category published before and now missing instead of retired is one). Saves nothing: no ' +
          'Idempotency-Key, no audit entry. ' +
          LINT,
        security: staffSecurity,
        parameters: [siteQuery],
        requestBody: { required: true, content: json('ConfigValidateRequest') },
        responses: {
          '200': { description: 'The verdict.', content: json('ConfigValidation') },
          ...errors(400, 401, 403, 404, 413, 422),
        },
      },
    },
    '/v1/staff/config/deadline-preview': {
      post: {
        operationId: 'previewConfigDeadlines',
        summary:
          `${WHO} The deadlines a submission of \`kind\` in \`category\` received at \`receivedAt\` would get under ` +
          '`document` (left out: the saved draft), counted by the same code and on the same official calendar as a ' +
          'complaint’s: each deadline’s due instant, `estimated` when a year no calendar covers decides it. A document ' +
          'that does not check is a 422 naming each path. Saves nothing: no Idempotency-Key, no audit entry.',
        security: staffSecurity,
        parameters: [siteQuery],
        requestBody: { required: true, content: json('DeadlinePreviewRequest') },
        responses: {
          '200': { description: 'The deadlines. Cache-Control: no-store.', content: json('DeadlinePreview') },
          ...errors(400, 401, 403, 404, 413, 422),
        },
      },
    },
    '/v1/staff/config/publish': {
      post: write(
        'publishConfig',
        `${WHO} Publish the draft at \`revision\` as the next version, with a \`note\` (1–${CONFIG_NOTE_MAX} ` +
          'characters) saying what changed and why. A draft saved since is a 409 `conflict` (details.draft); one that ' +
          'does not check is a 422 `validation_failed` naming each problem in details.fields (code `invalid_config`, or ' +
          '`lint` for a lint error): nothing is published. ' +
          'This instance serves it at once, every other within seconds. Audited (`config.publish`).',
        'ConfigPublishRequest',
        'ConfigPublished',
        [400, 401, 403, 404, 409, 422],
      ),
    },
    '/v1/staff/config/rollback': {
      post: write(
        'rollBackConfig',
        `${WHO} Publish \`version\`'s document again as a new version, with a \`note\`. Fields and categories ` +
          'published since come back retired, so what was sent with them keeps its name. The draft becomes the new ' +
          'version. A version this release cannot read (a newer format) is a 422 (details.reason ' +
          '`unreadable_version`); an unknown one a 404. Audited (`config.rollback`).',
        'ConfigRollbackRequest',
        'ConfigRolledBack',
        [400, 401, 403, 404, 422],
      ),
    },
    '/v1/staff/config/versions': {
      get: {
        operationId: 'listConfigVersions',
        summary:
          `${WHO} Every published version, newest first: who published it and when, its note, the version a ` +
          'rollback republished, and which one is served (`current`).',
        security: staffSecurity,
        parameters: [siteQuery],
        responses: {
          '200': { description: 'The history.', content: json('ConfigVersionList') },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/v1/staff/config/versions/{version}': {
      get: {
        operationId: 'getConfigVersion',
        summary: `${WHO} One version's document, as published (a 422 when this release cannot read it).`,
        security: staffSecurity,
        parameters: [
          { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
          siteQuery,
        ],
        responses: {
          '200': { description: 'The version.', content: json('ConfigVersion') },
          ...errors(400, 401, 403, 404, 422),
        },
      },
    },
    '/v1/staff/config/diff': {
      get: {
        operationId: 'diffConfig',
        summary:
          `${WHO} What changes from \`from\` to \`to\` (each the draft or a version): every value added, removed or ` +
          'changed at its dotted path in the document (`publicConfig.forms.default.fields.2.label.en`), with the value ' +
          'before and after. Left out, it is the version served against the draft: what publishing would change.',
        security: staffSecurity,
        parameters: [siteQuery, side('from', 'the version served'), side('to', 'the draft')],
        responses: {
          '200': { description: 'The changes.', content: json('ConfigDiff') },
          ...errors(400, 401, 403, 404, 422),
        },
      },
    },
    '/v1/staff/config/snippet': {
      get: {
        operationId: 'getConfigSnippet',
        summary:
          `${WHO} The HTML a site pastes, pinned to this server's current build under \`/dist/v/{buildId}/\` ` +
          '(served with `Cache-Control: immutable`; the last 5 builds are kept): an import map whose `integrity` ' +
          'section holds the sha384 of every chunk, the loader tag with its own `integrity`, and each element’s tag, ' +
          'with this site’s id and this server’s public address; `csp` says what a page with a Content-Security-Policy ' +
          'needs. A 404 when the server serves no versioned build.',
        security: staffSecurity,
        parameters: [siteQuery],
        responses: {
          '200': { description: 'The tags. Cache-Control: no-store.', content: json('ConfigSnippet') },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
}
