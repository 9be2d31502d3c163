/**
 * `npm start` (after the build): the reference backend with the demo, on
 * SQLite in ./data (or PostgreSQL when DATABASE_URL is set), serving the
 * demo shop's pages (demo/) and the built bundles. It passes the demo
 * plug-in to startServer, which is the only way the demo gets in: the real
 * start is `npm run serve` (src/server/main.ts). The environment it reads is
 * listed in ../entry.ts.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeOnSignals, optionsFromEnvironment, runEntry } from '../entry';
import type { Registry } from '../registry';
import { startServer } from '../server';
import { demoPlugin } from './index';
import { DEMO_PEOPLE, DEMO_SITE_ID, DEMO_STAFF, demoStaffToken, sha256Hex } from './identities';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

runEntry(async () => {
  const server = await startServer({
    ...optionsFromEnvironment(process.env),
    staticRoots: { pages: join(REPO_ROOT, 'demo'), dist: join(REPO_ROOT, 'dist') },
    demo: demoPlugin,
  });
  console.log(`usercare demo: ${server.url}/`);
  for (const line of demoStaffLines(server.registry)) console.log(line);
  if (server.registry.getSite(DEMO_SITE_ID)?.staffTokenKey)
    console.log(
      `demo staff sign-in (the demo shop's back office): ${server.url}/demo-host/staff-token?who=${DEMO_PEOPLE.map((p) => p.who).join('|')}`,
    );
  closeOnSignals(server);
});

/** The demo site's staff tokens (derived, see identities.ts), for the README's curl walkthrough; nothing when the registry no longer lists them. */
function demoStaffLines(registry: Registry): string[] {
  const site = registry.getSite(DEMO_SITE_ID);
  if (!site) return [];
  const secret = new TextDecoder().decode(registry.serverSecret);
  const lines: string[] = [];
  for (const staff of DEMO_STAFF) {
    const token = demoStaffToken(secret, staff.role);
    if (site.staffTokens.some((t) => t.tokenSha256 === sha256Hex(token)))
      lines.push(`demo staff token (${staff.role}, ${staff.name}): ${token}`);
  }
  return lines;
}
