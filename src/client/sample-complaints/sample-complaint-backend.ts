/**
 * An in-memory complaint server of sample complaints (histories.ts), for
 * the tracker's stories and the studio's tracker preview: a
 * {@link ComplaintBackend} that answers as the usercare server answers the
 * complaint endpoints.
 *
 * Every complaint is made the way the server makes it: a new complaint is
 * taken through its history by the real lifecycle machine
 * (machines/complaint.machine.ts), so its context, version and timeline are
 * what the server would hold, and a later action or message is again decided
 * by that machine (`restoreComplaint` → `decide`), appends a timeline entry,
 * bumps the version and recomputes the actions the user may take
 * (`allowedActions`). A refusal is the server's 409, a stale version its
 * conflict, a missing text its 422. What the machine does not know, the
 * deadlines, is written here as the server sends them: counted already, with
 * the time left in working milliseconds.
 *
 * It is also a {@link Backend} (it takes no feedback), so it is the
 * provider's whole backend: the tracker reads from it and the outbox
 * delivers complaint writes to it (`complaintApiOf` takes any backend that
 * tracks complaints itself).
 *
 * Nothing here imports Storybook: the stories' browser test and the studio
 * load it too. The studio loads it only when its tracker preview is shown.
 */
import { allowedActions, decide, newComplaint, restoreComplaint } from '../../../machines/complaint.machine';
import type { ComplaintActor, ComplaintContext, ComplaintEvent } from '../../../machines/complaint.types';
import type { ComplaintStatus, RulingOutcome } from '../../contract/complaint-vocabulary';
import type { Backend, ComplaintBackend, ComplaintWrite, Credentials, WriteOptions } from '../backend';
import { BackendError } from '../errors';
import type { FieldValue } from '../../contract/common';
import type { SiteConfigPatch } from '../../config/schema';
import { ComplaintActionRequest, ComplaintMessageRequest } from '../../contract/complaint-requests';
import {
  COMPLAINT_ACTIONS,
  type ComplaintAction,
  type ComplaintChange,
  type ComplaintDetail,
  type ComplaintList,
  type ComplaintSummary,
  type Deadline,
  type LookupResult,
  type TimelineEntry,
} from '../../contract/complaints';
import type { FieldError } from '../../contract/errors';
import {
  BUSINESS_DAY_MS,
  DAY,
  HOUR,
  MINUTE,
  SAMPLE_COMPLAINT_IDS,
  SCENARIOS,
  STAFF_NAMES,
  type FirstReplyClock,
  type LifecycleType,
  type SampleComplaintName,
  type SampleLanguage,
  type Scenario,
  type Who,
  type Words,
} from './histories';

/** The automatic receipt: acknowledged within 30 s, at once in practice. */
const ACKNOWLEDGEMENT_MS = 30_000;

export interface SampleComplaintOptions {
  /** the site: the fixture answers for it only, as a server answers per site */
  site: string;
  /**
   * The categories the complaints are filed under, in turn (a site's own,
   * so the tracker shows their names); absent, the default forms' ones.
   */
  categories?: readonly string[];
  /** the language the people in the fixture wrote in */
  language?: SampleLanguage;
  /** which complaints exist (default: all); [] is a user with no complaints */
  complaints?: readonly SampleComplaintName[];
  /** every call rejects as when the server cannot be reached */
  failing?: boolean;
  /** how long each answer takes, like a nearby server (default 120 ms); 0 answers at once */
  latencyMs?: number;
  /** the server's clock; the histories are placed relative to it when the fixture is made */
  now?: () => number;
}

/** What the fixture keeps of a complaint: what the server keeps on its row and in its event rows. */
interface StoredComplaint {
  id: string;
  trackingNumber: string;
  category: string;
  receivedAt: string;
  updatedAt: string;
  version: number;
  status: ComplaintStatus;
  context: ComplaintContext;
  fields: Record<string, FieldValue>;
  deadlines: Deadline[];
  timeline: TimelineEntry[];
  madeOn: Scenario['madeOn'];
  accessKey: string;
  /** the bytes of the files sent with messages, by file id */
  files: Map<string, Blob>;
  /** the third party, once the user asked for one (the stories' referrals name nobody) */
  thirdParty: ComplaintDetail['thirdParty'];
}

