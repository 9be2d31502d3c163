/**
 * The runtime an element in the studio's preview runs on: the site
 * runtime made for the preview's backend, with three things changed so that
 * a preview reaches no server and leaves nothing behind.
 *
 * - A sample user is signed in, on an identity of its own: this page's
 *   user (the admin) stays as they are.
 * - Its store keeps everything in memory: the element's device copy, drafts
 *   and caches are neither read from nor written to this device's database.
 * - A write is refused before the outbox would keep it, with the words the
 *   studio gives (the admin reads them).
 */
import { BackendError } from '../../src/client/errors';
import { Identity } from '../../src/client/identity';
import type { Runtime } from '../../src/client/site-runtime';
import { MemoryStore } from '../../src/storage/memory-store';
import { ResilientStore } from '../../src/storage/resilient-store';

/** The sample user: a token only read for its `sub`, never sent. */
const SAMPLE_TOKEN = `${btoa('{"alg":"none"}')}.${btoa('{"sub":"studio-preview"}')}.`;

export function previewRuntime(runtime: Runtime, refusal: string): Runtime {
  const store = new ResilientStore(new MemoryStore());
  const identity = new Identity(store);
  identity.identify({ token: SAMPLE_TOKEN });
  return {
    ...runtime,
    identity,
    store,
    outbox: () => Promise.reject(new BackendError('forbidden', refusal, 403)),
  };
}
