/**
 * What is worth saying about a document beyond what checkDocument refuses:
 * the studio's "lint before publish". Errors stop a publish like a problem
 * of checkDocument does (publishDocument refuses them, code `lint`);
 * warnings are shown and never block.
 *
 * Errors:
 * - `personal-data`: a field that asks for an e-mail, a phone number or a
 *   name (type email/tel, or named email/phone/name) not marked `personal`
 *   with a purpose: personal data is collected only with its reason shown.
 * - `working-days`: no working time in the next 7 days by the document's
 *   calendar and business hours: every deadline would stall.
 * - `contrast`: a theme token makes text read below 4.5:1 (lint-contrast.ts).
 *
 * Warnings:
 * - `deadline-policy`: a category no `settings.sla.policies` entry names
 *   (an entry with no category names every category): it runs on the
 *   guideline's defaults, which may be what the owner wants, or not.
 * - `calendar-year`: this year or the next covered neither by the official
 *   calendar nor by `settings.sla.calendar.years`: its days would be
 *   counted Monday to Friday, marked estimated.
 * - `consent-cookies`: a consent category with services but no cookie
 *   declared on it or its services: withdrawing it would clear nothing.
 * - `code-pool`: a reward given from a code pool with no code left.
 * - `translation`: text written in one of zh-CN and en but not the other,
 *   and message overrides present in one locale only.
 *
 * Pure: the caller passes the clock and the unused codes per pool (the
 * database's), so the same document and inputs always lint the same.
 */
import { LOCALES, type LocalizedText } from '../../contract/common';
import { SiteConfigPatch } from '../../config/schema';
import {
  clockBudget,
  createSiteSla,
  describeBusinessHours,
  GUIDELINE_POLICY,
  subtractWorkingTime,
  type SiteSla,
} from '../../sla';
import { DEFAULT_SETTINGS } from '../registry-schema';
import { formsOf } from './check';
import { SiteDocument } from './document';
import { contrastProblems } from './lint-contrast';

export const LINT_RULES = [
  'personal-data',
  'working-days',
  'contrast',
  'deadline-policy',
  'calendar-year',
  'consent-cookies',
  'code-pool',
  'translation',
] as const;
export type LintRule = (typeof LINT_RULES)[number];

export interface LintProblem {
  path: string;
  message: string;
  rule: LintRule;
}

export interface LintResult {
  errors: LintProblem[];
  warnings: LintProblem[];
}

export interface LintInputs {
  /** unused codes per reward id of the site's code pools; a pool not named has none */
  codesLeft?: Readonly<Record<string, number>>;
}

/** Field names that ask for a person's name or how to reach them, whatever their type. */
const PERSONAL_NAMES = new Set(['name', 'phone', 'email']);
const PERSONAL_TYPES = new Set(['email', 'tel']);
/** How far ahead a site must have working time. */
const WORKING_DAYS_HORIZON_DAYS = 7;

export function lintDocument(siteId: string, document: unknown, now: Date, inputs: LintInputs = {}): LintResult {
  const result: LintResult = { errors: [], warnings: [] };
  // A document that does not have its shape is checkDocument's to report; lint judges only what reads.
  const parsed = SiteDocument.safeParse(document);
  if (!parsed.success) return result;
  const doc = parsed.data;
  const error = (rule: LintRule, path: string, message: string) => result.errors.push({ rule, path, message });
  const warn = (rule: LintRule, path: string, message: string) => result.warnings.push({ rule, path, message });

  const config = SiteConfigPatch.safeParse(doc.publicConfig ?? {});
  const ownForms = config.success ? (config.data.forms ?? {}) : {};
  for (const [formId, form] of Object.entries(ownForms)) {
    form.fields.forEach((field, i) => {
      if (field.retired) return;
      const asksPersonal = PERSONAL_TYPES.has(field.type) || PERSONAL_NAMES.has(field.name);
      if (asksPersonal && !hasText(field.personal?.purpose))
        error(
          'personal-data',
          `publicConfig.forms.${formId}.fields.${i}`,
          `field "${field.name}" asks for personal data: mark it personal with the purpose shown to the user ({ "personal": { "purpose": … } })`,
        );
    });
  }

  const sla = slaOf(doc);
  if (sla) {
    lintWorkingDays(sla, now, error);
    lintCalendarYears(sla, now, warn);
  }
  lintPolicies(doc, warn);
  lintConsent(doc, warn);
  lintCodePools(siteId, doc, inputs.codesLeft ?? {}, warn);
  if (config.success) {
    lintTranslations(config.data, doc, warn);
    const theme = config.data.theme;
    for (const p of contrastProblems(theme?.tokens ?? {}, theme?.colorScheme))
      error('contrast', `publicConfig.theme.tokens.${p.token}`, p.message);
  } else lintTranslations({}, doc, warn);
  return result;
}