interface NamedActor extends ComplaintActor {
  /** the name the timeline shows: staff by display name, the user and the sweep by none */
  name: string | null;
}

/** What a person wrote or chose with an action (the request body's words and score). */
interface Content {
  text?: string;
  outcome?: RulingOutcome;
  reason?: string;
  score?: number;
  comment?: string;
  /** files sent with a message, decoded */
  files?: ReadonlyArray<{ name: string; type: string; bytes: Uint8Array<ArrayBuffer> }>;
}

/** The server's rule, not the machine's: these mean nothing without words (commands.ts TEXT_REQUIRED). */
const TEXT_REQUIRED = new Set<string>(['reply', 'ask_user', 'answer']);

const USER: NamedActor = { role: 'user', id: 'sample-device', name: null };
const SWEEP: NamedActor = { role: 'system', id: 'sweep', name: null };
/** Actions the API takes: the lifecycle's events but the sweep's and plain messages. */
const API_ACTIONS = new Set<string>(COMPLAINT_ACTIONS);
const CLOCKS_STOPPED = new Set<ComplaintStatus>(['withdrawn', 'rejected']);

type AttachmentSummary = TimelineEntry['attachments'][number];

const iso = (ms: number) => new Date(ms).toISOString();
const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const normalizeContact = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s()-]/g, '');

/** `UC20261128-7KQ2MX`: the receipt date in the site's time zone (Asia/Shanghai, UTC+8, no daylight saving), then the suffix. */
function trackingNumberOf(receivedAt: number, suffix: string): string {
  const shanghai = new Date(receivedAt + 8 * HOUR).toISOString().slice(0, 10);
  return `UC${shanghai.replaceAll('-', '')}-${suffix}`;
}

/** The earliest deadline still running, paused or overdue, as the server picks it; paused ones (no due instant) last. */
function nextDeadlineOf(deadlines: readonly Deadline[]): Deadline | null {
  const open = deadlines.filter((d) => d.status === 'running' || d.status === 'paused' || d.status === 'overdue');
  open.sort((a, b) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff'));
  return open[0] ?? null;
}

/**
 * A working clock's due instant from the working time left. The server counts
 * this with its holiday calendar; the tracker shows only `msLeft`, so a
 * calendar day per working day is close enough here.
 */
const dueAfter = (from: number, workingMsLeft: number) => iso(from + (workingMsLeft / BUSINESS_DAY_MS) * DAY);

/** The deadlines after a status change, as the server's clock state moves them: paused while waiting on the user, met by the reply. */
function deadlinesAfter(
  deadlines: readonly Deadline[],
  from: ComplaintStatus,
  to: ComplaintStatus,
  at: number,
): Deadline[] {
  if (CLOCKS_STOPPED.has(to)) return [];
  return deadlines.map((d) => {
    if (to === 'awaiting_user' && d.status === 'running') return { ...d, status: 'paused', due: null };
    if (from === 'awaiting_user' && d.status === 'paused')
      return { ...d, status: 'running', due: dueAfter(at, d.msLeft) };
    const met = (d.name === 'firstReply' && to === 'replied') || (d.name === 'solution' && to === 'resolved');
    if (met && (d.status === 'running' || d.status === 'overdue'))
      return { ...d, status: d.status === 'overdue' ? 'metLate' : 'met', metAt: iso(at) };
    return d;
  });
}

function fieldErrorsOf(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; code: string; message: string }>,
): FieldError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code, message: issue.message }));
}

/**
 * The tracker's data for a story or a preview: `<uc-provider .backend=${fixture}>`.
 * Answers as the usercare server answers the complaint endpoints, from memory.
 */
