/**
 * Entry for @web/test-runner: `node --import tsx test/support/harness-main.ts`.
 * Starts the harness (real server + fault proxy, fresh temp data dir), prints
 * ONE JSON line to stdout:
 *   {"api":"http://127.0.0.1:P1","direct":"http://127.0.0.1:P2","control":"http://127.0.0.1:P1/__harness"}
 * and runs until its stdin closes or it gets SIGTERM/SIGINT; then it stops
 * both servers and removes the temp dir. Everything else goes to stderr.
 *
 * Env: HARNESS_ORIGINS — comma-separated extra origins for the `test` site.
 */
import { startHarness } from './harness';

const origins = (process.env['HARNESS_ORIGINS'] ?? '')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean);

const harness = await startHarness({ origins });
process.stdout.write(`${JSON.stringify({ api: harness.api, direct: harness.direct, control: harness.control })}\n`);

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`[harness] stopping (${reason})\n`);
  try {
    await harness.close();
  } finally {
    process.exit(0);
  }
}

process.stdin.on('end', () => void stop('stdin closed'));
process.stdin.on('close', () => void stop('stdin closed'));
process.stdin.resume();
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
