/** Query parameters the staff exports share, each refused with a 400 naming what it must be. */
import { INSTANT_PATTERN } from '../contract/common';
import { ApiError } from './errors';

export const badQuery = (message: string) => new ApiError(400, 'invalid_request', message);

/** An ISO instant with offset, normalised to the server's own form (UTC, milliseconds) so it compares as text with stored times. */
export function instant(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  INSTANT_PATTERN.lastIndex = 0;
  const ms = INSTANT_PATTERN.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    throw badQuery(`${name} must be an ISO-8601 instant with offset, e.g. 2026-11-01T00:00:00+08:00`);
  return new Date(ms).toISOString();
}

/** A whole number from 1 to `max`, or `fallback` when absent. */
export function limitParam(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badQuery(`limit must be a whole number from 1 to ${max}`);
  return n;
}
