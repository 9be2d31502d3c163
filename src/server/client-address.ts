/**
 * Who is asking, as far as rate limits can tell: the client's address, and
 * the part of it one subscriber holds.
 */
import { isIPv6 } from 'node:net';
import type { Context } from 'hono';

/**
 * The client's address. The peer's, unless the server runs behind
 * `trustedProxyHops` proxies of its own (TRUST_PROXY_HOPS): then the address
 * the outermost of them saw, read from X-Forwarded-For. Each proxy appends the
 * address it received the request from, so with N proxies the entry N from
 * the end is the client as the first proxy saw it; entries further left are
 * the client's own say, which anyone can forge.
 */
export function clientAddress(c: Context, trustedProxyHops: number): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const peer = env?.incoming?.socket?.remoteAddress ?? 'unknown';
  if (trustedProxyHops <= 0) return peer;
  const forwarded = (c.req.header('X-Forwarded-For') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedProxyHops] ?? peer;
}

/**
 * The part of an address one subscriber holds: an IPv4 address as it is, an
 * IPv6 address by its /64 (a home or phone gets a whole /64, so counting
 * single IPv6 addresses would give one client 2^64 allowances).
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  const bare = address.split('%')[0]!;
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
