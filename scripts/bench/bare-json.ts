/** The baseline of the read benches: node:http alone, the same answer for every GET, serialized per request. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startBareJson(answer: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const body = JSON.stringify(answer);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      (closing ??= new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      })),
  };
}
