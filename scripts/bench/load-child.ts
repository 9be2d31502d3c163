/**
 * Runs a load generator script in a child process (its own event loop and
 * core, so the server under test is not measured against its own client),
 * killed after `timeoutMs` or by the caller's clean-up on Ctrl-C. The script
 * takes its options as one JSON argument and prints its LoadResult as the
 * last line of its output.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './http-load';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function runLoadChild(
  script: string,
  options: unknown,
  timeoutMs: number,
  onCleanup: (step: () => void) => void,
  what: string,
): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  onCleanup(kill);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      kill();
      fail(new Error(`${what} still running after ${timeoutMs} ms; killed`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return fail(new Error(`${what} exited with ${code}: ${err.trim() || out.trim()}`));
      try {
        done(JSON.parse(line) as LoadResult);
      } catch {
        fail(new Error(`${what} printed no result: ${out.trim()}`));
      }
    });
  });
}
