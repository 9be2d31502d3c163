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
  /** Whether the delivery's `Usercare-Signature` is the HMAC of its body under `secret`. */
  signedWith(delivery: Delivery, secret: string): boolean;
  close(): Promise<void>;
}

export async function startWebhookHost(): Promise<WebhookHost> {
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
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/usercare-hook`,
    received,
    ofType: (type) => received.filter((d) => d.json.type === type),
    signedWith(delivery, secret) {
      const [t, v1] = (delivery.signature ?? '').split(',').map((part) => part.split('=')[1]);
      return v1 === createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex');
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
