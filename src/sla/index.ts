/**
 * Complaint deadlines in working time on the official Chinese calendar, as
 * the guideline's promises ("3 working days") are counted. Server-only: the browser ships no holiday data
 * and receives each deadline as an instant plus the time left.
 *
 * Most callers need only `SlaSettings` (to check the registry) and
 * `createSiteSla` (once per site at load); the lower layers are exported
 * for tests, tools and callers with unusual clocks.
 */
export {
  /** The site's `sla` block in the registry: strict, so a mistyped key fails at startup, not as a silently wrong deadline. */
  SlaSettings,
  SlaBusinessHours,
  SlaBusinessPeriod,
  SlaBusinessPeriods,
  SlaCalendar,
  SlaClockRule,
  SlaPolicies,
  SlaPolicyEntry,
  SlaTimeZone,
} from './schema';

/** Builds a site's calendar, schedule and policies once, so handlers only ask for a complaint's deadlines. */
export { createSiteSla, type SiteSla, type SiteSlaOptions } from './site-sla';

/** Deadlines as stored and sent: an instant plus time left, because the browser cannot count working time itself. */
export {
  advanceDeadlines,
  computeDeadlines,
  type Deadline,
  type DeadlineInput,
  type DeadlineStatus,
} from './deadlines';

/** Guideline defaults and the per-kind/category override rule, so an owner changes one deadline without restating the rest. */
export {
  DEADLINE_NAMES,
  GUIDELINE_COMPLEX_SOLUTION,
  GUIDELINE_POLICY,
  clockBudget,
  resolvePolicy,
  type DeadlineName,
  type SlaPolicy,
} from './policy';

/** A clock that stops while waiting on the user, because that time is not the staff's to spend. */
export { readClock, type ClockInput, type ClockMeasure, type ClockReading, type PauseInterval } from './clock';

/** Working-time arithmetic, because "3 working days" skips nights, weekends and holidays but counts make-up days. */
export { addWorkingTime, subtractWorkingTime, workingTimeBetween } from './working-time';

/** Opening and closing instants of each business period per day in the site's zone, so working time is right in any IANA zone, DST included, and skips a lunch break. */
export {
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_TIME_ZONE,
  MAX_BUSINESS_PERIODS,
  businessPeriods,
  createWorkingSchedule,
  describeBusinessHours,
  type BusinessHours,
  type BusinessPeriod,
  type WorkingSchedule,
  type WorkingScheduleOptions,
} from './working-schedule';

/** The official calendar plus site overrides, so a new year's holidays work the day they are announced, and unknown years are flagged, never guessed silently. */
export {
  createWorkingCalendar,
  defaultSlaLogger,
  type CalendarOverrides,
  type CalendarYearOverrides,
  type SlaLogger,
  type WorkingCalendar,
  type WorkingCalendarOptions,
} from './calendar';

/** Which package version the official calendar comes from, for messages and the admin's "covered years" note. */
export { OFFICIAL_CALENDAR_SOURCE } from './official-calendar';

/** Which years the package covers, so a site's older configuration can take a year it had no data for from a newer one. */
export { officialCalendarCovers } from './official-calendar';

/** Exposed for the registry schema and messages: Intl is the only authority on zone names. */
export { isValidTimeZone } from './time-zone';
