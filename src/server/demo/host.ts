/**
 * The demo shop's own "backend", standing in for what every host site has:
 * its login. A real host signs a short-lived token for its signed-in user
 * with the site's secret (HS256, `sub`, `name`, `exp`) and passes it to
 * usercare.identify(); this does the same for the demo's one user, so the
 * demo pages show that user's seeded complaints. Its back office signs its
 * staff in the same way, with the site's staff secret: GET
 * /demo-host/staff-token?who=agent|arbitrator|supervisor|admin signs a
 * staff token for one of the demo's people (identities.ts). Mounted by the
 * demo plug-in alone: a server running for real has no route that signs
 * tokens.
 */
import type { Hono } from 'hono';
import { SignJWT } from 'jose';
import { STAFF_TOKEN_AUDIENCE } from '../../contract/staff';
import type { Registry } from '../registry';
import { DEMO_PEOPLE, DEMO_SITE_ID, DEMO_USER, DEMO_USER_NAME } from './identities';

const TOKEN_SECONDS = 3600;
/** A working day: well inside the 12 hours a staff token may live. */
const STAFF_TOKEN_SECONDS = 8 * 3600;

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

  app.get('/demo-host/staff-token', async (c) => {
    const who = c.req.query('who');
    const person = DEMO_PEOPLE.find((p) => p.who === who);
    if (!person)
      return c.json(
        {
          error: {
            code: 'invalid_request',
            message: `who must be one of ${DEMO_PEOPLE.map((p) => p.who).join(', ')}`,
          },
        },
        400,
      );
    const site = registry.getSite(DEMO_SITE_ID);
    if (!site) return c.json({ error: { code: 'not_found', message: 'the registry has no demo site' } }, 404);
    if (!site.staffTokenKey)
      return c.json(
        {
          error: {
            code: 'not_found',
            message:
              'the demo site has no staffTokenSecret: its registry was written by an older version; delete it and start again for a new one',
          },
        },
        404,
      );
    const issuedAt = Math.floor(now().getTime() / 1000);
    const roles = [...person.roles];
    const token = await new SignJWT({ name: person.name, roles, site: site.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(person.sub)
      .setAudience(STAFF_TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + STAFF_TOKEN_SECONDS)
      .sign(site.staffTokenKey);
    c.header('Cache-Control', 'no-store');
    return c.json({ token, name: person.name, roles, sub: person.sub, expiresIn: STAFF_TOKEN_SECONDS });
  });
}
