/**
 * The registry's per-site `sla` settings: the only place a site changes
 * time zone, business hours, holidays and deadline rules. Strict, so a typo
 * in a key is refused at startup instead of silently falling back to the
 * defaults; every message names what a valid value looks like.
 * `zod/mini` like src/server/registry-schema.ts, which embeds this.
 */
import * as z from 'zod/mini';
import { Kind, Slug } from '../contract/common';
import { parseIsoDate, yearOf } from './civil-date';
import { isValidTimeZone } from './time-zone';
import { MAX_BUSINESS_PERIODS, parseTimeOfDay } from './working-schedule';

/** Checked against Intl, the same authority that later converts the times, so a zone that passes also works. */
export const SlaTimeZone = z
  .string()
  .check(z.refine(isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai'));

const TimeOfDay = z
  .string()
  .check(z.refine((text) => parseTimeOfDay(text) !== undefined, 'must be a 24-hour time HH:MM, e.g. 09:00'));

/** Same-day hours only: a period across midnight would make "one working day" ambiguous. */
export const SlaBusinessPeriod = z.strictObject({ start: TimeOfDay, end: TimeOfDay }).check(
  z.refine(
    (hours) => {
      const start = parseTimeOfDay(hours.start);
      const end = parseTimeOfDay(hours.end);
      // Bad times are reported on their own fields; only judge the order of good ones.
      return start === undefined || end === undefined || end > start;
    },
    { message: 'must be after start (business hours cannot cross midnight)', path: ['end'] },
  ),
);
export type SlaBusinessPeriod = z.infer<typeof SlaBusinessPeriod>;

/** A day's periods, in the order of the day and apart (touching is fine: 12:00 may end one and start the next). */
export const SlaBusinessPeriods = z.array(SlaBusinessPeriod).check(
  z.minLength(1, 'needs at least one period; leave businessHours out for the default 09:00–18:00'),
  z.maxLength(MAX_BUSINESS_PERIODS, `has at most ${MAX_BUSINESS_PERIODS} periods a day`),
  z.superRefine((periods, ctx) => {
    periods.forEach((period, index) => {
      const before = periods[index - 1];
      if (!before) return;
      const start = parseTimeOfDay(period.start);
      const beforeStart = parseTimeOfDay(before.start);
      const beforeEnd = parseTimeOfDay(before.end);
      // Bad times are reported on their own fields.
      if (start === undefined || beforeStart === undefined || beforeEnd === undefined) return;
      const message =
        start < beforeStart
          ? `starts before the previous period (${before.start}–${before.end}): list the periods in the order of the day`
          : start < beforeEnd
            ? `overlaps the previous period (${before.start}–${before.end}): start at ${before.end} or later`
            : undefined;
      if (message) ctx.addIssue({ code: 'custom', message, path: [index, 'start'], input: period.start });
    });
  }),
);

/**
 * `sla.businessHours`: one period `{ start, end }` (the shape older
 * registries and documents hold, still read as it is) or a list of up to
 * six. Dispatched on the input's shape rather than a union, so each problem
 * is said by that shape, at its path ("businessHours[1].end: must be after
 * start"), instead of "matches none of the allowed shapes".
 */
export const SlaBusinessHours = z.custom<SlaBusinessPeriod | SlaBusinessPeriod[]>().check(
  z.superRefine((value, ctx) => {
    if (typeof value !== 'object' || value === null) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be { "start": "09:00", "end": "18:00" } or a list of periods such as [{ "start": "09:00", "end": "12:00" }, { "start": "13:30", "end": "18:00" }]',
        input: value,
      });
      return;
    }
    const checked = (Array.isArray(value) ? SlaBusinessPeriods : SlaBusinessPeriod).safeParse(value);
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ ...issue });
  }),
);
export type SlaBusinessHours = z.infer<typeof SlaBusinessHours>;

const IsoDate = z
  .string()
  .check(z.refine((text) => parseIsoDate(text) !== undefined, 'must be a real date YYYY-MM-DD'));

const CalendarYear = z.strictObject({
  /** Days off (public holidays), whatever the official calendar says. */
  holidays: z.optional(z.array(IsoDate)),
  /** Days worked (make-up days 调休), even on a weekend. */
  workdays: z.optional(z.array(IsoDate)),
});

