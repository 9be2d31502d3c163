/**
 * Building blocks shared by every wire type. Written with `zod/mini` because
 * the browser bundle has a budget: the full build costs ~4× more.
 */
import * as z from 'zod/mini';
import { COMPLAINT_STATUSES } from './complaint-vocabulary';

/** The kinds of feedback a form can take. `as const` so the union derives from it. */
export const KINDS = ['suggestion', 'complaint', 'praise', 'report', 'question'] as const;
export const Kind = z.enum(KINDS);
export type Kind = z.infer<typeof Kind>;

/**
 * Channels a submission can arrive by. Only `web` is made by the browser;
 * staff log the others (INTAKE_CHANNELS): a hotline call, the site's
 * mailbox, a letter, a visit to a service counter.
 */
export const CHANNELS = ['web', 'hotline', 'mailbox', 'letter', 'counter'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;
/** What staff log a complaint from (POST /v1/staff/complaints): every channel but the web form. */
export const INTAKE_CHANNELS = ['hotline', 'mailbox', 'letter', 'counter'] as const satisfies readonly Channel[];
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

/**
 * Every status a submission can be in: the complaint lifecycle's states
 * (complaint-vocabulary.ts is their one list); other kinds use a subset.
 */
export const SUBMISSION_STATUSES = COMPLAINT_STATUSES;
export const SubmissionStatus = z.enum(SUBMISSION_STATUSES);
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

/**
 * A word of a closed list as the browser reads it in a server's answer: the known words, or any other string,
 * kept as it came (the element shows it as it is, see components/uc-complaint-tracker/vocabulary-word.ts). A
 * page pinned to an older build (/dist/v/<id>/) then keeps working when a newer server adds a channel, a
 * status or a deadline. Typed as the known words, so the code that reads them stays as it is; only answers
 * use it: what the server accepts on input (requests.ts, complaint-requests.ts) keeps the strict enum.
 */
export const answerWord = <T extends z.core.$ZodType>(known: T): T => z.union([known, z.string()]) as unknown as T;

export const LOCALES = ['zh-CN', 'en'] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** Text a site owner writes: one string for every locale, or one per locale. */
export const LocalizedText = z.union([
  z.string().check(z.minLength(1)),
  z.partialRecord(Locale, z.string().check(z.minLength(1))),
]);
export type LocalizedText = z.infer<typeof LocalizedText>;

/** The pattern `z.iso.datetime({ offset: true })` builds (leap days included), written out. */
export const INSTANT_PATTERN =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

/**
 * An ISO-8601 instant with offset, as the server writes them. Accepts, refuses
 * and reports exactly as `z.iso.datetime({ offset: true })` does, written as
 * one plain check because the format builder costs the browser bundle ~250 B
 * gzip. OpenAPI still says `format: date-time` with the pattern (see src/server/openapi.ts).
 */
export const Instant = z.string().check(
  z.check((payload) => {
    INSTANT_PATTERN.lastIndex = 0;
    if (INSTANT_PATTERN.test(payload.value)) return;
    payload.issues.push({
      origin: 'string',
      code: 'invalid_format',
      format: 'datetime',
      input: payload.value,
      pattern: INSTANT_PATTERN.toString(),
      continue: true,
    });
  }),
);

/** A calendar date as the answers carry one, `YYYY-MM-DD` (requests are checked to be real dates: complaint-requests.ts). */
export const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date as people give one (a referral's, a third party's
 * decision's), without a time or zone: the day as it was on paper. Only
 * the shape here, since the server writes only real dates and the browser
 * checks what it reads with this; OpenAPI says `format: date`.
 */
export const CalendarDate = z.string().check(z.regex(DATE_SHAPE, 'a date, YYYY-MM-DD'));

/**
 * Use as `z.number().check(SafeInt, …)`: a whole number in the safe integer
 * range. Accepts, refuses and reports exactly as `z.int()` does (a
 * non-integer stops the checks after it), written as one plain check because
 * `z.int()` costs the browser bundle ~400 B gzip. OpenAPI still says
 * `type: integer` with the safe range (see src/server/openapi.ts).
 */
export const SafeInt = z.check<number>((payload) => {
  const input = payload.value;
  if (!Number.isInteger(input)) {
    payload.issues.push({ expected: 'int', format: 'safeint', code: 'invalid_type', continue: false, input });
  } else if (!Number.isSafeInteger(input)) {
    const note = 'Integers must be within the safe integer range.';
    payload.issues.push(
      input > 0
        ? {
            input,
            code: 'too_big',
            maximum: Number.MAX_SAFE_INTEGER,
            note,
            origin: 'int',
            inclusive: true,
            continue: true,
          }
        : {
            input,
            code: 'too_small',
            minimum: Number.MIN_SAFE_INTEGER,
            note,
            origin: 'int',
            inclusive: true,
            continue: true,
          },
    );
  }
});

/**
 * Identifiers chosen by site owners (site ids, form ids, field names, category ids).
 * Upper and lower case spelled out rather than an `i` flag: JSON Schema (and so
 * the OpenAPI document) keeps a regex's source but drops its flags.
 */
export const Slug = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'letters, digits, - and _ only'));

/** A value a form field can hold on the wire. */
export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
export type FieldValue = z.infer<typeof FieldValue>;

/** A stored file as answers name it: the bytes are fetched separately. */
export const AttachmentSummary = z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number() });
