/**
 * The years the reference server's official working-day calendar covers
 * (src/sla/official-calendar.ts reads them from a package the browser never
 * loads). The studio says so beside a site's own calendar years, so an
 * admin knows which year is theirs to add. A constant, not an answer: it is
 * fixed per release, and a test holds it to the data.
 */
export const OFFICIAL_CALENDAR_YEARS = { first: 2004, last: 2026 } as const;