/** Lets an owner add a year the day it is announced, and declare local holidays, without a package release. */
export const SlaCalendar = z
  .strictObject({
    // The message sits on the record too: a key's own issue is nested inside the record's invalid_key issue.
    years: z.record(z.string().check(z.regex(/^\d{4}$/)), CalendarYear, {
      error: (issue) => (issue.code === 'invalid_key' ? 'year keys are four digits, e.g. "2027"' : undefined),
    }),
  })
  .check(
    z.superRefine((calendar, ctx) => {
      for (const [key, entry] of Object.entries(calendar.years)) {
        const year = Number(key);
        const holidays = new Set<string>();
        for (const list of ['holidays', 'workdays'] as const) {
          (entry[list] ?? []).forEach((date, index) => {
            const day = parseIsoDate(date);
            if (day !== undefined && yearOf(day) !== year) {
              ctx.addIssue({
                code: 'custom',
                message: `${date} is not in ${key}`,
                path: ['years', key, list, index],
                input: date,
              });
            }
            if (list === 'holidays') holidays.add(date);
            else if (holidays.has(date)) {
              ctx.addIssue({
                code: 'custom',
                message: `${date} is listed as both a holiday and a workday`,
                path: ['years', key, list, index],
                input: date,
              });
            }
          });
        }
      }
    }),
  );

const positiveUpTo = (max: number) =>
  z.number().check(z.positive('must be greater than 0'), z.maximum(max, `must be at most ${max} (a year)`));

/**
 * How long a deadline is. One shape per unit, so the unit is never guessed:
 * working days are the guideline's "3 working days", elapsed hours its "24 h".
 */
export const SlaClockRule = z.union(
  [
    z.strictObject({ workingDays: positiveUpTo(366) }),
    z.strictObject({ workingHours: positiveUpTo(366 * 24) }),
    z.strictObject({ elapsedHours: positiveUpTo(366 * 24) }),
    z.strictObject({ elapsedSeconds: positiveUpTo(366 * 86_400) }),
  ],
  {
    error:
      'must be exactly one of { "workingDays": n }, { "workingHours": n }, { "elapsedHours": n }, { "elapsedSeconds": n } with n > 0 (up to a year), or null for no such deadline',
  },
);
export type SlaClockRule = z.infer<typeof SlaClockRule>;

/** Optional clock fields so one entry changes one deadline; the rest come from less specific entries or the guideline. */
export const SlaPolicyEntry = z.strictObject({
  /** Applies to this kind only; absent = every kind. */
  kind: z.optional(Kind),
  /** Applies to this form category only; absent = every category. */
  category: z.optional(Slug),
  /** null: this kind/category has no such deadline. */
  acknowledgement: z.optional(z.nullable(SlaClockRule)),
  firstReply: z.optional(z.nullable(SlaClockRule)),
  solution: z.optional(z.nullable(SlaClockRule)),
});
export type SlaPolicyEntry = z.infer<typeof SlaPolicyEntry>;

/** Two entries for the same kind and category would make "most specific wins" depend on order: refused. */
export const SlaPolicies = z.array(SlaPolicyEntry).check(
  z.superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((entry, index) => {
      if (entry.acknowledgement === undefined && entry.firstReply === undefined && entry.solution === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'sets no deadline (acknowledgement, firstReply or solution)',
          path: [index],
          input: entry,
        });
      }
      const key = `${entry.kind ?? '*'}/${entry.category ?? '*'}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `same kind and category as policies[${first}]; merge them`,
          path: [index],
          input: entry,
        });
      } else seen.set(key, index);
    });
  }),
);

/**
 * A site's `sla` block, to be embedded in the registry's site settings.
 * Strict so a mistyped key fails at startup instead of leaving a silently
 * wrong deadline in production.
 */
export const SlaSettings = z.strictObject({
  /** IANA zone business hours are in; absent = the site's settings.timezone, then Asia/Shanghai. */
  timezone: z.optional(SlaTimeZone),
  /** One period or the day's periods (a lunch break between them); absent = 09:00–18:00. */
  businessHours: z.optional(SlaBusinessHours),
  calendar: z.optional(SlaCalendar),
  policies: z.optional(SlaPolicies),
});
export type SlaSettings = z.infer<typeof SlaSettings>;
