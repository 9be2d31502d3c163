import type { FormConfig } from '../config/schema';
import type { Profile } from './identity';

/**
 * Values for the form's personal fields: from the identity the host passed,
 * else from contact details this device was asked to remember.
 */
export function prefillFor(
  form: FormConfig,
  profile: Profile,
  remembered: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of form.fields) {
    if (!field.personal) continue;
    const fromProfile = field.personal.prefill ? profile[field.personal.prefill] : undefined;
    const value = fromProfile || remembered[field.name];
    if (value) out[field.name] = value;
  }
  return out;
}

/** The personal values of a draft, to remember when the user ticked "remember my contact details". */
export function contactOf(form: FormConfig, fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of form.fields) {
    const value = fields[field.name];
    if (field.personal && typeof value === 'string' && value.trim()) out[field.name] = value.trim();
  }
  return out;
}

/** Whose remembered details: a signed-in user's, or this device's (the key they had before they had owners). */
export const contactKey = (site: string, sub?: string) => `contact:${site}${sub === undefined ? '' : ` user:${sub}`}`;
