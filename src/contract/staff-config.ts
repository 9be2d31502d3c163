/**
 * The admin API of a site's configuration (the `configure` permission):
 * the working draft, checking it, publishing it as a new version, rolling
 * back to an earlier one, the history, one version, and the difference
 * between any two of them (GET/PUT /v1/staff/config/draft, POST
 * /v1/staff/config/validate|publish|rollback, GET
 * /v1/staff/config/versions[/{version}], GET /v1/staff/config/diff).
 *
 * A document is what a version holds: a registry entry of the site without
 * its id and without anything secret (host, staff and webhook secrets live
 * apart and are never in a document, a diff or the history). Its own shape
 * is the server's to check (checkDocument): here it is any JSON object, so
 * a draft that does not check yet can still be saved and shown with its
 * problems.
 */
import * as z from 'zod/mini';
import { Instant, Kind, SafeInt, Slug } from './common';

/** The largest request body of these routes, in bytes: a document is a few kB; this leaves room and keeps drafts small. */
export const CONFIG_REQUEST_BYTES = 1024 * 1024;

/** The longest note of a publish or rollback, in characters. */
export const CONFIG_NOTE_MAX = 1000;

/** A document as sent and kept: a JSON object, checked in full only on validate and publish. */
export const ConfigDocument = z.record(z.string(), z.unknown());
export type ConfigDocument = z.infer<typeof ConfigDocument>;

const Revision = z.number().check(SafeInt, z.minimum(1));
const VersionNumber = z.number().check(SafeInt, z.minimum(1));

/** What would stop a document from being published, at its path in the document (`publicConfig.forms.default.fields`). */
export const ConfigProblem = z.object({
  path: z.string(),
  message: z.string(),
  /** set when lint says it (src/server/sites/lint.ts): which rule; absent for what the document's format refuses */
  rule: z.optional(z.string()),
});
export type ConfigProblem = z.infer<typeof ConfigProblem>;

/** GET /v1/staff/config/draft?site=…, and the answer of PUT: the draft as saved, possibly with problems. */
export const ConfigDraft = z.object({
  site: z.string(),
  /** as saved, which may not check yet (work in progress is never refused) */
  document: z.unknown(),
  /** grows with every save: a save or publish must name the revision it is based on */
  revision: z.number(),
  /** the version the draft was started from */
  baseVersion: z.number(),
  /** the version every instance serves */
  publishedVersion: z.number(),
  savedAt: Instant,
  /** the name of who saved it last */
  savedBy: z.string(),
  /** everything that would stop publishing it, by path; empty: it would publish */
  problems: z.array(ConfigProblem),
  /** what lint says is worth a look but does not stop a publish (absent from servers before lint) */
  warnings: z.optional(z.array(ConfigProblem)),
});
export type ConfigDraft = z.infer<typeof ConfigDraft>;

/** PUT /v1/staff/config/draft?site=… — saved as it is, if `revision` is still the draft's (else a 409 with the draft in details.draft). */
export const ConfigDraftWrite = z.strictObject({ document: ConfigDocument, revision: Revision });
export type ConfigDraftWrite = z.infer<typeof ConfigDraftWrite>;

/** POST /v1/staff/config/validate?site=… — would this document publish? Nothing is saved. */
export const ConfigValidateRequest = z.strictObject({ document: ConfigDocument });
export type ConfigValidateRequest = z.infer<typeof ConfigValidateRequest>;

export const ConfigValidation = z.object({
  ok: z.boolean(),
  problems: z.array(ConfigProblem),
  /** worth a look, never blocking (absent from servers before lint) */
  warnings: z.optional(z.array(ConfigProblem)),
});
export type ConfigValidation = z.infer<typeof ConfigValidation>;

/** Why a version was published, as the history shows it. */
const Note = z.string().check(
  z.minLength(1),
  z.maxLength(CONFIG_NOTE_MAX),
  z.refine((note) => note.trim() !== '', 'say what changed and why'),
);

