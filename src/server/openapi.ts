/**
 * The OpenAPI 3.1 document of the reference backend, generated from the same
 * zod schemas the server validates with and the client parses with, so the
 * document cannot drift from the code. Served at GET /openapi.json.
 *
 * The server's, not the contract's: the browser never needs it, and
 * z.toJSONSchema would only cost bundle bytes there.
 */
import * as z from 'zod/mini';
import { HttpUrl, SiteConfig } from '../config/schema';
import {
  CalendarDate,
  CHANNELS,
  DATE_SHAPE,
  INSTANT_PATTERN,
  Instant,
  KINDS,
  SafeInt,
  SubmissionStatus,
} from '../contract/common';
import {
  ComplaintActionRequest,
  ComplaintMessageRequest,
  LookupRequest,
  StaffMessageRequest,
  DATE_PATTERN,
  RealDate,
  StaffComplaintRequest,
  ThirdPartyOutcomeRequest,
} from '../contract/complaint-requests';
import { ComplaintChange, ComplaintDetail, ComplaintList, LookupResult } from '../contract/complaints';
import { ConsentConfig, ConsentReceipt, ConsentRecord } from '../contract/consent';
import {
  CONSENT_CSV_COLUMNS,
  CONSENT_EXPORT_MAX_ROWS,
  ConsentExport,
  SUBJECT_PATTERN,
} from '../contract/consent-staff';
import { ErrorBody, ErrorCode } from '../contract/errors';
import { SEARCH_PAGE, SEARCH_PAGE_MAX, SEARCH_QUERY_MAX, SearchPage } from '../contract/staff-search';
import { FeedbackSubmission, Health, Receipt, WithdrawRequest, Withdrawn, WithdrawResult } from '../contract/feedback';
import { DEVICE_ID_PATTERN, HEADERS, IDEMPOTENCY_KEY_PATTERN } from '../contract/headers';
import {
  AlertNotice,
  AlertPage,
  AssignRequest,
  AUDIT_CSV_COLUMNS,
  AuditPage,
  CannedReply,
  CannedReplyList,
  CannedReplyWrite,
  CategoryRequest,
  DismissAlertsRequest,
  DismissedAlerts,
  INTAKE_CLOCK_SKEW_S,
  NoteRequest,
  QueueChange,
  QueuePage,
  RevealRequest,
  RevealResult,
  STAFF_TOKEN_AUDIENCE,
  STAFF_TOKEN_MAX_LIFETIME_S,
  StaffComplaintDetail,
  StaffMe,
} from '../contract/staff';
import {
  AdjustmentRequest,
  ComplaintPointsRequest,
  ComplaintPointsResult,
  IncidentList,
  IncidentPreview,
  IncidentRequest,
  IncidentResult,
  PenaltyRequest,
  PointsHistory,
  PointsSummary,
  RedeemRequest,
  Redemption,
  RedemptionList,
  StaffEntryResult,
  UndoRequest,
} from '../contract/points';
import { CodePoolStatus, CodePools, CodeUpload } from '../contract/points-codes';
import { FeedbackDecision, FeedbackDecisionRequest, StaffFeedbackDetail } from '../contract/staff-feedback';
import {
  PRESENCE_TTL_S,
  PresenceAnswer,
  PresenceList,
  PresenceNotice,
  PresenceRequest,
} from '../contract/staff-presence';
import { QUEUE_SORTS, SAVED_VIEWS_MAX, SavedView, SavedViewList, SavedViewWrite } from '../contract/staff-views';
import { configPaths, configSchemas, type OpenApiKit } from './openapi-config';
import { configSecretsPaths, configSecretsSchemas } from './openapi-config-secrets';
import { configConsentPaths, configConsentSchemas } from './openapi-config-consent';
import { WEBHOOK_EVENTS } from '../contract/webhooks';
import { DEFAULT_SETTINGS, MAX_INTAKE_AGE_DAYS } from './registry-schema';

type JsonObject = Record<string, unknown>;

/**
 * String formats the contract spells as plain checks (a format builder costs
 * the browser bundle more than the check): the document still names them, and
 * numbers checked with SafeInt are still integers (below).
 */
const FORMATS = new Map<z.core.$ZodType, { format: string; pattern?: RegExp }>([
  [Instant, { format: 'date-time', pattern: INSTANT_PATTERN }],
  [CalendarDate, { format: 'date', pattern: DATE_SHAPE }],
  [RealDate, { format: 'date', pattern: DATE_PATTERN }],
  [HttpUrl, { format: 'uri' }],
]);

/** JSON Schema (draft 2020-12, OpenAPI 3.1's dialect) of one contract schema, without the $schema line. */
function jsonSchema(schema: z.core.$ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override({ zodSchema, jsonSchema: out }) {
      const checks: readonly unknown[] = zodSchema._zod.def.checks ?? [];
      if (checks.includes(SafeInt)) {
        // What z.int() adds: the integer type and the safe range, kept by any narrower bound.
        const { type: _number, minimum, maximum, ...rest } = out;
        for (const key of Object.keys(out)) delete out[key];
        Object.assign(out, {
          type: 'integer',
          minimum: Math.max(typeof minimum === 'number' ? minimum : -Infinity, Number.MIN_SAFE_INTEGER),
          maximum: Math.min(typeof maximum === 'number' ? maximum : Infinity, Number.MAX_SAFE_INTEGER),
          ...rest,
        });
      }
      if (zodSchema === Withdrawn) {
        delete out.enum;
        out.const = 'withdrawn';
      }
      const known = FORMATS.get(zodSchema);
      if (!known) return;
      out.format = known.format;
      if (known.pattern) out.pattern = known.pattern.source;
    },
  }) as JsonObject;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schemaName: string) => ({ 'application/json': { schema: ref(schemaName) } });

/** The statuses each operation can answer with an error, and why. */
const ERROR_REASONS: Record<number, string> = {
  400: 'invalid_request: malformed JSON, a body nesting arrays and objects more than 64 levels deep, a missing or malformed header',
  401:
    'unauthorized: no identity, a host token that is invalid or expired, or (staff routes) a staff token that is not valid ' +
    '(bad signature, another site, wrong audience, expired, too long-lived, issued before the site signed staff out, an unknown role, ' +
    'a missing claim) or that no site lists; the message says which',
  403:
    'forbidden: the Origin is not allowed for this site, or (staff routes) the principal lacks the permission ' +
    "(details.reason names it, or `person_required` for a ruling, or the site's configuration, asked with an automation " +
    'token), or the lifecycle bars ' +
    'this principal from the dispute (details.reason `conflict_of_interest`: whoever replied may not take it up or rule on it)',
  404: "not_found: unknown site, route, or a submission or complaint that is not yours (or not your site's, for staff)",
  409:
    'not_withdrawable / invalid_transition / conflict: the submission has moved on; the complaint lifecycle refused the action ' +
    '(details.reason: `not_allowed`, `window_closed`, `already_recorded`, …); or it changed meanwhile (a stale `version`)',
  413: 'payload_too_large: the body or the attachments exceed a limit (details.limit)',
  415: 'unsupported_media_type: an attachment is not the type it declares',
  422: 'validation_failed (details.fields) or idempotency_mismatch',
  429: 'rate_limited: wait Retry-After seconds (details.retryAfter)',
  500: 'internal: a bug; the request may be retried with the same Idempotency-Key',
};

