/**
 * POST /v1/staff/config/deadline-preview?site= — what deadlines a
 * submission would get under a document (the one sent, or the saved
 * draft), so an admin sees "due Thursday 18:00" before publishing new
 * hours or policies. Counted by the same code as a complaint's deadlines
 * (createSiteSla from the document's `settings.sla` and time zone, then
 * `deadlinesFor`, as the registry builds a site), on the real calendar.
 * Read-only: `configure` like the rest of the admin API, nothing written,
 * so no key and no audit entry.
 */
import type { Context } from 'hono';
import { DeadlinePreviewRequest, type DeadlinePreview } from '../../contract/staff-config';
import { formatPath } from '../../config/validate';
import { createSiteSla } from '../../sla';
import type { AppDeps } from '../context';
import { parseWith, readJson } from '../context';
import { validationFailed } from '../errors';
import { DEFAULT_SETTINGS } from '../registry-schema';
import { SiteDocument } from '../sites/document';
import { readDraft } from '../sites/store';
import { configMember } from './staff-config';

export async function postDeadlinePreview(c: Context, deps: AppDeps): Promise<Response> {
  const member = await configMember(c, deps);
  const input = parseWith(DeadlinePreviewRequest, await readJson(c));
  const document = input.document ?? (await readDraft(deps.db, member.site.id)).document;
  const parsed = SiteDocument.safeParse(document);
  if (!parsed.success)
    throw validationFailed(
      parsed.error.issues.map((issue) => ({
        path: `document.${formatPath(issue.path)}`,
        code: 'invalid_config',
        message: issue.message,
      })),
      'the document does not check: its deadlines cannot be counted (validate it for every problem)',
    );
  const settings = parsed.data.settings;
  const sla = createSiteSla(settings?.sla, { fallbackTimeZone: settings?.timezone ?? DEFAULT_SETTINGS.timezone });
  const receivedAt = new Date(input.receivedAt);
  // Read at receipt: nothing met and nothing paused yet, so each due instant is the promise as made.
  const deadlines = sla.deadlinesFor(input.kind, input.category, { receivedAt, now: receivedAt });
  const answer: DeadlinePreview = {
    deadlines: deadlines.flatMap((d) =>
      d.due === null ? [] : [{ name: d.name, dueAt: d.due, ...(d.estimated ? { estimated: true } : {}) }],
    ),
  };
  c.header('Cache-Control', 'no-store');
  return c.json(answer);
}
