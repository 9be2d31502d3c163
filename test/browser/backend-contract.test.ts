/**
 * One contract, two backends: RestBackend against the real server, and
 * LocalBackend in IndexedDB must answer the same way, so a page prototyped on
 * LocalBackend behaves the same once it points at a server.
 */
import { expect } from '@open-wc/testing';
import { DEFAULT_CONFIG } from '../../src/config/defaults';
import type { SiteConfig } from '../../src/config/schema';
import { Receipt, type FeedbackSubmission } from '../../src/contract/feedback';
import type { Backend } from '../../src/client/backend';
import { BackendError } from '../../src/client/errors';
import { randomId } from '../../src/client/ids';
import { LocalBackend } from '../../src/client/local-backend';
import { RestBackend } from '../../src/client/rest-backend';
import { harness, hostToken } from './support/harness';

interface Subject {
  backend: Backend;
  /** what a staff member starting work does to the status */
  staffActs(id: string): Promise<void>;
  token(sub: string): Promise<string>;
}

const device = () => randomId().replace(/-/g, '');

function submission(overrides: Partial<FeedbackSubmission> = {}): FeedbackSubmission {
  return {
    site: 'test',
    form: 'default',
    kind: 'complaint',
    category: 'publishing',
    locale: 'zh-CN',
    fields: { message: `订单三天没有发货 ${randomId()}` },
    attachments: [],
    clientSubmittedAt: new Date().toISOString(),
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BackendError) return error;
    throw error;
  }
  throw new Error('expected the backend to refuse');
}

function contract(name: string, make: () => Promise<Subject>) {
  describe(`${name} speaks the contract`, () => {
    let s: Subject;
    beforeEach(async () => {
      s = await make();
    });

    it('answers a submission with a receipt that passes the contract check', async () => {
      const receipt = await s.backend.submitFeedback(submission(), { idempotencyKey: randomId(), deviceId: device() });
      expect(Receipt.safeParse(receipt).success).to.equal(true);
      expect(receipt.status).to.equal('submitted');
      expect(receipt.trackingNumber).to.match(/^UC\d{8}-[A-Z2-9]{6}$/);
      expect(receipt.accessKey, 'anonymous submitters get an access key').to.be.a('string');
    });

    it('gives identified users no access key', async () => {
      const receipt = await s.backend.submitFeedback(submission(), {
        idempotencyKey: randomId(),
        token: await s.token('u-1'),
      });
      expect(receipt.accessKey).to.equal(undefined);
    });

    it('answers a repeated key with the first answer', async () => {
      const options = { idempotencyKey: randomId(), deviceId: device() };
      const body = submission();
      const first = await s.backend.submitFeedback(body, options);
      const again = await s.backend.submitFeedback(body, options);
      expect(again).to.deep.equal(first);
    });

    it('refuses a reused key with a different body', async () => {
      const options = { idempotencyKey: randomId(), deviceId: device() };
      await s.backend.submitFeedback(submission(), options);
      const error = await failure(s.backend.submitFeedback(submission({ kind: 'praise' }), options));
      expect([error.code, error.status]).to.deep.equal(['idempotency_mismatch', 422]);
    });

    it('names each invalid value', async () => {
      const error = await failure(
        s.backend.submitFeedback(submission({ category: 'nope', fields: { message: 'hi', email: 'x@' } }), {
          idempotencyKey: randomId(),
          deviceId: device(),
        }),
      );
      expect(error.code).to.equal('validation_failed');
      expect(error.fields!.map((f) => `${f.path}:${f.code}`).sort()).to.deep.equal([
        'category:invalid_category',
        'fields.email:invalid_email',
        'fields.message:too_short',
      ]);
    });

    it('refuses a form the site does not have', async () => {
      const error = await failure(
        s.backend.submitFeedback(submission({ form: 'nope' }), { idempotencyKey: randomId(), deviceId: device() }),
      );
      expect(error.code).to.equal('validation_failed');
      expect(error.fields!.map((f) => f.path)).to.deep.equal(['form']);
    });

    it('lets the owner withdraw before staff act, and nobody else', async () => {
      const owner = device();
      const receipt = await s.backend.submitFeedback(submission(), { idempotencyKey: randomId(), deviceId: owner });
      const stranger = await failure(
        s.backend.withdrawFeedback(
          receipt.id,
          { accessKey: 'wrong-key-0000000000' },
          { idempotencyKey: randomId(), deviceId: device() },
        ),
      );
      expect(stranger.code).to.equal('not_found');
      const result = await s.backend.withdrawFeedback(
        receipt.id,
        { accessKey: receipt.accessKey },
        { idempotencyKey: randomId(), deviceId: owner },
      );
      expect(result.status).to.equal('withdrawn');
    });

    it('refuses to withdraw once staff have acted', async () => {
      const owner = device();
      const receipt = await s.backend.submitFeedback(submission(), { idempotencyKey: randomId(), deviceId: owner });
      await s.staffActs(receipt.id);
      const error = await failure(
        s.backend.withdrawFeedback(
          receipt.id,
          { accessKey: receipt.accessKey },
          { idempotencyKey: randomId(), deviceId: owner },
        ),
      );
      expect([error.code, error.status]).to.deep.equal(['not_withdrawable', 409]);
    });

    it('serves the public config of the site', async () => {
      const config = await s.backend.getSiteConfig('test');
      expect(Object.keys(config.forms ?? {})).to.include('default');
      expect(JSON.stringify(config)).not.to.contain('Secret');
    });
  });
}

contract('RestBackend against the reference server', async () => {
  const { direct, control } = await harness();
  return {
    backend: new RestBackend(direct),
    token: (sub) => hostToken(sub),
    async staffActs(id) {
      const response = await fetch(`${control}/status`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ id, status: 'accepted' }),
      });
      if (!response.ok) throw new Error(`could not set status: ${response.status}`);
    },
  };
});

contract('LocalBackend in IndexedDB', async () => {
  // A database of its own per test, as a fresh page would have (the browser profile is thrown away after the run).
  const name = `usercare-contract-${randomId()}`;
  const config = { ...DEFAULT_CONFIG, site: 'test' } as SiteConfig;
  const backend = new LocalBackend(config, name);
  const payload = (sub: string) => btoa(JSON.stringify({ sub })).replace(/=+$/, '');
  return {
    backend,
    token: async (sub) => `e30.${payload(sub)}.unsigned`,
    staffActs: (id) => backend.setStatus(id, 'accepted'),
  };
});
