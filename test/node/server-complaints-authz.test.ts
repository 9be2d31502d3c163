/**
 * The authorization matrix of the complaint endpoints: who (the owner, another
 * user, a stranger's device, no identity, each staff role, a staff member of
 * another site, a forged staff token) gets what from each endpoint, against
 * one complaint on the real server. Another user's complaint is a 404, never a
 * 403, so an id cannot be probed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SiteEntry } from '../../src/server/registry-schema';
import {
  call,
  hostToken,
  newKey,
  SECRETS,
  startTestServer,
  submission,
  submit,
  testSites,
  type TestServer,
} from './_helpers';

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKENS = {
  agent: 'matrix-agent-token-0123456789',
  arbitrator: 'matrix-arbitrator-token-0123456789',
  admin: 'matrix-admin-token-0123456789',
  otherSiteAgent: 'matrix-other-agent-token-0123456789',
};

type Who =
  | 'owner'
  | 'otherUser'
  | 'strangerDevice'
  | 'nobody'
  | 'agent'
  | 'arbitrator'
  | 'admin'
  | 'otherSiteStaff'
  | 'forgedStaff';
type Endpoint =
  'list' | 'detail' | 'message' | 'withdraw' | 'staffList' | 'staffDetail' | 'staffMessage' | 'staffAccept';

/**
 * Expected status per endpoint and caller. User endpoints read a staff token as
 * a host token (it is not a JWT of the site: 401); staff endpoints read a host
 * token as a staff token (no site lists it: 401).
 */
const EXPECTED: Record<Endpoint, Record<Who, number>> = {
  list: {
    owner: 200,
    otherUser: 200,
    strangerDevice: 200,
    nobody: 401,
    agent: 401,
    arbitrator: 401,
    admin: 401,
    otherSiteStaff: 401,
    forgedStaff: 401,
  },
  detail: {
    owner: 200,
    otherUser: 404,
    strangerDevice: 404,
    nobody: 401,
    agent: 401,
    arbitrator: 401,
    admin: 401,
    otherSiteStaff: 401,
    forgedStaff: 401,
  },
  message: {
    owner: 200,
    otherUser: 404,
    strangerDevice: 404,
    nobody: 401,
    agent: 401,
    arbitrator: 401,
    admin: 401,
    otherSiteStaff: 401,
    forgedStaff: 401,
  },
  withdraw: {
    owner: 200,
    otherUser: 404,
    strangerDevice: 404,
    nobody: 401,
    agent: 401,
    arbitrator: 401,
    admin: 401,
    otherSiteStaff: 401,
    forgedStaff: 401,
  },
  staffList: {
    owner: 401,
    otherUser: 401,
    strangerDevice: 401,
    nobody: 401,
    agent: 200,
    arbitrator: 200,
    admin: 200,
    otherSiteStaff: 404,
    forgedStaff: 401,
  },
  staffDetail: {
    owner: 401,
    otherUser: 401,
    strangerDevice: 401,
    nobody: 401,
    agent: 200,
    arbitrator: 200,
    admin: 200,
    otherSiteStaff: 404,
    forgedStaff: 401,
  },
  staffMessage: {
    owner: 401,
    otherUser: 401,
    strangerDevice: 401,
    nobody: 401,
    agent: 200,
    arbitrator: 200,
    admin: 200,
    otherSiteStaff: 404,
    forgedStaff: 401,
  },
  // The arbitrator may not accept (the machine's role rule: 409 forbidden); the others may.
  staffAccept: {
    owner: 401,
    otherUser: 401,
    strangerDevice: 401,
    nobody: 401,
    agent: 200,
    arbitrator: 409,
    admin: 200,
    otherSiteStaff: 404,
    forgedStaff: 401,
  },
};

let server: TestServer;
let ownerToken: string;
let otherToken: string;

