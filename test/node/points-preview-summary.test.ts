/**
 * The studio's preview shows the points widget with the summary it makes of
 * the draft's points rules (components/uc-studio/points-preview-summary.ts):
 * it must be what the server's points route answers a new user once the
 * draft is published, so the admin sees the levels, the earn rules and the
 * rewards users will. Each is made on its own side (the studio cannot use
 * the server's code) and compared here over real HTTP, for the defaults, a
 * site's own rules with a trigger turned off and a retired reward, and a
 * site with no levels. Only `available` and `asOf` differ by design: the
 * preview cannot see the code pools, so it shows every reward as having codes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { previewPointsSummary } from '../../components/uc-studio/points-preview-summary';
import type { PointsSettings } from '../../src/contract/points-settings';
import { ALLOWED_ORIGIN, SECRETS, call, hostToken, startTestServer, testSites } from './_helpers';

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

const OWN: PointsSettings = {
  earn: { complaint_rated: { points: 15, dailyCap: 45 }, report_confirmed: null, suggestion_accepted: { points: 5 } },
  levels: [
    { name: text('Guest', '访客'), threshold: 0 },
    { name: text('Regular', '常客'), threshold: 100 },
  ],
  catalogue: [
    { id: 'mug', name: text('A mug', '马克杯'), description: text('Blue', '蓝色'), points: 30, source: 'pool' },
    { id: 'old-tea', name: text('Old tea', '旧茶'), points: 20, source: 'pool', retired: true },
    { id: 'tote', name: text('A tote', '帆布袋'), points: 300, source: 'pool', undoHours: 24 },
  ],
};

const LEVELLESS: PointsSettings = {
  levels: [],
  catalogue: [{ id: 'pen', name: text('A pen', '笔'), points: 5, source: 'pool' }],
};

const loose = (summary: unknown) => {
  const { asOf: _asOf, rewards, ...rest } = summary as { asOf: string; rewards: Array<Record<string, unknown>> };
  return { ...rest, rewards: rewards.map(({ available: _available, ...reward }) => reward) };
};

describe("the studio's preview of the points widget", () => {
  for (const [name, settings] of [
    ['the defaults', undefined],
    ['own rules, a trigger off, a retired reward', OWN],
    ['no levels', LEVELLESS],
  ] as const) {
    test(`shows what the server's points route answers a new user: ${name}`, async () => {
      const [site, ...others] = testSites();
      const server = await startTestServer([
        { ...site!, settings: { ...site!.settings, ...(settings ? { points: settings } : {}) } },
        ...others,
      ]);
      try {
        const token = await hostToken(SECRETS.test, `preview-user-${name.length}`);
        const served = await call(server.url, 'GET', '/v1/points?site=test', {
          headers: { Authorization: `Bearer ${token}`, Origin: ALLOWED_ORIGIN },
        });
        assert.equal(served.status, 200, served.text);
        const preview = previewPointsSummary(settings, new Date());
        assert.notEqual(preview, 'invalid');
        assert.deepEqual(loose(preview), loose(served.json));
        if (preview !== 'invalid') assert.ok(preview.rewards.every((r) => r.available));
      } finally {
        await server.close();
      }
    });
  }

  test('says when the draft’s rules break the contract', () => {
    assert.equal(previewPointsSummary({ levels: [{ name: 'x', threshold: -1 }] }, new Date()), 'invalid');
  });
});
