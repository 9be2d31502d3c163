/**
 * The site config: the low-code JSON a site owner edits. The same schema
 * checks the public config the server serves, the inline JSON on a page, the
 * loader's data-* attributes and `usercare.configure()` calls.
 */
import * as z from 'zod/mini';
import { KINDS, Kind, Locale, LocalizedText, SafeInt, Slug } from '../contract/common';
import { AttachmentType, WIRE_LIMITS } from '../contract/limits';

export const FIELD_TYPES = [
  'text',
  'textarea',
  'email',
  'tel',
  'select',
  'radio',
  'checkbox',
  'rating',
  'date',
  'file',
] as const;
export const FieldType = z.enum(FIELD_TYPES);
export type FieldType = z.infer<typeof FieldType>;

/** Which piece of the host's identity profile fills a personal field. */
export const PREFILL_SOURCES = ['name', 'email', 'phone'] as const;

export const FieldOption = z.strictObject({ value: z.string().check(z.minLength(1)), label: LocalizedText });

/** Names the form's own controls use (the kind and category choice): a field so named would share their ids and radio group. */
const RESERVED_FIELD_NAMES = ['kind', 'category'];
/** The most steps a rating scale may have (0–10 is the widest usual one). */
const MAX_RATING_STEPS = 11;

// Strict objects, like every other part of the config: a misspelt key (`requird`) is an error naming it, not silently nothing.
export const FieldConfig = z
  .strictObject({
    name: Slug.check(
      z.refine(
        (name) => !RESERVED_FIELD_NAMES.includes(name),
        "is reserved for the form's own kind and category choice",
      ),
    ),
    type: FieldType,
    label: LocalizedText,
    help: z.optional(LocalizedText),
    required: z.optional(z.boolean()),
    /** text-like fields: character limits */
    minLength: z.optional(z.number().check(SafeInt, z.minimum(0))),
    maxLength: z.optional(z.number().check(SafeInt, z.minimum(1), z.maximum(WIRE_LIMITS.fieldChars))),
    /** rating: scale (default 1–5, whole numbers, at most 11 steps); date: not used */
    min: z.optional(z.number().check(SafeInt)),
    max: z.optional(z.number().check(SafeInt)),
    /** select, radio, checkbox (a checkbox with options is a group; without, a single yes/no) */
    options: z.optional(z.array(FieldOption).check(z.minLength(1))),
    /** file: allowed types, count and per-file size */
    accept: z.optional(z.array(AttachmentType).check(z.minLength(1))),
    maxFiles: z.optional(z.number().check(SafeInt, z.minimum(1), z.maximum(WIRE_LIMITS.attachments))),
    maxBytes: z.optional(z.number().check(SafeInt, z.minimum(1), z.maximum(WIRE_LIMITS.attachmentBytes))),
    /**
     * Personal data: the purpose is shown next to the field (collect only what
     * is needed and say why). `prefill` names the identity value that fills it.
     */
    personal: z.optional(z.strictObject({ purpose: LocalizedText, prefill: z.optional(z.enum(PREFILL_SOURCES)) })),
    /** No longer offered; kept so what was sent with it still shows its name (a published field is never removed). */
    retired: z.optional(z.boolean()),
  })
  .check(
    z.refine((f) => !['select', 'radio'].includes(f.type) || (f.options?.length ?? 0) > 0, {
      message: 'select and radio fields need options',
      path: ['options'],
    }),
    z.refine((f) => f.minLength === undefined || f.maxLength === undefined || f.minLength <= f.maxLength, {
      message: 'minLength is greater than maxLength',
      path: ['minLength'],
    }),
    z.refine(
      (f) => f.type !== 'rating' || ((f.max ?? 5) > (f.min ?? 1) && (f.max ?? 5) - (f.min ?? 1) < MAX_RATING_STEPS),
      {
        message: `a rating scale runs from min up to a greater max, with at most ${MAX_RATING_STEPS} steps`,
        path: ['max'],
      },
    ),
  );
export type FieldConfig = z.infer<typeof FieldConfig>;

