/** The wire contract: schemas accept what the client sends and refuse what breaks it; OpenAPI documents every route. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ErrorBody, FeedbackSubmission, Receipt, WithdrawRequest, WithdrawResult } from '../../src/contract';
import { IDEMPOTENCY_KEY_PATTERN } from '../../src/contract/headers';
import { buildOpenApiDocument } from '../../src/server/openapi';
import { createApp } from '../../src/server/app';
import { attachment, FILES, submission } from './_helpers';

describe('schemas', () => {
  test('a complete submission with an attachment is accepted', () => {
    const ok = FeedbackSubmission.safeParse(
      submission({ attachments: [attachment('screenshots', 'a.png', 'image/png', FILES.png)] }),
    );
    assert.ok(ok.success);
  });

  test('a submission with a wrong kind, bad attachment or a field name with spaces is refused at that path', () => {
    const cases: [unknown, string][] = [
      [{ ...submission(), kind: 'rant' }, 'kind'],
      [{ ...submission(), fields: { 'my field': 'x' } }, 'fields'],
      [
        {
          ...submission(),
          attachments: [{ ...attachment('f', 'a.exe', 'image/png', FILES.png), type: 'application/x-msdownload' }],
        },
        'attachments',
      ],
      [
        {
          ...submission(),
          attachments: [{ ...attachment('f', 'a.png', 'image/png', FILES.png), data: 'not base64!' }],
        },
        'attachments',
      ],
      [{ ...submission(), clientSubmittedAt: '28/11/2026' }, 'clientSubmittedAt'],
    ];
    for (const [input, path] of cases) {
      const result = FeedbackSubmission.safeParse(input);
      assert.equal(result.success, false, path);
      assert.equal(result.error!.issues[0]!.path[0], path);
    }
  });

  test('site, form and field ids may use upper case (as the OpenAPI pattern says)', () => {
    assert.ok(FeedbackSubmission.safeParse(submission({ form: 'Default' })).success);
    assert.equal(FeedbackSubmission.safeParse(submission({ form: '-lead' })).success, false);
  });

  test('a receipt needs a server instant; a status this build does not know is kept, as a newer server wrote it', () => {
    const receipt = {
      id: 'x',
      trackingNumber: 'UC20261128-7KQ2MX',
      site: 'demo',
      kind: 'complaint',
      category: 'c',
      channel: 'web',
      status: 'submitted',
      receivedAt: '2026-11-28T08:00:00.000Z',
      attachments: [],
    };
    assert.ok(Receipt.safeParse(receipt).success);
    assert.equal(Receipt.parse({ ...receipt, status: 'escalated' }).status, 'escalated');
    assert.equal(Receipt.safeParse({ ...receipt, status: 42 }).success, false);
    assert.equal(Receipt.safeParse({ ...receipt, receivedAt: 'now' }).success, false);
  });

  test('withdraw request and result, and the error body', () => {
    assert.ok(WithdrawRequest.safeParse({}).success);
    assert.equal(WithdrawRequest.safeParse({ reason: 'x'.repeat(1001) }).success, false);
    assert.ok(WithdrawResult.safeParse({ id: 'x', status: 'withdrawn', withdrawnAt: '2026-11-28T08:00:00Z' }).success);
    assert.ok(
      ErrorBody.safeParse({ error: { code: 'rate_limited', message: 'slow down', details: { retryAfter: 3 } } })
        .success,
    );
    assert.equal(ErrorBody.safeParse({ error: { code: 'teapot', message: 'no' } }).success, false);
  });

  test('idempotency keys: UUIDs pass, short or odd ones do not', () => {
    assert.ok(IDEMPOTENCY_KEY_PATTERN.test('0b3a8f0e-6f5e-4a0c-9a57-2b8f5d1e0c11'));
    assert.equal(IDEMPOTENCY_KEY_PATTERN.test('short'), false);
    assert.equal(IDEMPOTENCY_KEY_PATTERN.test('has spaces in it, sixteen+'), false);
  });
});

describe('OpenAPI document', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document walked by path; the assertions check its shape
  const doc = buildOpenApiDocument({ version: '1.2.3' }) as any;

  test('describes exactly the routes the server registers, method by method', () => {
    // Only the routes are read: no request is made, so the app needs no live database.
    const app = createApp({ db: {} as never, registry: {} as never, blobs: {} as never });
    const served = new Set(
      app.routes
        .filter(
          (r) =>
            r.method !== 'ALL' &&
            r.method !== 'OPTIONS' &&
            (r.path.startsWith('/v1/') || r.path === '/openapi.json' || r.path === '/healthz'),
        )
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    );
    const described = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method} ${path}`),
      ),
    );
    assert.deepEqual(
      [...served].filter((r) => !described.has(r)),
      [],
      'served but not in /openapi.json',
    );
    assert.deepEqual(
      [...described].filter((r) => !served.has(r)),
      [],
      'in /openapi.json but not served',
    );
  });

  test('is OpenAPI 3.1 with info and every route the server serves', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, '1.2.3');
    assert.deepEqual(Object.keys(doc.paths).sort(), [
      '/healthz',
      '/openapi.json',
      '/v1/complaints',
      '/v1/complaints/lookup',
      '/v1/complaints/{id}',
      '/v1/complaints/{id}/actions',
      '/v1/complaints/{id}/files/{fileId}',
      '/v1/complaints/{id}/messages',
      '/v1/consents',
      '/v1/feedback',
      '/v1/feedback/{id}/withdraw',
      '/v1/points',
      '/v1/points/history',
      '/v1/points/redemptions',
      '/v1/points/redemptions/{id}/undo',
      '/v1/sites/{site}/config',
      '/v1/sites/{site}/consent',
      '/v1/staff/alerts',
      '/v1/staff/alerts/dismiss',
      '/v1/staff/audit',
      '/v1/staff/canned',
      '/v1/staff/canned/{id}',
      '/v1/staff/complaints',
      '/v1/staff/complaints/{id}',
      '/v1/staff/complaints/{id}/actions',
      '/v1/staff/complaints/{id}/assignee',
      '/v1/staff/complaints/{id}/category',
      '/v1/staff/complaints/{id}/files/{fileId}',
      '/v1/staff/complaints/{id}/messages',
      '/v1/staff/complaints/{id}/notes',
      '/v1/staff/complaints/{id}/points',
      '/v1/staff/complaints/{id}/presence',
      '/v1/staff/complaints/{id}/reveal',
      '/v1/staff/complaints/{id}/third-party-outcome',
      '/v1/staff/config/consent-reask',
      '/v1/staff/config/deadline-preview',
      '/v1/staff/config/diff',
      '/v1/staff/config/draft',
      '/v1/staff/config/publish',
      '/v1/staff/config/rollback',
      '/v1/staff/config/secrets',
      '/v1/staff/config/secrets/{kind}/rotate',
      '/v1/staff/config/sign-out-staff',
      '/v1/staff/config/snippet',
      '/v1/staff/config/tokens',
      '/v1/staff/config/tokens/{name}',
      '/v1/staff/config/validate',
      '/v1/staff/config/versions',
      '/v1/staff/config/versions/{version}',
      '/v1/staff/config/webhook/test',
      '/v1/staff/consents',
      '/v1/staff/consents/texts/{sha256}',
      '/v1/staff/feedback/{id}',
      '/v1/staff/feedback/{id}/decision',
      '/v1/staff/me',
      '/v1/staff/points/accounts/{user}',
      '/v1/staff/points/adjustments',
      '/v1/staff/points/codes',
      '/v1/staff/points/incidents',
      '/v1/staff/points/incidents/preview',
      '/v1/staff/points/penalties',
      '/v1/staff/presence',
      '/v1/staff/queue',
      '/v1/staff/search',
      '/v1/staff/stream',
      '/v1/staff/views',
      '/v1/staff/views/{id}',
      '/v1/stream',
    ]);
    assert.ok(doc.paths['/v1/feedback'].post.requestBody);
    assert.ok(doc.paths['/v1/feedback'].post.responses['201']);
    assert.ok(doc.paths['/v1/feedback/{id}/withdraw'].post.responses['409']);
    assert.ok(doc.paths['/v1/sites/{site}/config'].get.responses['304']);
  });

  test('every $ref resolves inside the document', () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    assert.ok(refs.length > 10);
    for (const ref of refs) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
      assert.ok(target, `unresolved ${ref}`);
    }
  });

  test('schemas come from the zod contract: the error codes, the idempotency header and the 429 Retry-After', () => {
    const codes = doc.components.schemas.ErrorBody.properties.error.properties.code.enum as string[];
    assert.ok(codes.includes('idempotency_mismatch') && codes.includes('rate_limited'));
    assert.deepEqual(doc.components.schemas.FeedbackSubmission.required.sort(), [
      'attachments',
      'category',
      'clientSubmittedAt',
      'fields',
      'form',
      'kind',
      'locale',
      'site',
    ]);
    const params = doc.paths['/v1/feedback'].post.parameters.map((p: { $ref: string }) => p.$ref);
    assert.ok(params.includes('#/components/parameters/IdempotencyKey'));
    assert.equal(doc.components.parameters.IdempotencyKey.required, true);
    assert.ok(doc.paths['/v1/feedback'].post.responses['429'].headers['Retry-After']);
    assert.equal(doc.components.schemas.ErrorBody.$schema, undefined, 'no per-schema $schema inside OpenAPI');
  });

  test("consent: config with 304, the record in, its receipt out, the admins' export and texts", () => {
    const op = (path: string, method: string) => doc.paths[path][method];
    const schemaOf = (path: string, method: string, status: string, type = 'application/json') =>
      op(path, method).responses[status].content[type].schema;
    assert.equal(schemaOf('/v1/sites/{site}/consent', 'get', '200').$ref, '#/components/schemas/ConsentConfig');
    assert.ok(op('/v1/sites/{site}/consent', 'get').responses['304']);
    assert.equal(
      op('/v1/consents', 'post').requestBody.content['application/json'].schema.$ref,
      '#/components/schemas/ConsentRecord',
    );
    assert.equal(schemaOf('/v1/consents', 'post', '201').$ref, '#/components/schemas/ConsentReceipt');
    assert.ok(
      op('/v1/consents', 'post').parameters.some(
        (p: { $ref?: string }) => p.$ref === '#/components/parameters/IdempotencyKey',
      ),
    );
    for (const status of ['401', '404', '409', '422', '429'])
      assert.ok(op('/v1/consents', 'post').responses[status], status);
    assert.equal(schemaOf('/v1/staff/consents', 'get', '200').$ref, '#/components/schemas/ConsentExport');
    assert.ok(schemaOf('/v1/staff/consents', 'get', '200', 'text/csv'));
    assert.ok(op('/v1/staff/consents', 'get').responses['403']);
    assert.ok(schemaOf('/v1/staff/consents/texts/{sha256}', 'get', '200', 'text/plain'));
    const query = op('/v1/staff/consents', 'get')
      .parameters.filter((p: { in?: string }) => p.in === 'query')
      .map((p: { name: string }) => p.name);
    assert.deepEqual(query, ['site', 'subject', 'from', 'to', 'format', 'limit', 'cursor']);

    const schemas = doc.components.schemas;
    assert.deepEqual(
      schemas.ConsentRecord.required.sort(),
      [
        'categories',
        'clientDecidedAt',
        'gpc',
        'id',
        'locale',
        'method',
        'revision',
        'separate',
        'services',
        'site',
        'text',
      ].sort(),
    );
    assert.equal(schemas.ConsentRecord.properties.clientDecidedAt.format, 'date-time');
    assert.equal(schemas.ConsentReceipt.properties.receivedAt.format, 'date-time');
    assert.deepEqual(schemas.ConsentConfig.required.sort(), [
      'categories',
      'documents',
      'expiryDays',
      'revision',
      'separate',
      'site',
    ]);
    assert.deepEqual(schemas.ConsentExport.required.sort(), ['nextCursor', 'records']);
    assert.ok(schemas.ConsentExport.properties.records.items.required.includes('textSha256'));
    // A record id is usable as an Idempotency-Key, as the server requires.
    const idPattern = new RegExp(schemas.ConsentRecord.properties.id.pattern);
    assert.ok(['x'.repeat(16), 'x'.repeat(64)].every((id) => idPattern.test(id) && IDEMPOTENCY_KEY_PATTERN.test(id)));
    assert.equal(idPattern.test('x'.repeat(15)), false);
  });

  test('complaints: every operation, its answer, the lifecycle actions and the staff bearer scheme', () => {
    const op = (path: string, method: string) => doc.paths[path][method];
    const answer = (path: string, method: string, status: string) =>
      op(path, method).responses[status].content['application/json'].schema.$ref;
    assert.equal(answer('/v1/complaints', 'get', '200'), '#/components/schemas/ComplaintList');
    assert.equal(answer('/v1/staff/complaints', 'get', '200'), '#/components/schemas/ComplaintList');
    assert.equal(answer('/v1/complaints/lookup', 'post', '200'), '#/components/schemas/LookupResult');
    assert.equal(answer('/v1/complaints/{id}', 'get', '200'), '#/components/schemas/ComplaintDetail');
    assert.equal(answer('/v1/staff/complaints/{id}', 'get', '200'), '#/components/schemas/StaffComplaintDetail');
    assert.equal(answer('/v1/staff/complaints/{id}/reveal', 'post', '200'), '#/components/schemas/RevealResult');
    assert.equal(answer('/v1/staff/feedback/{id}', 'get', '200'), '#/components/schemas/StaffFeedbackDetail');
    assert.equal(answer('/v1/staff/feedback/{id}/decision', 'post', '200'), '#/components/schemas/FeedbackDecision');
    assert.equal(
      answer('/v1/staff/complaints/{id}/points', 'post', '201'),
      '#/components/schemas/ComplaintPointsResult',
    );
    assert.equal(answer('/v1/staff/points/incidents/preview', 'post', '200'), '#/components/schemas/IncidentPreview');
    assert.equal(answer('/v1/staff/me', 'get', '200'), '#/components/schemas/StaffMe');
    assert.equal(answer('/v1/staff/audit', 'get', '200'), '#/components/schemas/AuditPage');
    assert.ok(op('/v1/staff/audit', 'get').responses['200'].content['text/csv']);
    assert.ok(op('/v1/staff/audit', 'get').responses['403']);
    assert.deepEqual(
      doc.components.schemas.StaffComplaintDetail.required
        .filter((k: string) => ['assignee', 'complex', 'masked'].includes(k))
        .sort(),
      ['assignee', 'complex', 'masked'],
    );
    assert.equal(answer('/v1/staff/complaints', 'post', '201'), '#/components/schemas/Receipt');
    for (const path of [
      '/v1/complaints/{id}/actions',
      '/v1/complaints/{id}/messages',
      '/v1/staff/complaints/{id}/actions',
      '/v1/staff/complaints/{id}/messages',
    ]) {
      assert.equal(answer(path, 'post', '200'), '#/components/schemas/ComplaintChange', path);
      assert.ok(op(path, 'post').responses['409'], path);
      assert.ok(
        op(path, 'post').parameters.some((p: { $ref?: string }) => p.$ref === '#/components/parameters/IdempotencyKey'),
        path,
      );
    }
    assert.deepEqual(doc.components.schemas.ComplaintChange.required.sort(), ['eventId', 'id', 'status', 'version']);
    assert.match(
      op('/v1/complaints/{id}/actions', 'post').responses['409'].description,
      /invalid_transition.*details\.reason/,
    );

    const actions = doc.components.schemas.ComplaintActionRequest.properties.action.enum as string[];
    for (const action of [
      'accept',
      'start_investigation',
      'ask_user',
      'answer',
      'reply',
      'confirm',
      'dispute',
      'start_arbitration',
      'rule',
      'rate',
      'withdraw',
      'reject',
      'close',
    ]) {
      assert.ok(actions.includes(action), action);
    }
    assert.ok(
      !actions.includes('message') && !actions.some((a) => a.startsWith('system.')),
      'messages have their own endpoint; the sweep acts alone',
    );
    assert.deepEqual(doc.components.schemas.ComplaintActionRequest.required, ['action']);

    const query = (path: string) =>
      op(path, 'get')
        .parameters.filter((p: { in?: string }) => p.in === 'query')
        .map((p: { name: string }) => p.name);
    assert.deepEqual(query('/v1/complaints'), ['site', 'kind', 'cursor', 'limit']);
    assert.deepEqual(query('/v1/staff/complaints'), ['site', 'status', 'cursor', 'limit']);
    assert.ok(
      op('/v1/staff/complaints', 'get')
        .parameters.find((p: { name?: string }) => p.name === 'status')
        .schema.enum.includes('awaiting_user'),
    );
    assert.ok(
      op('/v1/complaints/{id}', 'get').parameters.some(
        (p: { $ref?: string }) => p.$ref === '#/components/parameters/AccessKey',
      ),
    );
    assert.equal(doc.components.parameters.AccessKey.name, 'X-Usercare-Access-Key');

    assert.equal(doc.components.securitySchemes.staffToken.type, 'http');
    assert.equal(doc.components.securitySchemes.staffToken.scheme, 'bearer');
    for (const [path, methods] of Object.entries(doc.paths) as [string, Record<string, { security?: unknown }>][]) {
      if (!path.startsWith('/v1/staff/')) continue;
      for (const [method, operation] of Object.entries(methods))
        assert.deepEqual(operation.security, [{ staffToken: [] }], `${method} ${path}`);
    }
    assert.deepEqual(op('/v1/complaints', 'get').security, [{ hostToken: [] }, { device: [] }]);
    const operationIds = Object.values(doc.paths).flatMap((methods) =>
      Object.values(methods as Record<string, { operationId: string }>).map((o) => o.operationId),
    );
    assert.equal(new Set(operationIds).size, operationIds.length, 'operationIds are unique');
  });
});
