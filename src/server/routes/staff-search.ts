/**
 * GET /v1/staff/search?site=…&q=… — staff search over the site's
 * submissions (src/server/search/search.ts). Any staff member of the site
 * may search (a supervisor too: it is a read). What the query is decides
 * how it searches: a tracking number finds that submission; an e-mail
 * address or a phone number (digits only, 8 or more) finds the submissions
 * that give it; anything else is words, all of which must be in the text.
 *
 * Every search is one `search` entry of the audit log, as every staff read
 * is: how it searched, the kind filter, the page and how many it found. A
 * contact search names the contact masked (never in clear); a text search
 * says how many terms, not which (they may be a name).
 *
 * A query the search cannot take is a 422 naming the parameter: empty,
 * longer than SEARCH_QUERY_MAX characters, or without a letter or digit.
 * A lone Chinese character is taken, as the prefix of the index's pairs.
 *
 * A page is kept while the site's submissions and their index stand still
 * (../staff/page-memo.ts): nothing in it depends on the time. A search by
 * contact is never kept: the key would hold the contact in clear for
 * longer than its one read.
 */
import type { Context } from 'hono';
import { KINDS, type Kind } from '../../contract/common';
import type { FieldError } from '../../contract/errors';
import {
  SEARCH_PAGE,
  SEARCH_PAGE_MAX,
  SEARCH_QUERY_MAX,
  SearchParams,
  type SearchPage,
} from '../../contract/staff-search';
import type { AppDeps } from '../context';
import { ApiError, validationFailed } from '../errors';
import { readSearch, type SearchQuery } from '../search/search';
import { queryTerms } from '../search/tokens';
import { audit } from '../staff/audit';
import { staffOf } from '../staff/identity';
import { contactKey, maskValue } from '../staff/masking';
import { PageMemo } from '../staff/page-memo';
import { TRACKING_NUMBER_PATTERN } from '../tracking';

const searchPages = new PageMemo<SearchPage>((page) => page.items.length);

export async function getSearch(c: Context, deps: AppDeps): Promise<Response> {
  const member = await staffOf(c, deps, c.req.query('site') ?? '');
  const parsed = SearchParams.safeParse(c.req.query());
  if (!parsed.success)
    throw new ApiError(400, 'invalid_request', `${String(parsed.error.issues[0]?.path[0] ?? 'query')} is not valid`);
  const query = searchQueryOf(parsed.data);
  const now = deps.now();
  const page = await searchPages.read(
    deps,
    member.site,
    JSON.stringify(query),
    now,
    () => readSearch(deps.db, member.site, query),
    query.mode === 'contact' ? 'never' : 'always',
  );
  await audit(
    deps.db,
    member,
    {
      action: 'search',
      detail: {
        mode: query.mode,
        kind: query.kind ?? null,
        page: query.cursor ? 'next' : 'first',
        count: page.items.length,
        ...(query.mode === 'contact' ? { contact: maskValue(parsed.data.q!.trim()) } : {}),
        ...(query.mode === 'tracking' ? { trackingNumber: query.trackingNumber } : {}),
        ...(query.mode === 'text' ? { terms: query.terms.length } : {}),
      },
    },
    now,
  );
  return c.json(page);
}

/** The parameters as a search, or a 422 naming each one it cannot take. */
export function searchQueryOf(params: SearchParams): SearchQuery {
  const problems: FieldError[] = [];
  const q = (params.q ?? '').trim();
  const length = Array.from(q).length;
  if (!length) problems.push({ path: 'q', code: 'required', message: 'q: say what to search for' });
  else if (length > SEARCH_QUERY_MAX)
    problems.push({
      path: 'q',
      code: 'too_long',
      message: `q is longer than ${SEARCH_QUERY_MAX} characters`,
      params: { max: SEARCH_QUERY_MAX },
    });
  const kind = params.kind;
  if (kind !== undefined && !(KINDS as readonly string[]).includes(kind))
    problems.push({ path: 'kind', code: 'invalid_kind', message: `kind is one of ${KINDS.join(', ')}` });
  let limit = SEARCH_PAGE;
  if (params.limit !== undefined) {
    limit = Number(params.limit);
    if (!/^\d+$/.test(params.limit) || limit < 1 || limit > SEARCH_PAGE_MAX)
      problems.push({
        path: 'limit',
        code: 'out_of_range',
        message: `limit is a whole number from 1 to ${SEARCH_PAGE_MAX}`,
        params: { min: 1, max: SEARCH_PAGE_MAX },
      });
  }
  const base = { ...(kind !== undefined ? { kind: kind as Kind } : {}), cursor: params.cursor, limit };
  if (!problems.length) {
    if (TRACKING_NUMBER_PATTERN.test(q.toUpperCase()))
      return { mode: 'tracking', trackingNumber: q.toUpperCase(), ...base };
    const contact = contactKey(q);
    if (contact) return { mode: 'contact', contact, ...base };
    const terms = queryTerms(q);
    if (terms.length) return { mode: 'text', terms, ...base };
    problems.push({ path: 'q', code: 'no_words', message: 'q has no letter or digit to search for' });
  }
  throw validationFailed(problems);
}
