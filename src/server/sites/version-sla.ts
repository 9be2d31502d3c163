/**
 * The deadline rules of each version of a site's configuration. A
 * submission records the version it was received under
 * (`submissions.config_version`) and its deadlines are counted by that
 * version's rules for as long as it is open: a policy published later (a
 * shorter first reply, other business hours) applies to what is received
 * from then on, never to a promise already made.
 *
 * The one exception is the calendar of a year the version had no data for
 * (neither the official calendar nor its own `sla.calendar` covered it, so
 * its days were counted Monday to Friday and marked estimated): the
 * published version's overrides for that year apply to it. That is a
 * correction of facts (which days the State Council declared holidays),
 * not a change of policy, and an estimate was never a promise.
 */
import type { Selectable } from 'kysely';
import { createSiteSla, officialCalendarCovers, type SiteSla, type SlaSettings } from '../../sla';
import type { SiteVersionsTable } from '../db/schema';
import { DEFAULT_SETTINGS } from '../registry-schema';
import { canonicalJson, readDocument, type SiteDocument } from './document';

export type VersionRow = Pick<Selectable<SiteVersionsTable>, 'version' | 'format' | 'document_json'>;

export interface VersionSlaRules {
  /** the version's `sla`, with the years it lacked taken from the published version's calendar */
  sla: SlaSettings | undefined;
  /** the version's general time zone, for an `sla` that names none */
  timezone: string;
  /** the years taken from the published version, with what it says of them */
  borrowed: Record<string, unknown>;
}

type Settings = { settings: SiteDocument['settings'] } | undefined;
/** Each version row's settings as read: a publish compares every version's rules before and after, reading each twice. */
const readSettings = new WeakMap<VersionRow, Settings>();

function settingsOfRow(row: VersionRow): Settings {
  if (readSettings.has(row)) return readSettings.get(row);
  const read = readDocument(row);
  const settings = 'document' in read ? { settings: read.document.settings } : undefined;
  readSettings.set(row, settings);
  return settings;
}

/**
 * The rules a submission made under `version` counts by (null: received
 * before versions existed, the site's first version), `published` being the
 * version served; undefined when there is no such version or this release
 * cannot read it.
 */
export function slaRulesOf(
  versions: readonly VersionRow[],
  published: number,
  version: number | null,
): VersionSlaRules | undefined {
  const settingsOf = (wanted: number) => {
    const row = versions.find((v) => Number(v.version) === wanted);
    return row ? settingsOfRow(row) : undefined;
  };
  const own = settingsOf(version ?? Number(versions[0]?.version ?? published));
  if (!own) return undefined;
  const timezone = own.settings?.timezone ?? DEFAULT_SETTINGS.timezone;
  const ownYears = own.settings?.sla?.calendar?.years ?? {};
  const latestYears = settingsOf(published)?.settings?.sla?.calendar?.years ?? {};
  const borrowed = Object.fromEntries(
    Object.entries(latestYears).filter(([year]) => !(year in ownYears) && !officialCalendarCovers(Number(year))),
  );
  if (!Object.keys(borrowed).length) return { sla: own.settings?.sla, timezone, borrowed };
  const sla = { ...own.settings?.sla, calendar: { years: { ...ownYears, ...borrowed } } };
  return { sla, timezone, borrowed };
}

/** A SiteSla built from rules (they are checked when a version is published). */
export function slaFromRules(rules: Pick<VersionSlaRules, 'sla' | 'timezone'>): SiteSla {
  return createSiteSla(rules.sla, { fallbackTimeZone: rules.timezone });
}

/**
 * Each version's rules, built when first asked for and shared between
 * versions whose rules are the same; `current` is the published version's.
 * A version that cannot be read counts by the published one's rules.
 */
export function slaByVersion(
  versions: readonly VersionRow[],
  published: number,
  current: SiteSla,
): (version: number | null) => SiteSla {
  const keyOf = (rules: VersionSlaRules) => canonicalJson({ sla: rules.sla, timezone: rules.timezone });
  const built = new Map<string, SiteSla>();
  const currentRules = slaRulesOf(versions, published, published);
  if (currentRules) built.set(keyOf(currentRules), current);
  const byVersion = new Map<number | null, SiteSla>([[published, current]]);
  return (version) => {
    let sla = byVersion.get(version);
    if (sla) return sla;
    const rules = slaRulesOf(versions, published, version);
    if (!rules) return current;
    const key = keyOf(rules);
    sla = built.get(key);
    if (!sla) {
      sla = slaFromRules(rules);
      built.set(key, sla);
    }
    byVersion.set(version, sla);
    return sla;
  };
}
