// Where a webhook may go: never this machine, the private network or a cloud's metadata service, whether the URL
// names the address or a name that resolves to it; https only. A real server and a real host on this machine.
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { parseRegistry } from '../../src/server/registry';
import { postWebhook, refusedAddress } from '../../src/server/webhook-target';
import type { SiteEntry } from '../../src/server/registry-schema';
import { SECRETS, call, newDevice, newKey, startTestServer, submission, submit, testSites } from './_helpers';
import type { TestServer } from './_helpers';
import { startWebhookHost, type WebhookHost } from './_webhook-host';

const REAL_SERVER = { loopback: false };
const post = { headers: { 'Content-Type': 'application/json' }, body: '{"type":"test"}', timeoutMs: 3000 };

describe('webhook targets', () => {
  let host: WebhookHost;
  before(async () => {
    host = await startWebhookHost();
  });
  after(() => host.close());

  test('addresses: loopback, private, link-local (the metadata service), unique-local and mapped ones are refused; public ones pass', () => {
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      'fd00:ec2::254',
      'fe80::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
    ])
      assert.ok(refusedAddress(address, REAL_SERVER), `${address} refused`);
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      assert.equal(refusedAddress(address, REAL_SERVER), undefined, `${address} allowed`);
    assert.equal(refusedAddress('127.0.0.1', { loopback: true }), undefined, 'this machine, where allowed');
    assert.ok(refusedAddress('10.0.0.1', { loopback: true }), 'the private network, never');
  });

  test('a real server never posts to 127.0.0.1, 10.0.0.1, 169.254.169.254, fd00:ec2::254, or localhost by name', async () => {
    const port = new URL(host.url).port;
    for (const [url, why] of [
      [host.url, /loopback|plain http/],
      [`https://127.0.0.1:${port}/hook`, /loopback/],
      [`https://localhost:${port}/hook`, /loopback/],
      ['https://10.0.0.1/hook', /private/],
      ['https://169.254.169.254/latest/meta-data/', /private, link-local/],
      ['https://[fd00:ec2::254]/hook', /private/],
      ['http://shop.example/hook', /https/],
      ['https://user:pass@shop.example/hook', /user name or password/],
    ] as const) {
      const outcome = await postWebhook(url, post, REAL_SERVER);
      assert.ok('error' in outcome, `${url} refused`);
      assert.match(outcome.error, why, url);
    }
    assert.equal(host.received.length, 0, 'nothing reached the host');
  });

  test('a name is refused when any address it resolves to is private, link-local or this machine, before anything is sent', async () => {
    // The DNS is outside the product: these names answer what a hostile or mistaken zone would.
    const zone: Record<string, string[]> = {
      'hooks.intranet.example': ['10.0.0.1'],
      'metadata.shop.example': ['169.254.169.254'],
      'loop.shop.example': ['127.0.0.1'],
      'mixed.shop.example': ['93.184.216.34', '10.0.0.1'],
    };
    const lookup = ((hostname: string, _options: unknown, callback: (e: null, a: LookupAddress[]) => void) =>
      callback(
        null,
        (zone[hostname] ?? []).map((address) => ({ address, family: 4 })),
      )) as unknown as typeof import('node:dns').lookup;
    for (const [name, why] of [
      ['hooks.intranet.example', /10\.0\.0\.1 is a private/],
      ['metadata.shop.example', /169\.254\.169\.254 is a private, link-local/],
      ['loop.shop.example', /127\.0\.0\.1 is this machine/],
      ['mixed.shop.example', /10\.0\.0\.1 is a private/],
    ] as const) {
      const outcome = await postWebhook(`https://${name}/hook`, post, { ...REAL_SERVER, lookup });
      assert.ok('error' in outcome, `${name} refused`);
      assert.match(outcome.error, why, name);
      assert.equal(outcome.refused, true, `${name}: refused by the policy, not the network`);
    }
    assert.equal(host.received.length, 0, 'nothing reached the host');
  });

  test('where this machine is allowed (the demo, the tests), the host gets the post, and the outcome is its status and time only', async () => {
    const outcome = await postWebhook(host.url, post, { loopback: true });
    assert.ok('status' in outcome, JSON.stringify(outcome));
    assert.equal(outcome.status, 204);
    assert.equal(typeof outcome.ms, 'number');
    assert.deepEqual(Object.keys(outcome).sort(), ['ms', 'status']);
    assert.equal(host.received.at(-1)?.body, post.body);
  });

  test('a site whose webhook is plain http to another machine is refused when the registry loads, naming the path', () => {
    const [site] = testSites();
    const registry = {
      serverSecret: SECRETS.server,
      sites: [
        {
          ...site!,
          settings: { ...site!.settings, webhook: { url: 'http://shop.example/hook', secret: 'x'.repeat(32) } },
        },
      ],
    };
    assert.throws(() => parseRegistry('sites.json', registry), /webhook\.url.*must be https/s);
  });
});

describe('a real server (webhooks not allowed to this machine) with its webhook on this machine', () => {
  let host: WebhookHost;
  let server: TestServer;
  const AGENT = 'agent-webhook-targets-0123456789';
  before(async () => {
    host = await startWebhookHost();
    const [site] = testSites();
    const sites: SiteEntry[] = [
      {
        ...site!,
        staffTokens: [
          { name: 'Agent', tokenSha256: createHash('sha256').update(AGENT).digest('hex'), roles: ['agent'] },
        ],
        settings: { ...site!.settings, webhook: { url: host.url, secret: 'w'.repeat(32) } },
      },
    ];
    server = await startTestServer(sites, { webhookLoopback: false });
  });
  after(async () => {
    await server.close();
    await host.close();
  });

  test('a status change queues a delivery that is never sent, and the delivery says why', async () => {
    const created = await submit(server.url, submission(), {
      'Idempotency-Key': newKey(),
      'X-Usercare-Device': newDevice(),
    });
    assert.equal(created.status, 201, created.text);
    const accepted = await call(server.url, 'POST', `/v1/staff/complaints/${created.json.id}/actions`, {
      headers: { Authorization: `Bearer ${AGENT}`, 'Idempotency-Key': newKey() },
      body: { action: 'accept' },
    });
    assert.equal(accepted.status, 200, accepted.text);
    await server.sweep();
    const deliveries = await server.db
      .selectFrom('webhook_deliveries')
      .select(['delivered_at', 'last_error'])
      .where('site', '=', 'test')
      .execute();
    assert.ok(deliveries.length > 0, 'a delivery was queued');
    for (const d of deliveries) {
      assert.equal(d.delivered_at, null);
      assert.match(d.last_error ?? '', /loopback|plain http/);
    }
    assert.equal(host.received.length, 0, 'nothing reached this machine');
  });
});
