/**
 * GET /v1/staff/config/consent-reask?site=&purpose=&version= (the
 * `configure` permission): before an admin publishes a new version of a
 * consent purpose, how many people's decisions in force rest on the version
 * it replaces, and so will be asked again on their next visit. Counts only:
 * never who they are.
 */
import * as z from 'zod/mini';
import { PolicyVersion } from './consent';

/** A purpose as the banner asks it: `category:<id>` or `separate:<id>` (a decision's `ask` entries). */
export const REASK_PURPOSE = /^(category|separate):[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
export const ReaskPurpose = z.string().check(z.regex(REASK_PURPOSE, 'must be category:<id> or separate:<id>'));

const Count = z.number().check(z.int(), z.minimum(0));

export const ConsentReask = z.strictObject({
  purpose: ReaskPurpose,
  /** the version asked about: the one a new version would replace */
  version: PolicyVersion,
  /** people (signed-in users, and devices of those not signed in) whose latest decision has not expired */
  inForce: Count,
  /** of those, whose choice on `purpose` was made under `version`: asked again once a new version is published */
  onVersion: Count,
  /** of `onVersion`, those who had agreed */
  agreed: Count,
  /** the decisions counted are those received since `now` less this many days (the site's expiryDays) */
  expiryDays: Count,
});
export type ConsentReask = z.infer<typeof ConsentReask>;
