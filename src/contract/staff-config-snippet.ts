/**
 * GET /v1/staff/config/snippet?site=… (the `configure` permission): the
 * exact HTML a site pastes into its pages to use this server's current
 * build, pinned to the build's immutable path (`/dist/v/<build id>/`) and
 * checked by the browser against the build's integrity manifest.
 */
import * as z from 'zod/mini';

/** Each element's lines, as pasted: `loader` goes first in <head>, an element's where it should show. */
export const SnippetTags = z.object({
  /** the import map carrying every chunk's integrity, then the loader's script tag */
  loader: z.array(z.string()),
  feedbackForm: z.array(z.string()),
  complaintTracker: z.array(z.string()),
  /** the loader's tag with `data-consent` (it replaces the plain one), then the banner */
  consentBanner: z.array(z.string()),
  pointsWidget: z.array(z.string()),
});
export type SnippetTags = z.infer<typeof SnippetTags>;

export const ConfigSnippet = z.object({
  site: z.string(),
  /** the build the tags pin: a hash of what it was built from (scripts/versioned-dist.ts) */
  buildId: z.string(),
  /** where the tags load from: `<endpoint>/dist/v/<buildId>/` */
  base: z.string(),
  tags: SnippetTags,
  /** what a page with a Content-Security-Policy needs, in English (the studio says it in the admin's language) */
  csp: z.string(),
  /** `'sha256-…'` of the import map's text, for a script-src that allows it by hash rather than a nonce */
  importMapHash: z.string(),
});
export type ConfigSnippet = z.infer<typeof ConfigSnippet>;
