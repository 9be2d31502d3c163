/** POST /v1/feedback/{id}/withdraw against the real server. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WithdrawResult } from '../../src/contract/feedback';
import { SECRETS, call, hostToken, newDevice, newKey, startTestServer, submission, submit } from './_helpers';
import type { TestServer } from './_helpers';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

function withdraw(
  id: string,
  body: unknown,
  headers: Record<string, string> = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': newDevice() },
) {
  return call(server.url, 'POST', `/v1/feedback/${id}/withdraw`, { body, headers });
}

async function anonymousSubmission() {
  const device = newDevice();
  const res = await submit(server.url, submission(), { 'Idempotency-Key': newKey(), 'X-Usercare-Device': device });
  assert.equal(res.status, 201);
  return { id: res.json.id as string, accessKey: res.json.accessKey as string, device };
}

describe('withdraw', () => {
  test('the anonymous owner withdraws with the access key: 200, status withdrawn, version bumped', async () => {
    const { id, accessKey, device } = await anonymousSubmission();
    const res = await withdraw(
      id,
      { accessKey, reason: '发错了' },
      { 'Idempotency-Key': newKey(), 'X-Usercare-Device': device },
    );
    assert.equal(res.status, 200, res.text);
    const result = WithdrawResult.parse(res.json);
    assert.equal(result.id, id);
    const row = await server.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'withdrawn');
    assert.equal(row.version, 2);
    assert.equal(row.withdraw_reason, '发错了');
    assert.equal(row.withdrawn_at, result.withdrawnAt);
  });

  test('a retried withdraw with the same key gets the first answer, not a 409', async () => {
    const { id, accessKey, device } = await anonymousSubmission();
    const headers = { 'Idempotency-Key': newKey(), 'X-Usercare-Device': device };
    const first = await withdraw(id, { accessKey }, headers);
    const again = await withdraw(id, { accessKey }, headers);
    assert.equal(again.status, 200);
    assert.equal(again.text, first.text);
    assert.equal(again.headers.get('Idempotent-Replayed'), 'true');
    const row = await server.db
      .selectFrom('submissions')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.version, 2, 'withdrawn once');
    const fresh = await withdraw(id, { accessKey }, { 'Idempotency-Key': newKey(), 'X-Usercare-Device': device });
    assert.equal(fresh.status, 409, 'a new request to withdraw again is refused');
  });

  test('a stranger gets the same 404 as for an id that does not exist, and nothing changes', async () => {
    const { id } = await anonymousSubmission();
    const wrongKey = await withdraw(id, { accessKey: 'A'.repeat(43) });
    const noKey = await withdraw(id, {});
    const missing = await withdraw('00000000-0000-0000-0000-000000000000', { accessKey: 'A'.repeat(43) });
    for (const res of [wrongKey, noKey, missing]) {
      assert.equal(res.status, 404);
      assert.equal(res.json.error.code, 'not_found');
    }
    assert.equal(wrongKey.json.error.message, missing.json.error.message);
    const row = await server.db
      .selectFrom('submissions')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'submitted');
  });

  test('an identified user withdraws their own submission; another user gets 404', async () => {
    const owner = await hostToken(SECRETS.test, 'owner-1');
    const created = await submit(server.url, submission(), {
      'Idempotency-Key': newKey(),
      Authorization: `Bearer ${owner}`,
    });
    const stranger = await hostToken(SECRETS.test, 'someone-else');
    const denied = await withdraw(
      created.json.id,
      {},
      { 'Idempotency-Key': newKey(), Authorization: `Bearer ${stranger}` },
    );
    assert.equal(denied.status, 404);
    const ok = await withdraw(created.json.id, {}, { 'Idempotency-Key': newKey(), Authorization: `Bearer ${owner}` });
    assert.equal(ok.status, 200, ok.text);
  });

  test('once staff have acted (status no longer submitted) it is 409 not_withdrawable', async () => {
    const { id, accessKey, device } = await anonymousSubmission();
    await server.db.updateTable('submissions').set({ status: 'accepted', version: 2 }).where('id', '=', id).execute();
    const res = await withdraw(id, { accessKey }, { 'Idempotency-Key': newKey(), 'X-Usercare-Device': device });
    assert.equal(res.status, 409);
    assert.equal(res.json.error.code, 'not_withdrawable');
    const row = await server.db
      .selectFrom('submissions')
      .select(['status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'accepted', version: 2 });
  });

  test('withdraw needs an Idempotency-Key and an identity', async () => {
    const { id, accessKey } = await anonymousSubmission();
    const noKey = await withdraw(id, { accessKey }, { 'X-Usercare-Device': newDevice() });
    assert.equal(noKey.status, 400);
    const nobody = await withdraw(id, { accessKey }, { 'Idempotency-Key': newKey() });
    assert.equal(nobody.status, 401);
    assert.equal(nobody.json.error.code, 'unauthorized');
  });
});
