/**
 * Times in the site's time zone rather than the browser's: an admin in
 * Berlin previewing a Shanghai site's deadlines means "received at 10:00"
 * as Shanghai's 10:00, the hour the server counts working time in. Only
 * Intl, as the server's own conversion does.
 */

const MINUTE = 60_000;

/** Whether Intl knows the zone (a draft's may be mistyped). */
export function knownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `timeZone` at `instant`, to the minute, as numbers. */
function wallClock(timeZone: string, instant: number) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/** Minutes to add to UTC to read the zone's clock at `instant`. */
function offsetAt(timeZone: string, instant: number): number {
  const w = wallClock(timeZone, instant);
  return (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(instant / MINUTE) * MINUTE) / MINUTE;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm` as a datetime-local input holds it, for `instant` on the zone's clock. */
export function wallClockText(timeZone: string, instant: number): string {
  const w = wallClock(timeZone, instant);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant a datetime-local value happens on the zone's clock; undefined
 * for what is not one. A time a clock change skips lands after the gap.
 */
export function instantOnClock(timeZone: string, text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc)) return undefined;
  // The offset at the first guess may be the other side of a clock change: a second look settles it.
  const first = asUtc - offsetAt(timeZone, asUtc) * MINUTE;
  return asUtc - offsetAt(timeZone, first) * MINUTE;
}

/** An instant as a person reads it on the zone's clock, with its weekday, and seconds only when it has some. */
export function formatOnClock(locale: string, timeZone: string, iso: string): string {
  const at = new Date(iso);
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(at.getUTCSeconds() ? { second: '2-digit' as const } : {}),
    hourCycle: 'h23',
  }).format(at);
}