/** POST /v1/staff/config/publish?site=… — the draft at `revision` becomes the next version. */
export const ConfigPublishRequest = z.strictObject({ revision: Revision, note: Note });
export type ConfigPublishRequest = z.infer<typeof ConfigPublishRequest>;

export const ConfigPublished = z.object({ version: z.number(), publishedAt: Instant });
export type ConfigPublished = z.infer<typeof ConfigPublished>;

/** POST /v1/staff/config/rollback?site=… — `version`'s document published again, as a new version. */
export const ConfigRollbackRequest = z.strictObject({ version: VersionNumber, note: Note });
export type ConfigRollbackRequest = z.infer<typeof ConfigRollbackRequest>;

export const ConfigRolledBack = z.object({
  /** the new version */
  version: z.number(),
  publishedAt: Instant,
  /** the version whose document it republished */
  rolledBackFrom: z.number(),
});
export type ConfigRolledBack = z.infer<typeof ConfigRolledBack>;

/** One version in the history. */
export const ConfigVersionSummary = z.object({
  version: z.number(),
  /** the document format it was written in: a release refuses one newer than it reads */
  format: z.number(),
  publishedAt: Instant,
  /** the name of who published it */
  publishedBy: z.string(),
  note: z.string(),
  /** set when it is a rollback: the version it republished */
  rolledBackFrom: z.nullable(z.number()),
  /** whether it is the version served */
  current: z.boolean(),
});
export type ConfigVersionSummary = z.infer<typeof ConfigVersionSummary>;

/** GET /v1/staff/config/versions?site=… — newest first. */
export const ConfigVersionList = z.object({ items: z.array(ConfigVersionSummary) });
export type ConfigVersionList = z.infer<typeof ConfigVersionList>;

/** GET /v1/staff/config/versions/{version}?site=… */
export const ConfigVersion = z.object({
  version: z.number(),
  format: z.number(),
  document: ConfigDocument,
  publishedAt: Instant,
  publishedBy: z.string(),
  note: z.string(),
  rolledBackFrom: z.nullable(z.number()),
});
export type ConfigVersion = z.infer<typeof ConfigVersion>;

/** Either side of a diff: the draft, or a version. */
export const ConfigSide = z.union([z.literal('draft'), z.number()]);
export type ConfigSide = z.infer<typeof ConfigSide>;

export const CONFIG_CHANGES = ['added', 'removed', 'changed'] as const;

/** One difference, at its dotted path in the document (`publicConfig.forms.default.fields.2.label.en`). */
export const ConfigChange = z.object({
  path: z.string(),
  change: z.enum(CONFIG_CHANGES),
  /** the value on the `from` side (removed, changed) */
  before: z.optional(z.unknown()),
  /** the value on the `to` side (added, changed) */
  after: z.optional(z.unknown()),
});
export type ConfigChange = z.infer<typeof ConfigChange>;

/** GET /v1/staff/config/diff?site=…&from=…&to=… — what changes from `from` to `to`. */
export const ConfigDiff = z.object({ from: ConfigSide, to: ConfigSide, changes: z.array(ConfigChange) });
export type ConfigDiff = z.infer<typeof ConfigDiff>;

/**
 * POST /v1/staff/config/deadline-preview?site=… — the deadlines a submission
 * of `kind` in `category` received at `receivedAt` would get under
 * `document` (default: the saved draft), counted by the same code as a
 * complaint's. Nothing is saved.
 */
export const DeadlinePreviewRequest = z.strictObject({
  document: z.optional(ConfigDocument),
  kind: Kind,
  category: Slug,
  receivedAt: Instant,
});
export type DeadlinePreviewRequest = z.infer<typeof DeadlinePreviewRequest>;

export const PreviewDeadline = z.object({
  /** acknowledgement, firstReply or solution */
  name: z.string(),
  dueAt: Instant,
  /** counted Monday to Friday in a year no calendar covers */
  estimated: z.optional(z.boolean()),
});
export type PreviewDeadline = z.infer<typeof PreviewDeadline>;

export const DeadlinePreview = z.object({ deadlines: z.array(PreviewDeadline) });
export type DeadlinePreview = z.infer<typeof DeadlinePreview>;