type Report = (rule: LintRule, path: string, message: string) => void;

/** The site's deadline rules as complaints would count them (the same code: createSiteSla). */
function slaOf(doc: SiteDocument): SiteSla | undefined {
  try {
    return createSiteSla(doc.settings?.sla, {
      fallbackTimeZone: doc.settings?.timezone ?? DEFAULT_SETTINGS.timezone,
      // Lint asks about unknown years itself; the once-per-year log line is for deadlines counted.
      logger: () => {},
    });
  } catch {
    return undefined;
  }
}

function lintWorkingDays(sla: SiteSla, now: Date, error: Report): void {
  const { schedule } = sla;
  const end = now.getTime() + WORKING_DAYS_HORIZON_DAYS * 86_400_000;
  for (let day = schedule.dayOf(now.getTime()); day <= schedule.dayOf(end); day++) {
    const window = schedule.window(day);
    if (window.working && window.close > now.getTime() && window.open < end) return;
  }
  error(
    'working-days',
    'settings.sla',
    `no working time in the ${WORKING_DAYS_HORIZON_DAYS} days from ${now.toISOString()} (${schedule.timeZone}, ${describeBusinessHours(schedule.businessHours)}): every deadline would stand still; check sla.calendar's holidays and sla.businessHours`,
  );
}

/**
 * This year and the next, each when neither calendar covers it. The next
 * year is said with the day it starts to matter: when the guideline's
 * first reply (3 working days) of a complaint received then would reach
 * into it, i.e. the year's first instant minus 3 working days on this
 * year's calendar (the same subtraction "due soon" uses).
 */
function lintCalendarYears(sla: SiteSla, now: Date, warn: Report): void {
  const { schedule } = sla;
  const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: schedule.timeZone }).format(now));
  const path = 'settings.sla.calendar.years';
  const unknown = `is covered neither by the official calendar nor by ${path}: its days are counted Monday to Friday and marked estimated; add its holidays and make-up days when they are announced`;
  if (!schedule.calendar.isKnownYear(year)) warn('calendar-year', path, `${year} ${unknown}`);
  if (schedule.calendar.isKnownYear(year + 1)) return;
  const firstReply = GUIDELINE_POLICY.firstReply!;
  const nextYearStart = schedule.startOfDay(schedule.dayOf(Date.UTC(year + 1, 0, 1, 12)));
  const { durationMs } = clockBudget(firstReply, schedule.businessDayMs);
  const from = subtractWorkingTime(new Date(nextYearStart), durationMs, schedule).at;
  warn(
    'calendar-year',
    path,
    `${year + 1} ${unknown}; it matters from ${from.toISOString()}, when a complaint's 3-working-day first reply starts to reach into it`,
  );
}

