/**
 * The OpenAPI 3.1 document of the reference backend, generated from the same
 * zod schemas the server validates with and the client parses with, so the
 * document cannot drift from the code. Served at GET /openapi.json.
 *
 * Not exported from src/contract/index.ts: the browser never needs it, and
 * z.toJSONSchema would only cost bundle bytes there.
 */
import * as z from 'zod/mini';
import { HttpUrl, SiteConfig } from '../config/schema';
import { INSTANT_PATTERN, Instant, SafeInt } from './common';
import { ErrorBody, ErrorCode } from './errors';
import { FeedbackSubmission, Health, Receipt, WithdrawRequest, Withdrawn, WithdrawResult } from './feedback';
import { DEVICE_ID_PATTERN, HEADERS, IDEMPOTENCY_KEY_PATTERN } from './headers';

type JsonObject = Record<string, unknown>;

/**
 * String formats the contract spells as plain checks (a format builder costs
 * the browser bundle more than the check): the document still names them, and
 * numbers checked with SafeInt are still integers (below).
 */
const FORMATS = new Map<z.core.$ZodType, { format: string; pattern?: RegExp }>([
  [Instant, { format: 'date-time', pattern: INSTANT_PATTERN }],
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
  400: 'invalid_request: malformed JSON, a missing or malformed header',
  401: 'unauthorized: no identity, or a host token that is invalid or expired',
  403: 'forbidden: the Origin is not allowed for this site',
  404: 'not_found: unknown site, route, or a submission that is not yours',
  409: 'not_withdrawable / conflict: the submission has moved on, or changed meanwhile',
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
const endUserSecurity = [{ hostToken: [] }, { device: [] }];

export interface OpenApiOptions {
  version: string;
  /** Absolute URL of the server; omitted, clients resolve paths against where they fetched the document. */
  serverUrl?: string;
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
              description: 'The public config. Cache-Control: public, max-age=60.',
              headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } },
              content: json('SiteConfig'),
            },
            '304': { description: 'Not modified (If-None-Match matched the ETag).' },
            ...errors(403, 404),
          },
        },
      },
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
          responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      schemas: {
        FeedbackSubmission: jsonSchema(FeedbackSubmission, 'input'),
        Receipt: jsonSchema(Receipt, 'output'),
        WithdrawRequest: jsonSchema(WithdrawRequest, 'input'),
        WithdrawResult: jsonSchema(WithdrawResult, 'output'),
        SiteConfig: jsonSchema(SiteConfig, 'output'),
        Health: jsonSchema(Health, 'output'),
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
      },
      headers: {
        RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
        IdempotentReplayed: { description: '`true` when this is the stored answer to an earlier request with the same key.', schema: { type: 'string', enum: ['true'] } },
      },
      securitySchemes: {
        hostToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "A token the host site signs (HS256, the site's secret) with claims sub, name, exp.",
        },
        device: { type: 'apiKey', in: 'header', name: HEADERS.device, description: 'Anonymous device id.' },
      },
    },
  };
}
