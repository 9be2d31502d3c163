/**
 * Which browser origins may call a site. A site lists exact origins
 * (`https://shop.example.com`). A bare `*` is refused: the server checks the
 * Origin of every write against its site, and "anyone" would switch that off.
 *
 * Dev-only pattern: `http://localhost:*`, `http://127.0.0.1:*` and
 * `http://[::1]:*` match that loopback host on any port. Test runners and dev
 * servers pick random ports; nothing outside the machine can have a loopback
 * origin, so the pattern opens nothing to the network.
 */
const LOOPBACK_PATTERNS = new Set(['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*']);

/** Why an allowedOrigins entry is not acceptable, or undefined when it is. */
export function originEntryProblem(entry: string): string | undefined {
  if (entry === '*')
    return "'*' is not allowed: list each origin (for local development, 'http://localhost:*' matches any port)";
  if (LOOPBACK_PATTERNS.has(entry)) return undefined;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return 'must be an origin such as https://example.com';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https origin';
  if (url.origin !== entry)
    return `must be exactly an origin, without path or trailing slash (did you mean ${url.origin}?)`;
  return undefined;
}

/** True when `origin` (an Origin header value) is matched by the entry. */
export function originMatches(entry: string, origin: string): boolean {
  if (entry === origin) return true;
  if (!LOOPBACK_PATTERNS.has(entry)) return false;
  const prefix = entry.slice(0, -1); // 'http://localhost:'
  if (origin === prefix.slice(0, -1)) return true; // the default port has no ':port' in an Origin
  return origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length));
}

export function originAllowed(entries: readonly string[], origin: string): boolean {
  return entries.some((entry) => originMatches(entry, origin));
}
