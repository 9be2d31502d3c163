/**
 * The studio's copy of the draft on this device, written on every edit, so
 * a reload, a crash or a lost connection loses nothing typed. Kept in
 * localStorage by server, site and the person signed in (another person on
 * the device never sees it), with the server revision it was based on and
 * the document that revision held, so saving it later is checked against
 * the server's draft like any save, and a conflict can keep both sides.
 */
import type { StudioDocument } from './studio-document';

export interface DeviceCopy {
  document: StudioDocument;
  /** the server draft's revision this copy was based on */
  revision: number;
  /** the server draft's document at that revision */
  base: StudioDocument;
  /** edited since it was last saved to the server */
  unsaved: boolean;
}

const keyOf = (endpoint: string, site: string, principal: string) => `usercare-studio ${endpoint} ${site} ${principal}`;

export function readDeviceCopy(endpoint: string, site: string, principal: string): DeviceCopy | undefined {
  try {
    const raw = localStorage.getItem(keyOf(endpoint, site, principal));
    const copy = raw ? (JSON.parse(raw) as Partial<DeviceCopy>) : undefined;
    return copy && typeof copy.document === 'object' && typeof copy.revision === 'number'
      ? (copy as DeviceCopy)
      : undefined;
  } catch {
    return undefined; // storage refused or a copy from something else: the server's draft is read instead
  }
}

export function writeDeviceCopy(endpoint: string, site: string, principal: string, copy: DeviceCopy): boolean {
  try {
    localStorage.setItem(keyOf(endpoint, site, principal), JSON.stringify(copy));
    return true;
  } catch {
    return false; // storage full or refused: the studio says the copy is not kept
  }
}