export const CategoryConfig = z.strictObject({
  id: Slug,
  label: LocalizedText,
  /** No longer offered; kept so old complaints still show its name (a published category is never removed). */
  retired: z.optional(z.boolean()),
});
export type CategoryConfig = z.infer<typeof CategoryConfig>;

/**
 * A form whose categories or fields are all retired offers nothing: the
 * server refuses such a config (./offered-form.ts, offerProblems), and the
 * schema leaves that check out because every page would pay for it.
 */
export const FormConfig = z
  .strictObject({
    title: z.optional(LocalizedText),
    kinds: z.array(Kind).check(z.minLength(1)),
    /** The site's service scope, e.g. 信息发布 / 互动交流 / 交易撮合 */
    categories: z.array(CategoryConfig).check(z.minLength(1)),
    fields: z.array(FieldConfig).check(z.minLength(1), z.maxLength(WIRE_LIMITS.fields)),
  })
  .check(
    z.refine((f) => new Set(f.fields.map((x) => x.name)).size === f.fields.length, {
      message: 'field names must be unique',
      path: ['fields'],
    }),
    z.refine((f) => new Set(f.categories.map((x) => x.id)).size === f.categories.length, {
      message: 'category ids must be unique',
      path: ['categories'],
    }),
  );
export type FormConfig = z.infer<typeof FormConfig>;

export const ThemeConfig = z.strictObject({
  colorScheme: z.optional(z.enum(['auto', 'light', 'dark'])),
  /** `--uc-*` custom properties set on every element of the site */
  tokens: z.optional(z.record(z.string().check(z.regex(/^--uc-[a-z0-9-]+$/)), z.string().check(z.maxLength(200)))),
});

/**
 * An absolute http(s) URL. Accepts, refuses and returns exactly what
 * `z.url({ protocol: /^https?$/ })` does, with the same issue: checked on the
 * trimmed text, handed back trimmed and without tabs or line breaks. Written
 * as one plain check because the format builder costs the browser bundle
 * ~400 B gzip. OpenAPI still says `format: uri` (see src/server/openapi.ts).
 */
export const HttpUrl = z.string().check(
  z.check((payload) => {
    const url = payload.value.trim();
    const scheme = /^https?:\/\//i.test(url);
    try {
      if (scheme) {
        new URL(url);
        payload.value = url.replace(/[\t\n\r]/g, '');
        return;
      }
    } catch {
      // not a URL: the issue below
    }
    payload.issues.push({
      code: 'invalid_format',
      format: 'url',
      ...(scheme ? {} : { note: 'Invalid URL format' }),
      input: payload.value,
      continue: true,
    });
  }),
);

/** The whole site config after merging. Every key but `site` has a built-in default. */
export const SiteConfig = z.strictObject({
  site: Slug,
  /** Where the reference backend (or any backend that speaks the contract) lives. Absent: LocalBackend. */
  endpoint: z.optional(HttpUrl),
  locale: z.optional(Locale),
  theme: z.optional(ThemeConfig),
  /** Message overrides per locale, by message key (see src/i18n). */
  messages: z.optional(z.partialRecord(Locale, z.record(z.string(), z.string()))),
  forms: z.record(Slug, FormConfig),
  /** The site's page with <uc-complaint-tracker>: the form's receipt links there. http(s) or a path on the site. */
  trackerUrl: z.optional(
    z.string().check(z.regex(/^(https?:\/\/|\/(?!\/))[^\s]*$/, 'must be an http(s) URL or a path starting with /')),
  ),
});
export type SiteConfig = z.infer<typeof SiteConfig>;

type Optional<T extends z.core.$ZodShape> = { [K in keyof T]: z.ZodMiniOptional<T[K]> };

/**
 * A partial config as one source (server, inline JSON, attributes, configure())
 * supplies it: every key of SiteConfig optional. The same schema z.partial(SiteConfig)
 * makes, spelled out: z.partial's shape-cloning helpers cost the browser ~400 B gzip.
 */
export const SiteConfigPatch = z.strictObject(
  Object.fromEntries(Object.entries(SiteConfig.shape).map(([key, schema]) => [key, z.optional(schema)])) as Optional<
    typeof SiteConfig.shape
  >,
);
export type SiteConfigPatch = z.infer<typeof SiteConfigPatch>;

export { KINDS };
