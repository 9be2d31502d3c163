/**
 * What the staff console reads, with the staff token: who is signed in, the
 * queue, one complaint, one piece of feedback, a contact revealed, the
 * canned replies, the audit log, search, deadline alerts, files, the outages
 * recorded and an outage's preview, the signed-in person's saved views of
 * the queue; and the writes made on a form staff wait on (a complaint logged
 * from another channel, alerts dismissed, canned replies, saved views), each
 * with an Idempotency-Key. Every answer is checked against the
 * contract (src/contract/staff.ts); writes on a complaint go through the
 * staff outbox instead (staff-ops.ts).
 */
import type { StaffComplaintRequest } from '../../contract/complaint-requests';
import { Receipt } from '../../contract/feedback';
import {
  AlertPage,
  AuditPage,
  CannedReply,
  CannedReplyList,
  DismissedAlerts,
  QueuePage,
  RevealResult,
  StaffComplaintDetail,
  StaffMe,
  type CannedReplyWrite,
} from '../../contract/staff';
import { IncidentList, IncidentPreview, type IncidentRequest } from '../../contract/points';
import { CodePools } from '../../contract/points-codes';
import { StaffFeedbackDetail } from '../../contract/staff-feedback';
import { SearchPage } from '../../contract/staff-search';
import { SavedView, SavedViewList, type SavedViewWrite } from '../../contract/staff-views';
import { PresenceAnswer, PresenceList, type PresenceState } from '../../contract/staff-presence';
import { BackendError } from '../errors';
import { fetchFile } from '../file-download';
import { randomId } from '../ids';
import { RestBackend } from '../rest-backend';

/** The queue's filters as the console keeps them; empty ones are left out of the request. */
export type QueueQuery = Partial<
  Record<'status' | 'kind' | 'category' | 'channel' | 'assignee' | 'due' | 'sort' | 'cursor' | 'limit', string>
>;

export type AuditQuery = Partial<Record<'principal' | 'subject' | 'from' | 'to' | 'cursor' | 'limit', string>>;

const query = (site: string, values: Record<string, string | undefined>) => {
  const params = new URLSearchParams({ site });
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  return params;
};

export class StaffApi {
  readonly rest: RestBackend;

  constructor(
    endpoint: string,
    readonly site: string,
    /** the staff token now, or undefined once signed out */
    private readonly token: () => string | undefined,
  ) {
    this.rest = new RestBackend(endpoint);
  }

  private get credentials() {
    const token = this.token();
    return token ? { token } : {};
  }

  /** Who `token` is (before it is taken as the session's: identifyStaff checks it so). */
  me(token: string, signal?: AbortSignal): Promise<StaffMe> {
    return this.rest.request('GET', `/v1/staff/me?${query(this.site, {})}`, StaffMe, undefined, {
      token,
      ...(signal ? { signal } : {}),
    });
  }

  /** The site's public config: forms, categories, field labels, what the console names things by. */
  siteConfig(signal?: AbortSignal) {
    return this.rest.getSiteConfig(this.site, signal);
  }

