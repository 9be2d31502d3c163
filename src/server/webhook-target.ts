/**
 * Where a webhook may be sent, and the one way it is sent. A site's webhook
 * URL is the site owner's to set, so it must not reach what only the server
 * can reach: its own machine, the private network around it, or the cloud's
 * metadata service (169.254.169.254, fd00:ec2::254), which would turn the
 * server into a proxy into them (server-side request forgery).
 *
 * - The URL is https; plain http is for this machine only, and only where the
 *   server was started to allow it (the demo and the tests, whose hosts run
 *   beside the server: `StartServerOptions.webhookLoopback`).
 * - The host name is resolved, and every address it resolves to is checked
 *   against the refused ranges below before connecting: a name that points
 *   at a private address is refused as the address itself is.
 * - The connection goes to the address that was checked (the check is the
 *   socket's own `lookup`), so a name cannot resolve to a public address for
 *   the check and to a private one for the connection (DNS rebinding).
 * - Redirects are not followed, and the answer's body is not read: a
 *   delivery's result is its status code and its time, nothing the host
 *   said. The one exception is a reward code the host issues
 *   (points/host-codes.ts), read up to a small bound.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Addresses no webhook may reach; loopback is listed apart, since the demo and the tests may allow it. */
const REFUSED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, the cloud metadata service among them
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  REFUSED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['fc00::', 7], // unique local, fd00:ec2::254 (a cloud's metadata service) among them
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  REFUSED.addSubnet(net, prefix, 'ipv6');
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface WebhookTargetPolicy {
  /** http and this machine's addresses allowed (the demo, the tests); never on a real server */
  loopback: boolean;
  /** How names are resolved; the system's resolver (dns.lookup) unless a test stands in for the DNS. */
  lookup?: typeof dnsLookup;
}

/** Why `address` may not be reached, or undefined when it may. IPv4-mapped IPv6 addresses are judged as IPv4. */
export function refusedAddress(address: string, policy: WebhookTargetPolicy): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (LOOPBACK.check(ip, family))
    return policy.loopback ? undefined : `${address} is this machine (loopback), which a webhook may not reach`;
  if (REFUSED.check(ip, family))
    return `${address} is a private, link-local or reserved address, which a webhook may not reach`;
  return undefined;
}

/** Why `url` may not be a webhook's target as written (before any name is resolved), or undefined. */
export function refusedUrl(url: string, policy: WebhookTargetPolicy): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password) return 'a webhook URL may not carry a user name or password';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && LOOPBACK_NAMES.has(parsed.hostname))
    return policy.loopback ? undefined : 'plain http is only for a webhook on this machine, in the demo';
  return 'a webhook URL must be https';
}

export interface WebhookPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** read the answer's body, up to this many bytes (a larger one is an error); by default it is not read */
  readAnswerBytes?: number;
}

/**
 * What became of one POST: the host's status code and how long it took (and
 * its answer, when asked for), or why it was not sent or not answered.
 * `refused`: this policy does not let the URL be a webhook's target (as
 * written, or an address its name resolves to), so nothing was sent; other
 * errors are the network's or the host's.
 */
export type WebhookOutcome =
  { status: number; ms: number; answer?: string } | { error: string; ms: number; refused?: true };

/** A target the policy refuses, as the socket's lookup reports it. */
class RefusedTarget extends Error {}

/** POSTs `body` to `url` if the policy allows it, connecting only to an address it allows. */
export function postWebhook(url: string, post: WebhookPost, policy: WebhookTargetPolicy): Promise<WebhookOutcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const refused = refusedUrl(url, policy);
  if (refused) return Promise.resolve({ error: refused, ms: 0, refused: true });
  const target = new URL(url);
  // An address written in the URL is connected to without a lookup: it is checked here.
  const literal = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const literalRefused = isIP(literal) ? refusedAddress(literal, policy) : undefined;
  if (literalRefused) return Promise.resolve({ error: literalRefused, ms: 0, refused: true });
  // The socket's own name lookup: every address checked, and the connection made to the one checked.
  const lookup: LookupFunction = (hostname, options, callback) => {
    (policy.lookup ?? dnsLookup)(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const bad = list.map((a) => refusedAddress(a.address, policy)).find((why) => why !== undefined);
      if (bad) return callback(new RefusedTarget(`${hostname}: ${bad}`) as NodeJS.ErrnoException, '', 0);
      if (!list.length) return callback(new Error(`${hostname}: no address`) as NodeJS.ErrnoException, '', 0);
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  return new Promise<WebhookOutcome>((resolve) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...post.headers, 'Content-Length': String(Buffer.byteLength(post.body)) },
        lookup,
        timeout: post.timeoutMs,
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        const limit = post.readAnswerBytes;
        if (limit === undefined) {
          // The status is all a delivery keeps: the body is never read.
          response.destroy();
          resolve({ status, ms: ms() });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) response.destroy(new Error(`the answer is over ${limit} bytes`));
          else chunks.push(chunk);
        });
        response.on('error', (error) => resolve({ error: error.message, ms: ms() }));
        response.on('end', () => resolve({ status, ms: ms(), answer: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${post.timeoutMs} ms`)));
    request.on('error', (error) =>
      resolve({
        error: error.message,
        ms: ms(),
        ...(error instanceof RefusedTarget ? { refused: true as const } : {}),
      }),
    );
    request.end(post.body);
  });
}
