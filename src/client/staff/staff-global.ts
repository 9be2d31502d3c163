import type { QueuedCall } from '../usercare-global';

/** `usercare.identifyStaff()`'s options: the staff token the host's back office signed. */
export interface IdentifyStaffOptions {
  token: string;
}

/**
 * What the back-office loader adds to `window.usercare`: staff sign-in and
 * sign-out, queued in `staffQ` until the staff runtime has loaded, and the
 * back-office tag's own `data-*` and base URL (the end user's loader keeps
 * its own in `dataset` and `base`).
 */
export interface UsercareStaffGlobal {
  staffQ: QueuedCall[];
  staffBase: string;
  staffDataset: Record<string, string | undefined>;
  /** Signs a staff member in with the token the host signed; resolves once the server has said who it is. */
  identifyStaff(options: IdentifyStaffOptions): Promise<void> | void;
  /** The host signed the staff member out: their drafts on this device go. */
  signOutStaff(): Promise<void> | void;
}
