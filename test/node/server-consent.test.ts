/**
 * Consent on the real server (SQLite in a temp folder): the served config and
 * its revision, proof records (idempotent, stamped by the server, text kept
 * once, refused by the database when anything tries to change them), the
 * admins' export as JSON and CSV, and the registry's checks.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { ConsentConfig, ConsentReceipt } from '../../src/contract/consent';
import type { ConsentRecord } from '../../src/contract/consent';
import { CONSENT_CSV_COLUMNS, ConsentExport } from '../../src/contract/consent-staff';
import { CONSENT_REQUEST_BYTES } from '../../src/server/routes/consent';
import { demoRegistry } from '../../src/server/demo/site';
import { RegistryError, parseRegistry } from '../../src/server/registry';
import type { SiteEntry } from '../../src/server/registry-schema';
import { HARNESS_CONSENT } from '../support/harness';
import {
  ALLOWED_ORIGIN,
  OTHER_ORIGIN,
  SECRETS,
  call,
  hostToken,
  newDevice,
  newKey,
  startTestServer,
  testSites,
} from './_helpers';
import type { TestServer } from './_helpers';

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const STAFF = {
  admin: 'consent-admin-token-0123456789',
  agent: 'consent-agent-token-0123456789',
  arbitrator: 'consent-arbitrator-token-0123456789',
  otherAdmin: 'other-admin-token-0123456789',
};

function sites(): SiteEntry[] {
  const [test, other] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Admin Chen', tokenSha256: sha(STAFF.admin), roles: ['admin'] },
        { name: 'Agent Li', tokenSha256: sha(STAFF.agent), roles: ['agent'] },
        { name: 'Arbitrator Zhao', tokenSha256: sha(STAFF.arbitrator), roles: ['arbitrator'] },
      ],
      consent: HARNESS_CONSENT,
    },
    // No consent settings: its consent endpoints are 404.
    { ...other!, staffTokens: [{ name: 'Other Admin', tokenSha256: sha(STAFF.otherAdmin), roles: ['admin'] }] },
    {
      id: 'limited',
      allowedOrigins: [ALLOWED_ORIGIN],
      hostTokenSecret: SECRETS.other,
      settings: { rateLimits: { anonymousPerMinute: 2, sitePerMinute: 1000 } },
      staffTokens: [{ name: 'Limited Admin', tokenSha256: sha('limited-admin-token-0123456789'), roles: ['admin'] }],
      consent: HARNESS_CONSENT,
    },
  ];
}

let server: TestServer;
let revision: string;
before(async () => {
  server = await startTestServer(sites());
  revision = server.registry.getSite('test')!.consent!.revision;
});
after(() => server.close());

function record(overrides: Partial<ConsentRecord> = {}): ConsentRecord {
  return {
    id: `rec-${randomUUID()}`,
    site: 'test',
    revision,
    locale: 'zh-CN',
    text: '我们使用 Cookie 统计访问。统计分析：开；营销推广：关；功能：开。',
    gpc: false,
    method: 'custom',
    categories: {
      analytics: { granted: true, version: '1' },
      marketing: { granted: false, version: '1' },
      functional: { granted: true, version: '1' },
    },
    services: { 'analytics/stats': true },
    separate: { 'share-logistics': { granted: false, version: '1' } },
    clientDecidedAt: '2001-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const device = () => ({ 'X-Usercare-Device': newDevice() });

function post(
  body: unknown,
  headers: Record<string, string> = device(),
  key = (body as { id?: string }).id ?? newKey(),
) {
  return call(server.url, 'POST', '/v1/consents', { body, headers: { 'Idempotency-Key': key, ...headers } });
}

const admin = (token = STAFF.admin) => ({ Authorization: `Bearer ${token}` });

function exportConsents(query: Record<string, string>, token = STAFF.admin) {
  return call(server.url, 'GET', `/v1/staff/consents?${new URLSearchParams(query)}`, { headers: admin(token) });
}

async function count(table: 'consent_records' | 'consent_texts'): Promise<number> {
  const row = await server.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** RFC 4180, enough for the tests: quoted cells with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  assert.equal(cell, '', 'the CSV ends with CRLF');
  return rows;
}

describe('GET /v1/sites/{site}/consent', () => {
  test('serves the settings with defaults filled and a revision, as ETag, revalidated every time', async () => {
    const res = await call(server.url, 'GET', '/v1/sites/test/consent', { headers: { Origin: ALLOWED_ORIGIN } });
    assert.equal(res.status, 200, res.text);
    const config = ConsentConfig.parse(res.json);
    assert.equal(config.site, 'test');
    assert.match(config.revision, /^[0-9a-f]{16}$/);
    assert.equal(config.revision, revision);
    assert.equal(config.expiryDays, 365, 'default');
    assert.equal(config.guardianAge, undefined);
    assert.deepEqual(
      config.categories.map((c) => c.id),
      ['analytics', 'marketing', 'functional'],
    );
    assert.deepEqual(config.categories[0]!.services![0]!.cookies, ['uc_test_stats']);
    assert.deepEqual(config.separate, HARNESS_CONSENT.separate);
    assert.equal(config.documents.length, 1);
    assert.equal(res.headers.get('etag'), `"${config.revision}"`);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.ok(res.headers.get('access-control-expose-headers')?.includes('ETag'));

    const again = await call(server.url, 'GET', '/v1/sites/test/consent');
    assert.equal(again.text, res.text, 'the same bytes every time');
  });

  test('If-None-Match with the revision is a 304 without a body (weak and listed tags too)', async () => {
    for (const tag of [`"${revision}"`, `W/"${revision}"`, `"0000000000000000", "${revision}"`, '*']) {
      const res = await call(server.url, 'GET', '/v1/sites/test/consent', {
        headers: { 'If-None-Match': tag, Origin: ALLOWED_ORIGIN },
      });
      assert.equal(res.status, 304, tag);
      assert.equal(res.text, '');
      assert.equal(res.headers.get('etag'), `"${revision}"`);
      assert.equal(res.headers.get('cache-control'), 'no-cache');
    }
    const stale = await call(server.url, 'GET', '/v1/sites/test/consent', {
      headers: { 'If-None-Match': '"0000000000000000"' },
    });
    assert.equal(stale.status, 200);
  });

  test('an unknown site and a site without consent settings are 404; a foreign origin is 403', async () => {
    for (const site of ['nope', 'other']) {
      const res = await call(server.url, 'GET', `/v1/sites/${site}/consent`);
      assert.equal(res.status, 404, site);
      assert.equal(res.json.error.code, 'not_found');
    }
    const foreign = await call(server.url, 'GET', '/v1/sites/test/consent', { headers: { Origin: OTHER_ORIGIN } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json.error.code, 'origin_not_allowed');
  });
});

describe('the revision', () => {
  const file = 'sites.json';
  const entry = (consent: NonNullable<SiteEntry['consent']>): SiteEntry => ({
    id: 'shop',
    allowedOrigins: [ALLOWED_ORIGIN],
    hostTokenSecret: SECRETS.test,
    consent,
  });
  const revisionOf = (consent: NonNullable<SiteEntry['consent']>) =>
    parseRegistry(file, { serverSecret: SECRETS.server, sites: [entry(consent)] }).getSite('shop')!.consent!.revision;

  test('is the same for the same settings, whatever the key order or whether defaults are written out', () => {
    const base = revisionOf(HARNESS_CONSENT);
    assert.equal(revisionOf(structuredClone(HARNESS_CONSENT)), base);
    // Every object's keys in reverse order, arrays as they are.
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    const reversed = reverseKeys(HARNESS_CONSENT) as typeof HARNESS_CONSENT;
    assert.notDeepEqual(Object.keys(reversed), Object.keys(HARNESS_CONSENT));
    assert.equal(revisionOf(reversed), base);
    assert.equal(
      revisionOf({ ...HARNESS_CONSENT, expiryDays: 365 }),
      base,
      'the default written out is the same config',
    );
  });

  test('changes when anything shown changes: a label, a version, a cookie, the order, the expiry', () => {
    const base = revisionOf(HARNESS_CONSENT);
    const [analytics, ...rest] = HARNESS_CONSENT.categories;
    const variants = [
      { ...HARNESS_CONSENT, categories: [{ ...analytics!, label: { 'zh-CN': '统计', en: 'Analytics' } }, ...rest] },
      { ...HARNESS_CONSENT, categories: [{ ...analytics!, version: '2' }, ...rest] },
      { ...HARNESS_CONSENT, categories: [{ ...analytics!, cookies: ['_ga_*'] }, ...rest] },
      { ...HARNESS_CONSENT, categories: [...rest, analytics!] },
      { ...HARNESS_CONSENT, expiryDays: 180 },
      { ...HARNESS_CONSENT, guardianAge: 14 },
    ];
    const seen = new Set([base]);
    for (const variant of variants) {
      const r = revisionOf(variant);
      assert.ok(!seen.has(r), JSON.stringify(variant).slice(0, 120));
      seen.add(r);
    }
  });
});

describe('POST /v1/consents', () => {
  test('stores the record and answers 201 with a receipt stamped by the server clock', async () => {
    const started = Date.now();
    const body = record({ attestation: { underAge: false, guardian: false } });
    const res = await post(body, { ...device(), Origin: ALLOWED_ORIGIN });
    assert.equal(res.status, 201, res.text);
    const receipt = ConsentReceipt.parse(res.json);
    assert.equal(receipt.id, body.id);
    assert.equal(receipt.textSha256, sha(body.text));
    const received = Date.parse(receipt.receivedAt);
    assert.ok(
      received >= started - 1000 && received <= Date.now() + 1000,
      `${receipt.receivedAt}, not the client's 2001`,
    );
    assert.equal(res.headers.get('idempotent-replayed'), null);

    const row = await server.db
      .selectFrom('consent_records')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.received_at, receipt.receivedAt);
    assert.equal(row.client_decided_at, '2001-01-01T00:00:00.000Z');
    assert.match(row.subject, /^device:device-/);
    assert.equal(row.text_sha256, sha(body.text));
    assert.deepEqual(JSON.parse(row.categories_json), body.categories);
    assert.deepEqual(JSON.parse(row.attestation_json!), body.attestation);
    const text = await server.db
      .selectFrom('consent_texts')
      .selectAll()
      .where('sha256', '=', receipt.textSha256)
      .executeTakeFirstOrThrow();
    assert.equal(text.text, body.text);
  });

  test('an identified user is the subject user:<sub>', async () => {
    const token = await hostToken(SECRETS.test, 'shopper-42');
    const body = record();
    const res = await post(body, { Authorization: `Bearer ${token}` });
    assert.equal(res.status, 201, res.text);
    const row = await server.db
      .selectFrom('consent_records')
      .select('subject')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.subject, 'user:shopper-42');
  });

  test('the same key and body again is the first answer; the same key with another body is a 422', async () => {
    const headers = device();
    const body = record();
    const first = await post(body, headers);
    assert.equal(first.status, 201, first.text);
    const before = await count('consent_records');
    const again = await post(body, headers);
    assert.equal(again.status, 201, again.text);
    assert.equal(again.text, first.text, 'byte for byte');
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(await count('consent_records'), before);

    const changed = await post({ ...body, method: 'accept_all' }, headers);
    assert.equal(changed.status, 422, changed.text);
    assert.equal(changed.json.error.code, 'idempotency_mismatch');
    assert.equal(await count('consent_records'), before);
  });

  test('the Idempotency-Key must be the record id (422), and is required (400)', async () => {
    const body = record();
    const mismatch = await post(body, device(), newKey());
    assert.equal(mismatch.status, 422, mismatch.text);
    assert.equal(mismatch.json.error.code, 'validation_failed');
    assert.equal(mismatch.json.error.details.fields[0].path, 'id');
    const missing = await call(server.url, 'POST', '/v1/consents', { body, headers: device() });
    assert.equal(missing.status, 400, missing.text);
    assert.equal(missing.json.error.code, 'invalid_request');
  });

  test('a body that is not JSON is a 400; one that breaks the contract is a 422 naming each bad value', async () => {
    const key = newKey();
    const garbage = await call(server.url, 'POST', '/v1/consents', {
      rawBody: '{ not json',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, ...device() },
    });
    assert.equal(garbage.status, 400, garbage.text);
    assert.equal(garbage.json.error.code, 'invalid_request');

    const bad = await post({
      ...record(),
      method: 'shrug',
      revision: 'latest',
      services: { stats: true },
      clientDecidedAt: 'yesterday',
      extra: 1,
    });
    assert.equal(bad.status, 422, bad.text);
    assert.equal(bad.json.error.code, 'validation_failed');
    const paths = (bad.json.error.details.fields as { path: string }[]).map((f) => f.path);
    for (const path of ['method', 'revision', 'services', 'clientDecidedAt'])
      assert.ok(
        paths.some((p) => p.startsWith(path)),
        `${path} in ${paths.join(', ')}`,
      );
    const empty = await post({ ...record(), text: '' });
    assert.equal(empty.status, 422, 'the text shown is required');
  });

  test('an unknown site or one without consent settings is a 404; no identity is a 401; a foreign origin a 403', async () => {
    for (const site of ['nope', 'other']) {
      const res = await post(record({ site }));
      assert.equal(res.status, 404, `${site}: ${res.text}`);
      assert.equal(res.json.error.code, 'not_found');
    }
    const anonymous = await post(record(), {});
    assert.equal(anonymous.status, 401, anonymous.text);
    assert.equal(anonymous.json.error.code, 'unauthorized');
    const expired = await post(record(), { Authorization: `Bearer ${await hostToken(SECRETS.test, 'u', -60)}` });
    assert.equal(expired.status, 401);
    const foreign = await post(record(), { ...device(), Origin: OTHER_ORIGIN });
    assert.equal(foreign.status, 403);
  });

  test('the same text is stored once, however many records were made on it', async () => {
    const text = `只保存一次的文本 ${randomUUID()}`;
    const texts = await count('consent_texts');
    const a = await post(record({ text }));
    const b = await post(record({ text, method: 'reject_all' }));
    assert.equal(a.status, 201, a.text);
    assert.equal(b.status, 201, b.text);
    assert.equal(a.json.textSha256, b.json.textSha256);
    assert.equal(await count('consent_texts'), texts + 1);
    const rows = await server.db
      .selectFrom('consent_records')
      .select('text_sha256')
      .where('id', 'in', [a.json.id, b.json.id])
      .execute();
    assert.deepEqual(
      rows.map((r) => r.text_sha256),
      [sha(text), sha(text)],
    );
  });

  test('a record id another subject already used is a 409, and nothing is written', async () => {
    const body = record();
    assert.equal((await post(body)).status, 201);
    const before = await count('consent_records');
    const thief = await post(body);
    assert.equal(thief.status, 409, thief.text);
    assert.equal(thief.json.error.code, 'conflict');
    assert.equal(await count('consent_records'), before);
  });

  test('the database refuses to change or delete a record or a text', async () => {
    const body = record();
    assert.equal((await post(body)).status, 201);
    await assert.rejects(
      server.db.updateTable('consent_records').set({ method: 'accept_all' }).where('id', '=', body.id).execute(),
      /append-only/,
    );
    await assert.rejects(server.db.deleteFrom('consent_records').where('id', '=', body.id).execute(), /append-only/);
    await assert.rejects(
      server.db.updateTable('consent_texts').set({ text: 'rewritten' }).where('sha256', '=', sha(body.text)).execute(),
      /append-only/,
    );
    await assert.rejects(
      server.db.deleteFrom('consent_texts').where('sha256', '=', sha(body.text)).execute(),
      /append-only/,
    );
    const row = await server.db
      .selectFrom('consent_records')
      .select('method')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.method, 'custom');
  });

  test('is rate-limited like anonymous submissions, and a replay is answered even then', async () => {
    const headers = device();
    const first = record({ site: 'limited' });
    const answers = [];
    for (const body of [first, record({ site: 'limited' }), record({ site: 'limited' })])
      answers.push(await post(body, headers));
    assert.deepEqual(
      answers.map((a) => a.status),
      [201, 201, 429],
    );
    assert.equal(answers[2]!.json.error.code, 'rate_limited');
    assert.ok(Number(answers[2]!.headers.get('retry-after')) >= 1);
    const replay = await post(first, headers);
    assert.equal(replay.status, 201, 'the outbox must learn its receipt');
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  });

  test(`a body over ${CONSENT_REQUEST_BYTES} bytes is a 413`, async () => {
    const res = await post(record({ text: '\u0001'.repeat(CONSENT_REQUEST_BYTES / 6 + 10) }));
    assert.equal(res.status, 413, res.text);
    assert.equal(res.json.error.code, 'payload_too_large');
  });
});

describe('GET /v1/staff/consents (admins)', () => {
  /** A subject of its own, so the export is only this test's records. */
  async function history() {
    const sub = `export-${randomUUID()}`;
    const token = await hostToken(SECRETS.test, sub);
    const who = { Authorization: `Bearer ${token}` };
    const first = record({ method: 'accept_all', gpc: true, attestation: { underAge: true, guardian: true } });
    assert.equal((await post(first, who)).status, 201);
    await sleep(5);
    const between = new Date().toISOString();
    await sleep(5);
    // An id a spreadsheet would read as a formula.
    const second = record({ method: 'withdraw', id: `-0123456789abcdef-${randomUUID().slice(0, 8)}` });
    const secondRes = await post(second, who);
    assert.equal(secondRes.status, 201, secondRes.text);
    return { first, second, subject: `user:${sub}`, between };
  }

  test('JSON: the stored records with server time, subject and text hash, oldest first', async () => {
    const { first, second, subject } = await history();
    const res = await exportConsents({ site: 'test', subject });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const body = ConsentExport.parse(res.json);
    assert.equal(body.nextCursor, null);
    assert.deepEqual(
      body.records.map((r) => r.id),
      [first.id, second.id],
    );
    const [a] = body.records;
    assert.equal(a!.subject, subject);
    assert.equal(a!.site, 'test');
    assert.equal(a!.method, 'accept_all');
    assert.equal(a!.gpc, true);
    assert.equal(a!.revision, revision);
    assert.equal(a!.locale, 'zh-CN');
    assert.deepEqual(a!.categories, first.categories);
    assert.deepEqual(a!.services, first.services);
    assert.deepEqual(a!.separate, first.separate);
    assert.deepEqual(a!.attestation, { underAge: true, guardian: true });
    assert.equal(a!.clientDecidedAt, first.clientDecidedAt);
    assert.notEqual(a!.receivedAt, first.clientDecidedAt);
    assert.equal(a!.textSha256, sha(first.text));
    assert.equal(body.records[1]!.attestation, undefined);
  });

  test('CSV: RFC 4180 with the agreed columns, formula cells defused, as an attachment', async () => {
    const { first, second, subject } = await history();
    const res = await exportConsents({ site: 'test', subject, format: 'csv' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="consents-test\.csv"$/);
    assert.ok(res.text.endsWith('\r\n'));
    const rows = parseCsv(res.text);
    assert.deepEqual(rows[0], [...CONSENT_CSV_COLUMNS]);
    assert.deepEqual(rows[0], [
      'id',
      'site',
      'subject',
      'received_at',
      'client_decided_at',
      'revision',
      'locale',
      'method',
      'gpc',
      'categories',
      'services',
      'separate',
      'attestation',
      'text_sha256',
    ]);
    assert.equal(rows.length, 3);
    const [, a, b] = rows;
    const cell = (row: string[] | undefined, column: (typeof CONSENT_CSV_COLUMNS)[number]) =>
      row![CONSENT_CSV_COLUMNS.indexOf(column)];
    assert.equal(cell(a, 'id'), first.id);
    assert.equal(cell(a, 'subject'), subject);
    assert.equal(cell(a, 'method'), 'accept_all');
    assert.equal(cell(a, 'gpc'), 'true');
    assert.equal(cell(a, 'categories'), 'analytics=granted@1;marketing=refused@1;functional=granted@1');
    assert.equal(cell(a, 'services'), 'analytics/stats=granted');
    assert.equal(cell(a, 'separate'), 'share-logistics=refused@1');
    assert.equal(cell(a, 'attestation'), 'underAge=true;guardian=true');
    assert.equal(cell(a, 'text_sha256'), sha(first.text));
    assert.equal(cell(a, 'client_decided_at'), '2001-01-01T00:00:00.000Z');
    assert.equal(cell(b, 'id'), `'${second.id}`, 'a cell starting with - is not a formula');
    assert.equal(cell(b, 'attestation'), '');
  });

  test('CSV cells: quotes, commas and line breaks are quoted; = + - @ tab and CR lead to a quote mark', async () => {
    const { csvCell } = await import('../../src/server/consent/records');
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+86'), "'+86");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=1'), "'\t=1");
    assert.equal(csvCell('=HYPERLINK("x","y")'), `"'=HYPERLINK(""x"",""y"")"`);
    // A user id can hold anything the host put in `sub`: its cell starts with `user:` and is quoted as needed.
    assert.equal(csvCell('user:a,"b"'), '"user:a,""b"""');
  });

  test('filters by subject and by received period (from inclusive, to exclusive); pages with a cursor', async () => {
    const { first, second, subject, between } = await history();
    const ids = async (query: Record<string, string>) => {
      const res = await exportConsents({ site: 'test', subject, ...query });
      assert.equal(res.status, 200, res.text);
      return (res.json.records as { id: string }[]).map((r) => r.id);
    };
    assert.deepEqual(await ids({ from: between }), [second.id]);
    assert.deepEqual(await ids({ to: between }), [first.id]);
    // An offset is the same instant.
    const shanghai = new Date(Date.parse(between) + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    assert.deepEqual(await ids({ from: shanghai }), [second.id]);
    assert.deepEqual(
      await ids({ from: '2000-01-01T00:00:00Z', to: '2001-01-01T00:00:00Z' }),
      [],
      'the client clock (2001) is not what filters',
    );

    const all = await exportConsents({ site: 'test' });
    assert.ok(
      (all.json.records as { subject: string }[]).some((r) => r.subject !== subject),
      'without subject: the whole site',
    );
    const times = (all.json.records as { receivedAt: string; id: string }[]).map((r) => `${r.receivedAt} ${r.id}`);
    assert.deepEqual(times, [...times].sort(), 'by received time, then id');

    const page1 = await exportConsents({ site: 'test', subject, limit: '1' });
    assert.deepEqual(
      page1.json.records.map((r: { id: string }) => r.id),
      [first.id],
    );
    assert.ok(page1.json.nextCursor);
    const page2 = await exportConsents({ site: 'test', subject, limit: '1', cursor: page1.json.nextCursor });
    assert.deepEqual(
      page2.json.records.map((r: { id: string }) => r.id),
      [second.id],
    );
    assert.equal(page2.json.nextCursor, null);
    const csv1 = await exportConsents({ site: 'test', subject, limit: '1', format: 'csv' });
    assert.match(csv1.headers.get('link') ?? '', /^<\/v1\/staff\/consents\?.*cursor=[^>]+>; rel="next"$/);
    const next = /^<([^>]+)>/.exec(csv1.headers.get('link')!)![1]!;
    const csv2 = await call(server.url, 'GET', next, { headers: admin() });
    assert.equal(parseCsv(csv2.text)[1]![0], `'${second.id}`);
    assert.equal(csv2.headers.get('link'), null);
  });

  test('bad queries are 400s', async () => {
    for (const query of [
      {},
      { site: 'test', subject: 'someone' },
      { site: 'test', from: 'last week' },
      { site: 'test', to: '2026-11-01' },
      { site: 'test', format: 'xlsx' },
      { site: 'test', limit: '10001' },
      { site: 'test', limit: '0' },
      { site: 'test', cursor: 'nonsense' },
    ] as Record<string, string>[]) {
      const res = await exportConsents(query);
      assert.equal(res.status, 400, `${JSON.stringify(query)}: ${res.text}`);
      assert.equal(res.json.error.code, 'invalid_request');
    }
  });

  test("who may export: no token 401, unknown token 401, agent and arbitrator 403, another site's admin 404, admin 200", async () => {
    const path = '/v1/staff/consents?site=test';
    assert.equal((await call(server.url, 'GET', path)).status, 401);
    assert.equal((await call(server.url, 'GET', '/v1/staff/consents')).status, 401);
    assert.equal((await call(server.url, 'GET', path, { headers: admin('not-a-real-token-0123456789') })).status, 401);
    for (const token of [STAFF.agent, STAFF.arbitrator]) {
      const res = await call(server.url, 'GET', path, { headers: admin(token) });
      assert.equal(res.status, 403, res.text);
      assert.equal(res.json.error.code, 'forbidden');
      const csv = await call(server.url, 'GET', `${path}&format=csv`, { headers: admin(token) });
      assert.equal(csv.status, 403);
    }
    assert.equal((await call(server.url, 'GET', path, { headers: admin(STAFF.otherAdmin) })).status, 404);
    assert.equal((await call(server.url, 'GET', path, { headers: admin() })).status, 200);
  });
});