before(async () => {
  const [test, other] = testSites();
  const sites: SiteEntry[] = [
    {
      ...test!,
      staffTokens: [
        { name: 'Matrix Agent', tokenSha256: sha(TOKENS.agent), roles: ['agent'] },
        { name: 'Matrix Arbitrator', tokenSha256: sha(TOKENS.arbitrator), roles: ['arbitrator'] },
        { name: 'Matrix Admin', tokenSha256: sha(TOKENS.admin), roles: ['admin'] },
      ],
    },
    { ...other!, staffTokens: [{ name: 'Other Agent', tokenSha256: sha(TOKENS.otherSiteAgent), roles: ['agent'] }] },
  ];
  server = await startTestServer(sites);
  ownerToken = await hostToken(SECRETS.test, 'matrix-owner');
  otherToken = await hostToken(SECRETS.test, 'matrix-other');
});
after(() => server.close());

function headersOf(who: Who): Record<string, string> {
  switch (who) {
    case 'owner':
      return { Authorization: `Bearer ${ownerToken}` };
    case 'otherUser':
      return { Authorization: `Bearer ${otherToken}` };
    case 'strangerDevice':
      return { 'X-Usercare-Device': 'device-matrix-stranger-0001' };
    case 'nobody':
      return {};
    case 'otherSiteStaff':
      return { Authorization: `Bearer ${TOKENS.otherSiteAgent}` };
    case 'forgedStaff':
      return { Authorization: 'Bearer not-a-staff-token-at-all-0123' };
    default:
      return { Authorization: `Bearer ${TOKENS[who]}` };
  }
}

/** A fresh complaint of the owner's for each write, so one caller's success does not change the next caller's answer. */
async function ownersComplaint(): Promise<string> {
  const res = await submit(server.url, submission(), {
    'Idempotency-Key': newKey(),
    Authorization: `Bearer ${ownerToken}`,
  });
  assert.equal(res.status, 201, res.text);
  return res.json.id as string;
}

async function request(endpoint: Endpoint, who: Who, id: string) {
  const headers = headersOf(who);
  const write = { ...headers, 'Idempotency-Key': newKey() };
  switch (endpoint) {
    case 'list':
      return call(server.url, 'GET', '/v1/complaints?site=test', { headers });
    case 'detail':
      return call(server.url, 'GET', `/v1/complaints/${id}`, { headers });
    case 'message':
      return call(server.url, 'POST', `/v1/complaints/${id}/messages`, { headers: write, body: { text: 'hello' } });
    case 'withdraw':
      return call(server.url, 'POST', `/v1/complaints/${id}/actions`, { headers: write, body: { action: 'withdraw' } });
    case 'staffList':
      return call(server.url, 'GET', '/v1/staff/complaints?site=test', { headers });
    case 'staffDetail':
      return call(server.url, 'GET', `/v1/staff/complaints/${id}`, { headers });
    case 'staffMessage':
      return call(server.url, 'POST', `/v1/staff/complaints/${id}/messages`, {
        headers: write,
        body: { text: 'hello from staff' },
      });
    case 'staffAccept':
      return call(server.url, 'POST', `/v1/staff/complaints/${id}/actions`, {
        headers: write,
        body: { action: 'accept' },
      });
  }
}

describe('complaint endpoints: the authorization matrix', () => {
  for (const [endpoint, row] of Object.entries(EXPECTED) as [Endpoint, Record<Who, number>][]) {
    test(endpoint, async () => {
      const mismatches: string[] = [];
      for (const [who, status] of Object.entries(row) as [Who, number][]) {
        const id = await ownersComplaint();
        const res = await request(endpoint, who, id);
        if (res.status !== status)
          mismatches.push(`${who}: expected ${status}, got ${res.status} ${res.text.slice(0, 160)}`);
        if (res.status >= 400) assert.ok(res.json?.error?.code, `${endpoint} ${who}: the error shape`);
        if (endpoint === 'list' && res.status === 200) {
          const ids = (res.json.items as { id: string }[]).map((i) => i.id);
          assert.equal(
            ids.includes(id),
            who === 'owner',
            `${who} sees the owner's complaint in their list only if they are the owner`,
          );
        }
      }
      assert.deepEqual(mismatches, []);
    });
  }
});
