/**
 * The complaint endpoints on the real server (SQLite in a temp folder): a
 * user and staff taking a complaint through its lifecycle, who may see and do
 * what, lookups from another device, and lost races.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SUBMISSION_STATUSES } from '../../src/contract/common';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  call,
  hostToken,
  newDevice,
  newKey,
  SECRETS,
  startTestServer,
  submission,
  staffToken,
  submit,
  testSites,
  type TestServer,
} from './_helpers';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const STAFF = {
  agent: 'agent-token-0123456789',
  agent2: 'agent2-token-0123456789',
  arbitrator: 'arbitrator-token-0123456789',
  admin: 'admin-token-0123456789',
};

function sites(): SiteEntry[] {
  const [test, other] = testSites();
  return [
    {
      ...test!,
      staffTokens: [
        { name: 'Agent Li', tokenSha256: sha(STAFF.agent), roles: ['agent'] },
        { name: 'Agent Wang', tokenSha256: sha(STAFF.agent2), roles: ['agent'] },
        { name: 'Arbitrator Zhao', tokenSha256: sha(STAFF.arbitrator), roles: ['arbitrator'] },
        { name: 'Admin Chen', tokenSha256: sha(STAFF.admin), roles: ['admin'] },
      ],
    },
    {
      ...other!,
      staffTokens: [{ name: 'Other Agent', tokenSha256: sha('other-agent-token-012345'), roles: ['agent'] }],
    },
  ];
}

let server: TestServer;
before(async () => {
  server = await startTestServer(sites());
});
after(() => server.close());

const staff = (token: string) => ({ Authorization: `Bearer ${token}`, 'Idempotency-Key': newKey() });

async function anonymousComplaint(fields: Record<string, string> = {}) {
  const device = newDevice();
  const res = await submit(
    server.url,
    submission({ fields: { message: '页面加载很慢，已经三天了', email: 'user@example.com', ...fields } }),
    {
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': device,
    },
  );
  assert.equal(res.status, 201, res.text);
  return {
    device,
    id: res.json.id as string,
    trackingNumber: res.json.trackingNumber as string,
    accessKey: res.json.accessKey as string,
  };
}

async function userComplaint(sub: string) {
  const token = await hostToken(SECRETS.test, sub);
  const res = await submit(server.url, submission(), { 'Idempotency-Key': newKey(), Authorization: `Bearer ${token}` });
  assert.equal(res.status, 201, res.text);
  return { token, id: res.json.id as string };
}

function staffAct(id: string, token: string, action: string, extra: Record<string, unknown> = {}) {
  return call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, {
    headers: staff(token),
    body: { action, ...extra },
  });
}

function userAct(id: string, headers: Record<string, string>, action: string, extra: Record<string, unknown> = {}) {
  return call(server.url, 'POST', `/v1/complaints/${id}/actions`, {
    headers: { ...headers, 'Idempotency-Key': newKey() },
    body: { action, ...extra },
  });
}

describe('complaints: the user follows, staff move it', () => {
  test('a new complaint is listed with its first-reply deadline and a timeline that starts at receipt', async () => {
    const { device, id, trackingNumber } = await anonymousComplaint();
    const list = await call(server.url, 'GET', '/v1/complaints?site=test', {
      headers: { 'X-Usercare-Device': device },
    });
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.items.length, 1);
    const item = list.json.items[0];
    assert.equal(item.id, id);
    assert.equal(item.trackingNumber, trackingNumber);
    assert.equal(item.status, 'submitted');
    assert.equal(item.nextDeadline.name, 'firstReply');
    assert.equal(item.nextDeadline.measure, 'working');
    assert.equal(item.nextDeadline.businessDayMs, 9 * 3_600_000);
    assert.ok(item.nextDeadline.msLeft > 0 && item.nextDeadline.msLeft <= 3 * 9 * 3_600_000);

    const detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: { 'X-Usercare-Device': device } });
    assert.equal(detail.status, 200, detail.text);
    assert.deepEqual(
      detail.json.timeline.map((e: { type: string; to: string }) => [e.type, e.to]),
      [['received', 'submitted']],
    );
    assert.deepEqual(detail.json.actions, ['withdraw']);
    assert.equal(detail.json.deadlines.find((d: { name: string }) => d.name === 'acknowledgement').status, 'met');
  });

  test('accept → investigate → ask the user (clock paused) → answer → reply → dispute → arbitration → ruling', async () => {
    const { device, id } = await anonymousComplaint();
    const me = { 'X-Usercare-Device': device };
    for (const [action, extra] of [
      ['accept', {}],
      ['start_investigation', {}],
      ['ask_user', { text: '请提供订单号' }],
    ] as const) {
      const res = await staffAct(id, STAFF.agent, action, extra);
      assert.equal(res.status, 200, `${action}: ${res.text}`);
    }
    let detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: me });
    assert.equal(detail.json.status, 'awaiting_user');
    assert.equal(detail.json.nextDeadline.status, 'paused', 'the first-reply clock stops while staff wait on the user');
    assert.equal(detail.json.nextDeadline.due, null);
    assert.ok(detail.json.actions.includes('answer'));

    assert.equal((await userAct(id, me, 'answer', { text: '订单号 12345' })).status, 200);
    assert.equal((await staffAct(id, STAFF.agent, 'reply', { text: '已为您退款' })).status, 200);
    detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: me });
    assert.equal(detail.json.status, 'replied');
    assert.equal(detail.json.deadlines.find((d: { name: string }) => d.name === 'firstReply').status, 'met');
    assert.deepEqual([...detail.json.actions].sort(), ['confirm', 'dispute', 'withdraw'].sort());

    assert.equal((await userAct(id, me, 'dispute', { text: '退款金额不对' })).status, 200);
    // An agent may not rule at all; and a ruling is a person's, never a static (automation) token's.
    const agentRules = await staffAct(id, STAFF.agent, 'rule', { outcome: 'upheld', reasons: '维持原判' });
    assert.deepEqual(
      [agentRules.status, agentRules.json.error.code, agentRules.json.error.details.reason],
      [403, 'forbidden', 'rule'],
    );
    const automationRules = await staffAct(id, STAFF.arbitrator, 'rule', { outcome: 'upheld', reasons: '维持原判' });
    assert.deepEqual(
      [automationRules.status, automationRules.json.error.code, automationRules.json.error.details.reason],
      [403, 'forbidden', 'person_required'],
    );
    const zhao = await staffToken({ sub: 'zhao', name: 'Arbitrator Zhao', roles: ['arbitrator'] });
    assert.equal((await staffAct(id, zhao, 'start_arbitration')).status, 200);
    assert.equal(
      (await staffAct(id, zhao, 'rule', { outcome: 'partly_upheld', reasons: '平台裁定：补退差额 20 元' })).status,
      200,
    );

    detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: me });
    assert.equal(detail.json.status, 'resolved');
    const types = detail.json.timeline.map((e: { type: string }) => e.type);
    assert.deepEqual(types, [
      'received',
      'accept',
      'start_investigation',
      'ask_user',
      'answer',
      'reply',
      'dispute',
      'start_arbitration',
      'rule',
    ]);
    const ruling = detail.json.timeline.at(-1);
    assert.equal(ruling.text, '平台裁定：补退差额 20 元');
    assert.equal(ruling.outcome, 'partly_upheld');
    assert.deepEqual(ruling.actor, { role: 'arbitrator', name: 'Arbitrator Zhao' });
    assert.ok(detail.json.actions.includes('rate'));
    assert.ok(detail.json.actions.includes('ask_third_party'));
  });

  test('a rating is taken once: the same request retried is replayed, a second rating is refused', async () => {
    const { device, id } = await anonymousComplaint();
    const me = { 'X-Usercare-Device': device };
    for (const action of ['accept', 'start_investigation'])
      assert.equal((await staffAct(id, STAFF.agent, action)).status, 200);
    assert.equal((await staffAct(id, STAFF.agent, 'reply', { text: 'done' })).status, 200);
    assert.equal((await userAct(id, me, 'confirm')).status, 200);

    const key = newKey();
    const rate = () =>
      call(server.url, 'POST', `/v1/complaints/${id}/actions`, {
        headers: { ...me, 'Idempotency-Key': key },
        body: { action: 'rate', score: 5, comment: '很满意' },
      });
    const [a, b] = await Promise.all([rate(), rate()]);
    assert.deepEqual([a.status, b.status], [200, 200], `${a.text} ${b.text}`);
    const again = await userAct(id, me, 'rate', { score: 1 });
    assert.equal(again.status, 409, again.text);
    const detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: me });
    assert.deepEqual(detail.json.rating, { score: 5, comment: '很满意' });
    assert.equal(detail.json.timeline.filter((e: { type: string }) => e.type === 'rate').length, 1);
  });

  test('a transition the machine does not allow is a 409 the tracker can show', async () => {
    const { device, id } = await anonymousComplaint();
    const res = await userAct(id, { 'X-Usercare-Device': device }, 'confirm');
    assert.equal(res.status, 409);
    assert.equal(res.json.error.code, 'invalid_transition');
    assert.equal(res.json.error.details.reason, 'not_allowed');
    assert.match(res.json.error.message, /submitted/);
  });

  test('two staff acting on one complaint at once: one wins, the other gets a 409', async () => {
    const { id } = await anonymousComplaint();
    const [a, b] = await Promise.all([
      staffAct(id, STAFF.agent, 'accept', { version: 1 }),
      staffAct(id, STAFF.agent2, 'accept', { version: 1 }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], `${a.text} ${b.text}`);
    const loser = a.status === 409 ? a : b;
    assert.ok(['conflict', 'invalid_transition'].includes(loser.json.error.code), loser.text);
  });

  test('staff log a hotline complaint for a signed-in user; it shows in their list', async () => {
    const res = await call(server.url, 'POST', '/v1/staff/complaints', {
      headers: staff(STAFF.agent),
      body: {
        site: 'test',
        category: 'publishing',
        channel: 'hotline',
        locale: 'zh-CN',
        receivedAt: new Date().toISOString(),
        text: '电话投诉：商品未发货',
        contact: '138 0013 8000',
        userId: 'hotline-user',
      },
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.channel, 'hotline');
    const token = await hostToken(SECRETS.test, 'hotline-user');
    const list = await call(server.url, 'GET', '/v1/complaints?site=test', {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.deepEqual(
      list.json.items.map((i: { id: string; channel: string }) => [i.id, i.channel]),
      [[res.json.id, 'hotline']],
    );
  });

  test('messages keep what people wrote, markup included, as text', async () => {
    const { device, id } = await anonymousComplaint();
    const text = '<img src=x onerror=alert(1)> & <b>bold</b>';
    const res = await call(server.url, 'POST', `/v1/complaints/${id}/messages`, {
      headers: { 'X-Usercare-Device': device, 'Idempotency-Key': newKey() },
      body: { text },
    });
    assert.equal(res.status, 200, res.text);
    const detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: { 'X-Usercare-Device': device } });
    assert.equal(detail.json.timeline.at(-1).text, text);
    assert.equal(detail.json.status, 'submitted');
  });

  test('lists page with a cursor, latest change first', async () => {
    const token = await hostToken(SECRETS.test, 'pager');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await submit(server.url, submission(), {
        'Idempotency-Key': newKey(),
        Authorization: `Bearer ${token}`,
      });
      ids.push(res.json.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { json: { items: { id: string }[]; nextCursor: string | null } } = await call(
        server.url,
        'GET',
        `/v1/complaints?site=test&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      seen.push(...page.json.items.map((i) => i.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    assert.deepEqual([...seen].sort(), [...ids].sort());
    assert.equal(new Set(seen).size, 5);
    const bad = await call(server.url, 'GET', '/v1/complaints?site=test&cursor=nonsense', {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(bad.status, 400);
  });
});

describe('complaints: who may see and do what', () => {
  test('another user, another device, a stranger: 404, never 403', async () => {
    const { id } = await userComplaint('user-a');
    const tokenB = await hostToken(SECRETS.test, 'user-b');
    const strangers: Record<string, string>[] = [
      { Authorization: `Bearer ${tokenB}` },
      { 'X-Usercare-Device': newDevice() },
    ];
    for (const headers of strangers) {
      const read = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers });
      assert.equal(read.status, 404, read.text);
      const act = await userAct(id, headers, 'withdraw');
      assert.equal(act.status, 404, act.text);
      const list = await call(server.url, 'GET', '/v1/complaints?site=test', { headers });
      assert.ok(!list.json.items.some((i: { id: string }) => i.id === id));
    }
    const missing = await call(server.url, 'GET', '/v1/complaints/00000000-0000-0000-0000-000000000000', {
      headers: { Authorization: `Bearer ${tokenB}` },
    });
    assert.equal(missing.status, 404);
  });

  test('an expired or forged token is a 401, not anonymous', async () => {
    const { id } = await userComplaint('user-exp');
    const expired = await hostToken(SECRETS.test, 'user-exp', -120);
    const forged = await hostToken('not-the-site-secret-0123456789abcdef0123', 'user-exp');
    for (const token of [expired, forged]) {
      const res = await call(server.url, 'GET', `/v1/complaints/${id}`, {
        headers: { Authorization: `Bearer ${token}`, 'X-Usercare-Device': newDevice() },
      });
      assert.equal(res.status, 401, res.text);
      assert.equal(res.json.error.code, 'unauthorized');
    }
  });

  test("users cannot take staff actions, staff roles are kept apart, other sites' staff see nothing", async () => {
    const { device, id } = await anonymousComplaint();
    const asUser = await userAct(id, { 'X-Usercare-Device': device }, 'accept');
    assert.equal(asUser.status, 409);
    assert.equal(asUser.json.error.details.reason, 'forbidden');
    const asArbitrator = await staffAct(id, STAFF.arbitrator, 'accept');
    assert.equal(asArbitrator.status, 409);
    assert.equal(asArbitrator.json.error.details.reason, 'forbidden');
    assert.equal((await staffAct(id, STAFF.admin, 'accept')).status, 200, 'admin may do what an agent may');
    const otherSite = await staffAct(id, 'other-agent-token-012345', 'start_investigation');
    assert.equal(otherSite.status, 404);
    const noToken = await staffAct(id, 'not-a-token-at-all-01234', 'start_investigation');
    assert.equal(noToken.status, 401);
    const list = await call(server.url, 'GET', '/v1/staff/complaints?site=test', {
      headers: { Authorization: 'Bearer other-agent-token-012345' },
    });
    assert.equal(list.status, 404);
  });

  test('a staff member sees the actions their role allows', async () => {
    const { id } = await anonymousComplaint();
    const asAgent = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
      headers: { Authorization: `Bearer ${STAFF.agent}` },
    });
    assert.equal(asAgent.status, 200, asAgent.text);
    assert.deepEqual([...asAgent.json.actions].sort(), ['accept', 'reject'].sort());
    const asArbitrator = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
      headers: { Authorization: `Bearer ${STAFF.arbitrator}` },
    });
    assert.deepEqual(asArbitrator.json.actions, []);
  });
});

describe('complaints: opening one from another device', () => {
  test('tracking number + the e-mail given opens it with its access key; a wrong contact is a plain 404', async () => {
    const { id, trackingNumber, accessKey } = await anonymousComplaint({ email: 'Someone@Example.com' });
    const found = await call(server.url, 'POST', '/v1/complaints/lookup', {
      body: { site: 'test', trackingNumber: trackingNumber.toLowerCase(), contact: ' someone@example.com ' },
    });
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(found.json, { id, trackingNumber, accessKey });
    const otherDevice = { 'X-Usercare-Device': newDevice(), 'X-Usercare-Access-Key': found.json.accessKey };
    const detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: otherDevice });
    assert.equal(detail.status, 200, detail.text);
    const wrong = await call(server.url, 'POST', '/v1/complaints/lookup', {
      body: { site: 'test', trackingNumber, contact: 'other@example.com' },
    });
    assert.equal(wrong.status, 404);
  });

  test('a hotline complaint logged without a user opens the same way: the key the lookup gives works', async () => {
    const logged = await call(server.url, 'POST', '/v1/staff/complaints', {
      headers: staff(STAFF.agent),
      body: {
        site: 'test',
        category: 'publishing',
        channel: 'hotline',
        locale: 'zh-CN',
        receivedAt: new Date().toISOString(),
        text: '电话投诉：退款未到账',
        contact: 'caller@example.com',
      },
    });
    assert.equal(logged.status, 201, logged.text);
    const found = await call(server.url, 'POST', '/v1/complaints/lookup', {
      body: { site: 'test', trackingNumber: logged.json.trackingNumber, contact: 'caller@example.com' },
    });
    assert.equal(found.status, 200, found.text);
    const detail = await call(server.url, 'GET', `/v1/complaints/${logged.json.id}`, {
      headers: { 'X-Usercare-Device': newDevice(), 'X-Usercare-Access-Key': found.json.accessKey },
    });
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.json.channel, 'hotline');
  });

  test('guessing is rate-limited, however the number is written', async () => {
    // Behind a proxy we trust, each guess from an address of its own: only the number's own bucket can stop them.
    const proxied = await startTestServer(sites(), { trustedProxyHops: 1 });
    try {
      const made = await submit(proxied.url, submission());
      assert.equal(made.status, 201, made.text);
      const { trackingNumber } = made.json as { trackingNumber: string };
      const spellings = [
        trackingNumber,
        trackingNumber.toLowerCase(),
        ` ${trackingNumber} `,
        `${trackingNumber.slice(0, 4).toLowerCase()}${trackingNumber.slice(4)}`,
      ];
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await call(proxied.url, 'POST', '/v1/complaints/lookup', {
          headers: { 'X-Forwarded-For': `198.51.100.${i + 1}` },
          body: { site: 'test', trackingNumber: spellings[i % spellings.length], contact: `guess${i}@example.com` },
        });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429, 429, 429]);
    } finally {
      await proxied.close();
    }
  });

  test('guessing is rate-limited', async () => {
    const { trackingNumber } = await anonymousComplaint();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await call(server.url, 'POST', '/v1/complaints/lookup', {
        body: { site: 'test', trackingNumber, contact: `guess${i}@example.com` },
      });
      statuses.push(res.status);
    }
    assert.ok(statuses.includes(429), statuses.join(','));
    assert.ok(statuses.slice(0, 5).every((s) => s === 404 || s === 429));
  });
});

describe('the demo', () => {
  test('npm start seeds the demo user a complaint in every lifecycle state, once', async () => {
    const { startServer } = await import('../../src/server/server');
    const { demoPlugin } = await import('../../src/server/demo');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dataDir = mkdtempSync(join(tmpdir(), 'usercare-demo-'));
    try {
      for (let run = 0; run < 2; run++) {
        const demo = await startServer({
          port: 0,
          host: '127.0.0.1',
          dataDir,
          log: () => {},
          sweepIntervalMs: 0,
          demo: demoPlugin,
        });
        try {
          const rows = await demo.db
            .selectFrom('submissions')
            .select('status')
            .where('submitter_id', '=', 'demo-user')
            .execute();
          const statuses = [...new Set(rows.map((r) => r.status))].sort();
          assert.deepEqual(statuses, [...SUBMISSION_STATUSES].sort(), `run ${run + 1}`);
          // One of those with a third party was referred by the platform, named, waiting for the outcome.
          const referred = await demo.db
            .selectFrom('complaint_third_parties')
            .select(['via', 'body', 'outcome'])
            .where('via', '=', 'referral')
            .execute();
          assert.deepEqual(referred, [{ via: 'referral', body: '上海市消费者权益保护委员会', outcome: null }]);
        } finally {
          await demo.close();
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('complaints: files with messages', () => {
  test('a message carries checked files; the owner and staff download them, nobody else', async () => {
    const { device, id } = await anonymousComplaint();
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('a screenshot'),
    ]);
    const send = (attachments: unknown[]) =>
      call(server.url, 'POST', `/v1/complaints/${id}/messages`, {
        headers: { 'X-Usercare-Device': device, 'Idempotency-Key': newKey() },
        body: { text: '截图在附件里', attachments },
      });
    const lying = await send([
      { field: 'message', name: 'x.png', type: 'image/png', size: 4, data: Buffer.from('text').toString('base64') },
    ]);
    assert.equal(lying.status, 415, lying.text);
    const ok = await send([
      { field: 'message', name: '截图.png', type: 'image/png', size: png.length, data: png.toString('base64') },
    ]);
    assert.equal(ok.status, 200, ok.text);

    const detail = await call(server.url, 'GET', `/v1/complaints/${id}`, { headers: { 'X-Usercare-Device': device } });
    const entry = detail.json.timeline.at(-1);
    assert.equal(entry.text, '截图在附件里');
    assert.equal(entry.attachments.length, 1);
    const file = entry.attachments[0];
    assert.deepEqual([file.name, file.type, file.size], ['截图.png', 'image/png', png.length]);
    assert.equal(
      detail.json.timeline.filter((e: { type: string }) => e.type === 'message').length,
      1,
      'the refused message left nothing',
    );

    const mine = await fetch(`${server.url}/v1/complaints/${id}/files/${file.id}`, {
      headers: { 'X-Usercare-Device': device },
    });
    assert.equal(mine.status, 200);
    assert.match(mine.headers.get('content-disposition') ?? '', /^attachment;/);
    assert.equal(mine.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await mine.arrayBuffer()), png);
    const staffCopy = await fetch(`${server.url}/v1/staff/complaints/${id}/files/${file.id}`, {
      headers: { Authorization: `Bearer ${STAFF.agent}` },
    });
    assert.equal(staffCopy.status, 200);
    const stranger = await fetch(`${server.url}/v1/complaints/${id}/files/${file.id}`, {
      headers: { 'X-Usercare-Device': newDevice() },
    });
    assert.equal(stranger.status, 404);
  });
});
