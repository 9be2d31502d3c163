/**
 * Who the demo is: its site's id, its one signed-in user, its staff and how
 * their tokens are made. Nothing of the server is imported here, so the real
 * start can recognise what the demo left in a registry (leftovers.ts)
 * without loading the demo itself.
 */
import { createHash, createHmac } from 'node:crypto';

/** The demo shop's site id, which the pages in demo/ name in their script tag. */
export const DEMO_SITE_ID = 'demo';

/** The host's id of the signed-in demo visitor, and the name the demo shop's login gives them. */
export const DEMO_USER = 'demo-user';
export const DEMO_USER_NAME = '演示用户';

/**
 * The demo shop's staff, the people its back office signs staff tokens for
 * (GET /demo-host/staff-token?who=…): one per role, each with the host's
 * own id for them.
 */
export const DEMO_PEOPLE = [
  { who: 'agent', sub: 'demo-agent', name: '客服小李', roles: ['agent'] },
  { who: 'arbitrator', sub: 'demo-arbitrator', name: '仲裁员老赵', roles: ['arbitrator'] },
  { who: 'supervisor', sub: 'demo-supervisor', name: '主管王姐', roles: ['supervisor'] },
  { who: 'admin', sub: 'demo-admin', name: '管理员', roles: ['admin'] },
] as const;

/** The principal a demo person acts as (what src/server/staff/principal-ids.ts makes of their sub). */
export const demoPrincipal = (who: (typeof DEMO_PEOPLE)[number]['who']): string =>
  `staff:person:${DEMO_PEOPLE.find((p) => p.who === who)!.sub}`;

/** The demo's static tokens (automation), one per role, for the README's curl walkthrough on a fresh clone. */
export const DEMO_STAFF = [
  { role: 'agent', name: '客服小李' },
  { role: 'arbitrator', name: '仲裁员老赵' },
  { role: 'admin', name: '管理员' },
] as const;

/**
 * A demo staff token, derived from the registry's server secret rather than
 * stored: the registry keeps only its SHA-256, yet `npm start` can print it
 * on every start. Real sites put tokens they made themselves in the registry.
 */
export function demoStaffToken(serverSecret: string, role: string): string {
  return `ucs_demo_${role}_${createHmac('sha256', serverSecret).update(`usercare demo staff token ${role}`).digest('base64url').slice(0, 32)}`;
}

/**
 * The demo site's staff token secret, derived from the registry's server
 * secret like the static tokens, so the real start can recognise it: the
 * demo's back office signs staff tokens with it for anyone who asks.
 */
export function demoStaffSecret(serverSecret: string): string {
  return createHmac('sha256', serverSecret).update('usercare demo staff token secret').digest('base64url');
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
