/**
 * The backend of the studio's points preview: it answers the widget's reads
 * with the summary the draft makes (points-preview-summary.ts), no history
 * and no codes, from memory, and refuses whatever would write (a redemption,
 * an undo, feedback): a preview reaches no server and changes nothing.
 */
import type { Backend } from '../../src/client/backend';
import { BackendError } from '../../src/client/errors';
import type { PointsBackend } from '../../src/client/rest-points';
import type { PointsSummary } from '../../src/contract/points';

export class StudioPointsBackend implements PointsBackend, Backend {
  /** what the widget's device copy is keyed by: no server's */
  readonly endpoint: string;

  constructor(
    site: string,
    private readonly shown: PointsSummary,
    /** the refusal a write gets, in the studio's language */
    private readonly refusal: string,
  ) {
    this.endpoint = `studio-preview:${site}`;
  }

  summary() {
    return Promise.resolve(structuredClone(this.shown));
  }
  history() {
    return Promise.resolve({ items: [], nextCursor: null });
  }
  redemptions() {
    return Promise.resolve({ items: [] });
  }
  redeem(): Promise<never> {
    return this.refuse();
  }
  undo(): Promise<never> {
    return this.refuse();
  }
  submitFeedback(): Promise<never> {
    return this.refuse();
  }
  withdrawFeedback(): Promise<never> {
    return this.refuse();
  }
  getSiteConfig() {
    return Promise.resolve({});
  }

  /** A refusal, not a failure to reach a server: the widget shows it rather than a copy it has kept. */
  refuse(): Promise<never> {
    return Promise.reject(new BackendError('forbidden', this.refusal, 403));
  }
}
