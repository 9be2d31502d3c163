/**
 * The snippet a site pastes (GET /v1/staff/config/snippet) and the immutable
 * build paths it names, on the real server over a build made by the build's
 * own code (scripts/versioned-dist.ts).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { KEPT_BUILDS } from '../../scripts/versioned-dist';
import { call, staffToken, startTestServer, testSites } from './_helpers';
import { versionedDist } from './_versioned-dist';

const dist = versionedDist('snippet0001');
const server = await startTestServer(testSites(), { staticRoots: { dist }, trustedProxyHops: 1 });
after(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
});

const admin = async () => ({
  Authorization: `Bearer ${await staffToken({ sub: 'snippet-admin', name: 'Snippet Admin', roles: ['admin'] })}`,
});
const sha384 = (bytes: ArrayBuffer) => `sha384-${createHash('sha384').update(Buffer.from(bytes)).digest('base64')}`;
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

async function snippet(headers: Record<string, string> = {}) {
  const answer = await call(server.url, 'GET', '/v1/staff/config/snippet?site=test', {
    headers: { ...(await admin()), ...headers },
  });
  assert.equal(answer.status, 200, answer.text);
  return answer.json;
}

describe('the snippet', () => {
  test('names this site, this server and the build, and every integrity value is the served bytes’ sha384', async () => {
    const s = await snippet();
    assert.equal(s.buildId, 'snippet0001');
    assert.equal(s.base, `${server.url}/dist/v/snippet0001/`);
    const [importMap, loader] = s.tags.loader as string[];
    assert.match(loader!, /^<script src="[^"]+" integrity="sha384-[^"]+" crossorigin="anonymous" /);
    assert.equal(attr(loader!, 'data-site'), 'test');
    assert.equal(attr(loader!, 'data-endpoint'), server.url);
    const loaderUrl = attr(loader!, 'src')!;
    assert.equal(loaderUrl, `${server.url}/dist/v/snippet0001/usercare.js`);
    assert.equal(sha384(await (await fetch(loaderUrl)).arrayBuffer()), attr(loader!, 'integrity'));

    const mapText = /^<script type="importmap">(.*)<\/script>$/.exec(importMap!)![1]!;
    const integrity = JSON.parse(mapText).integrity as Record<string, string>;
    // every chunk an end-user page may load, and none of the back office's
    assert.deepEqual(Object.keys(integrity).sort(), [
      `${s.base}chunks/en-snippet0001.js`,
      `${s.base}chunks/ui-snippet0001.js`,
      `${s.base}uc-feedback-form.js`,
    ]);
    for (const [url, hash] of Object.entries(integrity)) {
      const answer = await fetch(url);
      assert.equal(answer.status, 200, url);
      assert.equal(sha384(await answer.arrayBuffer()), hash, url);
    }
    // a CSP may allow the import map by this hash instead of a nonce
    assert.equal(s.importMapHash, `'sha256-${createHash('sha256').update(mapText).digest('base64')}'`);
    assert.ok(s.csp.includes(s.importMapHash) && s.csp.includes(server.url), s.csp);

    assert.deepEqual(s.tags.feedbackForm, ['<uc-feedback-form></uc-feedback-form>']);
    assert.deepEqual(s.tags.complaintTracker, ['<uc-complaint-tracker></uc-complaint-tracker>']);
    assert.deepEqual(s.tags.pointsWidget, ['<uc-points-widget></uc-points-widget>']);
    assert.match(s.tags.consentBanner[0], / data-consent><\/script>$/);
  });

  test('the versioned path is cached for good; the plain one is not', async () => {
    const pinned = await fetch(`${server.url}/dist/v/snippet0001/chunks/ui-snippet0001.js`);
    assert.equal(pinned.status, 200);
    assert.equal(pinned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(pinned.headers.get('access-control-allow-origin'), '*');
    const plain = await fetch(`${server.url}/dist/chunks/ui-snippet0001.js`);
    assert.equal(plain.status, 200);
    assert.doesNotMatch(plain.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await fetch(`${server.url}/dist/v/nosuchbuild/usercare.js`)).status, 404);
  });

  test('names the address our own proxy says the pages reach', async () => {
    const s = await snippet({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'care.example.com' });
    assert.equal(s.base, 'https://care.example.com/dist/v/snippet0001/');
    assert.equal(attr(s.tags.loader[1], 'data-endpoint'), 'https://care.example.com');
  });

  test('is for those who configure the site: an agent is refused', async () => {
    const agent = `Bearer ${await staffToken({ roles: ['agent'] })}`;
    const answer = await call(server.url, 'GET', '/v1/staff/config/snippet?site=test', {
      headers: { Authorization: agent },
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.code, 'forbidden');
  });

  test('a server without a versioned build says so', async () => {
    const bare = await startTestServer(testSites());
    try {
      const answer = await call(bare.url, 'GET', '/v1/staff/config/snippet?site=test', { headers: await admin() });
      assert.equal(answer.status, 404);
      assert.match(answer.json.error.message, /no versioned build/);
    } finally {
      await bare.close();
    }
  });
});

describe('the kept builds', () => {
  test(`a build keeps the newest ${KEPT_BUILDS} copies in dist/v/, itself among them`, async () => {
    const folder = versionedDist('keep-0');
    try {
      for (let i = 1; i <= KEPT_BUILDS + 1; i++) {
        await new Promise((r) => setTimeout(r, 15));
        versionedDist(`keep-${i}`, folder);
      }
      const kept = readdirSync(join(folder, 'v')).sort();
      assert.deepEqual(
        kept,
        Array.from({ length: KEPT_BUILDS }, (_, i) => `keep-${i + 2}`),
      );
      assert.ok(existsSync(join(folder, 'v', `keep-${KEPT_BUILDS + 1}`, 'integrity.json')));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
