/**
 * A host site's webhook endpoint for the Node tests (not itself a test): a
 * real HTTP server on 127.0.0.1 that keeps every delivery it receives and
 * checks its signature the way a host would.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields its event has
  json: any;
  signature: string | undefined;
  delivery: string | undefined;
}

export interface WebhookHost {
  url: string;
  received: Delivery[];
  /** The deliveries of one event type. */
  ofType(type: string): Delivery[];
  /** Whether any `v1` of the delivery's `Usercare-Signature` is the HMAC of its body under `secret`, as a host checks it. */
  signedWith(delivery: Delivery, secret: string): boolean;
  /** The `v1` signatures of the delivery, in their order (one, or one per secret during a rotation's overlap). */
  signaturesOf(delivery: Delivery): string[];
  close(): Promise<void>;
}

/** `t=…,v1=…,v1=…` as name and value pairs. */
const partsOf = (delivery: Delivery): string[][] =>
  (delivery.signature ?? '')
    .split(',')
    .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]);

const signaturesOf = (delivery: Delivery): string[] =>
  partsOf(delivery)
    .filter(([name]) => name === 'v1')
    .map(([, value]) => value!);

/** What the host answers every delivery with: by default 204 and nothing. */
export interface HostAnswer {
  status: number;
  body?: string;
}

export async function startWebhookHost(answer: HostAnswer = { status: 204 }): Promise<WebhookHost> {
  const received: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({
        body,
        json: JSON.parse(body),
        signature: req.headers['usercare-signature'] as string | undefined,
        delivery: req.headers['usercare-delivery'] as string | undefined,
      });
      res.writeHead(answer.status, { 'Content-Type': 'text/plain' }).end(answer.body ?? '');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/usercare-hook`,
    received,
    ofType: (type) => received.filter((d) => d.json.type === type),
    signedWith(delivery, secret) {
      const t = partsOf(delivery).find(([name]) => name === 't')?.[1];
      const expected = createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex');
      return t !== undefined && signaturesOf(delivery).includes(expected);
    },
    signaturesOf,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