  queue(filters: QueueQuery, signal?: AbortSignal): Promise<QueuePage> {
    return this.rest.request('GET', `/v1/staff/queue?${query(this.site, filters)}`, QueuePage, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  complaint(id: string, signal?: AbortSignal): Promise<StaffComplaintDetail> {
    return this.rest.request('GET', `/v1/staff/complaints/${encodeURIComponent(id)}`, StaffComplaintDetail, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  /** A suggestion, report, praise or question, as its triage view shows it. */
  feedback(id: string, signal?: AbortSignal): Promise<StaffFeedbackDetail> {
    return this.rest.request('GET', `/v1/staff/feedback/${encodeURIComponent(id)}`, StaffFeedbackDetail, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  /** The outages recorded, newest first, with what issuing each did. */
  incidents(signal?: AbortSignal): Promise<IncidentList> {
    return this.rest.request('GET', `/v1/staff/points/incidents?${query(this.site, {})}`, IncidentList, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  /** The catalogue's pool rewards with the codes left in each: what a compensation may give. */
  codePools(signal?: AbortSignal): Promise<CodePools> {
    return this.rest.request('GET', `/v1/staff/points/codes?${query(this.site, {})}`, CodePools, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  /** What issuing an outage would do (tiers, users, those compensated already); issues nothing. */
  previewIncident(incident: Omit<IncidentRequest, 'site'>): Promise<IncidentPreview> {
    return this.rest.request(
      'POST',
      '/v1/staff/points/incidents/preview',
      IncidentPreview,
      { ...incident, site: this.site },
      this.credentials,
    );
  }

  /** The contact details unmasked, for a stated reason (the server keeps it in the audit log). */
  reveal(id: string, reason: string) {
    return this.rest.request(
      'POST',
      `/v1/staff/complaints/${encodeURIComponent(id)}/reveal`,
      RevealResult,
      { reason },
      this.credentials,
    );
  }

  /** Where the staff member is on a complaint (viewing, typing, left), and who else is on it now. */
  presence(id: string, state: Exclude<PresenceState, 'left'>): Promise<PresenceAnswer> {
    return this.rest.request(
      'POST',
      `/v1/staff/complaints/${encodeURIComponent(id)}/presence`,
      PresenceAnswer,
      { state },
      this.credentials,
    );
  }

  /** Who else of the site's staff is on which complaint now. */
  presentOnSite(): Promise<PresenceList> {
    return this.rest.request('GET', `/v1/staff/presence?${query(this.site, {})}`, PresenceList, undefined, {
      ...this.credentials,
    });
  }

  /** The staff member left the complaint: sent with keepalive, so it still goes out as the page is closed. */
  leave(id: string): void {
    const token = this.token();
    if (!token) return;
    void fetch(`${this.rest.endpoint}/v1/staff/complaints/${encodeURIComponent(id)}/presence`, {
      method: 'POST',
      headers: { ...this.authorization(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ state: 'left' }),
      credentials: 'omit',
      keepalive: true,
    }).catch(() => {}); // a presence not heard of lapses by itself
  }

  cannedReplies(signal?: AbortSignal) {
    return this.rest.request('GET', `/v1/staff/canned?${query(this.site, {})}`, CannedReplyList, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  /** Makes or replaces a canned reply (admins); the key makes a retried save one save. */
  saveCannedReply(id: string, reply: CannedReplyWrite): Promise<CannedReply> {
    return this.rest.request(
      'PUT',
      `/v1/staff/canned/${encodeURIComponent(id)}?${query(this.site, {})}`,
      CannedReply,
      reply,
      { ...this.credentials, idempotencyKey: randomId() },
    );
  }

  /** Deletes a canned reply (admins). The server answers 204, no body, so this reads the status alone. */
  async deleteCannedReply(id: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(
        `${this.rest.endpoint}/v1/staff/canned/${encodeURIComponent(id)}?${query(this.site, {})}`,
        {
          method: 'DELETE',
          headers: this.authorization(),
          credentials: 'omit',
        },
      );
    } catch (error) {
      throw new BackendError('network', String(error));
    }
    if (!response.ok)
      throw new BackendError(
        response.status === 404 ? 'not_found' : response.status === 403 ? 'forbidden' : 'unauthorized',
        `the canned reply could not be deleted (${response.status})`,
        response.status,
      );
  }

  /** The signed-in person's saved views of the queue (theirs alone), by name. */
  views(signal?: AbortSignal): Promise<SavedViewList> {
    return this.rest.request('GET', `/v1/staff/views?${query(this.site, {})}`, SavedViewList, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  /** Makes or replaces one of the signed-in person's views; the key makes a retried save one save. */
  saveView(id: string, view: SavedViewWrite): Promise<SavedView> {
    return this.rest.request(
      'PUT',
      `/v1/staff/views/${encodeURIComponent(id)}?${query(this.site, {})}`,
      SavedView,
      view,
      { ...this.credentials, idempotencyKey: randomId() },
    );
  }

  /** Deletes one of the signed-in person's views (204, no body: the status alone is read). */
  async deleteView(id: string): Promise<void> {
    await this.deleteOne(`/v1/staff/views/${encodeURIComponent(id)}?${query(this.site, {})}`, 'the view');
  }

  /**
   * Logs a complaint received by hotline, mailbox, letter or at a counter. `key` is made when the person
   * first sends this form and kept while they send it again unchanged, so a retry logs it once.
   */
  logComplaint(request: StaffComplaintRequest, key: string): Promise<Receipt> {
    return this.rest.request('POST', '/v1/staff/complaints', Receipt, request, {
      ...this.credentials,
      idempotencyKey: key,
    });
  }

  /** Staff search: a tracking number, a contact (audited) or words, best first; `cursor` continues. */
  search(
    params: { q: string; kind?: string; cursor?: string; limit?: string },
    signal?: AbortSignal,
  ): Promise<SearchPage> {
    return this.rest.request('GET', `/v1/staff/search?${query(this.site, params)}`, SearchPage, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  /** The deadline alerts of what the asker works and of what nobody does, newest first, and how many are open. */
  alerts(params: { cursor?: string; limit?: string } = {}, signal?: AbortSignal): Promise<AlertPage> {
    return this.rest.request('GET', `/v1/staff/alerts?${query(this.site, params)}`, AlertPage, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  dismissAlerts(ids: readonly string[]): Promise<DismissedAlerts> {
    return this.rest.request(
      'POST',
      '/v1/staff/alerts/dismiss',
      DismissedAlerts,
      { site: this.site, ids },
      { ...this.credentials, idempotencyKey: randomId() },
    );
  }

  audit(filters: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
    return this.rest.request('GET', `/v1/staff/audit?${query(this.site, filters)}`, AuditPage, undefined, {
      ...this.credentials,
      ...(signal ? { signal } : {}),
    });
  }

  /** The audit log as CSV (cells that a spreadsheet would run as formulas are defused by the server). */
  auditCsv(filters: AuditQuery): Promise<Blob> {
    return fetchFile(`${this.rest.endpoint}/v1/staff/audit?${query(this.site, { ...filters, format: 'csv' })}`, {
      ...this.authorization(),
    });
  }

  /** A file of a complaint (the user's or a colleague's), as a download. */
  file(id: string, fileId: string): Promise<Blob> {
    return fetchFile(
      `${this.rest.endpoint}/v1/staff/complaints/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`,
      this.authorization(),
    );
  }

  /** A DELETE the server answers 204 with no body: only its status is read. */
  private async deleteOne(path: string, what: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`${this.rest.endpoint}${path}`, {
        method: 'DELETE',
        headers: this.authorization(),
        credentials: 'omit',
      });
    } catch (error) {
      throw new BackendError('network', String(error));
    }
    if (!response.ok)
      throw new BackendError(
        response.status === 404 ? 'not_found' : response.status === 403 ? 'forbidden' : 'unauthorized',
        `${what} could not be deleted (${response.status})`,
        response.status,
      );
  }

  private authorization(): Record<string, string> {
    const token = this.token();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }
}
