/**
 * Lint and the deadline preview through the admin API over real HTTP, on a
 * server whose clock the test holds: the draft and validate answer lint's
 * errors among `problems` and its warnings apart; a lint error refuses a
 * publish (422 naming the path, code `lint`) while a warning does not; and
 * the deadlines the preview promises for a document are exactly those a
 * complaint gets when it is then received under that document, published.
 * On SQLite always; on PostgreSQL too when one answers on 127.0.0.1:5432.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigDraft, ConfigValidation, DeadlinePreview } from '../../src/contract/staff-config';
import {
  call,
  newDevice,
  newKey,
  staffToken,
  startTestServer,
  submission,
  submit,
  type Call,
  type TestServer,
} from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents are edited loosely; the server checks them
type Doc = any;

/** A Tuesday morning in Shanghai, 2025 (a year the official calendar covers). */
const START = new Date('2025-06-10T02:00:00.000Z');
/** Thursday 15:30 in Shanghai: half an hour before the site's 16:00 closing. */
const RECEIVED = '2025-06-12T07:30:00.000Z';

function suite(label: string, open: () => Promise<Record<string, string>>, skip: string | false) {
  describe(label, { skip }, () => {
    let server: TestServer;
    let clock = START;

    const token = (roles: string[], sub = 'li') =>
      staffToken({ sub, name: '李管理', roles, issuedAtMs: clock.getTime() });
    const send = async (method: string, path: string, body?: unknown, roles = ['admin']) =>
      call(server.url, method, path, {
        ...(body !== undefined ? { body } : {}),
        headers: { Authorization: `Bearer ${await token(roles)}`, 'Idempotency-Key': newKey() },
      });
    const ok = (r: Call, status = 200): Call => {
      assert.equal(r.status, status, r.text);
      return r;
    };
    const draft = async () => ConfigDraft.parse(ok(await send('GET', '/v1/staff/config/draft?site=test')).json);
    const save = async (edit: (doc: Doc) => void) => {
      const now = await draft();
      const document = structuredClone(now.document) as Doc;
      edit(document);
      return ConfigDraft.parse(
        ok(await send('PUT', '/v1/staff/config/draft?site=test', { document, revision: now.revision })).json,
      );
    };

    before(async () => {
      server = await startTestServer(undefined, { ...(await open()), now: () => clock });
    });
    after(() => server?.close());

    test('a lint error blocks publishing, naming its path; a warning is shown and does not block', async () => {
      const saved = await save((doc) => {
        doc.publicConfig.forms.big.fields.push({ name: 'mobile', type: 'tel', label: 'Mobile' });
      });
      const path = 'publicConfig.forms.big.fields.2';
      assert.deepEqual(
        saved.problems.map((p) => [p.path, p.rule]),
        [[path, 'personal-data']],
      );
      assert.ok(
        saved.warnings?.some((w) => w.rule === 'deadline-policy' && w.path === 'publicConfig.forms.big.categories.0'),
        'a category with no deadline policy is worth a look',
      );
      const validated = ConfigValidation.parse(
        ok(await send('POST', '/v1/staff/config/validate?site=test', { document: saved.document })).json,
      );
      assert.equal(validated.ok, false);
      assert.deepEqual(validated.problems, saved.problems);
      assert.deepEqual(validated.warnings, saved.warnings);

      const refused = await send('POST', '/v1/staff/config/publish?site=test', {
        revision: saved.revision,
        note: 'Ask for a phone number',
      });
      assert.equal(refused.status, 422, refused.text);
      assert.deepEqual(
        refused.json.error.details.fields.map((f: { path: string; code: string }) => [f.path, f.code]),
        [[path, 'lint']],
      );

      const fixed = await save((doc) => {
        doc.publicConfig.forms.big.fields[2].personal = { purpose: 'To call you back about it' };
      });
      assert.deepEqual(fixed.problems, []);
      assert.ok(fixed.warnings?.length, 'the warnings remain');
      ok(
        await send('POST', '/v1/staff/config/publish?site=test', {
          revision: fixed.revision,
          note: 'Ask for a phone number, saying why',
        }),
      );
    });

    test('the deadline preview of a draft is the deadlines of a complaint then received under it, published', async () => {
      const saved = await save((doc) => {
        doc.settings.sla = {
          businessHours: { start: '10:00', end: '16:00' },
          // Friday the 13th off: the count skips it as well as the weekend.
          calendar: { years: { 2025: { holidays: ['2025-06-13'] } } },
          policies: [{ kind: 'complaint', category: 'publishing', solution: { workingDays: 2 } }],
        };
      });
      assert.deepEqual(saved.problems, []);
      const ask = { kind: 'complaint', category: 'publishing', receivedAt: RECEIVED };
      const fromDraft = DeadlinePreview.parse(
        ok(await send('POST', '/v1/staff/config/deadline-preview?site=test', ask)).json,
      );
      const fromDocument = DeadlinePreview.parse(
        ok(await send('POST', '/v1/staff/config/deadline-preview?site=test', { ...ask, document: saved.document }))
          .json,
      );
      assert.deepEqual(fromDocument, fromDraft, 'the saved draft is the document by default');
      // 30 min on Thursday, Friday off, then 10:00–16:00 days: 3 working days end Wednesday 18 June 15:30 Shanghai.
      const firstReply = fromDraft.deadlines.find((d) => d.name === 'firstReply');
      assert.equal(firstReply?.dueAt, '2025-06-18T07:30:00.000Z');
      assert.equal(fromDraft.deadlines.find((d) => d.name === 'solution')?.dueAt, '2025-06-17T07:30:00.000Z');
      assert.equal((await draft()).revision, saved.revision, 'a preview writes nothing');

      ok(await send('POST', '/v1/staff/config/publish?site=test', { revision: saved.revision, note: 'Shorter hours' }));
      clock = new Date(RECEIVED);
      const sent = await submit(server.url, submission(), {
        'Idempotency-Key': newKey(),
        'X-Usercare-Device': newDevice(),
      });
      assert.equal(sent.status, 201, sent.text);
      const complaint = ok(await send('GET', `/v1/staff/complaints/${sent.json.id}?site=test`, undefined, ['agent']));
      assert.deepEqual(
        complaint.json.deadlines.map((d: { name: string; due: string }) => ({ name: d.name, dueAt: d.due })),
        fromDraft.deadlines.map(({ name, dueAt }) => ({ name, dueAt })),
      );
    });

    test('the preview refuses a document that does not check, and anyone without configure', async () => {
      const ask = { kind: 'complaint', category: 'publishing', receivedAt: RECEIVED };
      const bad = await send('POST', '/v1/staff/config/deadline-preview?site=test', {
        ...ask,
        document: { allowedOrigins: [], settings: { sla: { businessHours: { start: '18:00', end: '09:00' } } } },
      });
      assert.equal(bad.status, 422, bad.text);
      assert.ok(
        bad.json.error.details.fields.some((f: { path: string }) => f.path.startsWith('document.settings.sla')),
        bad.text,
      );
      const agent = await send('POST', '/v1/staff/config/deadline-preview?site=test', ask, ['agent']);
      assert.equal(agent.status, 403, agent.text);
    });
  });
}

suite('lint and deadline preview on SQLite', async () => ({}), false);
suite(
  'lint and deadline preview on PostgreSQL',
  async () => ({ databaseUrl: await newPostgresDatabase('studio_lint') }),
  postgresSkip,
);
