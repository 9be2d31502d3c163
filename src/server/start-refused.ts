/**
 * The server will not start, for a reason its operator fixes in the data
 * folder (the registry file, what it holds). An entry point prints the
 * message alone, with no stack trace, and exits non-zero.
 */
export class StartRefused extends Error {
  override name = 'StartRefused';
}
