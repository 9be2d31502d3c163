/**
 * Submissions record the configuration version they were made under, on the
 * real server (SQLite, and PostgreSQL when one answers), with versions
 * published through the store as the admin API does:
 *
 * - a complaint keeps the deadline policy it was received under when a
 *   shorter one is published; one received afterwards gets the new one;
 * - a retired category or field is still named in the public config (old
 *   complaints keep their names) but takes no new submission, and a retired
 *   field is never required; a form keeps something not retired;
 * - the one exception to keeping a version's rules: a calendar year the
 *   version had no data for is taken from the version published later, and
 *   the complaints whose deadlines move because of it are told in their
 *   timeline.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_FORM } from '../../src/config/defaults';
import type { FormConfig } from '../../src/config/schema';
import type { SiteEntry } from '../../src/server/registry-schema';
import type { SiteDocument } from '../../src/server/sites/document';
import { OPERATOR, publishDraft, readDraft, saveDraft } from '../../src/server/sites/store';
import { call, newDevice, newKey, startTestServer, submission, submit, testSites, type TestServer } from './_helpers';
import { newPostgresDatabase, postgresSkip } from './_postgres';

const AGENT = 'stamps-agent-token-0123456789';
const CALENDAR_AGENT = 'stamps-calendar-agent-token-0123456789';
const sha = (token: string) => createHash('sha256').update(token).digest('hex');
/** Wall time in Asia/Shanghai (UTC+8, no DST) as an instant. */
const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);

/** `test`, with an agent; `cal`, a site of its own for the calendar's story. */
function sites(): SiteEntry[] {
  const [test] = testSites();
  return [
    { ...test!, staffTokens: [{ name: 'Stamps Agent', tokenSha256: sha(AGENT), roles: ['agent'] }] },
    {
      ...test!,
      id: 'cal',
      staffTokens: [{ name: 'Calendar Agent', tokenSha256: sha(CALENDAR_AGENT), roles: ['agent'] }],
    },
  ];
}

/** The built-in form with `change` applied to its copy, as a document's publicConfig holds it. */
function defaultForm(change: (form: FormConfig) => void): FormConfig {
  const form = structuredClone(DEFAULT_FORM);
  change(form);
  return form;
}

