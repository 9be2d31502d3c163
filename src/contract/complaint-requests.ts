/**
 * Complaint request bodies only a server reads (the browser only sends them),
 * kept apart so the tracker's bundle does not carry their schemas.
 */
import * as z from 'zod/mini';
import { FieldValue, INTAKE_CHANNELS, Instant, Locale, SafeInt, Slug } from './common';
import { ComplaintAction, RulingOutcome } from './complaints';
import { WIRE_LIMITS } from './limits';
import { AttachmentUpload } from './requests';

const Text = z.string().check(z.trim(), z.minLength(1), z.maxLength(5000));
/** A calendar date, `YYYY-MM-DD`, a real one (leap days included): the date part of INSTANT_PATTERN (common.ts). */
export const DATE_PATTERN =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))$/;
/** A date people give in a request: a real day (2026-02-30 is refused). */
export const RealDate = z.string().check(z.regex(DATE_PATTERN, 'a real date, YYYY-MM-DD'));
/** A third party's name or case reference. */
const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

/** POST /v1/complaints/{id}/actions and /v1/staff/complaints/{id}/actions */
export const ComplaintActionRequest = z.object({
  action: ComplaintAction,
  /** the reply, the answer, or why the user disputes (a ruling's words are its `reasons`) */
  text: z.optional(Text),
  /** `rule`, required: what the ruling decides of the disputed reply (src/contract/complaint-vocabulary.ts RULING_OUTCOMES) */
  outcome: z.optional(RulingOutcome),
  /** `rule`, required: why, shown to the user with the outcome */
  reasons: z.optional(Text),
  /** `refer_third_party`, required: the third party, its case reference if it gave one, and the day of the referral (not after today in the site's time zone) */
  referral: z.optional(
    z.object({
      body: Name,
      reference: z.optional(Name),
      referredOn: RealDate,
    }),
  ),
  /** required for `reject` */
  reason: z.optional(Text),
  /** `rate`: a whole number 1–5 */
  score: z.optional(z.number().check(SafeInt, z.minimum(1), z.maximum(5))),
  comment: z.optional(z.string().check(z.maxLength(2000))),
  /** the version the actor saw; a different current version is a 409, so nobody acts on a stale page */
  version: z.optional(z.number().check(SafeInt)),
  /** anonymous submitters prove ownership with the key from their receipt */
  accessKey: z.optional(z.string().check(z.maxLength(200))),
});
export type ComplaintActionRequest = z.infer<typeof ComplaintActionRequest>;

/** POST /v1/complaints/{id}/messages and the staff twin */
export const ComplaintMessageRequest = z.object({
  text: Text,
  accessKey: z.optional(z.string().check(z.maxLength(200))),
  /** screenshots or receipts sent with the message (`field` is `message`), base64 like a submission's */
  attachments: z.optional(z.array(AttachmentUpload).check(z.maxLength(WIRE_LIMITS.attachments))),
});
export type ComplaintMessageRequest = z.infer<typeof ComplaintMessageRequest>;

/** POST /v1/staff/complaints/{id}/messages: a message, and the version its writer saw. */
export const StaffMessageRequest = z.object({
  ...ComplaintMessageRequest.shape,
  /** the version the reply was written against: a complaint changed since (a colleague answered meanwhile) is a 409 `conflict`, nothing sent */
  version: z.optional(z.number().check(SafeInt)),
});
export type StaffMessageRequest = z.infer<typeof StaffMessageRequest>;

/** POST /v1/complaints/lookup: a tracking number and the contact given with it find a complaint from another device. */
export const LookupRequest = z.object({
  site: Slug,
  trackingNumber: z.string().check(z.maxLength(40)),
  /** the e-mail address or phone number given on the form */
  contact: z.string().check(z.minLength(3), z.maxLength(200)),
});
export type LookupRequest = z.infer<typeof LookupRequest>;

/**
 * POST /v1/staff/complaints: staff log a complaint received by another
 * channel than the web form. Its deadlines run from `receivedAt`, which may
 * be neither in the future (beyond INTAKE_CLOCK_SKEW_S, contract/staff.ts)
 * nor older than the site's `settings.staff.intakeMaxAgeDays`. The text and
 * the contact go into the form's own fields (src/server/complaints/intake.ts).
 */
export const StaffComplaintRequest = z.object({
  site: Slug,
  form: z.optional(Slug),
  category: Slug,
  channel: z.enum(INTAKE_CHANNELS),
  /** the language the user is answered in */
  locale: Locale,
  /** when the call came, the letter arrived, the visitor was at the counter: the deadlines run from then */
  receivedAt: Instant,
  /** the e-mail address or phone number the user gave: the host sends them the tracking number and access key there */
  contact: z.string().check(z.trim(), z.minLength(3), z.maxLength(254)),
  /** what the user said or wrote */
  text: Text,
  /** the form's other fields, for a form that asks for more than the text and a contact */
  fields: z.optional(z.record(Slug, FieldValue)),
  /** the user's host id when known, so it shows in their tracker */
  userId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type StaffComplaintRequest = z.infer<typeof StaffComplaintRequest>;

/**
 * POST /v1/staff/complaints/{id}/third-party-outcome: what the third party
 * decided, recorded once by staff; the complaint is then resolved.
 */
export const ThirdPartyOutcomeRequest = z.object({
  /** the third party's decision, in its words */
  outcome: Text,
  /** the day it decided: not after today in the site's time zone, nor before the referral */
  decidedOn: RealDate,
  /** required when no referral named the third party (the user asked for one); refused when one did */
  body: z.optional(Name),
  reference: z.optional(Name),
  /** the version the staff member saw: a stale one is a 409 */
  version: z.optional(z.number().check(SafeInt)),
});
export type ThirdPartyOutcomeRequest = z.infer<typeof ThirdPartyOutcomeRequest>;