export class SampleComplaintBackend implements ComplaintBackend, Backend {
  readonly site: string;
  /** what the outbox and the tracker's cache key writes and copies by */
  readonly endpoint: string;
  readonly language: SampleLanguage;
  private readonly failing: boolean;
  private readonly latencyMs: number;
  private readonly now: () => number;
  private readonly complaints = new Map<string, StoredComplaint>();
  /** the answer each idempotency key got: a retried write changes nothing and gets the same answer, as on the server */
  private readonly answered = new Map<string, ComplaintChange>();
  private lastEventId = 0;

  constructor(options: SampleComplaintOptions) {
    this.site = options.site;
    this.endpoint = `sample:${options.site}`;
    this.language = options.language ?? 'en';
    this.failing = options.failing ?? false;
    this.latencyMs = options.latencyMs ?? 120;
    this.now = options.now ?? Date.now;
    const wanted = new Set(options.complaints ?? (Object.keys(SAMPLE_COMPLAINT_IDS) as SampleComplaintName[]));
    const categories = options.categories?.length ? options.categories : undefined;
    SCENARIOS.filter((scenario) => wanted.has(scenario.name)).forEach((scenario, i) =>
      this.add(scenario, categories ? categories[i % categories.length]! : scenario.category),
    );
  }

  /** A complaint's tracking number, for stories and tests that look one up. */
  trackingNumberOf(name: SampleComplaintName): string {
    const stored = this.complaints.get(SAMPLE_COMPLAINT_IDS[name]);
    if (!stored) throw new Error(`this fixture holds no '${name}' complaint`);
    return stored.trackingNumber;
  }

  // ── ComplaintBackend ──────────────────────────────────────────────────────

  async listComplaints(
    site: string,
    query: { cursor?: string; limit?: number; kind?: 'all' },
    _credentials: Credentials,
  ): Promise<ComplaintList> {
    await this.answerDelay();
    if (site !== this.site) return { items: [], nextCursor: null };
    const mine = [...this.complaints.values()]
      .filter((c) => c.madeOn === 'this-device')
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
    // The server's cursor is opaque; an offset serves the same purpose for a list that does not change under the reader.
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 50;
    const page = mine.slice(start, start + limit);
    return structuredClone({
      items: page.map((c) => this.summaryOf(c)),
      nextCursor: start + limit < mine.length ? String(start + limit) : null,
    });
  }

  async getComplaint(id: string, credentials: Credentials & { accessKey?: string }): Promise<ComplaintDetail> {
    await this.answerDelay();
    return structuredClone(this.detailOf(this.owned(id, credentials.accessKey)));
  }

  async sendComplaintAction(id: string, body: ComplaintWrite, options: WriteOptions): Promise<ComplaintChange> {
    await this.answerDelay();
    return this.once(options.idempotencyKey, () => {
      const parsed = ComplaintActionRequest.safeParse(body);
      if (!parsed.success)
        throw new BackendError(
          'validation_failed',
          'the request does not match the contract',
          422,
          fieldErrorsOf(parsed.error.issues),
        );
      const request = parsed.data;
      const stored = this.owned(id, request.accessKey);
      if (TEXT_REQUIRED.has(request.action) && !request.text) {
        const message = `"${request.action}" needs a text`;
        throw new BackendError('validation_failed', message, 422, [{ path: 'text', code: 'required', message }]);
      }
      if (request.version !== undefined && request.version !== stored.version) {
        throw new BackendError(
          'conflict',
          `the complaint changed since version ${request.version} (now ${stored.version}); load it again`,
          409,
        );
      }
      // A staff action from the user is the machine's to refuse ('forbidden'), as on the server.
      return this.apply(stored, this.eventOf(request.action, USER, iso(this.now()), request), USER, request);
    });
  }

