/**
 * Loads the site registry from `${dataDir}/sites.json`, checks every value
 * and refuses to start on a bad or missing file, naming each bad value by
 * its path. It never writes the file: the demo writes its own registry
 * before this reads it (src/server/demo), and a server running for real
 * serves only sites its operator listed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG } from '../config/defaults';
import { mergeConfig } from '../config/merge';
import type { SiteConfig } from '../config/schema';
import { describeIssue, formatPath, validateConfig } from '../config/validate';
import { offerProblems } from '../config/offered-form';
import { originAllowed } from './origins';
import { DEFAULT_SETTINGS, RegistryFile } from './registry-schema';
import type { SiteEntry } from './registry-schema';
import { createSiteSla } from '../sla';
import type { SiteSla } from '../sla';
import type { ComplaintSettings } from '../../machines/complaint.types';
import type { ConsentConfig } from '../contract/consent';
import type { StaffRole } from '../contract/staff';
import { resolveConsent } from './consent/settings';
import { resolvePoints, type ResolvedPoints } from './points/settings';
import { RegistryError, RegistryMissingError } from './registry-problems';
import type { RegistryProblem } from './registry-problems';

export { RegistryError, RegistryMissingError } from './registry-problems';
export type { RegistryProblem } from './registry-problems';

export type { StaffRole } from '../contract/staff';

/** A key a site accepts: the current one, or one a rotation replaced, accepted until `untilMs`. */
export interface SiteKey {
  key: Uint8Array;
  /** null: the current key; else the instant (ms) after which it is refused */
  untilMs: number | null;
}

export interface Site {
  id: string;
  /** The published version of the site's configuration this object is (0: read from a file, never published). */
  version: number;
  allowedOrigins: readonly string[];
  /** The HS256 key bytes of the current host token secret (what the demo signs with). */
  hostTokenKey: Uint8Array;
  /** Every key a host token may be signed with: the current one first, then those a rotation left valid for a while. */
  hostTokenKeys: readonly SiteKey[];
  /** The HS256 key bytes that verify the staff tokens the host signs; null when the site has none (static tokens only). */
  staffTokenKey: Uint8Array | null;
  /** As hostTokenKeys, for staff tokens; empty when the site has none. */
  staffTokenKeys: readonly SiteKey[];
  /** Staff tokens issued (`iat`, in ms) before this are refused; null when the site sets no such instant. */
  staffTokensNotBeforeMs: number | null;
  /** Static tokens, for automation. */
  staffTokens: ReadonlyArray<{ name: string; tokenSha256: string; roles: readonly StaffRole[] }>;
  /** The public config merged over the defaults, with `site` set: exactly what GET …/config serves. */
  publicConfig: SiteConfig;
  settings: {
    rateLimits: {
      anonymousPerMinute: number;
      addressPerMinute: number;
      sitePerMinute: number;
      userPerMinute: number;
      uploadBytesPerDay: number;
    };
    timezone: string;
    complaints: ComplaintSettings;
    /** null where the site sets no audience or issuer: those claims are then not looked at */
    hostTokens: { maxLifetimeSeconds: number; audience: string | null; issuer: string | null };
    /** `olderSecrets`: secrets a rotation replaced, still signed with until their instant (ms), so the host can switch over. */
    webhook: { url: string; secret: string; olderSecrets: ReadonlyArray<{ secret: string; untilMs: number }> } | null;
    points: ResolvedPoints;
    staff: { revealRoles: readonly StaffRole[]; auditRetentionDays: number; intakeMaxAgeDays: number };
  };
  /**
   * The published version's calendar, working hours and deadline policies,
   * built once: what a submission received now counts by. One already
   * received counts by `slaOf(row.config_version)`.
   */
  sla: SiteSla;
  /**
   * The deadline rules of the version a submission was made under (its
   * `config_version`; null: before versions, the first): an open complaint
   * keeps the policy it started with.
   */
  slaOf(version: number | null): SiteSla;
  /** Exactly what GET …/consent serves (defaults filled, revision set); null when the site asks for no consent. */
  consent: ConsentConfig | null;
}

/**
 * What a new submission records as `config_version`: the version it is made
 * under. A site read from a file has none (0) until the file is imported as
 * its first version, which null stands for.
 */
export function configVersionOf(site: Pick<Site, 'version'>): number | null {
  return site.version > 0 ? site.version : null;
}

export interface Registry {
  /** The file it was read from, for messages. */
  readonly file: string;
  readonly sites: readonly Site[];
  /** Key bytes of the registry's serverSecret. */
  readonly serverSecret: Uint8Array;
  getSite(id: string): Site | undefined;
  /** True when any site lists the origin: decides whether CORS answers it at all. */
  isKnownOrigin(origin: string): boolean;
  /** Reads the sites again now (a registry kept in the database, after this instance changed it). */
  refresh?(force?: boolean): Promise<void>;
}

export const REGISTRY_FILE_NAME = 'sites.json';