function errors(...statuses: number[]): JsonObject {
  const out: JsonObject = {};
  for (const status of [...statuses, 500]) {
    out[String(status)] = {
      description: ERROR_REASONS[status] ?? 'error',
      ...(status === 429 ? { headers: { [HEADERS.retryAfter]: { $ref: '#/components/headers/RetryAfter' } } } : {}),
      content: json('ErrorBody'),
    };
  }
  return out;
}

const idempotencyKeyParam = { $ref: '#/components/parameters/IdempotencyKey' };
const deviceParam = { $ref: '#/components/parameters/Device' };
const accessKeyParam = { $ref: '#/components/parameters/AccessKey' };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };

/** A file of a complaint (an attachment of the submission or of a message), sent as a download. */
function complaintFile(operationId: string, summary: string, security: object[], extra: object[]) {
  return {
    get: {
      operationId,
      summary,
      security,
      parameters: [idParam, { name: 'fileId', in: 'path', required: true, schema: { type: 'string' } }, ...extra],
      responses: {
        '200': {
          description: 'The file: its own type, `Content-Disposition: attachment`, `X-Content-Type-Options: nosniff`.',
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        ...errors(401, 404),
      },
    },
  };
}
const endUserSecurity = [{ hostToken: [] }, { device: [] }];
const staffSecurity = [{ staffToken: [] }];
const replayedHeader = { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } };

/** Paging of the complaint lists. The bounds are the server's (src/server/complaints/read.ts): keep them in step. */
const listParams = [
  {
    name: 'cursor',
    in: 'query',
    required: false,
    description: '`nextCursor` of the previous page.',
    schema: { type: 'string' },
  },
  {
    name: 'limit',
    in: 'query',
    required: false,
    description: 'Items per page (default 50).',
    schema: { type: 'integer', minimum: 1, maximum: 200 },
  },
];

