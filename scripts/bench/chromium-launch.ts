/**
 * Debian's Chromium for a bench, headless through puppeteer-core, with a
 * profile in a temp folder: launched bounded in time, closed (or killed)
 * and its profile removed once, by the caller or by its clean-up on Ctrl-C.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from 'puppeteer-core';
import type { Browser } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.js';
import { withTimeout } from './with-timeout';

export interface LaunchedChromium {
  browser: Browser;
  /** closes the browser and removes its profile; safe to call again */
  close(): Promise<void>;
}

export async function launchChromium(
  name: string,
  onCleanup: (step: () => Promise<void> | void) => void,
): Promise<LaunchedChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), `usercare-bench-${name}-`));
  let browser: Browser | undefined;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      if (browser) {
        const child = browser.process();
        await withTimeout(browser.close(), 15_000, 'closing chromium').catch(() => void child?.kill('SIGKILL'));
      }
      rmSync(userDataDir, { recursive: true, force: true });
    })());
  onCleanup(close);
  try {
    browser = await withTimeout(
      launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        userDataDir,
        args: CHROMIUM_ARGS,
        protocolTimeout: 60_000,
        // The bench's own handlers close everything on a signal; puppeteer's would exit the process first.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      }),
      30_000,
      'launching chromium',
    );
  } catch (error) {
    await close();
    throw error;
  }
  return { browser, close };
}
