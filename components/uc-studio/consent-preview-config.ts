/**
 * The consent config the studio's preview shows the banner with: what the
 * server would serve for the draft's consent settings and Texts, made by the
 * same functions (src/contract/consent-served.ts), the revision hashed here
 * with the browser's SHA-256.
 */
import { ConsentSettings, type ConsentConfig } from '../../src/contract/consent';
import { consentRevisionText, servedConsent, withRevision } from '../../src/contract/consent-served';
import { LOCALES, type Locale } from '../../src/contract/common';

/**
 * The consent config the draft's settings make, as the server would serve it
 * for `site` (revision included), or 'none' when the draft asks for no consent
 * and 'invalid' when its settings break the contract (the draft's problems
 * say where).
 */
export async function previewConsentConfig(
  site: string,
  consent: unknown,
  messages: unknown,
): Promise<ConsentConfig | 'none' | 'invalid'> {
  if (consent === undefined) return 'none';
  const settings = ConsentSettings.safeParse(consent);
  if (!settings.success) return 'invalid';
  const served = servedConsent(site, settings.data, siteMessages(messages));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(consentRevisionText(served)));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return withRevision(served, hex.slice(0, 16));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The public config's `messages`, strings only, by locale. */
function siteMessages(messages: unknown): Partial<Record<Locale, Record<string, string>>> | undefined {
  if (!isObject(messages)) return undefined;
  const out: Partial<Record<Locale, Record<string, string>>> = {};
  for (const locale of LOCALES) {
    const mine = messages[locale];
    if (isObject(mine))
      out[locale] = Object.fromEntries(
        Object.entries(mine).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
  }
  return out;
}