  async sendComplaintMessage(id: string, body: ComplaintWrite, options: WriteOptions): Promise<ComplaintChange> {
    await this.answerDelay();
    return this.once(options.idempotencyKey, () => {
      const parsed = ComplaintMessageRequest.safeParse(body);
      if (!parsed.success)
        throw new BackendError('validation_failed', 'a message needs a text', 422, fieldErrorsOf(parsed.error.issues));
      const { text, accessKey, attachments = [] } = parsed.data;
      const stored = this.owned(id, accessKey);
      const files = attachments.map((a) => ({ name: a.name, type: a.type, bytes: bytesOf(a.data) }));
      // The server also checks each file's first bytes against its type; here the size must match, as it must there.
      const wrong = files.findIndex((f, i) => f.bytes.byteLength !== attachments[i]!.size);
      if (wrong >= 0) {
        const message = `the file has ${files[wrong]!.bytes.byteLength} bytes, not ${attachments[wrong]!.size}`;
        throw new BackendError('validation_failed', message, 422, [
          { path: `attachments.${wrong}.size`, code: 'size_mismatch', message },
        ]);
      }
      return this.apply(stored, this.eventOf('message', USER, iso(this.now()), {}), USER, { text, files });
    });
  }

  /** A file of the complaint (the user's or one staff sent); one of another complaint is the same 404 as none. */
  async getComplaintFile(id: string, fileId: string, credentials: Credentials & { accessKey?: string }): Promise<Blob> {
    await this.answerDelay();
    const file = this.owned(id, credentials.accessKey).files.get(fileId);
    if (!file) throw new BackendError('not_found', 'no such file in this complaint', 404);
    return file;
  }

  async lookupComplaint(request: { site: string; trackingNumber: string; contact: string }): Promise<LookupResult> {
    await this.answerDelay();
    const number = request.trackingNumber.trim().toUpperCase();
    const wanted = normalizeContact(request.contact);
    const found = [...this.complaints.values()].find(
      (c) =>
        request.site === this.site &&
        c.trackingNumber === number &&
        typeof c.fields['email'] === 'string' &&
        normalizeContact(c.fields['email']) === wanted,
    );
    // Every miss looks the same, as on the server: a wrong number and a wrong address cannot be told apart.
    if (!found) throw new BackendError('not_found', 'no complaint matches this tracking number and contact', 404);
    return { id: found.id, trackingNumber: found.trackingNumber, accessKey: found.accessKey };
  }

  // ── Backend: a tracker's site takes no feedback here ─────────────────────────

  async submitFeedback(): Promise<never> {
    await this.answerDelay();
    throw new BackendError(
      'invalid_request',
      'the sample complaint server takes no feedback; the form’s stories run on LocalBackend',
      400,
    );
  }

  async withdrawFeedback(): Promise<never> {
    await this.answerDelay();
    throw new BackendError('invalid_request', 'the sample complaint server takes no feedback', 400);
  }

  /** Nothing to add to the page's config: the provider says what the site looks like. */
  async getSiteConfig(site: string): Promise<SiteConfigPatch> {
    await this.answerDelay();
    if (site !== this.site) throw new BackendError('not_found', `no site ${site}`, 404);
    return {};
  }

  // ── inside ────────────────────────────────────────────────────────────────

  /** A complaint received `daysAgo`, taken through its history by the lifecycle machine. */
  private add(scenario: Scenario, category: string): void {
    const now = this.now();
    const received = now - scenario.daysAgo * DAY;
    const id = SAMPLE_COMPLAINT_IDS[scenario.name];
    const words = (w: Words | undefined) => (w ? w[this.language] : undefined);
    const stored: StoredComplaint = {
      id,
      trackingNumber: trackingNumberOf(received, scenario.suffix),
      category,
      receivedAt: iso(received),
      updatedAt: iso(received),
      version: 1,
      status: 'submitted',
      context: newComplaint().context,
      fields: { subject: words(scenario.subject) ?? '', message: words(scenario.message) ?? '', email: scenario.email },
      deadlines: [],
      timeline: [],
      madeOn: scenario.madeOn,
      accessKey: `sample-access-key-${scenario.suffix}`,
      files: new Map(),
      thirdParty: null,
    };
    this.complaints.set(id, stored);
    this.note(stored, { type: 'received', actor: USER, at: stored.receivedAt, to: 'submitted' });
    for (const step of scenario.steps) {
      // Never in the future, as the demo data: the latest step happened a minute ago at most.
      const at = iso(Math.min(received + step.after * HOUR, now - MINUTE));
      const actor = this.actor(step.who);
      if (step.type === 'deadline.missed') {
        this.note(stored, { type: step.type, actor: SWEEP, at, deadline: 'firstReply' });
        continue;
      }
      const content: Content = {
        text: words(step.text),
        outcome: step.outcome,
        reason: words(step.reason),
        score: step.score,
        comment: words(step.comment),
        files: step.files?.map((f) => ({ name: f.name[this.language], type: f.type, bytes: bytesOf(f.base64) })),
      };
      this.apply(stored, this.eventOf(step.type, actor, at, content), actor, content);
    }
    // The deadlines as the server reads them now (its calendar is not here); replay only kept the status changes.
    stored.deadlines =
      CLOCKS_STOPPED.has(stored.status) || !scenario.firstReply
        ? []
        : [this.acknowledgement(received), this.firstReply(stored, scenario.firstReply, now)];
  }

