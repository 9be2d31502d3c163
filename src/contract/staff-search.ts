/**
 * Staff search (GET /v1/staff/search): a site's submissions found by
 * tracking number, by contact (an e-mail address or phone number, exact) or
 * by the words of their text, Chinese included. Snippets are data: the
 * matched parts are segments marked `mark: true`, which the console renders
 * as text inside `<mark>`, never as HTML.
 */
import * as z from 'zod/mini';
import { answerWord, Channel, Instant, Kind, Slug, SubmissionStatus } from './common';

/** The longest query, in characters (code points). */
export const SEARCH_QUERY_MAX = 200;
/** Results per page unless `limit` says fewer or more, and the most a page holds. */
export const SEARCH_PAGE = 20;
export const SEARCH_PAGE_MAX = 100;

/**
 * How the query was read: `tracking` (it is a tracking number: that one
 * submission), `contact` (an e-mail address or phone number: the
 * submissions that give it, exactly; audited as a contact search), `text`
 * (words, all of which must be in the text).
 */
export const SEARCH_MODES = ['tracking', 'contact', 'text'] as const;
export const SearchMode = z.enum(SEARCH_MODES);
export type SearchMode = z.infer<typeof SearchMode>;

/** A piece of a snippet; `mark` when it is what the query matched. */
export const SearchSegment = z.object({ text: z.string(), mark: z.boolean() });
export type SearchSegment = z.infer<typeof SearchSegment>;

export const SearchResult = z.object({
  id: z.string(),
  kind: answerWord(Kind),
  status: answerWord(SubmissionStatus),
  trackingNumber: z.string(),
  category: Slug,
  channel: answerWord(Channel),
  receivedAt: Instant,
  /** the earliest due instant of a deadline still owed; null when none runs */
  nextDue: z.nullable(Instant),
  /** the first e-mail address or phone number it gives, masked as in every staff answer (d***@example.com); null: none */
  contact: z.nullable(z.string()),
  /** the text around the first match (or the text's start), personal fields never in it, in segments */
  snippet: z.array(SearchSegment),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** Best match first among the newest matches (a window of them at a time; a contact's: newest first), cursor-paginated. */
export const SearchPage = z.object({
  mode: SearchMode,
  items: z.array(SearchResult),
  nextCursor: z.nullable(z.string()),
});
export type SearchPage = z.infer<typeof SearchPage>;

/** The query string, as given (checked further by the server: a 422 names the field). */
export const SearchParams = z.object({
  site: Slug,
  q: z.optional(z.string()),
  kind: z.optional(z.string()),
  cursor: z.optional(z.string()),
  limit: z.optional(z.string()),
});
export type SearchParams = z.infer<typeof SearchParams>;
