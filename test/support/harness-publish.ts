/**
 * The harness's `POST /__harness/publish-form { id, form }`: publishes a new
 * version of the `test` site's configuration with `form` under `id` (added,
 * or replacing the one there), the way an admin's publish does (the store's
 * draft, checked in full, then published), and serves it at once. A refused
 * publish answers with the store's error, each problem by its path.
 */
import type { RunningServer } from '../../src/server/server';
import { ApiError } from '../../src/server/errors';
import type { SiteDocument } from '../../src/server/sites/document';
import { OPERATOR, publishDraft, readDraft, saveDraft } from '../../src/server/sites/store';
import type { ControlAnswer } from './fault-proxy';

export async function publishForm(server: RunningServer, site: string, body: unknown): Promise<ControlAnswer> {
  const input = (body ?? {}) as { id?: unknown; form?: unknown };
  if (typeof input.id !== 'string' || typeof input.form !== 'object' || input.form === null)
    return { status: 400, body: { error: { code: 'invalid_request', message: 'need { id, form }' } } };
  const at = new Date().toISOString();
  try {
    const draft = await readDraft(server.db, site);
    const document = draft.document as SiteDocument;
    const forms = {
      ...(document.publicConfig?.['forms'] as Record<string, unknown> | undefined),
      [input.id]: input.form,
    };
    const changed: SiteDocument = { ...document, publicConfig: { ...document.publicConfig, forms } };
    const saved = await saveDraft(server.db, site, { document: changed, revision: draft.revision }, OPERATOR, at);
    const version = await server.db
      .transaction()
      .execute((tx) => publishDraft(tx, site, { revision: saved.revision, note: 'browser test' }, OPERATOR, at));
    await server.registry.refresh(true);
    return { status: 200, body: { version } };
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, body: error.body() };
    throw error;
  }
}