function stampsSuite(name: string, start: (clock: () => Date) => Promise<TestServer>, skip: string | false): void {
  describe(name, { skip }, () => {
    let clock = shanghai('2026-06-03 10:00');
    let server: TestServer;
    const staff = (token = AGENT) => ({ Authorization: `Bearer ${token}` });
    before(async () => {
      server = await start(() => clock);
    });
    after(() => server?.close());

    /** Saves the site's draft with `change` made to it and publishes it, then this instance reads it (as the admin API's publish does). */
    async function publish(site: string, change: (document: SiteDocument) => void): Promise<number> {
      const at = clock.toISOString();
      const draft = await readDraft(server.db, site);
      const document = structuredClone(draft.document) as SiteDocument;
      change(document);
      const saved = await saveDraft(server.db, site, { document, revision: draft.revision }, OPERATOR, at);
      const version = await server.db
        .transaction()
        .execute((tx) => publishDraft(tx, site, { revision: saved.revision, note: 'test' }, OPERATOR, at));
      await server.registry.refresh(true);
      return version;
    }

    const configVersionOf = async (id: string) =>
      (
        await server.db
          .selectFrom('submissions')
          .select('config_version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).config_version;

    async function complain(overrides: Parameters<typeof submission>[0] = {}) {
      const device = newDevice();
      const res = await submit(server.url, submission(overrides), {
        'Idempotency-Key': newKey(),
        'X-Usercare-Device': device,
      });
      assert.equal(res.status, 201, res.text);
      return { id: res.json.id as string, device, receipt: res.json };
    }

    const asUser = async (id: string, device: string) => {
      const res = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: { 'X-Usercare-Device': device } });
      assert.equal(res.status, 200, res.text);
      return res.json;
    };
    const asStaff = async (id: string, token = AGENT) => {
      const res = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, { headers: staff(token) });
      assert.equal(res.status, 200, res.text);
      return res.json;
    };
    const firstReply = (detail: { deadlines: Array<{ name: string; due: string; estimated: boolean }> }) =>
      detail.deadlines.find((d) => d.name === 'firstReply')!;
    const staffWrite = (id: string, what: string, body: unknown, token = AGENT) =>
      call(server.url, 'POST', `/v1/staff/complaints/${id}/${what}`, {
        body,
        headers: { ...staff(token), 'Idempotency-Key': newKey() },
      });

    // Received on Wednesday 3 June 2026 at 10:00 under version 1 (the guideline's 3 working days).
    let old: { id: string; device: string };
    const oldDue = shanghai('2026-06-08 10:00').toISOString();

    test('a complaint keeps the first-reply policy it was received under; one received after a shorter one is published gets that', async () => {
      old = await complain();
      assert.equal(await configVersionOf(old.id), 1);
      assert.equal(firstReply(await asUser(old.id, old.device)).due, oldDue);

      clock = shanghai('2026-06-03 11:00');
      const version = await publish('test', (document) => {
        document.settings = { ...document.settings, sla: { policies: [{ firstReply: { workingDays: 1 } }] } };
      });
      assert.equal(version, 2);

      assert.equal(firstReply(await asUser(old.id, old.device)).due, oldDue, 'the user is still promised the same day');
      assert.equal(firstReply(await asStaff(old.id)).due, oldDue, 'staff see the same');
      // Acting on it counts its deadlines again, by its own version's rules.
      const accepted = await staffWrite(old.id, 'actions', { action: 'accept' });
      assert.equal(accepted.status, 200, accepted.text);
      const stored = await server.db
        .selectFrom('complaint_deadlines')
        .select('due_at')
        .where('submission_id', '=', old.id)
        .where('name', '=', 'firstReply')
        .executeTakeFirstOrThrow();
      assert.equal(stored.due_at, oldDue);
      const queue = await call(server.url, 'GET', '/v1/staff/queue?site=test', { headers: staff() });
      const row = queue.json.items.find((i: { id: string }) => i.id === old.id);
      assert.equal(row.deadlines.find((d: { name: string }) => d.name === 'firstReply').due, oldDue);

      const fresh = await complain();
      assert.equal(await configVersionOf(fresh.id), 2);
      assert.equal(fresh.receipt.replyBy.workingDays, 1, 'the receipt promises the new policy');
      assert.equal(firstReply(await asUser(fresh.id, fresh.device)).due, shanghai('2026-06-04 11:00').toISOString());
    });

    test('a complaint staff log from a call records the version it was logged under', async () => {
      const logged = await call(server.url, 'POST', '/v1/staff/complaints', {
        headers: { ...staff(), 'Idempotency-Key': newKey() },
        body: {
          site: 'test',
          category: 'interaction',
          channel: 'hotline',
          locale: 'zh-CN',
          receivedAt: clock.toISOString(),
          contact: '13800138000',
          text: '电话投诉：商品与描述不符',
        },
      });
      assert.equal(logged.status, 201, logged.text);
      assert.equal(await configVersionOf(logged.json.id), 2);
    });

    test('a retired category and field are still named, take nothing new, and old complaints keep their names', async () => {
      await publish('test', (document) => {
        const forms = { ...(document.publicConfig?.forms as Record<string, unknown>) };
        forms['default'] = defaultForm((form) => {
          form.categories = form.categories.map((c) => (c.id === 'publishing' ? { ...c, retired: true } : c));
          form.fields = form.fields.map((f) => (f.name === 'subject' ? { ...f, retired: true } : f));
        });
        document.publicConfig = { ...document.publicConfig, forms };
      });

      const config = await call(server.url, 'GET', '/v1/sites/test/config');
      const form = config.json.forms.default as FormConfig;
      assert.deepEqual(
        form.categories.find((c) => c.id === 'publishing'),
        { id: 'publishing', label: { 'zh-CN': '信息发布', en: 'Information publishing' }, retired: true },
        'the public config still names it, so old complaints show its name',
      );
      assert.equal(form.fields.find((f) => f.name === 'subject')?.retired, true);

      const refused = await submit(server.url, submission({ category: 'publishing' }));
      assert.equal(refused.status, 422, refused.text);
      assert.deepEqual(
        refused.json.error.details.fields.map((f: { path: string }) => f.path),
        ['category'],
      );
      const withSubject = await submit(
        server.url,
        submission({ category: 'interaction', fields: { subject: '旧字段', message: '页面加载很慢，已经三天了' } }),
      );
      assert.equal(withSubject.status, 422, withSubject.text);
      assert.deepEqual(
        withSubject.json.error.details.fields.map((f: { path: string }) => f.path),
        ['fields.subject'],
      );
      const intake = await call(server.url, 'POST', '/v1/staff/complaints', {
        headers: { ...staff(), 'Idempotency-Key': newKey() },
        body: {
          site: 'test',
          category: 'publishing',
          channel: 'hotline',
          locale: 'zh-CN',
          receivedAt: clock.toISOString(),
          contact: '13800138000',
          text: '电话投诉：商品与描述不符',
        },
      });
      assert.equal(intake.status, 422, intake.text);
      assert.deepEqual(
        intake.json.error.details.fields.map((f: { path: string }) => f.path),
        ['category'],
      );

      // The old complaint is still in it, by the id the config names.
      assert.equal((await asUser(old.id, old.device)).category, 'publishing');
      const detail = await asStaff(old.id);
      assert.equal(detail.category, 'publishing');
      // Staff may mark it complex without moving it out of the retired category; nothing else moves into it.
      const marked = await staffWrite(old.id, 'category', {
        category: 'publishing',
        complex: true,
        version: detail.version,
      });
      assert.equal(marked.status, 200, marked.text);
      const other = await complain({ category: 'interaction', fields: { message: '另一条投诉内容' } });
      const moved = await staffWrite(other.id, 'category', { category: 'publishing', complex: false, version: 1 });
      assert.equal(moved.status, 422, moved.text);
      assert.equal(moved.json.error.details.fields[0].path, 'category');
      assert.match(moved.json.error.details.fields[0].message, /retired/);
    });

    test('a retired field is never required, and a form keeps a category and a field not retired', async () => {
      await publish('test', (document) => {
        const forms = { ...(document.publicConfig?.forms as Record<string, FormConfig>) };
        forms['default'] = {
          ...forms['default']!,
          fields: forms['default']!.fields.map((f) => (f.name === 'message' ? { ...f, retired: true } : f)),
        };
        document.publicConfig = { ...document.publicConfig, forms };
      });
      const withoutMessage = await submit(
        server.url,
        submission({ category: 'interaction', fields: { email: 'user@example.com' } }),
      );
      assert.equal(withoutMessage.status, 201, withoutMessage.text);

      const everything = (document: SiteDocument) => {
        const forms = { ...(document.publicConfig?.forms as Record<string, FormConfig>) };
        const form = forms['default']!;
        forms['default'] = {
          ...form,
          categories: form.categories.map((c) => ({ ...c, retired: true })),
          fields: form.fields.map((f) => ({ ...f, retired: true })),
        };
        document.publicConfig = { ...document.publicConfig, forms };
      };
      await assert.rejects(
        () => publish('test', everything),
        (error: { status: number; details: { fields: Array<{ path: string; message: string }> } }) => {
          assert.equal(error.status, 422);
          assert.deepEqual(
            error.details.fields.map((f) => [f.path, f.message]),
            [
              [
                'publicConfig.forms.default.categories',
                'every category is retired: keep at least one not retired, or the form offers nothing to choose',
              ],
              [
                'publicConfig.forms.default.fields',
                'every field is retired: keep at least one not retired, or the form asks for nothing',
              ],
            ],
          );
          return true;
        },
      );
    });

    test('a calendar year the version had no data for is taken from a later version, and the complaint is told', async () => {
      // Wednesday 30 December 2026; the package has no calendar for 2027, so 1 January 2027 (a Friday) is guessed a working day.
      clock = shanghai('2026-12-30 10:00');
      const open = await complain({ site: 'cal' });
      const settled = await complain({ site: 'cal' });
      const withdrawn = await call(server.url, 'POST', `/v1/complaints/${settled.id}/actions`, {
        headers: { 'X-Usercare-Device': settled.device, 'Idempotency-Key': newKey() },
        body: { action: 'withdraw', reason: '已解决' },
      });
      assert.equal(withdrawn.status, 200, withdrawn.text);
      const before = firstReply(await asUser(open.id, open.device));
      assert.deepEqual([before.due, before.estimated], [shanghai('2027-01-04 10:00').toISOString(), true]);

      clock = shanghai('2026-12-30 15:00');
      await publish('cal', (document) => {
        document.settings = {
          ...document.settings,
          sla: {
            calendar: { years: { '2027': { holidays: ['2027-01-01'] } } },
            // A new policy too: that one is not the old complaint's.
            policies: [{ firstReply: { workingDays: 1 } }],
          },
        };
      });

      const seen = await asUser(open.id, open.device);
      const after = firstReply(seen);
      assert.deepEqual(
        [after.due, after.estimated],
        [shanghai('2027-01-05 10:00').toISOString(), false],
        'three working days still, now without New Year’s Day',
      );
      const line = seen.timeline.filter((e: { type: string }) => e.type === 'calendar.corrected');
      assert.equal(line.length, 1, 'the user is told');
      assert.deepEqual([line[0].years, line[0].actor.role, line[0].at], [[2027], 'system', clock.toISOString()]);
      const staffLine = (await asStaff(open.id, CALENDAR_AGENT)).timeline.filter(
        (e: { type: string }) => e.type === 'calendar.corrected',
      );
      assert.deepEqual(staffLine[0].years, [2027], 'and staff');
      const row = await server.db
        .selectFrom('submissions')
        .select('next_due_at')
        .where('id', '=', open.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.next_due_at, shanghai('2027-01-05 10:00').toISOString(), 'the queue orders it by the new date');
      const settledTimeline = (await asUser(settled.id, settled.device)).timeline;
      assert.ok(
        !settledTimeline.some((e: { type: string }) => e.type === 'calendar.corrected'),
        'a withdrawn complaint owes nothing by a date: not told',
      );

      // A complaint received now counts by the new version; another publish changes no calendar and says nothing.
      const fresh = await complain({ site: 'cal' });
      assert.equal(firstReply(await asUser(fresh.id, fresh.device)).due, shanghai('2026-12-31 15:00').toISOString());
      await publish('cal', (document) => {
        document.allowedOrigins = [...document.allowedOrigins, 'https://cal.example.com'];
      });
      const again = (await asUser(open.id, open.device)).timeline;
      assert.equal(again.filter((e: { type: string }) => e.type === 'calendar.corrected').length, 1);
      assert.equal(firstReply(await asUser(open.id, open.device)).due, shanghai('2027-01-05 10:00').toISOString());
    });
  });
}

stampsSuite('configuration versions on SQLite', (clock) => startTestServer(sites(), { now: clock }), false);

stampsSuite(
  'configuration versions on PostgreSQL',
  async (clock) => {
    const url = new URL(await newPostgresDatabase('config_stamps'));
    return startTestServer(sites(), { now: clock, databaseUrl: url.toString() });
  },
  postgresSkip,
);
