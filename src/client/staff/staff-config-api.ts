/**
 * What the studio asks of the admin API of a site's configuration (the
 * `configure` permission; src/server/routes/staff-config.ts): the draft,
 * saving it on the revision it was based on, checking a document,
 * publishing, the history, a diff, a rollback, and the deadlines a
 * document would give (read-only). Every answer is checked
 * against the contract (src/contract/staff-config.ts); every write carries
 * an Idempotency-Key, made once per action so a retry is the same action.
 */
import {
  ConfigDiff,
  ConfigDraft,
  ConfigPublished,
  ConfigRolledBack,
  ConfigValidation,
  ConfigVersion,
  ConfigVersionList,
  DeadlinePreview,
  type ConfigDocument,
  type ConfigSide,
  type DeadlinePreviewRequest,
} from '../../contract/staff-config';
import { BackendError } from '../errors';
import { StaffSiteApi } from './staff-site-api';

/** A save's outcome: saved, or refused because someone saved first (their draft as it is now, nothing lost). */
export type DraftSave = { saved: ConfigDraft } | { conflict: ConfigDraft };

export class StaffConfigApi extends StaffSiteApi {
  draft(): Promise<ConfigDraft> {
    return this.staff.api.rest.request('GET', `/v1/staff/config/draft?${this.site}`, ConfigDraft, undefined, {
      ...this.options(),
    });
  }

  /**
   * Saves `document` over the draft at `revision`. When another admin saved since, the server answers 409
   * `conflict`; the draft as it is now is read again (the 409 carries it too, but the client's error keeps
   * only the code), so both sides can be shown.
   */
  async saveDraft(document: ConfigDocument, revision: number): Promise<DraftSave> {
    try {
      const saved = await this.staff.api.rest.request(
        'PUT',
        `/v1/staff/config/draft?${this.site}`,
        ConfigDraft,
        { document, revision },
        this.options(true),
      );
      return { saved };
    } catch (error) {
      if (error instanceof BackendError && error.code === 'conflict') return { conflict: await this.draft() };
      throw error;
    }
  }

  validate(document: ConfigDocument): Promise<ConfigValidation> {
    return this.staff.api.rest.request(
      'POST',
      `/v1/staff/config/validate?${this.site}`,
      ConfigValidation,
      { document },
      this.options(),
    );
  }

  publish(revision: number, note: string): Promise<ConfigPublished> {
    return this.staff.api.rest.request(
      'POST',
      `/v1/staff/config/publish?${this.site}`,
      ConfigPublished,
      { revision, note },
      this.options(true),
    );
  }

  rollback(version: number, note: string): Promise<ConfigRolledBack> {
    return this.staff.api.rest.request(
      'POST',
      `/v1/staff/config/rollback?${this.site}`,
      ConfigRolledBack,
      { version, note },
      this.options(true),
    );
  }

  versions(): Promise<ConfigVersionList> {
    return this.staff.api.rest.request('GET', `/v1/staff/config/versions?${this.site}`, ConfigVersionList, undefined, {
      ...this.options(),
    });
  }

  version(version: number): Promise<ConfigVersion> {
    return this.staff.api.rest.request(
      'GET',
      `/v1/staff/config/versions/${version}?${this.site}`,
      ConfigVersion,
      undefined,
      this.options(),
    );
  }

  diff(from: ConfigSide, to: ConfigSide): Promise<ConfigDiff> {
    const query = new URLSearchParams({ site: this.staff.site, from: String(from), to: String(to) });
    return this.staff.api.rest.request('GET', `/v1/staff/config/diff?${query}`, ConfigDiff, undefined, {
      ...this.options(),
    });
  }

  /** The deadlines a submission would get under a document (the draft as edited), counted by the server: nothing is saved. */
  deadlinePreview(request: DeadlinePreviewRequest): Promise<DeadlinePreview> {
    return this.staff.api.rest.request(
      'POST',
      `/v1/staff/config/deadline-preview?${this.site}`,
      DeadlinePreview,
      request,
      this.options(),
    );
  }
}
