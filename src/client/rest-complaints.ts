/**
 * The complaint endpoints of the HTTP contract, over a RestBackend's
 * requests (same timeouts, contract checks and error mapping). Loaded only
 * by the tracker and by the outbox when it has a complaint write to send, so
 * a page with only the form never carries these schemas.
 */
import { ComplaintChange, ComplaintDetail, ComplaintList, LookupResult } from '../contract/complaints';
import type { Backend, ComplaintBackend, ComplaintWrite, Credentials, WriteOptions } from './backend';
import { HEADERS } from '../contract/headers';
import { fetchFile } from './file-download';
import { RestBackend } from './rest-backend';

export class RestComplaintApi implements ComplaintBackend {
  constructor(private readonly rest: RestBackend) {}

  listComplaints(
    site: string,
    query: { cursor?: string; limit?: number; kind?: 'all' },
    credentials: Credentials,
    signal?: AbortSignal,
  ) {
    const params = new URLSearchParams({ site });
    if (query.kind) params.set('kind', query.kind);
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.limit) params.set('limit', String(query.limit));
    return this.rest.request('GET', `/v1/complaints?${params}`, ComplaintList, undefined, {
      ...credentials,
      ...(signal ? { signal } : {}),
    });
  }

  getComplaint(id: string, credentials: Credentials & { accessKey?: string }, signal?: AbortSignal) {
    return this.rest.request('GET', `/v1/complaints/${encodeURIComponent(id)}`, ComplaintDetail, undefined, {
      ...credentials,
      ...(signal ? { signal } : {}),
    });
  }

  sendComplaintAction(id: string, body: ComplaintWrite, options: WriteOptions) {
    return this.rest.request(
      'POST',
      `/v1/complaints/${encodeURIComponent(id)}/actions`,
      ComplaintChange,
      body,
      options,
    );
  }

  sendComplaintMessage(id: string, body: ComplaintWrite, options: WriteOptions) {
    return this.rest.request(
      'POST',
      `/v1/complaints/${encodeURIComponent(id)}/messages`,
      ComplaintChange,
      body,
      options,
    );
  }

  getComplaintFile(id: string, fileId: string, credentials: Credentials & { accessKey?: string }): Promise<Blob> {
    const headers: Record<string, string> = {};
    if (credentials.token) headers.Authorization = `Bearer ${credentials.token}`;
    else if (credentials.deviceId) headers[HEADERS.device] = credentials.deviceId;
    if (credentials.accessKey) headers[HEADERS.accessKey] = credentials.accessKey;
    return fetchFile(
      `${this.rest.endpoint}/v1/complaints/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`,
      headers,
    );
  }

  lookupComplaint(request: { site: string; trackingNumber: string; contact: string }, signal?: AbortSignal) {
    return this.rest.request('POST', '/v1/complaints/lookup', LookupResult, request, signal ? { signal } : {});
  }
}

const COMPLAINT_METHODS = [
  'listComplaints',
  'getComplaint',
  'sendComplaintAction',
  'sendComplaintMessage',
  'lookupComplaint',
  'getComplaintFile',
] as const;

/** A backend that tracks complaints itself (an in-memory one for stories, an adapter to another system). */
function tracksComplaints(backend: Backend): backend is Backend & ComplaintBackend {
  return COMPLAINT_METHODS.every((name) => typeof (backend as unknown as Record<string, unknown>)[name] === 'function');
}

/**
 * The complaint API of `backend`: the server's endpoints for a RestBackend,
 * the backend itself when it implements ComplaintBackend, otherwise none
 * (LocalBackend: deadlines need the server's calendar). Reads and writes
 * (through the outbox) always go to the same place.
 */
export function complaintApiOf(backend: Backend): ComplaintBackend | undefined {
  if (backend instanceof RestBackend) return new RestComplaintApi(backend);
  return tracksComplaints(backend) ? backend : undefined;
}
