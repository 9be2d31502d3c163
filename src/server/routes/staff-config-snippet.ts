/**
 * GET /v1/staff/config/snippet?site=… (the `configure` permission, as the
 * rest of the admin API): the HTML a site pastes, pinned to this server's
 * current build under `/dist/v/<build id>/` (scripts/versioned-dist.ts) and
 * checked by the browser with the build's integrity manifest:
 *
 * - an import map whose `integrity` section holds the `sha384-…` of every
 *   chunk an end-user page may load (the loader's modulepreload links, its
 *   import()s and the chunks' own imports all consult it; see src/loader.ts),
 * - the loader's script tag with its own `integrity` and `crossorigin`,
 * - each element's tag.
 *
 * The build is whichever `dist/integrity.json` names now (a rebuild changes
 * it without a restart). No build served: a 404 saying so. Not audited: the
 * tags are public, as every page that carries them shows.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'hono';
import type { ConfigSnippet, SnippetTags } from '../../contract/staff-config-snippet';
import type { AppDeps } from '../context';
import { ApiError } from '../errors';
import { configMember } from './staff-config';

interface Manifest {
  buildId: string;
  files: Record<string, string>;
}

function currentManifest(dist: string | undefined): Manifest {
  const missing = () => new ApiError(404, 'not_found', 'this server serves no versioned build: run npm run build');
  if (!dist) throw missing();
  try {
    const manifest = JSON.parse(readFileSync(join(dist, 'integrity.json'), 'utf8')) as Manifest;
    if (typeof manifest.buildId !== 'string' || typeof manifest.files !== 'object') throw missing();
    return manifest;
  } catch {
    throw missing();
  }
}

/**
 * This server as the sites' pages reach it: the request's own origin, or what our own proxies say it was
 * (X-Forwarded-Proto/Host believed only with TRUST_PROXY_HOPS set, as client addresses are).
 */
function publicOrigin(c: Context, trustedProxyHops: number): string {
  const url = new URL(c.req.url);
  if (trustedProxyHops <= 0) return url.origin;
  const first = (name: string) => c.req.header(name)?.split(',')[0]?.trim();
  const forwardedProto = first('X-Forwarded-Proto');
  const forwardedHost = first('X-Forwarded-Host');
  const proto = forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : url.protocol.slice(0, -1);
  const host = forwardedHost && /^[\w.-]+(:\d{1,5})?$/.test(forwardedHost) ? forwardedHost : url.host;
  return new URL(`${proto}://${host}`).origin;
}

const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The files an end-user page may load: the element chunks, not the loaders (their tags carry their own) nor the back office's. */
const isPageChunk = (file: string) =>
  file.endsWith('.js') && !file.startsWith('operator/') && file !== 'usercare.js' && file !== 'usercare-admin.js';

export function snippetOf(site: string, endpoint: string, manifest: Manifest): ConfigSnippet {
  const base = `${endpoint}/dist/v/${manifest.buildId}/`;
  const integrity: Record<string, string> = {};
  for (const [file, hash] of Object.entries(manifest.files)) if (isPageChunk(file)) integrity[base + file] = hash;
  const mapText = JSON.stringify({ integrity });
  const importMap = `<script type="importmap">${mapText}</script>`;
  const loaderHash = manifest.files['usercare.js'] ?? '';
  const loaderTag = (extra: string) =>
    `<script src="${attribute(`${base}usercare.js`)}" integrity="${loaderHash}" crossorigin="anonymous" ` +
    `data-site="${attribute(site)}" data-endpoint="${attribute(endpoint)}"${extra}></script>`;
  const tags: SnippetTags = {
    loader: [importMap, loaderTag('')],
    feedbackForm: ['<uc-feedback-form></uc-feedback-form>'],
    complaintTracker: ['<uc-complaint-tracker></uc-complaint-tracker>'],
    consentBanner: [loaderTag(' data-consent'), '<uc-consent-settings></uc-consent-settings>'],
    pointsWidget: ['<uc-points-widget></uc-points-widget>'],
  };
  const importMapHash = `'sha256-${createHash('sha256').update(mapText).digest('base64')}'`;
  const csp =
    `Put the two loader lines first in <head>, the import map before any other module script. ` +
    `With a Content-Security-Policy: allow ${endpoint} in script-src and connect-src, and let the import map run ` +
    `either by its hash (${importMapHash} in script-src) or with your nonce: add nonce="…" to both lines; ` +
    `the loader passes its tag's nonce to the links it adds.`;
  return { site, buildId: manifest.buildId, base, tags, csp, importMapHash };
}

export async function getSnippet(c: Context, deps: AppDeps, dist: string | undefined): Promise<Response> {
  const member = await configMember(c, deps);
  const answer = snippetOf(member.site.id, publicOrigin(c, deps.trustedProxyHops), currentManifest(dist));
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}
