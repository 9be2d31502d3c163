/**
 * The demo shop's own "backend", standing in for what every host site has:
 * its login. A real host signs a short-lived token for its signed-in user
 * with the site's secret (HS256, `sub`, `name`, `exp`) and passes it to
 * usercare.identify(); this does the same for the demo's one user, so the
 * demo pages show that user's seeded complaints. Mounted by the demo plug-in
 * alone: a server running for real has no route that signs tokens.
 */
import type { Hono } from 'hono';
import { SignJWT } from 'jose';
import type { Registry } from '../registry';
import { DEMO_SITE_ID, DEMO_USER, DEMO_USER_NAME } from './identities';

const TOKEN_SECONDS = 3600;

export function mountDemoHost(app: Hono, registry: Registry, now: () => Date): void {
  app.get('/demo-host/token', async (c) => {
    const site = registry.getSite(DEMO_SITE_ID);
    if (!site) return c.json({ error: { code: 'not_found', message: 'the registry has no demo site' } }, 404);
    const issuedAt = Math.floor(now().getTime() / 1000);
    const name = DEMO_USER_NAME;
    const token = await new SignJWT({ name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(DEMO_USER)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + TOKEN_SECONDS)
      .sign(site.hostTokenKey);
    c.header('Cache-Control', 'no-store');
    return c.json({ token, sub: DEMO_USER, name, expiresIn: TOKEN_SECONDS });
  });
}
