import { readFileSync } from 'node:fs';

/** The package version, reported by /healthz. Read once; '0.0.0' if package.json is not beside the sources. */
export const SERVER_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
