/**
 * A live stream (GET /v1/stream, /v1/staff/stream) read by the Node tests as
 * a browser reads it: fetch and the client's own parser (not itself a test).
 */
import { SseParser, type SseMessage } from '../../src/client/live-stream';

export interface EventStream {
  response: Response;
  status: number;
  /** every message so far, in order */
  messages: SseMessage[];
  /** the first message (from the start) that matches, or a failure after `ms` */
  next(match: (m: SseMessage) => boolean, ms?: number): Promise<SseMessage>;
  /** settles when the server ends the stream (at once when it was refused) */
  ended: Promise<void>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string>): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const messages: SseMessage[] = [];
  const waiters = new Set<() => void>();
  const parser = new SseParser((message) => {
    messages.push(message);
    for (const wake of waiters) wake();
  });
  const ended = (async () => {
    if (!response.body || response.status !== 200) return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        parser.push(decoder.decode(chunk.value, { stream: true }));
    } catch {
      // aborted by close()
    }
  })();
  return {
    response,
    status: response.status,
    messages,
    ended,
    close: () => abort.abort(),
    next: (match, ms = 5_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(messages)}`));
        }, ms);
        waiters.add(check);
        check();
      }),
  };
}
