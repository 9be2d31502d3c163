/**
 * A complaint staff log from another channel than the web form (a hotline
 * call, the site's mailbox, a letter, a visit to a counter): where its text
 * and the user's contact go among the form's fields, and how far back and
 * ahead its `receivedAt` may be dated.
 *
 * The text goes where the queue reads a submission's text (the form's
 * `message`, else its first text area, else its first text field, never a
 * personal one); the contact into the form's own e-mail or phone field, so
 * it is masked, revealed and looked up like one the user typed. A form with
 * no field for that kind of contact (the built-in form asks for an e-mail
 * address, a caller gives a phone number) keeps it under `contact`, which
 * masking, reveals and the lookup treat as a personal field of every form.
 */
import { contactKind, validateValues } from '../../config/validate-values';
import { offeredForm } from '../../config/offered-form';
import type { FormConfig } from '../../config/schema';
import type { FieldValue } from '../../contract/common';
import type { FieldError } from '../../contract/errors';

/** The field a contact is kept under when the form has none for its kind. */
export const INTAKE_CONTACT_FIELD = 'contact';

const DAY_MS = 24 * 3_600_000;

/** The form's field for what the user said or wrote, as the queue's excerpt picks it; undefined when it has none. */
export function textFieldOf(form: FormConfig): string | undefined {
  const writable = form.fields.filter((f) => !f.personal);
  return (
    writable.find((f) => f.name === 'message') ??
    writable.find((f) => f.type === 'textarea') ??
    writable.find((f) => f.type === 'text')
  )?.name;
}

/** The form's field for an e-mail address or a phone number, or INTAKE_CONTACT_FIELD. */
export function contactFieldOf(form: FormConfig, kind: 'email' | 'phone'): string {
  const type = kind === 'email' ? 'email' : 'tel';
  const field =
    form.fields.find((f) => f.type === type) ??
    form.fields.find((f) => f.type === 'text' && f.personal?.prefill === kind);
  return field?.name ?? INTAKE_CONTACT_FIELD;
}

export interface IntakeValues {
  category: string;
  contact: string;
  text: string;
  /** the form's other fields */
  fields?: Record<string, FieldValue> | undefined;
}

/**
 * The submission's fields: the other fields given, the text and the contact
 * in theirs. Problems are reported at the request's own names (`text`,
 * `contact`, `fields.<name>`), checked by the form's rules as a web
 * submission's are.
 */
export function intakeFields(
  form: FormConfig,
  input: IntakeValues,
): { ok: true; fields: Record<string, FieldValue> } | { ok: false; problems: FieldError[] } {
  const kind = contactKind(input.contact);
  if (!kind) return fail('contact', 'invalid_contact', 'contact must be an e-mail address or a phone number');
  // The text and the contact go in fields still offered; a retired one keeps only what was sent with it.
  const offered = offeredForm(form);
  const textField = textFieldOf(offered);
  if (!textField)
    return fail('text', 'no_text_field', 'the form has no field for the text (a text area or text field)');
  const contactField = contactFieldOf(offered, kind);
  if (contactField === INTAKE_CONTACT_FIELD && form.fields.some((f) => f.name === INTAKE_CONTACT_FIELD))
    return fail(
      'contact',
      'no_contact_field',
      `contact has no field to go in: the form has no ${kind === 'email' ? 'e-mail' : 'phone'} field`,
    );
  const fields: Record<string, FieldValue> = { ...input.fields, [textField]: input.text };
  // The form's rules check what is in its fields; a contact kept apart is checked above.
  if (contactField !== INTAKE_CONTACT_FIELD) fields[contactField] = input.contact;
  const renamed = new Map([
    [`fields.${textField}`, ['text', textField]],
    [`fields.${contactField}`, ['contact', contactField]],
  ]);
  const problems = validateValues(offered, {
    kind: 'complaint',
    category: input.category,
    fields,
    attachments: [],
  }).map((p) => {
    const [path, field] = renamed.get(p.path) ?? [];
    return path ? { ...p, path, message: `${path} (the form's field ${field}): ${p.message}` } : p;
  });
  if (problems.length) return { ok: false, problems };
  if (contactField === INTAKE_CONTACT_FIELD) fields[INTAKE_CONTACT_FIELD] = input.contact;
  return { ok: true, fields };
}

function fail(path: string, code: string, message: string): { ok: false; problems: FieldError[] } {
  return { ok: false, problems: [{ path, code, message }] };
}

/**
 * Why `receivedAt` cannot be a logged complaint's receipt, or undefined: it
 * may be at most `skewSeconds` ahead of the server's clock (a staff PC's
 * clock a little fast) and at most `maxAgeDays` days behind it, that
 * instant itself included.
 */
export function receivedAtProblem(
  receivedAt: Date,
  now: Date,
  limits: { maxAgeDays: number; skewSeconds: number },
): FieldError | undefined {
  if (receivedAt.getTime() > now.getTime() + limits.skewSeconds * 1000)
    return {
      path: 'receivedAt',
      code: 'in_future',
      message: `receivedAt is later than now (${now.toISOString()}, give or take ${limits.skewSeconds} s): a complaint cannot be received in the future`,
      params: { max: limits.skewSeconds },
    };
  if (receivedAt.getTime() < now.getTime() - limits.maxAgeDays * DAY_MS)
    return {
      path: 'receivedAt',
      code: 'too_old',
      message: `receivedAt is more than ${limits.maxAgeDays} days ago (the site's settings.staff.intakeMaxAgeDays)`,
      params: { max: limits.maxAgeDays },
    };
  return undefined;
}