/** An idempotent write on one complaint, answered with its new status and version. */
function complaintWrite(operationId: string, summary: string, body: string, staff: boolean): JsonObject {
  return {
    post: {
      operationId,
      summary,
      security: staff ? staffSecurity : endUserSecurity,
      parameters: staff ? [idParam, idempotencyKeyParam] : [idParam, idempotencyKeyParam, deviceParam],
      requestBody: { required: true, content: json(body) },
      responses: {
        '200': {
          description: 'Applied: the status and version after it, and the timeline entry it made.',
          headers: replayedHeader,
          content: json('ComplaintChange'),
        },
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  };
}

const siteQuery = { name: 'site', in: 'query', required: true, schema: { type: 'string' } };
const cannedId = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$' },
};
/** A saved view's id: the asker's own, a slug (the console makes UUIDs). */
const viewId = { ...cannedId, description: 'Your id for the view.' };
const hostTokenOnly = [{ hostToken: [] }];

/** What the operations described in modules of their own share with the ones here. */
const kit: OpenApiKit = { jsonSchema, json, errors, siteQuery, idempotencyKeyParam, replayedHeader, staffSecurity };

/** Points: the signed-in user's account and rewards, and the staff's incidents, penalties, adjustments, code pools and decisions. */
function pointsPaths(): JsonObject {
  /** A staff write; with an Idempotency-Key, answered `status` (its retries the same, with Idempotent-Replayed). */
  const staffPost = (
    operationId: string,
    summary: string,
    body: string,
    answer: string,
    idempotent: { status: '200' | '201' } | false,
    path: JsonObject[] = [],
  ) => ({
    post: {
      operationId,
      summary,
      security: staffSecurity,
      parameters: [...path, ...(idempotent ? [idempotencyKeyParam] : [])],
      requestBody: { required: true, content: json(body) },
      responses: {
        ...(idempotent
          ? {
              [idempotent.status]: {
                description: idempotent.status === '201' ? 'Made.' : 'Done.',
                headers: replayedHeader,
                content: json(answer),
              },
            }
          : { '200': { description: 'Done.', content: json(answer) } }),
        ...errors(400, 401, 403, 404, 409, 422),
      },
    },
  });
  return {
    '/v1/points': {
      get: {
        operationId: 'getPoints',
        summary:
          "The signed-in user's points as of now: balance, pending (counted after the site's delay), points expiring within 30 days, level, " +
          'how to earn, and the rewards (with whether a code is left). Anonymous devices have no points (401).',
        security: hostTokenOnly,
        parameters: [siteQuery],
        responses: {
          '200': { description: 'The account.', content: json('PointsSummary') },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/v1/points/history': {
      get: {
        operationId: 'getPointsHistory',
        summary: 'The dated entries with their reasons, newest first (50 a page); a compensation names its incident.',
        security: hostTokenOnly,
        parameters: [siteQuery, { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'A page of entries.', content: json('PointsHistory') },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/v1/points/redemptions': {
      get: {
        operationId: 'listRedemptions',
        summary: "The user's redeemed codes (and coupons given as compensation), newest first.",
        security: hostTokenOnly,
        parameters: [siteQuery],
        responses: {
          '200': { description: 'The codes.', content: json('RedemptionList') },
          ...errors(400, 401, 403, 404),
        },
      },
      post: {
        operationId: 'redeem',
        summary:
          'Redeem a reward: spends its points and gives a code, atomically. Make the Idempotency-Key when the user confirms: a double click or a ' +
          'retry spends once. 409 insufficient_points (details.balance) or reward_unavailable (details.reward; details.reason ' +
          '`retired` when the site no longer offers it).',
        security: hostTokenOnly,
        parameters: [idempotencyKeyParam],
        requestBody: { required: true, content: json('RedeemRequest') },
        responses: {
          '201': { description: 'Redeemed.', headers: replayedHeader, content: json('Redemption') },
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/points/redemptions/{id}/undo': {
      post: {
        operationId: 'undoRedemption',
        summary:
          "Undo within the reward's undo window: the code is voided and the points go back. Undoing twice is undoing once.",
        security: hostTokenOnly,
        parameters: [idParam],
        requestBody: { required: true, content: json('UndoRequest') },
        responses: {
          '200': { description: 'Undone.', content: json('Redemption') },
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/v1/staff/points/incidents': {
      get: {
        operationId: 'listIncidents',
        summary: 'Staff: the incidents recorded, newest first (the last 200), with what applying each did.',
        security: staffSecurity,
        parameters: [siteQuery],
        responses: { '200': { description: 'The incidents.', content: json('IncidentList') }, ...errors(401, 404) },
      },
      ...staffPost(
        'recordIncident',
        "Admins: an outage of the platform's own service. Every affected user (the list, or everyone seen signed in during it) gets the " +
          'compensation of the tier its length falls in, once: applying the same incident again changes nothing; its id with other facts is a 409; ' +
          'an end before the start is a 422.',
        'IncidentRequest',
        'IncidentResult',
        false,
      ),
    },
    '/v1/staff/points/penalties': staffPost(
      'penalize',
      'Agents, admins: a penalty for content confirmed prohibited; takes at most the balance (the rest is its shortfall).',
      'PenaltyRequest',
      'StaffEntryResult',
      { status: '201' },
    ),
    '/v1/staff/points/adjustments': staffPost(
      'adjustPoints',
      'Admins: add or take points by hand, with a note saying why (kept from the user).',
      'AdjustmentRequest',
      'StaffEntryResult',
      { status: '201' },
    ),
    '/v1/staff/points/codes': {
      get: {
        operationId: 'listCodePools',
        summary: "Staff: each pool reward's codes available, issued and void (a retired reward left out).",
        security: staffSecurity,
        parameters: [siteQuery],
        responses: { '200': { description: 'The pools.', content: json('CodePools') }, ...errors(401, 404) },
      },
      ...staffPost(
        'uploadCodes',
        'Admins: coupon codes for a pool reward of the catalogue, added in one transaction (all or none). A code is 1–200 ' +
          'characters with no control character, lone surrogate or line separator, and no white space at either end; one ' +
          'that breaks a rule refuses the upload (422 naming `codes[i]`). A code the pool holds already, or one repeated in ' +
          'the upload, is kept once: the answer names them by position (`inPool`, `repeated`) beside how many were `added`. ' +
          'A retired reward takes no codes (409, details.reason `retired`).',
        'CodeUpload',
        'CodePoolStatus',
        false,
      ),
    },
    '/v1/staff/points/accounts/{user}': {
      get: {
        operationId: 'getPointsAccount',
        summary: "Staff: one user's summary and ledger, with the staff notes.",
        security: staffSecurity,
        parameters: [
          { name: 'user', in: 'path', required: true, schema: { type: 'string' } },
          siteQuery,
          { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
        ],
        responses: {
          '200': { description: 'The account.', content: { 'application/json': { schema: { type: 'object' } } } },
          ...errors(401, 404),
        },
      },
    },
    '/v1/staff/points/incidents/preview': staffPost(
      'previewIncident',
      'Admins: what recording this incident would do, recording and giving nothing: its length and tier among the site’s tiers ' +
        '(each with the users it would reach), how many users it reaches (the list, or everyone seen signed in during it), how ' +
        'many of them this incident id compensated already, and whether the id is `new`, `issued` (with these facts: issuing ' +
        'again changes nothing) or a `conflict` (other facts: issuing is a 409). No Idempotency-Key, no audit entry.',
      'IncidentRequest',
      'IncidentPreview',
      false,
    ),
    '/v1/staff/complaints/{id}/points': staffPost(
      'giveComplaintPoints',
      'Agents, admins (`moderate`): from a complaint, a `compensation` to the signed-in user who complained (`points`, a pool ' +
        '`reward` given as a code, or both) or a `penalty` (`points`, the site’s penaltyPoints when left out, never more than the ' +
        'balance: the rest is its shortfall) to that user or to the `user` named; with a `reason` the user reads in their points ' +
        'history beside the tracking number. Once per complaint and kind: a second is a 409 `conflict` (details.kind names it); ' +
        'an anonymous complaint has no account to give to (409, details.reason `no_account`). Audited (`complaint.points`).',
      'ComplaintPointsRequest',
      'ComplaintPointsResult',
      { status: '201' },
      [idParam],
    ),
    '/v1/staff/feedback/{id}': {
      get: {
        operationId: 'getStaffFeedback',
        summary:
          'Staff (any role): a suggestion, report, praise or question as its triage view shows it: the submission with its contacts ' +
          'masked (as GET /v1/staff/complaints/{id}), its files, the decision once taken (who, when, the reason or answer, what it ' +
          'gave and took) and `offers` (the decisions its kind takes while undecided, the points the site’s rule gives its ' +
          'signed-in sender, a penalty’s default). A complaint is a 404 here. Audited (`feedback.read`).',
        security: staffSecurity,
        parameters: [idParam],
        responses: {
          '200': { description: 'The feedback.', content: json('StaffFeedbackDetail') },
          ...errors(401, 404),
        },
      },
    },
    '/v1/staff/feedback/{id}/decision': staffPost(
      'decideFeedback',
      'Agents, admins (`moderate`): decide a suggestion (`accept`: adopted, or `decline` with a `reason`), a report (`confirm`, ' +
        'optionally with a `sanction`: a `penalty` of `points`, the site’s penaltyPoints when left out, never more than the ' +
        'balance, or a `warning`, for the `user` it was about, with the `reason` they read; or `dismiss` with a `reason`), praise ' +
        '(`acknowledge`) or a question (`answer` with the `answer`). Adopting and confirming earn the signed-in sender points by ' +
        'the site’s rules. The decision is kept on the submission and shown to its sender (GET /v1/complaints/{id} `decision`); ' +
        'a second decision, or one on feedback its sender withdrew, is a 409 `invalid_transition` (details.reason `decided` / ' +
        '`withdrawn`); a reason or answer left out is a 422 naming it. Audited (`feedback.decision`).',
      'FeedbackDecisionRequest',
      'FeedbackDecision',
      { status: '200' },
      [idParam],
    ),
  };
}

export interface OpenApiOptions {
  version: string;
  /** Absolute URL of the server; omitted, clients resolve paths against where they fetched the document. */
  serverUrl?: string;
}

/** `complaint.logged_for_user` → `WebhookComplaintLoggedForUser`: its schema's name among the components. */
function webhookSchemaName(type: string): string {
  return `Webhook${type
    .split(/[._]/)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')}`;
}

/** What the server POSTs to a site's webhook (`settings.webhook`), one operation per event type. */
function webhookOperations(): JsonObject {
  return Object.fromEntries(
    Object.keys(WEBHOOK_EVENTS).map((type) => [
      type,
      {
        post: {
          operationId: `webhook.${type}`,
          summary:
            `Sent to the site's webhook as \`${type}\`, signed \`Usercare-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, ` +
            '"<t>.<body>")>`, with `Usercare-Delivery: <id>` (the same on every retry: drop repeats). While a rotated secret\'s ' +
            'overlap lasts (POST /v1/staff/config/secrets/webhook/rotate), one `v1=` per secret still valid, the new one first: ' +
            '`t=<unix>,v1=<new>,v1=<old>`; take the delivery when any `v1` matches a secret you hold. ' +
            (type === 'webhook.test'
              ? 'Sent once, when an admin asks (POST /v1/staff/config/webhook/test), never retried.'
              : 'Retried with growing waits until the host answers 2xx.'),
          requestBody: { required: true, content: json(webhookSchemaName(type)) },
          responses: { '200': { description: 'Any 2xx: received.' } },
        },
      },
    ]),
  );
}

export function buildOpenApiDocument(options: OpenApiOptions): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'usercare reference backend',
      version: options.version,
      description:
        'Feedback and complaints from the usercare web components. Every error has the shape ErrorBody with a stable `code`. ' +
        'Writes take an Idempotency-Key: a repeated key with the same body is answered with the first answer ' +
        '(header Idempotent-Replayed: true); with a different body it is a 422 idempotency_mismatch.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths: {
      '/v1/feedback': {
        post: {
          operationId: 'submitFeedback',
          summary: 'Submit feedback or a complaint; answered with the receipt (the automatic acknowledgement).',
          security: endUserSecurity,
          parameters: [idempotencyKeyParam, deviceParam],
          requestBody: { required: true, content: json('FeedbackSubmission') },
          responses: {
            '201': {
              description: 'Received. `accessKey` is present for anonymous submitters only, and is not shown again.',
              headers: { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } },
              content: json('Receipt'),
            },
            ...errors(400, 401, 403, 404, 413, 415, 422, 429),
          },
        },
      },
      '/v1/feedback/{id}/withdraw': {
        post: {
          operationId: 'withdrawFeedback',
          summary: 'Withdraw your own submission while no staff member has acted on it.',
          security: endUserSecurity,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            idempotencyKeyParam,
            deviceParam,
          ],
          requestBody: { required: true, content: json('WithdrawRequest') },
          responses: {
            '200': {
              description: 'Withdrawn.',
              headers: { 'Idempotent-Replayed': { $ref: '#/components/headers/IdempotentReplayed' } },
              content: json('WithdrawResult'),
            },
            ...errors(400, 401, 403, 404, 409, 422),
          },
        },
      },
      '/v1/complaints': {
        get: {
          operationId: 'listComplaints',
          summary:
            "The asking user's (host token) or device's complaints on a site, latest change first; with `kind`, their feedback " +
            'of that kind, or `all` of it (each with `decision` once staff decided it).',
          security: endUserSecurity,
          parameters: [
            { name: 'site', in: 'query', required: true, schema: { type: 'string' } },
            {
              name: 'kind',
              in: 'query',
              required: false,
              description: 'Which submissions: `complaint` (the default), another kind, or `all`.',
              schema: { type: 'string', enum: [...KINDS, 'all'], default: 'complaint' },
            },
            ...listParams,
            deviceParam,
          ],
          responses: {
            '200': { description: 'A page of complaints.', content: json('ComplaintList') },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/v1/stream': {
        get: {
          operationId: 'liveStream',
          summary:
            'The live event stream of the asking user or device: text/event-stream, read with fetch (an EventSource cannot send a token). ' +
            'Each event is `id: <n>`, `event: <topic>` (e.g. complaint.updated), `data: <JSON>`. A first connect gets only `ready` ' +
            '(data `{ lastId, resumed }`); with Last-Event-ID (or ?after=) the events after that id come first. Heartbeat comments ' +
            'every 15 s; the stream ends when the host token expires. At most 5 open streams per user or device (429).',
          security: endUserSecurity,
          parameters: [
            { name: 'site', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'after', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^[0-9]+$' } },
            deviceParam,
          ],
          responses: {
            '200': {
              description: 'The event stream.',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errors(400, 401, 403, 404, 429),
          },
        },
      },
      '/v1/complaints/lookup': {
        post: {
          operationId: 'lookupComplaint',
          summary:
            'Open an anonymous complaint on another device: its tracking number and the e-mail address or phone number given with it ' +
            'give its access key. Every miss is the same 404; rate-limited per client and per tracking number.',
          requestBody: { required: true, content: json('LookupRequest') },
          responses: {
            '200': {
              description: `Found. Send the access key as ${HEADERS.accessKey} to read the complaint, and as \`accessKey\` in writes.`,
              content: json('LookupResult'),
            },
            ...errors(400, 403, 404, 422, 429),
          },
        },
      },
      '/v1/complaints/{id}': {
        get: {
          operationId: 'getComplaint',
          summary:
            'One of your complaints with its timeline, deadlines and the actions you may take now; or your feedback of ' +
            'another kind (no deadlines or actions), with `decision` once staff decided it.',
          security: endUserSecurity,
          parameters: [idParam, deviceParam, accessKeyParam],
          responses: {
            '200': { description: 'The complaint.', content: json('ComplaintDetail') },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/v1/complaints/{id}/actions': complaintWrite(
        'actComplaint',
        'Act on your complaint (withdraw, answer, confirm, dispute, rate, ask for a third party); the lifecycle decides what is allowed.',
        'ComplaintActionRequest',
        false,
      ),
      '/v1/complaints/{id}/messages': complaintWrite(
        'messageComplaint',
        'Write to staff about your complaint; the status stays.',
        'ComplaintMessageRequest',
        false,
      ),
      '/v1/complaints/{id}/files/{fileId}': complaintFile(
        'getComplaintFile',
        'A file of your complaint (yours, or one staff sent), as a download.',
        endUserSecurity,
        [deviceParam, accessKeyParam],
      ),
      '/v1/staff/me': {
        get: {
          operationId: 'getStaffMe',
          summary:
            'Staff: who the token says is asking (principal `staff:person:<sub>` for a token the host signed, ' +
            '`staff:automation:<name>` for a static token), their roles, and the permissions the server grants them on the site: ' +
            'the same function decides every staff route, so an action is offered exactly when the server would take it.',
          security: staffSecurity,
          parameters: [siteQuery],
          responses: {
            '200': { description: 'The principal. Cache-Control: no-store.', content: json('StaffMe') },
            ...errors(400, 401, 404),
          },
        },
      },
      '/v1/staff/audit': {
        get: {
          operationId: 'getAuditLog',
          summary:
            "Supervisors, admins (the `audit` permission; others 403): the site's audit log, newest first: every staff read of a " +
            'complaint (`complaint.read`), list (`queue.read`), reveal (`contact.reveal`, with its reason) and staff write, each with a ' +
            "short summary in `detail` and never the personal data; and the sweep's purges (`audit.purge`). Entries are kept for the " +
            "site's auditRetentionDays and the database refuses to change them. `format=csv` is an RFC 4180 attachment with the columns " +
            `${AUDIT_CSV_COLUMNS.join(', ')} (a cell starting with = + - @, tab or CR gets a leading \`'\`). Reading the log is itself ` +
            'an entry (`audit.read`, `audit.export`).',
          security: staffSecurity,
          parameters: [
            siteQuery,
            {
              name: 'principal',
              in: 'query',
              required: false,
              description: 'Only this principal’s entries.',
              schema: { type: 'string' },
            },
            {
              name: 'subject',
              in: 'query',
              required: false,
              description: 'Only entries about this complaint or record (`user:<id>` for a user’s points).',
              schema: { type: 'string' },
            },
            {
              name: 'from',
              in: 'query',
              required: false,
              description: 'At or after this instant.',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'to',
              in: 'query',
              required: false,
              description: 'Before this instant.',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'format',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['json', 'csv'], default: 'json' },
            },
            {
              name: 'limit',
              in: 'query',
              required: false,
              description: 'Entries per answer (default 100 for JSON, 10,000 for CSV).',
              schema: { type: 'integer', minimum: 1, maximum: 10_000 },
            },
            {
              name: 'cursor',
              in: 'query',
              required: false,
              description: '`nextCursor` of the previous answer (CSV: the `Link: <…>; rel="next"` header).',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'A page of entries. Cache-Control: no-store.',
              headers: { Link: { description: 'CSV only, when more entries follow.', schema: { type: 'string' } } },
              content: { ...json('AuditPage'), 'text/csv': { schema: { type: 'string' } } },
            },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/v1/staff/queue': {
        get: {
          operationId: 'getStaffQueue',
          summary:
            "Staff (any role): the site's submissions, complaints of every channel and feedback of every kind, soonest next " +
            'deadline first (by `nextDue`, then id; those with nothing running last, by id), with every deadline still running, ' +
            'paused or overdue counted by the server, who works each, whether it is complex, and the first words of its text ' +
            '(never a personal field). Filters combine with AND. Feedback outside the complaint lifecycle has no deadlines. ' +
            'Audited (`queue.read`, with the filters).',
          security: staffSecurity,
          parameters: [
            siteQuery,
            {
              name: 'status',
              in: 'query',
              required: false,
              description: 'One status, or several comma-separated.',
              schema: { type: 'string' },
            },
            { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: [...KINDS] } },
            { name: 'category', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'channel', in: 'query', required: false, schema: { type: 'string', enum: [...CHANNELS] } },
            {
              name: 'assignee',
              in: 'query',
              required: false,
              description:
                '`me` (the asking principal), `unassigned`, `anyone` (the default), or one principal ' +
                '(`staff:person:<sub>`, `staff:automation:<name>`).',
              schema: { type: 'string' },
            },
            {
              name: 'due',
              in: 'query',
              required: false,
              description:
                '`soon`: the next deadline is within two working hours (and not passed); `overdue`: it has passed.',
              schema: { type: 'string', enum: ['soon', 'overdue'] },
            },
            {
              name: 'sort',
              in: 'query',
              required: false,
              description:
                '`deadline` (the default: soonest next deadline first), `received_desc` (newest first) or `received_asc` ' +
                '(oldest first), each by id among equals. A cursor continues only the order it came from (400 otherwise).',
              schema: { type: 'string', enum: [...QUEUE_SORTS] },
            },
            ...listParams,
          ],
          responses: {
            '200': { description: 'A page of the queue.', content: json('QueuePage') },
            ...errors(400, 401, 404),
          },
        },
      },
      '/v1/staff/search': {
        get: {
          operationId: 'searchStaff',
          summary:
            "Staff (any role): the site's submissions, complaints and feedback, found by what `q` is: a tracking number " +
            '(that submission: `mode: "tracking"`); an e-mail address or a phone number of 8 digits or more (the submissions ' +
            'that give it, exactly, newest first: `contact`); anything else words, each of which must be in the text ' +
            '(`text`, best match first among the 50 newest matches, then among the next 50, …; a Chinese word of two characters or more as it is written, a lone Chinese character ' +
            'as the start of a word; other words whole, case-insensitive). Personal fields are never searched as text and ' +
            'never in a snippet; `contact` is masked. Each result has a `snippet` in segments, `mark: true` on what matched ' +
            '(data: render as text). Audited (`search`: its mode, the kind, the page, the count; a contact masked).',
          security: staffSecurity,
          parameters: [
            siteQuery,
            {
              name: 'q',
              in: 'query',
              required: true,
              description: `What to search for: 1 to ${SEARCH_QUERY_MAX} characters with a letter or digit (422 \`validation_failed\` at \`q\` otherwise).`,
              schema: { type: 'string', minLength: 1, maxLength: SEARCH_QUERY_MAX },
            },
            { name: 'kind', in: 'query', required: false, schema: { type: 'string', enum: [...KINDS] } },
            {
              name: 'cursor',
              in: 'query',
              required: false,
              description: '`nextCursor` of the previous page of the same search.',
              schema: { type: 'string' },
            },
            {
              name: 'limit',
              in: 'query',
              required: false,
              description: `Results per page (default ${SEARCH_PAGE}).`,
              schema: { type: 'integer', minimum: 1, maximum: SEARCH_PAGE_MAX },
            },
          ],
          responses: {
            '200': { description: 'A page of results.', content: json('SearchPage') },
            ...errors(400, 401, 404, 422),
          },
        },
      },
      '/v1/staff/stream': {
        get: {
          operationId: 'staffLiveStream',
          summary:
            "Staff (any role): the site's live event stream, as /v1/stream is the user's (text/event-stream read with fetch, " +
            '`ready` once caught up, Last-Event-ID or ?after= to resume, heartbeats). Every change to any of the site’s ' +
            'submissions (a new one, a lifecycle event, a note, an assignment, a category, a withdrawal, a decision) is an event ' +
            '`queue.changed` with data QueueChange `{ id, version, status, by }` (by: the principal who made it, null for the ' +
            'user and the sweep), written in the change’s transaction. A deadline alert the sweep raises is `alert.raised`, ' +
            'one dismissed `alert.dismissed`, each with data AlertNotice `{ id, complaintId, trackingNumber, kind, deadline, ' +
            'assignee }` (assignee: who works the complaint, null for nobody: the console shows it to them, or to everyone). ' +
            'Who is viewing or typing on a complaint is `presence.changed` (PresenceNotice; see …/presence). ' +
            'Ends when the staff token expires. At most 5 open streams per principal (429). Not audited: it carries no one’s data.',
          security: staffSecurity,
          parameters: [
            siteQuery,
            { name: 'after', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } },
            { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string', pattern: '^[0-9]+$' } },
          ],
          responses: {
            '200': {
              description: 'The event stream.',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...errors(400, 401, 404, 429),
          },
        },
      },
      '/v1/staff/presence': {
        get: {
          operationId: 'listStaffPresence',
          summary:
            'Staff (any role): who else of the site’s staff is on which complaint now (viewing it or typing a reply), as ' +
            'PresenceNotice items, so a console just opened shows them before their next renewal; changes come over the staff ' +
            'stream (`presence.changed`). Not audited: names and ids only.',
          security: staffSecurity,
          parameters: [siteQuery],
          responses: {
            '200': { description: 'Who is where. Cache-Control: no-store.', content: json('PresenceList') },
            ...errors(400, 401, 404),
          },
        },
      },
      '/v1/staff/alerts': {
        get: {
          operationId: 'listDeadlineAlerts',
          summary:
            'Staff (any role): the deadline alerts of the complaints assigned to you and of those nobody works (by who works ' +
            'each now), newest first, each with whether and by whom it was dismissed, and `open`: how many are not. The sweep ' +
            'raises `due_soon` when a deadline still owed is within two working hours, `overdue` once it has passed, each once ' +
            'per complaint, deadline and due instant. Not audited: alerts carry no one’s data.',
          security: staffSecurity,
          parameters: [siteQuery, ...listParams],
          responses: {
            '200': { description: 'A page of alerts. Cache-Control: no-store.', content: json('AlertPage') },
            ...errors(400, 401, 404),
          },
        },
      },
      '/v1/staff/alerts/dismiss': {
        post: {
          operationId: 'dismissDeadlineAlerts',
          summary:
            'Staff with the `work` permission: dismiss alerts you see (any other id is a 404 and nothing changes); one ' +
            'already dismissed keeps its first dismissal. Each dismissal is an `alert.dismissed` event on the staff stream ' +
            'and an `alert.dismiss` audit entry.',
          security: staffSecurity,
          parameters: [idempotencyKeyParam],
          requestBody: { required: true, content: json('DismissAlertsRequest') },
          responses: {
            '200': {
              description: 'The alerts asked for, as they now stand.',
              headers: replayedHeader,
              content: json('DismissedAlerts'),
            },
            ...errors(400, 401, 403, 404, 422),
          },
        },
      },
      '/v1/staff/canned': {
        get: {
          operationId: 'listCannedReplies',
          summary:
            "Staff (any role): the site's canned replies, by title. `{name}`, `{trackingNumber}` and `{dueDate}` in a text are " +
            'for the console to fill in. Not audited: they are the site’s own texts.',
          security: staffSecurity,
          parameters: [siteQuery],
          responses: {
            '200': { description: 'The canned replies.', content: json('CannedReplyList') },
            ...errors(400, 401, 404),
          },
        },
      },
      '/v1/staff/canned/{id}': {
        put: {
          operationId: 'putCannedReply',
          summary:
            'Admins (the `canned` permission; others 403): write the canned reply `id` (made or replaced). Audited (`canned.write`).',
          security: staffSecurity,
          parameters: [cannedId, siteQuery, idempotencyKeyParam],
          requestBody: { required: true, content: json('CannedReplyWrite') },
          responses: {
            '200': { description: 'Written, as it now stands.', headers: replayedHeader, content: json('CannedReply') },
            ...errors(400, 401, 403, 404, 422),
          },
        },
        delete: {
          operationId: 'deleteCannedReply',
          summary:
            'Admins (the `canned` permission; others 403): remove the canned reply `id`. Audited (`canned.delete`).',
          security: staffSecurity,
          parameters: [cannedId, siteQuery],
          responses: {
            '204': { description: 'Removed.' },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/v1/staff/views': {
        get: {
          operationId: 'listSavedViews',
          summary:
            'Staff (any role): your own saved views of the queue (filters, sort, columns), by name, and `max`, how many ' +
            'you may keep. Nobody else’s: views belong to the principal who saved them. Not audited: a view holds no one’s data.',
          security: staffSecurity,
          parameters: [siteQuery],
          responses: {
            '200': { description: 'Your views. Cache-Control: no-store.', content: json('SavedViewList') },
            ...errors(400, 401, 404),
          },
        },
      },
      '/v1/staff/views/{id}': {
        put: {
          operationId: 'putSavedView',
          summary:
            'Staff (any role): make or replace your view `id` (an id of your choosing; another principal’s view of the same ' +
            'id is theirs and stays as it is). Filters, sort and columns take only the values the queue takes (422 ' +
            '`validation_failed` naming the field); `name` (1–80 characters) is unique among your views (409 `conflict`, ' +
            '`details.reason: "name_taken"`); `isDefault` makes it the view the console opens with and your others not. At ' +
            `most ${SAVED_VIEWS_MAX} views each (422 \`validation_failed\` at \`id\`, code \`too_many\`). Audited (\`view.write\`).`,
          security: staffSecurity,
          parameters: [viewId, siteQuery, idempotencyKeyParam],
          requestBody: { required: true, content: json('SavedViewWrite') },
          responses: {
            '200': { description: 'Saved, as it now stands.', headers: replayedHeader, content: json('SavedView') },
            ...errors(400, 401, 404, 409, 422),
          },
        },
        delete: {
          operationId: 'deleteSavedView',
          summary:
            'Staff (any role): remove your view `id` (404 when you have none by that id, another principal’s included). ' +
            'Audited (`view.delete`).',
          security: staffSecurity,
          parameters: [viewId, siteQuery],
          responses: {
            '204': { description: 'Removed.' },
            ...errors(400, 401, 404),
          },
        },
      },
      ...configPaths(kit),
      ...configSecretsPaths(kit),
      ...configConsentPaths(kit),
      '/v1/staff/complaints': {
        get: {
          operationId: 'listStaffComplaints',
          summary: "Staff: a site's complaints, latest change first, optionally of one status.",
          security: staffSecurity,
          parameters: [
            { name: 'site', in: 'query', required: true, schema: { type: 'string' } },
            { name: 'status', in: 'query', required: false, schema: jsonSchema(SubmissionStatus, 'output') },
            ...listParams,
          ],
          responses: {
            '200': { description: 'A page of complaints.', content: json('ComplaintList') },
            ...errors(400, 401, 404),
          },
        },
        post: {
          operationId: 'createStaffComplaint',
          summary:
            'Staff with the `work` permission: log a complaint received by hotline, mailbox, letter or at a counter. Its ' +
            'deadlines run from `receivedAt`, which may be at most ' +
            `${INTAKE_CLOCK_SKEW_S} s ahead of the server's clock (a clock a little fast) and at most the site's ` +
            `\`settings.staff.intakeMaxAgeDays\` (default ${DEFAULT_SETTINGS.staff.intakeMaxAgeDays}, at most ` +
            `${MAX_INTAKE_AGE_DAYS}) days behind it, that instant included; otherwise 422 at \`receivedAt\` ` +
            '(`in_future`, `too_old`, `params.max`). `text` and `contact` (an e-mail address or a phone number) go into ' +
            "the form's fields: the message field and its e-mail or phone field (or `contact` when it has none), masked " +
            "in staff views like any contact. With `userId` it shows in that user's tracker. The user gets the tracking " +
            "number, and for a complaint in nobody's account the access key, through the host: the signed webhook event " +
            '`complaint.logged_for_user` (see `webhooks`). Audited (`complaint.intake`, with `receivedAt`; never the ' +
            'contact or the key).',
          security: staffSecurity,
          parameters: [idempotencyKeyParam],
          requestBody: { required: true, content: json('StaffComplaintRequest') },
          responses: {
            '201': {
              description:
                'Logged, with its tracking number for staff to read out; never the access key (the webhook alone carries it).',
              headers: replayedHeader,
              content: json('Receipt'),
            },
            ...errors(400, 401, 403, 404, 422),
          },
        },
      },
      '/v1/staff/complaints/{id}': {
        get: {
          operationId: 'getStaffComplaint',
          summary:
            'Staff: one complaint with its timeline, deadlines and the actions your permissions and any of your roles allow. ' +
            "The personal fields (the form's fields marked `personal`) are masked in `fields` (138****0042, d***@example.com, 张***) " +
            'and named in `masked`; POST …/reveal shows them. Audited (`complaint.read`).',
          security: staffSecurity,
          parameters: [idParam],
          responses: {
            '200': { description: 'The complaint.', content: json('StaffComplaintDetail') },
            ...errors(401, 404),
          },
        },
      },
      '/v1/staff/complaints/{id}/actions': complaintWrite(
        'actStaffComplaint',
        'Staff: move a complaint through its lifecycle with your roles, strongest first; send `version` to act only on what you saw. ' +
          'A ruling (`rule`: the `rule` permission, a person, not whoever replied, else 403 with details.reason `rule`, ' +
          '`person_required` or `conflict_of_interest`) takes `outcome` (upheld: the disputed reply stands; partly_upheld; ' +
          'overturned: the user was right) and `reasons`; a referral (`refer_third_party`) takes `referral` (the third party, ' +
          'its case reference, the day, not after today in the site’s time zone). Either missing is a 422 naming the field. ' +
          'Audited (`complaint.action`, with a ruling’s outcome).',
        'ComplaintActionRequest',
        true,
      ),
      '/v1/staff/complaints/{id}/third-party-outcome': complaintWrite(
        'recordThirdPartyOutcome',
        'Staff with the `work` permission: what the third party decided (`outcome`, in its words) and the day it did ' +
          '(`decidedOn`: not after today in the site’s time zone, not before the referral; else 422), recorded once: the ' +
          'complaint is resolved, and the user sees it in their tracker. `body` (and `reference`) name the third party when no ' +
          'referral did (the user asked for one): required then, refused otherwise (422). A second outcome is a 409 ' +
          '`invalid_transition` with details.reason `already_recorded`; a complaint with no third party, a 409 `not_allowed`. ' +
          'Audited (`third_party.outcome`).',
        'ThirdPartyOutcomeRequest',
        true,
      ),
      '/v1/staff/complaints/{id}/messages': complaintWrite(
        'messageStaffComplaint',
        'Staff: write to the user; the status stays. With `version` (the one the reply was written against), a complaint ' +
          'changed since is a 409 `conflict` and nothing is sent: the console shows what changed beside the kept reply.',
        'StaffMessageRequest',
        true,
      ),
      '/v1/staff/complaints/{id}/notes': complaintWrite(
        'noteStaffComplaint',
        'Staff with the `note` permission: an internal note for colleagues, a `note` line of the staff timeline that no ' +
          'user-facing answer, stream or webhook carries. Works on any submission of the queue; the version stays. Audited (`note`).',
        'NoteRequest',
        true,
      ),
      '/v1/staff/complaints/{id}/assignee': complaintWrite(
        'assignStaffComplaint',
        'Staff with the `assign` permission: claim (your own principal), assign or reassign (any principal spelt ' +
          '`staff:person:<sub>` or `staff:automation:<name>`, else 422), or release (null). `version` is the one you saw: a stale ' +
          'one is a 409 `conflict` and nothing changes. Bumps the version; an `assign` line of the staff timeline. Audited (`assign`).',
        'AssignRequest',
        true,
      ),
      '/v1/staff/complaints/{id}/category': complaintWrite(
        'categoriseStaffComplaint',
        "Staff with the `categorise` permission: another of the site's categories (422 `invalid_category` otherwise) and the " +
          'complex mark: set, the 24-hour solution deadline runs from receipt; taken off, the site policy stands. The deadlines are ' +
          'counted again in the same transaction. Only a complaint can be complex (422 at `complex`). `version` as for the ' +
          'assignee. A `category` line of the staff timeline. Audited (`category`).',
        'CategoryRequest',
        true,
      ),
      '/v1/staff/complaints/{id}/reveal': {
        post: {
          operationId: 'revealContact',
          summary:
            "Staff whose role the site's revealRoles allows (agents, arbitrators, admins by default; others 403): a complaint's personal " +
            'fields in clear, for the reason given, which the audit log keeps (`contact.reveal`). Each reveal is logged; no Idempotency-Key.',
          security: staffSecurity,
          parameters: [idParam],
          requestBody: { required: true, content: json('RevealRequest') },
          responses: {
            '200': {
              description: 'The personal fields, as text. Cache-Control: no-store.',
              content: json('RevealResult'),
            },
            ...errors(400, 401, 403, 404, 422),
          },
        },
      },
      '/v1/staff/complaints/{id}/presence': {
        post: {
          operationId: 'staffPresence',
          summary:
            'Staff (any role; another site’s complaint is a 404): you are `viewing` the complaint, `typing` a reply, or `left`. ' +
            `Kept for ${PRESENCE_TTL_S} s unless renewed (a closed tab disappears by itself; \`left\` ends it at once) and ` +
            'announced on the staff stream as `presence.changed` with data PresenceNotice `{ complaintId, principal, name, ' +
            'state, at, expiresAt }`: names and ids only. Answered with who else is on it now. No Idempotency-Key (a presence ' +
            'sent again is renewed); not audited: it reads nothing of the complaint.',
          security: staffSecurity,
          parameters: [idParam],
          requestBody: { required: true, content: json('PresenceRequest') },
          responses: {
            '200': {
              description: 'Recorded; who else is on the complaint. Cache-Control: no-store.',
              content: json('PresenceAnswer'),
            },
            ...errors(400, 401, 404, 422),
          },
        },
      },
      '/v1/staff/complaints/{id}/files/{fileId}': complaintFile(
        'getStaffComplaintFile',
        'Staff: a file of a complaint of your site, as a download.',
        staffSecurity,
        [],
      ),
      '/v1/sites/{site}/config': {
        get: {
          operationId: 'getSiteConfig',
          summary: "The site's public config, merged over the built-in defaults.",
          parameters: [
            { name: 'site', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description:
                'The public config. Cache-Control: no-cache (revalidate with its ETag: a 304 when unchanged).',
              headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } },
              content: json('SiteConfig'),
            },
            '304': { description: 'Not modified (If-None-Match matched the ETag).' },
            ...errors(403, 404),
          },
        },
      },
      '/v1/sites/{site}/consent': {
        get: {
          operationId: 'getConsentConfig',
          summary:
            "What the site's consent banner shows: purposes (besides the built-in `necessary`), separate consents, policy documents, " +
            "`messages` (the site's overrides of the banner's texts, written as `consent.<key>` in its config's messages), " +
            'with defaults filled and `revision`, which changes whenever anything shown changes. A site without consent settings is a 404.',
          parameters: [
            { name: 'site', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description:
                'The consent config. ETag: `"<revision>"`; Cache-Control: no-cache (revalidate on every use).',
              headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } },
              content: json('ConsentConfig'),
            },
            '304': { description: 'Not modified: If-None-Match named the current revision.' },
            ...errors(403, 404),
          },
        },
      },
      '/v1/consents': {
        post: {
          operationId: 'recordConsent',
          summary:
            "Keep one consent decision as proof. The Idempotency-Key must be the record's `id` (else 422 validation_failed at `id`). " +
            'The server stamps its own `receivedAt` and keeps the text shown once by its SHA-256; records are never changed or deleted. ' +
            'An id another subject used already is a 409 conflict. Rate-limited like anonymous submissions.',
          security: endUserSecurity,
          parameters: [idempotencyKeyParam, deviceParam],
          requestBody: { required: true, content: json('ConsentRecord') },
          responses: {
            '201': { description: 'Kept.', headers: replayedHeader, content: json('ConsentReceipt') },
            ...errors(400, 401, 403, 404, 409, 413, 422, 429),
          },
        },
      },
      '/v1/staff/consents': {
        get: {
          operationId: 'exportConsents',
          summary:
            "Admins: a site's consent records, oldest received first (then by id), at most `limit` per answer; `nextCursor` " +
            '(JSON) or `Link: <…>; rel="next"` (CSV) continues. CSV (RFC 4180, text/csv; charset=utf-8, as an attachment) has ' +
            `the columns ${CONSENT_CSV_COLUMNS.join(', ')}; choices read \`id=granted|refused@version\` joined by \`;\`, and a cell ` +
            "starting with = + - @ (or tab, CR) gets a leading `'`. Agents and arbitrators get a 403.",
          security: staffSecurity,
          parameters: [
            { name: 'site', in: 'query', required: true, schema: { type: 'string' } },
            {
              name: 'subject',
              in: 'query',
              required: false,
              description: 'Only this subject: `user:<sub>` (host token) or `device:<device id>`.',
              schema: { type: 'string', pattern: SUBJECT_PATTERN.source },
            },
            {
              name: 'from',
              in: 'query',
              required: false,
              description: 'Received at or after this instant.',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'to',
              in: 'query',
              required: false,
              description: 'Received before this instant.',
              schema: { type: 'string', format: 'date-time' },
            },
            {
              name: 'format',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['json', 'csv'], default: 'json' },
            },
            {
              name: 'limit',
              in: 'query',
              required: false,
              description: `Records per answer (default ${CONSENT_EXPORT_MAX_ROWS}).`,
              schema: { type: 'integer', minimum: 1, maximum: CONSENT_EXPORT_MAX_ROWS },
            },
            {
              name: 'cursor',
              in: 'query',
              required: false,
              description: '`nextCursor` of the previous answer.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: 'The records. Cache-Control: no-store.',
              headers: { Link: { description: 'CSV only, when more records follow.', schema: { type: 'string' } } },
              content: { ...json('ConsentExport'), 'text/csv': { schema: { type: 'string' } } },
            },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/v1/staff/consents/texts/{sha256}': {
        get: {
          operationId: 'getConsentText',
          summary:
            "Admins: the exact text a consent record was made on (its `textSha256`), as plain text. Only texts of the admin's site's records; " +
            '`site` defaults to the site the token is listed on first.',
          security: staffSecurity,
          parameters: [
            { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
            { name: 'site', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: {
            '200': { description: 'The text shown.', content: { 'text/plain': { schema: { type: 'string' } } } },
            ...errors(401, 403, 404),
          },
        },
      },
      ...pointsPaths(),
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'Liveness and database reachability.',
          responses: { '200': { description: 'Healthy.', content: json('Health') }, ...errors(503) },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document.',
          responses: {
            '200': {
              description: 'OpenAPI 3.1 document.',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
    webhooks: webhookOperations(),
    components: {
      schemas: {
        FeedbackSubmission: jsonSchema(FeedbackSubmission, 'input'),
        Receipt: jsonSchema(Receipt, 'output'),
        WithdrawRequest: jsonSchema(WithdrawRequest, 'input'),
        WithdrawResult: jsonSchema(WithdrawResult, 'output'),
        SiteConfig: jsonSchema(SiteConfig, 'output'),
        Health: jsonSchema(Health, 'output'),
        ComplaintList: jsonSchema(ComplaintList, 'output'),
        ComplaintDetail: jsonSchema(ComplaintDetail, 'output'),
        ComplaintChange: jsonSchema(ComplaintChange, 'output'),
        ComplaintActionRequest: jsonSchema(ComplaintActionRequest, 'input'),
        ThirdPartyOutcomeRequest: jsonSchema(ThirdPartyOutcomeRequest, 'input'),
        ComplaintMessageRequest: jsonSchema(ComplaintMessageRequest, 'input'),
        StaffMessageRequest: jsonSchema(StaffMessageRequest, 'input'),
        PresenceRequest: jsonSchema(PresenceRequest, 'input'),
        PresenceAnswer: jsonSchema(PresenceAnswer, 'output'),
        PresenceNotice: jsonSchema(PresenceNotice, 'output'),
        PresenceList: jsonSchema(PresenceList, 'output'),
        LookupRequest: jsonSchema(LookupRequest, 'input'),
        LookupResult: jsonSchema(LookupResult, 'output'),
        StaffComplaintRequest: jsonSchema(StaffComplaintRequest, 'input'),
        ConsentConfig: jsonSchema(ConsentConfig, 'output'),
        ConsentRecord: jsonSchema(ConsentRecord, 'input'),
        ConsentReceipt: jsonSchema(ConsentReceipt, 'output'),
        ConsentExport: jsonSchema(ConsentExport, 'output'),
        PointsSummary: jsonSchema(PointsSummary, 'output'),
        PointsHistory: jsonSchema(PointsHistory, 'output'),
        RedeemRequest: jsonSchema(RedeemRequest, 'input'),
        Redemption: jsonSchema(Redemption, 'output'),
        RedemptionList: jsonSchema(RedemptionList, 'output'),
        UndoRequest: jsonSchema(UndoRequest, 'input'),
        IncidentRequest: jsonSchema(IncidentRequest, 'input'),
        IncidentResult: jsonSchema(IncidentResult, 'output'),
        PenaltyRequest: jsonSchema(PenaltyRequest, 'input'),
        AdjustmentRequest: jsonSchema(AdjustmentRequest, 'input'),
        StaffEntryResult: jsonSchema(StaffEntryResult, 'output'),
        CodeUpload: jsonSchema(CodeUpload, 'input'),
        CodePoolStatus: jsonSchema(CodePoolStatus, 'output'),
        CodePools: jsonSchema(CodePools, 'output'),
        IncidentList: jsonSchema(IncidentList, 'output'),
        FeedbackDecisionRequest: jsonSchema(FeedbackDecisionRequest, 'input'),
        FeedbackDecision: jsonSchema(FeedbackDecision, 'output'),
        StaffFeedbackDetail: jsonSchema(StaffFeedbackDetail, 'output'),
        IncidentPreview: jsonSchema(IncidentPreview, 'output'),
        ComplaintPointsRequest: jsonSchema(ComplaintPointsRequest, 'input'),
        ComplaintPointsResult: jsonSchema(ComplaintPointsResult, 'output'),
        StaffMe: jsonSchema(StaffMe, 'output'),
        StaffComplaintDetail: jsonSchema(StaffComplaintDetail, 'output'),
        RevealRequest: jsonSchema(RevealRequest, 'input'),
        NoteRequest: jsonSchema(NoteRequest, 'input'),
        AssignRequest: jsonSchema(AssignRequest, 'input'),
        CategoryRequest: jsonSchema(CategoryRequest, 'input'),
        RevealResult: jsonSchema(RevealResult, 'output'),
        AuditPage: jsonSchema(AuditPage, 'output'),
        QueuePage: jsonSchema(QueuePage, 'output'),
        SearchPage: jsonSchema(SearchPage, 'output'),
        CannedReply: jsonSchema(CannedReply, 'output'),
        CannedReplyList: jsonSchema(CannedReplyList, 'output'),
        CannedReplyWrite: jsonSchema(CannedReplyWrite, 'input'),
        SavedView: jsonSchema(SavedView, 'output'),
        SavedViewList: jsonSchema(SavedViewList, 'output'),
        SavedViewWrite: jsonSchema(SavedViewWrite, 'input'),
        QueueChange: jsonSchema(QueueChange, 'output'),
        AlertPage: jsonSchema(AlertPage, 'output'),
        AlertNotice: jsonSchema(AlertNotice, 'output'),
        DismissAlertsRequest: jsonSchema(DismissAlertsRequest, 'input'),
        DismissedAlerts: jsonSchema(DismissedAlerts, 'output'),
        ...configSchemas(kit),
        ...configSecretsSchemas(kit),
        ...configConsentSchemas(kit),
        ...Object.fromEntries(
          Object.entries(WEBHOOK_EVENTS).map(([type, schema]) => [
            webhookSchemaName(type),
            jsonSchema(schema, 'output'),
          ]),
        ),
        ErrorBody: jsonSchema(ErrorBody, 'output'),
        ErrorCode: jsonSchema(ErrorCode, 'output'),
      },
      parameters: {
        IdempotencyKey: {
          name: HEADERS.idempotencyKey,
          in: 'header',
          required: true,
          description: 'Made by the client before the first send and repeated on every retry of the same write.',
          schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
        },
        Device: {
          name: HEADERS.device,
          in: 'header',
          required: false,
          description: 'The anonymous device id; required when no host token is sent.',
          schema: { type: 'string', pattern: DEVICE_ID_PATTERN.source },
        },
        AccessKey: {
          name: HEADERS.accessKey,
          in: 'header',
          required: false,
          description:
            "An anonymous complaint's access key (from the receipt or a lookup), to read it from a device that did not submit it.",
          schema: { type: 'string' },
        },
      },
      headers: {
        RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
        IdempotentReplayed: {
          description: '`true` when this is the stored answer to an earlier request with the same key.',
          schema: { type: 'string', enum: ['true'] },
        },
      },
      securitySchemes: {
        hostToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "A token the host site signs (HS256, the site's secret). Claims: `sub` (a string of 1–200 characters, or an integer, " +
            'read as its decimal string: 12345 and "12345" are one user), `exp`, optionally `iat` and `name` (a string of at most 200 ' +
            "characters, shown in timelines; any other name is left out). It may live at most the site's maximum (24 h unless the " +
            'registry says otherwise) from `iat`, or from now without one; a site may also require `aud` and `iss`. After a ' +
            'rotation of the host token secret, a token signed with the one it replaced is accepted until the overlap the ' +
            'rotation gave ends. Anything else is a 401.',
        },
        device: { type: 'apiKey', in: 'header', name: HEADERS.device, description: 'Anonymous device id.' },
        staffToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            "A staff member's token, one of two kinds. A person's: a JWT the host's back office signs (HS256, the site's " +
            `staffTokenSecret, never its host token secret) with \`sub\`, \`name\` (1–200 characters), \`roles\` (a non-empty list of ` +
            `agent, arbitrator, supervisor, admin), \`site\`, \`aud: "${STAFF_TOKEN_AUDIENCE}"\`, \`iat\` and \`exp\` at most ` +
            `${STAFF_TOKEN_MAX_LIFETIME_S / 3600} h after it; a token issued before the site's staffTokensNotBefore is refused ` +
            '(POST /v1/staff/config/sign-out-staff sets it to now). After a rotation of the staff secret, a token signed with ' +
            'the one it replaced is accepted until the overlap the rotation gave ends. ' +
            "Automation's: a static token whose SHA-256 the site keeps with a name and roles (POST /v1/staff/config/tokens " +
            'issues one, DELETE …/tokens/{name} revokes it). ' +
            'GET /v1/staff/me says what the token may do; the complaint lifecycle then decides what each role may do to a complaint.',
        },
      },
    },
  };
}
