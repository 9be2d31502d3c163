/**
 * A page pinned to an older build reads a newer server's answers: words the
 * server added to a closed list (a channel, a status, a deadline's name) are
 * kept and shown as they came, while what the server accepts stays strict.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StaffComplaintRequest } from '../../src/contract/complaint-requests';
import { ComplaintSummary } from '../../src/contract/complaints';
import { Receipt } from '../../src/contract/feedback';
import { QueueItem } from '../../src/contract/staff';
import { SearchResult } from '../../src/contract/staff-search';
import en from '../../src/i18n/tracker/en';
import type { TrackerMessageKey } from '../../src/i18n/tracker/index';
import { vocabularyWord } from '../../components/shared/vocabulary-word';

const catalog = en as Record<string, string>;
const t = (key: TrackerMessageKey) => catalog[key] ?? key;

/** A complaint as a newer server answers it: a channel, a status and a deadline this build has never heard of. */
const newer = {
  id: 'c1',
  trackingNumber: 'T-1',
  site: 'shop',
  kind: 'complaint',
  category: 'delivery',
  channel: 'wechat',
  status: 'escalated',
  receivedAt: '2025-01-02T03:04:05.000Z',
  updatedAt: '2025-01-02T03:04:05.000Z',
  version: 3,
  nextDeadline: {
    name: 'regulatorReply',
    measure: 'working',
    due: '2025-01-09T03:04:05.000Z',
    status: 'running',
    msLeft: 1000,
    businessDayMs: 28_800_000,
    estimated: false,
    metAt: null,
  },
};

test('a complaint answer with an unknown channel, status and deadline parses, every word kept', () => {
  const parsed = ComplaintSummary.safeParse(newer);
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  assert.equal(parsed.data.channel, 'wechat');
  assert.equal(parsed.data.status, 'escalated');
  assert.equal(parsed.data.nextDeadline?.name, 'regulatorReply');
});

test('the staff queue, a search and a receipt read a newer kind, channel and status too, every word kept', () => {
  const words = { kind: 'praise', channel: 'wechat', status: 'escalated' };
  const row = QueueItem.safeParse({
    ...newer,
    ...words,
    assignee: null,
    complex: false,
    excerpt: '',
    deadlines: [newer.nextDeadline],
    nextDue: null,
    dueSoon: false,
    overdue: false,
    paused: false,
  });
  assert.ok(row.success, JSON.stringify(row.error?.issues));
  assert.deepEqual({ kind: row.data.kind, channel: row.data.channel, status: row.data.status }, words);
  const found = SearchResult.safeParse({ ...newer, ...words, nextDue: null, contact: null, snippet: [] });
  assert.ok(found.success, JSON.stringify(found.error?.issues));
  const receipt = Receipt.safeParse({ ...newer, ...words, attachments: [] });
  assert.ok(receipt.success, JSON.stringify(receipt.error?.issues));
});

test('the tracker shows an unknown word as it came, a known one in the page’s words', () => {
  assert.equal(vocabularyWord(t, 'status', 'escalated'), 'escalated');
  assert.equal(vocabularyWord(t, 'deadline', 'regulatorReply'), 'regulatorReply');
  assert.equal(vocabularyWord(t, 'deadline', 'firstReply'), catalog['deadline.firstReply']);
  assert.notEqual(catalog['deadline.firstReply'], undefined);
});

test('answers still refuse what is not a word at all', () => {
  assert.equal(ComplaintSummary.safeParse({ ...newer, channel: 42 }).success, false);
});

test('what the server accepts stays strict: a staff intake on an unknown channel is refused', () => {
  const request = {
    site: 'shop',
    category: 'delivery',
    channel: 'wechat',
    locale: 'en',
    receivedAt: '2025-01-02T03:04:05.000Z',
    contact: 'li@example.com',
    text: 'The parcel never came.',
  };
  const refused = StaffComplaintRequest.safeParse(request);
  assert.equal(refused.success, false);
  assert.deepEqual(
    refused.error?.issues.map((i) => i.path.join('.')),
    ['channel'],
  );
  assert.equal(StaffComplaintRequest.safeParse({ ...request, channel: 'hotline' }).success, true);
});