describe('GET /v1/staff/consents/texts/{sha256}', () => {
  test("gives an admin the exact text shown, as plain text; other hashes and other sites' texts are 404", async () => {
    const text = `横幅文字 <b>not html</b>\n第二行 ${randomUUID()}`;
    const res = await post(record({ text }));
    assert.equal(res.status, 201, res.text);
    const path = `/v1/staff/consents/texts/${sha(text)}`;
    const got = await call(server.url, 'GET', path, { headers: admin() });
    assert.equal(got.status, 200, got.text);
    assert.equal(got.text, text);
    assert.equal(got.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await call(server.url, 'GET', `${path}?site=test`, { headers: admin() })).status, 200);

    assert.equal(
      (await call(server.url, 'GET', `/v1/staff/consents/texts/${'0'.repeat(64)}`, { headers: admin() })).status,
      404,
    );
    assert.equal(
      (await call(server.url, 'GET', '/v1/staff/consents/texts/not-a-hash', { headers: admin() })).status,
      404,
    );
    // The other site's admin: the text exists, but no record of theirs was made on it.
    const other = await call(server.url, 'GET', path, { headers: admin(STAFF.otherAdmin) });
    assert.equal(other.status, 404);
    assert.equal(other.json.error.code, 'not_found');
    assert.equal((await call(server.url, 'GET', path)).status, 401);
    assert.equal((await call(server.url, 'GET', path, { headers: admin(STAFF.agent) })).status, 403);
  });
});

