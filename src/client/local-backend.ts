import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { Receipt, WithdrawResult, type FeedbackSubmission, type WithdrawRequest } from '../contract/feedback';
import type { SiteConfig, SiteConfigPatch } from '../config/schema';
import { validateValues } from '../config/validate-values';
import type { Backend, WriteOptions } from './backend';
import { BackendError } from './errors';
import { tokenSubject } from './identity';
import { randomId } from './ids';

interface LocalDB extends DBSchema {
  submissions: {
    key: string;
    value: { receipt: Receipt; owner: string; accessKey?: string; status: string; body: FeedbackSubmission };
  };
  requests: { key: string; value: { fingerprint: string; response: unknown } };
}

async function fingerprint(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  const digest = await crypto.subtle?.digest('SHA-256', bytes).catch(() => undefined);
  // crypto.subtle is secure-context only; the JSON itself is an exact (if longer) fingerprint.
  return digest
    ? [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
    : JSON.stringify(value);
}

function trackingNumber(now: Date): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const suffix = [...crypto.getRandomValues(new Uint8Array(6))].map((b) => alphabet[b % alphabet.length]).join('');
  return `UC${now.toISOString().slice(0, 10).replace(/-/g, '')}-${suffix}`;
}

/**
 * A backend that lives in the browser's IndexedDB: for Storybook and for
 * prototyping a site before any server exists. It keeps the contract's rules
 * (validation, idempotent replay, ownership, withdraw window) so a page
 * behaves the same when it later points at a real server; it passes the same
 * contract suite as RestBackend (test/browser/backend-contract.test.ts).
 */
export class LocalBackend implements Backend {
  readonly endpoint: string;
  private db: Promise<IDBPDatabase<LocalDB>> | undefined;

  constructor(
    private readonly config: SiteConfig,
    private readonly dbName = 'usercare-local-backend',
  ) {
    this.endpoint = `local:${dbName}`;
  }

  private open() {
    this.db ??= openDB<LocalDB>(this.dbName, 1, {
      upgrade(db) {
        db.createObjectStore('submissions');
        db.createObjectStore('requests');
      },
      // Another tab upgrades or deletes this database: close, and open again on the next call.
      blocking: (_current, _blocked, event) => {
        (event.target as IDBDatabase).close();
        this.db = undefined;
      },
      terminated: () => (this.db = undefined),
    });
    return this.db;
  }

  async getSiteConfig(site: string): Promise<SiteConfigPatch> {
    if (site !== this.config.site) throw new BackendError('not_found', `no site ${site}`, 404);
    const { endpoint: _endpoint, ...publicPart } = this.config;
    return publicPart;
  }

  private owner(options: WriteOptions): string {
    if (options.token) {
      const sub = tokenSubject(options.token);
      if (sub !== undefined) return `user:${sub}`;
      throw new BackendError('unauthorized', 'the token has no subject', 401);
    }
    if (options.deviceId) return `device:${options.deviceId}`;
    throw new BackendError('unauthorized', 'identify the user or the device', 401);
  }

  /** Replays the first answer to a repeated key; refuses a reused key with another body. */
  private async idempotent<T>(scope: string, options: WriteOptions, body: unknown, run: () => Promise<T>): Promise<T> {
    const db = await this.open();
    const key = `${scope}|${this.owner(options)}|${options.idempotencyKey}`;
    const print = await fingerprint(body);
    const previous = await db.get('requests', key);
    if (previous) {
      if (previous.fingerprint !== print)
        throw new BackendError('idempotency_mismatch', 'this Idempotency-Key was used with a different request', 422);
      return previous.response as T;
    }
    const response = await run();
    await db.put('requests', { fingerprint: print, response }, key);
    return response;
  }

  async submitFeedback(submission: FeedbackSubmission, options: WriteOptions): Promise<Receipt> {
    const owner = this.owner(options);
    return this.idempotent('feedback', options, submission, async () => {
      if (submission.site !== this.config.site) throw new BackendError('not_found', `no site ${submission.site}`, 404);
      const form = this.config.forms[submission.form];
      if (!form)
        throw new BackendError('validation_failed', `no form ${submission.form}`, 422, [
          { path: 'form', code: 'unknown_form', message: 'no such form' },
        ]);
      // The offered form, as the server checks it (config/offered-form.ts, written out: importing it would put it
      // in the chunk every page loads).
      const offered = {
        ...form,
        categories: form.categories.filter((c) => !c.retired),
        fields: form.fields.filter((f) => !f.retired),
      };
      const problems = validateValues(offered, submission);
      if (problems.length) throw new BackendError('validation_failed', 'some values are not valid', 422, problems);
      const now = new Date();
      const anonymous = owner.startsWith('device:');
      const receipt: Receipt = {
        id: randomId(),
        trackingNumber: trackingNumber(now),
        site: submission.site,
        kind: submission.kind,
        category: submission.category,
        channel: 'web',
        status: 'submitted',
        receivedAt: now.toISOString(),
        accessKey: anonymous ? randomId().replace(/-/g, '') : undefined,
        attachments: submission.attachments.map((a) => ({ id: randomId(), name: a.name, type: a.type, size: a.size })),
      };
      if (!receipt.accessKey) delete receipt.accessKey;
      const db = await this.open();
      await db.put(
        'submissions',
        { receipt, owner, accessKey: receipt.accessKey, status: 'submitted', body: submission },
        receipt.id,
      );
      return receipt;
    });
  }

  async withdrawFeedback(id: string, request: WithdrawRequest, options: WriteOptions): Promise<WithdrawResult> {
    const owner = this.owner(options);
    return this.idempotent(`withdraw:${id}`, options, request, async () => {
      const db = await this.open();
      const row = await db.get('submissions', id);
      const owns = row && row.owner === owner && (!owner.startsWith('device:') || row.accessKey === request.accessKey);
      if (!row || !owns) throw new BackendError('not_found', 'no such submission', 404);
      if (row.status !== 'submitted') throw new BackendError('not_withdrawable', 'staff have already acted on it', 409);
      const result: WithdrawResult = { id, status: 'withdrawn', withdrawnAt: new Date().toISOString() };
      await db.put('submissions', { ...row, status: 'withdrawn' }, id);
      return result;
    });
  }

  /** For stories and tests of the staff side: what a staff action would do to the status. */
  async setStatus(id: string, status: string): Promise<void> {
    const db = await this.open();
    const row = await db.get('submissions', id);
    if (row) await db.put('submissions', { ...row, status }, id);
  }
}