function lintPolicies(doc: SiteDocument, warn: Report): void {
  const policies = doc.settings?.sla?.policies ?? [];
  if (policies.some((p) => p.category === undefined)) return;
  const named = new Set(policies.map((p) => p.category));
  const seen = new Set<string>();
  for (const [formId, form] of Object.entries(formsOf(doc)))
    form.categories.forEach((category, i) => {
      if (category.retired || named.has(category.id) || seen.has(category.id)) return;
      seen.add(category.id);
      warn(
        'deadline-policy',
        `publicConfig.forms.${formId}.categories.${i}`,
        `category "${category.id}" has no deadline policy in settings.sla.policies: it runs on the guideline's defaults (acknowledged at once, first reply in 3 working days)`,
      );
    });
}

function lintConsent(doc: SiteDocument, warn: Report): void {
  doc.consent?.categories.forEach((category, i) => {
    const services = category.services ?? [];
    if (!services.length) return;
    const cookies = (category.cookies?.length ?? 0) + services.reduce((n, s) => n + (s.cookies?.length ?? 0), 0);
    if (cookies === 0)
      warn(
        'consent-cookies',
        `consent.categories.${i}`,
        `consent category "${category.id}" has services but declares no cookies: withdrawing it would clear nothing; list the cookies its services set`,
      );
  });
}

function lintCodePools(siteId: string, doc: SiteDocument, codesLeft: Readonly<Record<string, number>>, warn: Report) {
  doc.settings?.points?.catalogue?.forEach((reward, i) => {
    // A retired reward is not redeemed: an empty pool of its own troubles no one.
    if (reward.source !== 'pool' || reward.retired || (codesLeft[reward.id] ?? 0) > 0) return;
    warn(
      'code-pool',
      `settings.points.catalogue.${i}`,
      `reward "${reward.id}" is given from a code pool with no code left: upload codes (POST /v1/staff/points/codes?site=${siteId}) or no one can redeem it`,
    );
  });
}

function hasText(text: LocalizedText | undefined): boolean {
  if (text === undefined) return false;
  return typeof text === 'string' ? text.trim() !== '' : Object.values(text).some((t) => t?.trim());
}

/** Text written for one locale but not the other (a plain string is for every locale). */
function oneLocaleOnly(text: unknown): string | undefined {
  if (!text || typeof text !== 'object') return undefined;
  const present = LOCALES.filter((l) => typeof (text as Record<string, unknown>)[l] === 'string');
  return present.length === 1 ? LOCALES.find((l) => l !== present[0]) : undefined;
}

function lintTranslations(config: SiteConfigPatch, doc: SiteDocument, warn: Report): void {
  const check = (text: unknown, path: string) => {
    const missing = oneLocaleOnly(text);
    if (missing) warn('translation', path, `no ${missing} text: readers in ${missing} see the other language`);
  };
  for (const [formId, form] of Object.entries(config.forms ?? {})) {
    const at = `publicConfig.forms.${formId}`;
    check(form.title, `${at}.title`);
    form.categories.forEach((c, i) => check(c.label, `${at}.categories.${i}.label`));
    form.fields.forEach((f, i) => {
      check(f.label, `${at}.fields.${i}.label`);
      check(f.help, `${at}.fields.${i}.help`);
      check(f.personal?.purpose, `${at}.fields.${i}.personal.purpose`);
      f.options?.forEach((o, j) => check(o.label, `${at}.fields.${i}.options.${j}.label`));
    });
  }
  doc.consent?.categories.forEach((c, i) => {
    check(c.label, `consent.categories.${i}.label`);
    check(c.description, `consent.categories.${i}.description`);
    c.services?.forEach((s, j) => check(s.purpose, `consent.categories.${i}.services.${j}.purpose`));
  });
  doc.consent?.separate?.forEach((s, i) => check(s.purpose, `consent.separate.${i}.purpose`));
  const messages = config.messages ?? {};
  for (const locale of LOCALES) {
    const other = LOCALES.find((l) => l !== locale)!;
    for (const key of Object.keys(messages[locale] ?? {}))
      if (!(key in (messages[other] ?? {})))
        warn(
          'translation',
          `publicConfig.messages.${locale}.${key}`,
          `message "${key}" is overridden in ${locale} but not in ${other}`,
        );
  }
}