describe('the registry: consent settings', () => {
  const problemsOf = (consent: unknown) => {
    try {
      parseRegistry('sites.json', {
        serverSecret: SECRETS.server,
        sites: [
          { id: 'ok', allowedOrigins: [], hostTokenSecret: SECRETS.test },
          { id: 'shop', allowedOrigins: [], hostTokenSecret: SECRETS.test, consent },
        ],
      });
    } catch (error) {
      assert.ok(error instanceof RegistryError, String(error));
      return error.problems;
    }
    return [];
  };

  test('ids must be unique and `necessary` is built in: each problem by its path', () => {
    const category = (id: string, services: string[] = []) => ({
      id,
      label: id,
      description: id,
      version: '1',
      services: services.map((s) => ({ id: s, name: s, purpose: s })),
    });
    const item = (id: string) => ({ id, kind: 'third_party', recipient: 'R', purpose: 'P', version: '1' });
    const doc = (id: string) => ({ id, title: id, url: '/p.html', version: '1' });
    const problems = problemsOf({
      categories: [
        category('necessary'),
        category('analytics', ['stats', 'baidu', 'stats']),
        category('analytics', ['stats']),
      ],
      separate: [item('share'), item('share')],
      documents: [doc('privacy'), doc('privacy')],
    });
    const paths = problems.map((p) => p.path);
    assert.deepEqual(paths.sort(), [
      'sites[1].consent.categories[0].id',
      'sites[1].consent.categories[1].services[2].id',
      'sites[1].consent.categories[2].id',
      'sites[1].consent.documents[1].id',
      'sites[1].consent.separate[1].id',
    ]);
    assert.match(problems.find((p) => p.path === 'sites[1].consent.categories[0].id')!.message, /built in/);
    assert.match(
      problems.find((p) => p.path === 'sites[1].consent.categories[2].id')!.message,
      /duplicate category id "analytics"/,
    );
    assert.match(
      problems.find((p) => p.path === 'sites[1].consent.categories[1].services[2].id')!.message,
      /duplicate service id "stats"/,
    );
    // Service ids are unique within a category only.
    assert.deepEqual(problemsOf({ categories: [category('a', ['stats']), category('b', ['stats'])] }), []);
  });

  test('what the contract refuses is named by its path too', () => {
    const paths = problemsOf({
      categories: [{ id: 'ads', label: 'Ads', description: 'Ads', version: 'v 1', cookies: ['bad cookie'] }],
      documents: [{ id: 'privacy', title: 'P', url: 'javascript:alert(1)', version: '1' }],
      expiryDays: 0,
      surprise: true,
    }).map((p) => p.path);
    for (const path of [
      'sites[1].consent.categories[0].version',
      'sites[1].consent.categories[0].cookies[0]',
      'sites[1].consent.documents[0].url',
      'sites[1].consent.expiryDays',
    ])
      assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    assert.ok(paths.some((p) => p.startsWith('sites[1].consent')) && paths.length >= 5, paths.join(', '));
    assert.ok(problemsOf({ categories: [] }).some((p) => p.path === 'sites[1].consent.categories'));
  });

  test('the demo site asks in Chinese and English, with separate consents, documents and a guardian age', () => {
    const registry = parseRegistry(
      'sites.json',
      demoRegistry('http://127.0.0.1:8787', { serverSecret: SECRETS.server, hostTokenSecret: SECRETS.test }),
    );
    const consent = registry.getSite('demo')!.consent!;
    assert.ok(ConsentConfig.safeParse(consent).success);
    assert.deepEqual(
      consent.categories.map((c) => c.id),
      ['functional', 'analytics', 'marketing', 'personalisation'],
    );
    for (const c of consent.categories) assert.ok(typeof c.label === 'object' && c.label['zh-CN'] && c.label.en, c.id);
    const analytics = consent.categories.find((c) => c.id === 'analytics')!;
    assert.deepEqual(
      analytics.services!.map((s) => s.id),
      ['baidu-tongji', 'site-stats'],
    );
    assert.deepEqual(analytics.services![0]!.cookies, ['Hm_lvt_*', 'Hm_lpvt_*']);
    assert.deepEqual(consent.categories.find((c) => c.id === 'marketing')!.cookies, ['uc_demo_ads']);
    assert.deepEqual(
      consent.separate.map((s) => s.kind),
      ['sensitive', 'third_party', 'cross_border'],
    );
    assert.deepEqual(
      consent.documents.map((d) => [d.id, d.url]),
      [
        ['privacy', '/privacy.html'],
        ['terms', '/terms.html'],
        ['fees', '/fees.html'],
      ],
    );
    assert.equal(consent.guardianAge, 14);
    assert.ok([...consent.categories, ...consent.separate, ...consent.documents].every((x) => x.version === '1'));
  });
});
