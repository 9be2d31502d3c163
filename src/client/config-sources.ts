import { DEFAULT_CONFIG } from '../config/defaults';
import { mergeConfig } from '../config/merge';
import { validateConfig, type ConfigResult } from '../config/validate';
import type { ConfigProblem } from '../config/validate';
import { BackendError } from './errors';
import { RestBackend } from './rest-backend';

/** The sources a page supplies, in merge order after the built-in defaults and the server's public config. */
export interface PageConfigSources {
  /** `<script type="application/json" data-usercare-config>`, parsed (or the parse error) */
  inline: Array<Record<string, unknown> | { error: string }>;
  /** data-* attributes of the loader's script tag */
  attributes: Record<string, unknown>;
  /** every `usercare.configure()` call, in order */
  configured: Array<Record<string, unknown>>;
}

/** Reads the inline JSON blocks of a document (or a subtree). A parse error becomes a config problem, not an exception. */
export function readInlineConfig(root: ParentNode): PageConfigSources['inline'] {
  return [...root.querySelectorAll('script[type="application/json"][data-usercare-config]')].map((script) => {
    try {
      const value: unknown = JSON.parse(script.textContent ?? '');
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : { error: 'the inline config must be a JSON object' };
    } catch (error) {
      return { error: `the inline config is not valid JSON: ${(error as Error).message}` };
    }
  });
}

/** data-site, data-endpoint, data-locale on the loader's tag. The endpoint may be relative to the page. */
export function attributesConfig(dataset: Record<string, string | undefined>, base: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (dataset.site) out.site = dataset.site;
  if (dataset.locale) out.locale = dataset.locale;
  if (dataset.endpoint) {
    try {
      out.endpoint = new URL(dataset.endpoint, base).href.replace(/\/+$/, '');
    } catch {
      out.endpoint = dataset.endpoint;
    }
  }
  return out;
}

/**
 * Merges every source, the one closer to the page winning (defaults < server
 * < inline < attributes < configure(), see mergeConfig), and validates the
 * result. The server's public config is fetched only when the page names an
 * endpoint and a site.
 */
export async function resolveConfig(sources: PageConfigSources, signal?: AbortSignal): Promise<ConfigResult> {
  const inlineErrors = sources.inline.flatMap((s) => ('error' in s && typeof s.error === 'string' ? [s.error] : []));
  if (inlineErrors.length)
    return { ok: false, problems: inlineErrors.map((message) => ({ path: '(inline JSON)', message })) };
  const local = mergeConfig(
    ...(sources.inline as Array<Record<string, unknown>>),
    sources.attributes,
    ...sources.configured,
  );
  let server: Record<string, unknown> | undefined;
  if (typeof local.endpoint === 'string' && typeof local.site === 'string') {
    try {
      server = (await new RestBackend(local.endpoint, { timeout: 8000 }).getSiteConfig(local.site, signal)) as Record<
        string,
        unknown
      >;
    } catch (error) {
      // The server refuses this page's origin: no form would ever be delivered, so none is shown; the
      // element explains it in place (and the one console message names the origin and where to allow it).
      if (error instanceof BackendError && error.code === 'origin_not_allowed')
        return { ok: false, problems: [originProblem(local.site, location.origin)] };
      // Offline or server down: the page's own sources still make a working form; the outbox delivers later.
      console.warn(`usercare: could not load the site config from ${local.endpoint}; using the page's own`, error);
    }
  }
  return validateConfig(mergeConfig(DEFAULT_CONFIG, server, local));
}

function originProblem(site: string, origin: string): ConfigProblem {
  return {
    path: 'allowedOrigins',
    message: `this page's origin ${origin} is not allowed for site "${site}": add it to the site's allowedOrigins`,
    refusedOrigin: origin,
  };
}
