import type { Credentials } from './backend';
import { BackendError } from './errors';
import type { Identity } from './identity';

/** Who asks, read once: the credentials of a request and `owner`, the identity its answer belongs to. */
export interface Asker {
  credentials: Credentials;
  /** the signed-in user's `sub`, or 'device' */
  owner: string;
}

/**
 * Reads who is signed in at the moment of the call, before any await, so a
 * load keeps both from its start: an answer that arrives after identify()
 * is stored as the asker's, never under the user signed in since. Without a
 * signed-in user, an `anonymous` reader asks as this device; anyone else
 * gets `unauthorized` (points belong to a user, a device has none).
 */
export async function askerOf(identity: Identity, { anonymous }: { anonymous: boolean }): Promise<Asker> {
  const sub = identity.sub;
  const token = sub ? identity.tokenFor(sub) : undefined;
  if (token) return { credentials: { token }, owner: sub! };
  if (!anonymous) throw new BackendError('unauthorized', 'no signed-in user');
  return { credentials: { deviceId: await identity.ensureDeviceId() }, owner: 'device' };
}

/** The owner an answer is kept under right now: compare with an Asker's to tell a replaced identity. */
export const currentOwner = (identity: Identity): string => identity.sub ?? 'device';
