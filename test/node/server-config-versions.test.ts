/**
 * A site's configuration as versions, through the admin API over real HTTP
 * (/v1/staff/config/…): a published field is served at once by the instance
 * that published it and within seconds by another instance (a process of
 * its own on the same database), with a new ETag; a rollback serves exactly
 * the earlier config again and shows in the history; two admins saving from
 * the same base lose nothing (the second gets a 409 with the draft as it
 * is); a config that does not check is never published, whatever sends it,
 * each bad path named; a published category is retired, never removed;
 * only admins may do any of it, and every change is in the audit log; a
 * diff names the paths that changed. On SQLite always; on PostgreSQL too
 * when one answers on 127.0.0.1:5432 (a fresh database, dropped after).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigDiff, ConfigDraft, ConfigVersionList } from '../../src/contract/staff-config';
import {
  call,
  newKey,
  staffToken,
  startServerProcess,
  startTestServer,
  submission,
  submit,
  testSites,
  type Call,
  type TestServer,
} from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents are edited loosely; the server checks them
type Doc = any;
type Database = { file: string } | { url: string };

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function configSuite(
  label: string,
  open: () => Promise<{ server: TestServer; database: Database }>,
  skip: string | false,
) {
  describe(label, { skip }, () => {
    let server: TestServer;
    let database: Database;
    const who = {} as Record<'li' | 'wang' | 'agent' | 'supervisor' | 'arbitrator', string>;

    const send = (method: string, path: string, token: string, body?: unknown, key: string | null = newKey()) =>
      call(server.url, method, path, {
        ...(body !== undefined ? { body } : {}),
        headers: { ...bearer(token), ...(key && method !== 'GET' ? { 'Idempotency-Key': key } : {}) },
      });
    const ok = (r: Call, status = 200): Call => {
      assert.equal(r.status, status, r.text);
      return r;
    };
    const draft = async (token = who.li): Promise<ConfigDraft> =>
      ConfigDraft.parse(ok(await send('GET', '/v1/staff/config/draft?site=test', token)).json);
    const save = (document: Doc, revision: number, token = who.li) =>
      send('PUT', '/v1/staff/config/draft?site=test', token, { document, revision });
    const publish = (revision: number, note = 'Published by the test', key = newKey()) =>
      send('POST', '/v1/staff/config/publish?site=test', who.li, { revision, note }, key);
    const versions = async () =>
      ConfigVersionList.parse(ok(await send('GET', '/v1/staff/config/versions?site=test', who.li)).json).items;
    /** The draft set back to the version served, as a console opens it: its document, and the revision to save on. */
    const freshDraft = async (): Promise<{ document: Doc; revision: number }> => {
      const now = await draft();
      const served = ok(await send('GET', `/v1/staff/config/versions/${now.publishedVersion}?site=test`, who.li));
      const saved = ok(await save(served.json.document, now.revision)).json as ConfigDraft;
      return { document: structuredClone(saved.document), revision: saved.revision };
    };
    /** Edits the draft from the version served and publishes it. */
    const publishEdit = async (edit: (doc: Doc) => void, note?: string) => {
      const { document, revision } = await freshDraft();
      edit(document);
      const saved = ok(await save(document, revision)).json as ConfigDraft;
      assert.deepEqual(saved.problems, []);
      return ok(await publish(saved.revision, note)).json as { version: number; publishedAt: string };
    };
    const served = (base = server.url, headers: Record<string, string> = {}) =>
      call(base, 'GET', '/v1/sites/test/config', { headers });
    const bigForm = (r: Call) => r.json.forms.big as { fields: Doc[]; categories: Doc[] };

    before(async () => {
      ({ server, database } = await open());
      const person = (sub: string, name: string, role: string) => staffToken({ sub, name, roles: [role] });
      who.li = await person('li', '李管理', 'admin');
      who.wang = await person('wang', '王管理', 'admin');
      who.agent = await person('agent-1', 'Agent', 'agent');
      who.supervisor = await person('super-1', 'Supervisor', 'supervisor');
      who.arbitrator = await person('arb-1', 'Arbitrator', 'arbitrator');
    });
    after(() => server?.close());

    test('a published field is served at once here, and within 5 s by another instance, under a new ETag', async () => {
      // Another instance, up before the publish: it serves the old config until it sees the revision move.
      const second = await startServerProcess(testSites(), database);
      try {
        const before = await served();
        const etag = before.headers.get('ETag')!;
        assert.equal((await served(second.url)).headers.get('ETag'), etag);
        assert.equal((await served(server.url, { 'If-None-Match': etag })).status, 304);
        // Staff already signed in go on working across the publish (their token was worked out before it).
        const complaint = ok(await submit(server.url, submission()), 201).json.id as string;
        const staffRead = () => send('GET', `/v1/staff/complaints/${complaint}`, who.agent);
        ok(await staffRead());

        const { document, revision } = await freshDraft();
        document.publicConfig.forms.big.fields.push({ name: 'order', type: 'text', label: 'Order number' });
        const saved = ok(await save(document, revision)).json as ConfigDraft;
        const key = newKey();
        const published = ok(await publish(saved.revision, 'Ask for the order number', key));
        const retried = ok(await publish(saved.revision, 'Ask for the order number', key));
        assert.equal(retried.headers.get('Idempotent-Replayed'), 'true');
        assert.deepEqual(retried.json, published.json, 'a retry is the first answer: one version');
        ok(await staffRead());

        const now = await served(server.url, { 'If-None-Match': etag });
        assert.equal(now.status, 200, 'the old ETag no longer matches');
        const newTag = now.headers.get('ETag')!;
        assert.notEqual(newTag, etag);
        assert.ok(
          bigForm(now).fields.some((f) => f.name === 'order'),
          'served at once by this instance',
        );

        const deadline = Date.now() + 5000;
        let there: Call;
        for (;;) {
          there = await served(second.url, { 'If-None-Match': etag });
          if (there.status === 200 || Date.now() > deadline) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.equal(there.status, 200, 'the other instance serves the new config within 5 s');
        assert.equal(there.headers.get('ETag'), newTag);
        assert.deepEqual(there.json, now.json);
        assert.equal((await served(second.url, { 'If-None-Match': newTag })).status, 304);
      } finally {
        await second.close();
      }
    });

    test('a rollback serves exactly the earlier config again, and the history shows it', async () => {
      const before = await served();
      const earlier = (await versions())[0]!.version;
      await publishEdit((doc) => {
        doc.publicConfig.forms.big.fields[0].label = { 'zh-CN': '您的留言', en: 'Your message' };
        doc.publicConfig.forms.big.kinds = ['complaint'];
      });
      const changed = await served();
      assert.deepEqual(bigForm(changed).fields[0].label, { 'zh-CN': '您的留言', en: 'Your message' });

      const rolled = ok(
        await send('POST', '/v1/staff/config/rollback?site=test', who.li, {
          version: earlier,
          note: 'Back: users were confused',
        }),
      ).json as { version: number; rolledBackFrom: number };
      assert.equal(rolled.rolledBackFrom, earlier);
      assert.equal(rolled.version, earlier + 2);
      const after = await served();
      assert.deepEqual(after.json, before.json);
      assert.equal(after.headers.get('ETag'), before.headers.get('ETag'));

      const [newest, middle] = await versions();
      assert.deepEqual(
        [newest!.version, newest!.rolledBackFrom, newest!.current, newest!.note, newest!.publishedBy],
        [rolled.version, earlier, true, 'Back: users were confused', '李管理'],
      );
      assert.deepEqual([middle!.version, middle!.current, middle!.rolledBackFrom], [earlier + 1, false, null]);
      const restored = ok(await send('GET', `/v1/staff/config/versions/${rolled.version}?site=test`, who.li)).json;
      const original = ok(await send('GET', `/v1/staff/config/versions/${earlier}?site=test`, who.li)).json;
      assert.deepEqual(restored.document, original.document);
      assert.equal((await draft()).baseVersion, rolled.version, 'the draft starts from the version served');
    });

    test('two admins saving from the same base: the second gets a 409 with the draft as it is, and neither loses an edit', async () => {
      const { revision } = await freshDraft();
      const [li, wang] = [await draft(who.li), await draft(who.wang)];
      assert.equal(li.revision, revision);
      assert.equal(wang.revision, revision);

      const mine = structuredClone(li.document) as Doc;
      mine.publicConfig.forms.big.fields[0].label = 'Message (Li)';
      const first = ok(await save(mine, revision, who.li)).json as ConfigDraft;
      assert.equal(first.revision, revision + 1);

      const theirs = structuredClone(wang.document) as Doc;
      theirs.settings.timezone = 'Europe/Berlin';
      const refused = await save(theirs, revision, who.wang);
      assert.equal(refused.status, 409, refused.text);
      assert.equal(refused.json.error.code, 'conflict');
      const current = ConfigDraft.parse({ ...refused.json.error.details.draft, problems: [] });
      assert.equal(current.revision, first.revision);
      assert.equal(current.savedBy, '李管理');
      assert.deepEqual(current.document, mine, 'the 409 carries the first admin’s draft');
      assert.deepEqual((await draft()).document, mine, 'nothing of the second save was written');

      // The second admin puts their edit on the draft as it is now, and saves on its revision.
      const merged = structuredClone(current.document) as Doc;
      merged.settings.timezone = 'Europe/Berlin';
      const second = ok(await save(merged, current.revision, who.wang)).json as ConfigDraft;
      const both = (await draft()).document as Doc;
      assert.equal(second.savedBy, '王管理');
      assert.equal(both.publicConfig.forms.big.fields[0].label, 'Message (Li)');
      assert.equal(both.settings.timezone, 'Europe/Berlin');
    });

    test('a config that does not check is never published, even sent straight to publish: 422 naming each path, the served config unchanged', async () => {
      const before = await served();
      const history = await versions();
      const { document, revision } = await freshDraft();
      document.publicConfig.forms.big.fields[1].type = 'hologram';
      document.publicConfig.forms.big.kinds = [];
      document.settings.timezone = 'Mars/Olympus_Mons';
      const saved = ok(await save(document, revision)).json as ConfigDraft;
      const wrong = ['publicConfig.forms.big.fields[1].type', 'publicConfig.forms.big.kinds', 'settings.timezone'];
      for (const path of wrong)
        assert.ok(
          saved.problems.some((p) => p.path === path),
          `the saved draft shows ${path}: ${JSON.stringify(saved.problems)}`,
        );
      const checked = ok(await send('POST', '/v1/staff/config/validate?site=test', who.li, { document }, null)).json;
      assert.equal(checked.ok, false);
      assert.deepEqual(checked.problems, saved.problems);

      const refused = await publish(saved.revision);
      assert.equal(refused.status, 422, refused.text);
      assert.equal(refused.json.error.code, 'validation_failed');
      const paths = (refused.json.error.details.fields as Array<{ path: string }>).map((f) => f.path);
      for (const path of wrong) assert.ok(paths.includes(path), `${path} is named: ${paths.join(', ')}`);

      const after = await served();
      assert.deepEqual(after.json, before.json);
      assert.equal(after.headers.get('ETag'), before.headers.get('ETag'));
      assert.deepEqual(await versions(), history, 'no version was made');
      assert.deepEqual((await draft()).document, document, 'the draft is kept as it was, to be fixed');

      const tooBig = await save({ ...document, padding: 'x'.repeat(1024 * 1024) }, saved.revision);
      assert.equal(tooBig.status, 413, tooBig.text);
      assert.equal(tooBig.json.error.code, 'payload_too_large');
      const notObject = await save([document], saved.revision);
      assert.equal(notObject.status, 422, notObject.text);
      assert.equal(notObject.json.error.details.fields[0].path, 'document');
    });

    test('a published category is retired, never removed: removing it is refused naming the path, retiring it publishes', async () => {
      await publishEdit((doc) =>
        doc.publicConfig.forms.big.categories.push({ id: 'billing', label: { 'zh-CN': '账单', en: 'Billing' } }),
      );
      assert.ok(bigForm(await served()).categories.some((c) => c.id === 'billing'));

      const { document, revision } = await freshDraft();
      document.publicConfig.forms.big.categories = document.publicConfig.forms.big.categories.filter(
        (c: Doc) => c.id !== 'billing',
      );
      const saved = ok(await save(document, revision)).json as ConfigDraft;
      const refused = await publish(saved.revision);
      assert.equal(refused.status, 422, refused.text);
      const [problem, ...others] = refused.json.error.details.fields;
      assert.deepEqual(others, []);
      assert.equal(problem.path, 'publicConfig.forms.big.categories');
      assert.match(problem.message, /"billing".*retire/);
      assert.ok(bigForm(await served()).categories.some((c) => c.id === 'billing' && !c.retired));

      await publishEdit((doc) => {
        doc.publicConfig.forms.big.categories.find((c: Doc) => c.id === 'billing').retired = true;
      });
      const billing = bigForm(await served()).categories.find((c) => c.id === 'billing');
      assert.equal(billing?.retired, true);
    });

    test('a published field changes type only to one its answers read as: text to a date is refused naming the path, text to a text area publishes', async () => {
      await publishEdit((doc) =>
        doc.publicConfig.forms.big.fields.push({ name: 'order_ref', type: 'text', label: { en: 'Order' } }),
      );
      const { document, revision } = await freshDraft();
      const index = document.publicConfig.forms.big.fields.findIndex((f: Doc) => f.name === 'order_ref');
      document.publicConfig.forms.big.fields[index].type = 'date';
      const saved = ok(await save(document, revision)).json as ConfigDraft;
      const refused = await publish(saved.revision);
      assert.equal(refused.status, 422, refused.text);
      const [problem, ...others] = refused.json.error.details.fields;
      assert.deepEqual(others, []);
      assert.equal(problem.path, `publicConfig.forms.big.fields[${index}].type`);
      assert.match(problem.message, /"order_ref".*text or textarea/);

      await publishEdit((doc) => {
        doc.publicConfig.forms.big.fields.find((f: Doc) => f.name === 'order_ref').type = 'textarea';
      });
      assert.equal(bigForm(await served()).fields.find((f) => f.name === 'order_ref')?.type, 'textarea');
    });

    test('agents, supervisors and arbitrators get a 403 on every route; every change is in the audit log, without its note', async () => {
      const routes: Array<[string, string, unknown?]> = [
        ['GET', '/v1/staff/config/draft?site=test'],
        ['PUT', '/v1/staff/config/draft?site=test', { document: {}, revision: 1 }],
        ['POST', '/v1/staff/config/validate?site=test', { document: {} }],
        ['POST', '/v1/staff/config/publish?site=test', { revision: 1, note: 'Sneaky' }],
        ['POST', '/v1/staff/config/rollback?site=test', { version: 1, note: 'Sneaky' }],
        ['GET', '/v1/staff/config/versions?site=test'],
        ['GET', '/v1/staff/config/versions/1?site=test'],
        ['GET', '/v1/staff/config/diff?site=test&from=1&to=draft'],
      ];
      const history = await versions();
      for (const role of ['agent', 'supervisor', 'arbitrator'] as const)
        for (const [method, path, body] of routes) {
          const r = await send(method, path, who[role], body);
          assert.equal(r.status, 403, `${role} ${method} ${path}: ${r.text}`);
          assert.equal(r.json.error.code, 'forbidden');
          assert.equal(r.json.error.details.reason, 'configure');
        }
      assert.deepEqual(await versions(), history);

      const note = 'A note that stays out of the audit log';
      const { revision } = await freshDraft();
      const published = ok(await publish(revision, note)).json as { version: number };
      ok(await send('POST', '/v1/staff/config/rollback?site=test', who.li, { version: published.version - 1, note }));
      const audit = ok(await send('GET', '/v1/staff/audit?site=test&subject=config&limit=3', who.li)).json;
      const entries = (
        audit.items as Array<{ action: string; principal: string; detail: Record<string, unknown> }>
      ).reverse();
      assert.deepEqual(
        entries.map((e) => [e.action, e.principal]),
        [
          ['config.draft.save', 'staff:person:li'],
          ['config.publish', 'staff:person:li'],
          ['config.rollback', 'staff:person:li'],
        ],
      );
      assert.deepEqual(entries[1]!.detail, { version: published.version, revision, noteLength: note.length });
      assert.deepEqual(entries[2]!.detail, {
        version: published.version + 1,
        rolledBackFrom: published.version - 1,
        noteLength: note.length,
      });
      assert.ok(!JSON.stringify(audit).includes(note));
    });

    test('a diff between two versions names each changed path, with the values before and after', async () => {
      const a = await publishEdit(
        (doc) => (doc.publicConfig.forms.big.fields[0].label = { 'zh-CN': '留言', en: 'Message' }),
      );
      let phone = -1;
      const b = await publishEdit((doc) => {
        doc.publicConfig.forms.big.fields[0].label.en = 'What happened?';
        phone =
          doc.publicConfig.forms.big.fields.push({
            name: 'phone',
            type: 'tel',
            label: 'Phone',
            personal: { purpose: 'To call back' },
          }) - 1;
        delete doc.settings.rateLimits.userPerMinute;
      });
      const diff = ConfigDiff.parse(
        ok(await send('GET', `/v1/staff/config/diff?site=test&from=${a.version}&to=${b.version}`, who.li)).json,
      );
      const byPath = (x: [string, ...unknown[]], y: [string, ...unknown[]]) => x[0].localeCompare(y[0]);
      assert.deepEqual(
        diff.changes.map((c): [string, ...unknown[]] => [c.path, c.change, c.before, c.after]).sort(byPath),
        [
          ['publicConfig.forms.big.fields.0.label.en', 'changed', 'Message', 'What happened?'],
          [
            `publicConfig.forms.big.fields.${phone}`,
            'added',
            undefined,
            { name: 'phone', type: 'tel', label: 'Phone', personal: { purpose: 'To call back' } },
          ],
          ['settings.rateLimits.userPerMinute', 'removed', 1000, undefined],
        ],
      );
      assert.deepEqual([diff.from, diff.to], [a.version, b.version]);

      const back = ConfigDiff.parse(
        ok(await send('GET', `/v1/staff/config/diff?site=test&from=${b.version}&to=${a.version}`, who.li)).json,
      );
      assert.ok(
        back.changes.some((c) => c.path === 'publicConfig.forms.big.fields.0.label.en' && c.after === 'Message'),
      );
      const none = ConfigDiff.parse(ok(await send('GET', '/v1/staff/config/diff?site=test', who.li)).json);
      assert.deepEqual([none.from, none.to, none.changes], [b.version, 'draft', []], 'the draft is what was published');

      for (const [query, status] of [
        ['from=latest', 400],
        ['to=-1', 400],
        ['from=1.5', 400],
        ['from=9999', 404],
      ] as const) {
        const r = await send('GET', `/v1/staff/config/diff?site=test&${query}`, who.li);
        assert.equal(r.status, status, `${query}: ${r.text}`);
        assert.equal(typeof r.json.error.message, 'string');
      }
    });
  });
}

configSuite(
  'configuration versions on SQLite',
  async () => {
    const server = await startTestServer(testSites());
    return { server, database: { file: join(server.dataDir, 'usercare.sqlite') } };
  },
  false,
);

configSuite(
  'configuration versions on PostgreSQL',
  async () => {
    const url = new URL(await newPostgresDatabase('config_api'));
    const server = await startTestServer(testSites(), { databaseUrl: url.toString() });
    return { server, database: { url: url.toString() } };
  },
  postgresSkip,
);
