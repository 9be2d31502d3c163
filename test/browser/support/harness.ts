/**
 * The browser side of the test harness: the real server's address (through
 * the fault proxy), the faults to inject, and what the server recorded.
 */
export interface HarnessInfo {
  api: string;
  direct: string;
  control: string;
}

let info: Promise<HarnessInfo> | undefined;

export function harness(): Promise<HarnessInfo> {
  info ??= fetch('/__harness.json').then((r) => r.json() as Promise<HarnessInfo>);
  return info;
}

export interface FaultRule {
  method?: string;
  path?: string;
  action: 'status' | 'delay' | 'drop' | 'drop-after' | 'garbage' | 'html' | 'tamper';
  status?: number;
  retryAfter?: number;
  ms?: number;
  times?: number;
}

async function control(path: string, init?: RequestInit): Promise<unknown> {
  const { control } = await harness();
  const response = await fetch(control + path, init);
  if (!response.ok) throw new Error(`harness ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

export async function setFaults(rules: FaultRule[]): Promise<void> {
  await control('/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
}

export async function clearFaults(): Promise<void> {
  await control('/faults', { method: 'DELETE' });
}

export interface RecordedSubmission {
  id: string;
  status: string;
  kind: string;
  trackingNumber: string;
  /** `user:<sub>` or `device:<id>` */
  submitter: string;
  fields: Record<string, unknown>;
  attachments: Array<{ name: string; type: string; size: number }>;
}

/** What the real server's database holds, found by a marker the test wrote into the message. */
export async function submissions(contains: string, site = 'test'): Promise<RecordedSubmission[]> {
  const result = (await control(
    `/submissions?site=${encodeURIComponent(site)}&contains=${encodeURIComponent(contains)}`,
  )) as {
    items: RecordedSubmission[];
  };
  return result.items;
}

/** Consent proof on the server, as an admin exports it (GET /v1/staff/consents), oldest first. */
export interface RecordedConsent {
  id: string;
  subject: string;
  receivedAt: string;
  clientDecidedAt: string;
  method: string;
  gpc: boolean;
  categories: Record<string, { granted: boolean; version: string }>;
  separate: Record<string, { granted: boolean; version: string }>;
  textSha256: string;
}

export async function consentRecords(): Promise<RecordedConsent[]> {
  return ((await control('/consents')) as { records: RecordedConsent[] }).records;
}

/** The exact text a consent record says was shown, as the server keeps it. */
export async function consentText(sha256: string): Promise<string> {
  return ((await control(`/consent-text?sha256=${sha256}`)) as { text: string }).text;
}

/** How many requests the proxy passed on or answered, by "METHOD /path". */
export async function requestCounts(): Promise<Record<string, number>> {
  return ((await control('/requests')) as { counts: Record<string, number> }).counts;
}

export async function resetRequestCounts(): Promise<void> {
  await control('/requests', { method: 'DELETE' });
}

/** Gives a submission a channel this release does not know, as a newer server may hold (test/support/harness.ts). */
export async function setChannel(id: string, channel: string): Promise<void> {
  await control('/channel', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id, channel }),
  });
}

/** A host token for `sub` (a number is signed as a number, as some hosts do). */
export async function hostToken(sub: string | number, expiresIn: string | number = '1h'): Promise<string> {
  const result = (await control('/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site: 'test', sub, name: `User ${sub}`, expiresIn }),
  })) as { token: string };
  return result.token;
}

/** A staff token of the `test` site for a person with these roles, as the host's back office signs one. */
export async function staffToken(sub: string, name: string, roles: string[], expiresIn?: number): Promise<string> {
  const result = (await control('/staff-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub, name, roles, ...(expiresIn === undefined ? {} : { expiresIn }) }),
  })) as { token: string };
  return result.token;
}

/** Publishes a version of the `test` site's configuration with `form` under `id`, served at once; its number. */
export async function publishForm(id: string, form: unknown): Promise<number> {
  const result = (await control('/publish-form', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id, form }),
  })) as { version: number };
  return result.version;
}

/** Raises the deadline alerts that are due now, as the server's sweep does on its next round. */
export async function raiseAlerts(): Promise<number> {
  return ((await control('/raise-alerts', { method: 'POST' })) as { raised: number }).raised;
}

/** A marker no other test writes, so a test finds exactly its own records. */
export function marker(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 10)}`;
}
