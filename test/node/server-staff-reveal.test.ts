/**
 * Personal data held to need, over real HTTP: the staff detail masks the
 * form's personal fields and names them, the user sees their own in clear,
 * and POST …/reveal shows them to the roles the site allows, for a reason
 * the audit log keeps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { StaffComplaintDetail } from '../../src/contract/staff';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  call,
  hostToken,
  newKey,
  SECRETS,
  staffToken,
  startTestServer,
  submission,
  testSites,
  type TestServer,
} from './_helpers';

const FORM = {
  kinds: ['complaint'],
  categories: [{ id: 'general', label: 'General' }],
  fields: [
    { name: 'message', type: 'textarea', label: 'Message', required: true },
    { name: 'name', type: 'text', label: 'Name', personal: { purpose: 'To address you', prefill: 'name' } },
    { name: 'email', type: 'email', label: 'Email', personal: { purpose: 'To tell you how it goes' } },
    { name: 'phone', type: 'tel', label: 'Phone', personal: { purpose: 'To call you back' } },
  ],
};

function sites(): SiteEntry[] {
  const [test, other] = testSites();
  return [
    { ...test!, publicConfig: { forms: { contact: FORM } } },
    // A site that lets only its admins see contacts.
    {
      ...other!,
      publicConfig: { forms: { contact: FORM } },
      settings: { ...other!.settings, staff: { revealRoles: ['admin'] } },
    },
  ];
}

let server: TestServer;
before(async () => {
  server = await startTestServer(sites());
});
after(() => server.close());

async function complaint(site: 'test' | 'other', user: string): Promise<string> {
  const r = await call(server.url, 'POST', '/v1/feedback', {
    body: submission({
      site,
      form: 'contact',
      category: 'general',
      fields: {
        message: 'My parcel never came',
        name: '张三',
        email: 'zhang.san@example.com',
        phone: '+86 138 0013 0042',
      },
    }),
    headers: {
      Authorization: `Bearer ${await hostToken(site === 'test' ? SECRETS.test : SECRETS.other, user)}`,
      'Idempotency-Key': newKey(),
    },
  });
  assert.equal(r.status, 201, r.text);
  return r.json.id as string;
}

const CLEAR = { name: '张三', email: 'zhang.san@example.com', phone: '+86 138 0013 0042' };

describe('personal fields', () => {
  test('staff see them masked and named; the user sees their own in clear', async () => {
    const id = await complaint('test', 'reveal-user-1');
    const agent = await staffToken({ roles: ['agent'] });
    const staff = await call(server.url, 'GET', `/v1/staff/complaints/${id}`, {
      headers: { Authorization: `Bearer ${agent}` },
    });
    assert.equal(staff.status, 200, staff.text);
    const detail = StaffComplaintDetail.parse(staff.json);
    assert.deepEqual(detail.fields, {
      message: 'My parcel never came',
      name: '张***',
      email: 'z***@example.com',
      phone: '138****0042',
    });
    assert.deepEqual(detail.masked, ['name', 'email', 'phone']);
    assert.deepEqual([detail.assignee, detail.complex], [null, false]);
    assert.ok(
      !staff.text.includes('zhang.san') && !staff.text.includes('0013'),
      'nothing of them elsewhere in the answer',
    );

    const own = await call(server.url, 'GET', `/v1/complaints/${id}`, {
      headers: { Authorization: `Bearer ${await hostToken(SECRETS.test, 'reveal-user-1')}` },
    });
    assert.equal(own.status, 200, own.text);
    assert.deepEqual(own.json.fields, { message: 'My parcel never came', ...CLEAR });
    assert.equal(own.json.masked, undefined);
  });

  test('a reveal shows them to the roles the site allows, once per request, each in the audit log with its reason', async () => {
    const id = await complaint('test', 'reveal-user-2');
    const reveal = async (token: string, reason = 'Calling the user back about the parcel') =>
      call(server.url, 'POST', `/v1/staff/complaints/${id}/reveal`, {
        headers: { Authorization: `Bearer ${token}` },
        body: { reason },
      });
    for (const roles of [['agent'], ['arbitrator'], ['admin']]) {
      const r = await reveal(await staffToken({ sub: `revealer-${roles[0]}`, roles }));
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, { fields: CLEAR });
      assert.equal(r.headers.get('cache-control'), 'no-store');
    }
    const supervisor = await reveal(await staffToken({ sub: 'no-reveal', roles: ['supervisor'] }));
    assert.deepEqual(
      [supervisor.status, supervisor.json.error.code, supervisor.json.error.details.reason],
      [403, 'forbidden', 'reveal'],
    );
    const short = await reveal(await staffToken({ roles: ['agent'] }), 'no');
    assert.deepEqual(
      [short.status, short.json.error.code, short.json.error.details.fields[0].path],
      [422, 'validation_failed', 'reason'],
    );

    const logged = await server.db
      .selectFrom('audit_log')
      .select(['principal', 'detail_json'])
      .where('action', '=', 'contact.reveal')
      .where('subject', '=', id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      logged.map((e) => [e.principal, JSON.parse(e.detail_json)]),
      ['agent', 'arbitrator', 'admin'].map((role) => [
        `staff:person:revealer-${role}`,
        { reason: 'Calling the user back about the parcel', fields: 'name,email,phone' },
      ]),
    );
  });

  test("a site's revealRoles decide: there, an agent is refused and an admin is not", async () => {
    const id = await complaint('other', 'reveal-user-3');
    const as = async (roles: string[]) =>
      call(server.url, 'POST', `/v1/staff/complaints/${id}/reveal`, {
        headers: {
          Authorization: `Bearer ${await staffToken({ site: 'other', secret: SECRETS.otherStaff, roles })}`,
        },
        body: { reason: 'Checking the contact' },
      });
    const agent = await as(['agent']);
    assert.deepEqual([agent.status, agent.json.error.details.reason], [403, 'reveal']);
    assert.match(agent.json.error.message, /needs the role admin/);
    assert.equal((await as(['admin'])).status, 200);
    const me = await call(server.url, 'GET', '/v1/staff/me?site=other', {
      headers: {
        Authorization: `Bearer ${await staffToken({ site: 'other', secret: SECRETS.otherStaff, roles: ['agent'] })}`,
      },
    });
    assert.ok(!me.json.permissions.includes('reveal'));
  });
});