  private actor(who: Who): NamedActor {
    if (who === 'user') return USER;
    if (who === 'system') return SWEEP;
    return { role: who, id: `staff:${STAFF_NAMES[who].en}`, name: STAFF_NAMES[who][this.language] };
  }

  /** The lifecycle event an action stands for, with its payload where it has one, as the server's eventFor builds it. */
  private eventOf(type: LifecycleType, actor: NamedActor, at: string, content: Content): ComplaintEvent {
    const who = { role: actor.role, id: actor.id };
    switch (type) {
      case 'reject':
        return { type, actor: who, at, reason: content.reason ?? '' };
      case 'rule':
        return { type, actor: who, at, outcome: content.outcome ?? 'upheld', text: content.text ?? '' };
      case 'third_party_outcome':
        return { type, actor: who, at, text: content.text ?? '' };
      case 'rate':
        return {
          type,
          actor: who,
          at,
          score: content.score ?? Number.NaN,
          ...(content.comment !== undefined ? { comment: content.comment } : {}),
        };
      case 'withdraw':
        return { type, actor: who, at, ...(content.reason !== undefined ? { reason: content.reason } : {}) };
      default:
        return { type, actor: who, at };
    }
  }

  /**
   * The one way a complaint changes, as on the server: the machine decides
   * (a refusal is its 409), then status, context, version, deadlines and one
   * timeline entry change together.
   */
  private apply(stored: StoredComplaint, event: ComplaintEvent, actor: NamedActor, content: Content): ComplaintChange {
    const decision = decide(restoreComplaint(stored.status, stored.context), event);
    if (!decision.ok) throw new BackendError('invalid_transition', decision.message, 409);
    const from = stored.status;
    stored.status = decision.status;
    stored.context = decision.context;
    stored.version += 1;
    stored.updatedAt = event.at;
    stored.deadlines = deadlinesAfter(stored.deadlines, from, decision.status, Date.parse(event.at));
    // The timeline shows what was written: the text, else the reason, else the rating's comment (view.ts toEntry).
    const text = content.text ?? content.reason ?? content.comment;
    const attachments: AttachmentSummary[] = [];
    for (const file of content.files ?? []) {
      const fileId = `${stored.id}-file-${stored.files.size + 1}`;
      stored.files.set(fileId, new Blob([file.bytes], { type: file.type }));
      attachments.push({ id: fileId, name: file.name, type: file.type, size: file.bytes.byteLength });
    }
    const eventId = this.note(stored, {
      type: event.type,
      actor,
      at: event.at,
      from,
      to: decision.status,
      ...(text !== undefined ? { text } : {}),
      ...(content.score !== undefined ? { score: content.score } : {}),
      ...(event.type === 'rule' ? { outcome: event.outcome } : {}),
      attachments,
    });
    if (event.type === 'ask_third_party')
      stored.thirdParty = { body: null, reference: null, referredOn: null, outcome: null };
    return { id: stored.id, status: stored.status, version: stored.version, eventId };
  }

