import type { ConsentApi } from '../consent/api';
import type { IdentifyOptions } from './identity';

/** A call made before the runtime loaded, replayed when it has. */
export type QueuedCall = [method: string, args: unknown[]];

/**
 * `window.usercare`: installed at once by the loader (calls queue up), then
 * made live by the runtime. The npm entry installs it the same way.
 */
export interface UsercareGlobal {
  /** set by the loader, so a second copy of the script does nothing */
  readonly loader?: number;
  /** calls waiting for the runtime */
  q: QueuedCall[];
  /** where the loader was served from: chunks load relative to it */
  base?: string;
  /** the loader tag's data-* attributes */
  dataset?: Record<string, string | undefined>;
  /** usercare's version, once the runtime has loaded */
  version?: string;
  identify(options: IdentifyOptions): void;
  forget(): void;
  configure(patch: Record<string, unknown>): void;
  /** resolves once the runtime has loaded and the config is known (valid or not) */
  ready: Promise<void>;
  /** filled by the runtime; the loader's stub resolves `ready` through it */
  markReady?: () => void;
  /** consent management, installed by the loader when its tag has `data-consent` (src/consent/stub.ts) */
  consent?: ConsentApi;
}

declare global {
  interface Window {
    usercare?: UsercareGlobal;
  }
}