export function loadRegistry(dataDir: string): Registry {
  const file = join(dataDir, REGISTRY_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RegistryMissingError(file);
    throw new RegistryError(file, [{ path: '(file)', message: `cannot read: ${(error as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RegistryError(file, [{ path: '(root)', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  return parseRegistry(file, json);
}

/** Checks a registry document and resolves it into sites; throws RegistryError listing every problem. */
export function parseRegistry(file: string, json: unknown): Registry {
  const parsed = RegistryFile.safeParse(json);
  if (!parsed.success) {
    throw new RegistryError(
      file,
      parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue as never) })),
    );
  }
  const problems: RegistryProblem[] = [];
  const sites: Site[] = [];
  const seen = new Set<string>();
  parsed.data.sites.forEach((entry, i) => {
    if (seen.has(entry.id)) problems.push({ path: `sites[${i}].id`, message: `duplicate site id "${entry.id}"` });
    seen.add(entry.id);
    const site = resolveSite(entry, `sites[${i}]`, problems);
    if (site) sites.push(site);
  });
  if (problems.length) throw new RegistryError(file, problems);
  return makeRegistry(file, sites, new TextEncoder().encode(parsed.data.serverSecret));
}

/**
 * Checks one entry and resolves it into a site, adding each problem (its
 * path under `at`) to `problems`; undefined when there was any. The site is
 * as a file gives it: version 0, no older keys, one policy for every version.
 */
export function resolveSite(entry: SiteEntry, at: string, problems: RegistryProblem[]): Site | undefined {
  const patch = entry.publicConfig ?? {};
  for (const key of ['site', 'endpoint'] as const) {
    if (key in patch) problems.push({ path: `${at}.publicConfig.${key}`, message: `is set by the server; remove it` });
  }
  const { site: _site, endpoint: _endpoint, ...rest } = patch;
  const result = validateConfig(mergeConfig(DEFAULT_CONFIG, rest, { site: entry.id }));
  if (!result.ok) {
    for (const p of result.problems) problems.push({ path: `${at}.publicConfig.${p.path}`, message: p.message });
  }
  // A form must offer something: at least one category and one field not retired.
  const offers = result.ok
    ? Object.entries(result.config.forms).flatMap(([id, form]) => offerProblems(form, `${at}.publicConfig.forms.${id}`))
    : [];
  problems.push(...offers);
  const consent = entry.consent
    ? resolveConsent(entry.id, entry.consent, `${at}.consent`, problems, result.ok ? result.config.messages : undefined)
    : null;
  const before = problems.length;
  const points = resolvePoints(
    entry.settings?.points,
    `${at}.settings.points`,
    problems,
    entry.settings?.webhook !== undefined,
  );
  if (!result.ok || offers.length || consent === undefined || problems.length > before) return undefined;
  const hostTokenKey = new TextEncoder().encode(entry.hostTokenSecret);
  const staffTokenKey = entry.staffTokenSecret !== undefined ? new TextEncoder().encode(entry.staffTokenSecret) : null;
  const sla = createSiteSla(entry.settings?.sla, {
    fallbackTimeZone: entry.settings?.timezone ?? DEFAULT_SETTINGS.timezone,
  });
  return {
    id: entry.id,
    version: 0,
    allowedOrigins: entry.allowedOrigins,
    hostTokenKey,
    hostTokenKeys: [{ key: hostTokenKey, untilMs: null }],
    staffTokenKey,
    staffTokenKeys: staffTokenKey ? [{ key: staffTokenKey, untilMs: null }] : [],
    staffTokensNotBeforeMs: entry.staffTokensNotBefore !== undefined ? Date.parse(entry.staffTokensNotBefore) : null,
    staffTokens: entry.staffTokens ?? [],
    publicConfig: result.config,
    settings: {
      rateLimits: { ...DEFAULT_SETTINGS.rateLimits, ...entry.settings?.rateLimits },
      timezone: entry.settings?.timezone ?? DEFAULT_SETTINGS.timezone,
      complaints: { ...DEFAULT_SETTINGS.complaints, ...entry.settings?.complaints },
      hostTokens: {
        maxLifetimeSeconds:
          entry.settings?.hostTokens?.maxLifetimeSeconds ?? DEFAULT_SETTINGS.hostTokens.maxLifetimeSeconds,
        audience: entry.settings?.hostTokens?.audience ?? null,
        issuer: entry.settings?.hostTokens?.issuer ?? null,
      },
      webhook: entry.settings?.webhook ? { ...entry.settings.webhook, olderSecrets: [] } : null,
      points,
      staff: {
        revealRoles: entry.settings?.staff?.revealRoles ?? DEFAULT_SETTINGS.staff.revealRoles,
        auditRetentionDays: entry.settings?.staff?.auditRetentionDays ?? DEFAULT_SETTINGS.staff.auditRetentionDays,
        intakeMaxAgeDays: entry.settings?.staff?.intakeMaxAgeDays ?? DEFAULT_SETTINGS.staff.intakeMaxAgeDays,
      },
    },
    sla,
    slaOf: () => sla,
    consent,
  };
}

function makeRegistry(file: string, sites: Site[], serverSecret: Uint8Array): Registry {
  const byId = new Map(sites.map((s) => [s.id, s]));
  return {
    file,
    sites,
    serverSecret,
    getSite: (id) => byId.get(id),
    isKnownOrigin: (origin) => sites.some((s) => originAllowed(s.allowedOrigins, origin)),
  };
}