  /** Appends a timeline entry; a note alone (receipt, missed deadline) changes no status and no version. */
  private note(
    stored: StoredComplaint,
    entry: {
      type: string;
      actor: NamedActor;
      at: string;
      from?: ComplaintStatus;
      to?: ComplaintStatus;
      text?: string;
      score?: number;
      outcome?: RulingOutcome;
      deadline?: TimelineEntry['deadline'];
      attachments?: AttachmentSummary[];
    },
  ): number {
    const eventId = ++this.lastEventId;
    stored.timeline.push({
      id: String(eventId),
      at: entry.at,
      type: entry.type,
      // Staff appear by role and display name; the sweep by none.
      actor: { role: entry.actor.role, name: entry.actor.role === 'system' ? null : entry.actor.name },
      from: entry.from ?? null,
      to: entry.to ?? null,
      text: entry.text ?? null,
      score: entry.score ?? null,
      deadline: entry.deadline ?? null,
      attachments: entry.attachments ?? [],
      ...(entry.outcome ? { outcome: entry.outcome } : {}),
    });
    return eventId;
  }

  private acknowledgement(received: number): Deadline {
    return {
      name: 'acknowledgement',
      measure: 'elapsed',
      due: iso(received + ACKNOWLEDGEMENT_MS),
      status: 'met',
      msLeft: ACKNOWLEDGEMENT_MS,
      estimated: false,
      metAt: iso(received),
    };
  }

  private firstReply(stored: StoredComplaint, clock: FirstReplyClock, now: number): Deadline {
    const msLeft = Math.round(clock.workingDaysLeft * BUSINESS_DAY_MS);
    const met = clock.status === 'met' || clock.status === 'metLate';
    const metAt = met ? stored.context.repliedAt : null;
    // A met clock stopped when it was met: its due instant is counted from there, not from now.
    const readAt = metAt ? Date.parse(metAt) : now;
    return {
      name: 'firstReply',
      measure: 'working',
      due: clock.status === 'paused' ? null : dueAfter(readAt, msLeft),
      status: clock.status,
      msLeft,
      businessDayMs: BUSINESS_DAY_MS,
      estimated: false,
      metAt,
    };
  }

  /** Anonymous complaints made elsewhere open only with their access key; one that is not yours looks like none, as on the server. */
  private owned(id: string, accessKey: string | undefined): StoredComplaint {
    const stored = this.complaints.get(id);
    if (!stored || (stored.madeOn === 'another-device' && accessKey !== stored.accessKey)) {
      throw new BackendError('not_found', 'no complaint with this id belongs to you', 404);
    }
    return stored;
  }

  private summaryOf(stored: StoredComplaint): ComplaintSummary {
    return {
      id: stored.id,
      trackingNumber: stored.trackingNumber,
      site: this.site,
      kind: 'complaint',
      category: stored.category,
      channel: 'web',
      status: stored.status,
      receivedAt: stored.receivedAt,
      updatedAt: stored.updatedAt,
      version: stored.version,
      nextDeadline: nextDeadlineOf(stored.deadlines),
    };
  }

  private detailOf(stored: StoredComplaint): ComplaintDetail {
    const snapshot = restoreComplaint(stored.status, stored.context);
    const actions = allowedActions(snapshot, { role: USER.role, id: USER.id }, iso(this.now())).filter(
      (a): a is ComplaintAction => API_ACTIONS.has(a),
    );
    const { rating } = stored.context;
    return {
      ...this.summaryOf(stored),
      fields: stored.fields,
      attachments: [],
      deadlines: stored.deadlines,
      timeline: stored.timeline,
      actions,
      rating: rating ? { score: rating.score, comment: rating.comment } : null,
      windows: { disputeDays: stored.context.disputeWindowDays, autoResolveDays: stored.context.autoResolveDays },
      thirdParty: stored.thirdParty,
    };
  }

  /** A write with a key seen before gets the first answer and changes nothing. */
  private once(key: string, write: () => ComplaintChange): ComplaintChange {
    const earlier = this.answered.get(key);
    if (earlier) return { ...earlier };
    const change = write();
    this.answered.set(key, change);
    return { ...change };
  }

  /** Network time; and in failing mode, what RestBackend makes of a fetch that never reached the server. */
  private async answerDelay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failing) throw new BackendError('network', 'TypeError: Failed to fetch');
  }
}
