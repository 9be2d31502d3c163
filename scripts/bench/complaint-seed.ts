/**
 * Complaints for the benches, made by the server's own code.
 *
 * The first `throughLifecycle` complaints (the focus users' first) are
 * created by createComplaint (src/server/complaints/create.ts) and taken to
 * their status by applyEvent (src/server/complaints/lifecycle.ts), as the
 * demo seed does: rows, events, deadlines and live events as real use leaves
 * them. That costs 2.5–5 ms a complaint (the machine, the deadline rows), so
 * the rest are copies of those `submissions` rows (multi-row inserts) for
 * their own submitters, every instant in the row and in its lifecycle and
 * SLA JSON moved by one offset: the same status, context and deadlines at
 * another time, without event or deadline rows of their own (lists read
 * only `submissions`). All in one transaction.
 *
 * Who complained: the focus users with a fixed count each, the rest spread
 * over many users (most with one to three complaints, a few with dozens) and
 * anonymous devices. What happened: one of the scenarios below, weighted
 * roughly as a support desk sees them, at an age where that status still
 * stands (the sweep would have resolved a reply left silent for a week).
 * With a mix (the staff queue's bench), the copies are also spread over
 * channels, agents and the complex mark, and a share of them is feedback of
 * the other kinds; the queue's columns (next_due_at, next_due_soon_at) are
 * worked out as the lifecycle writes them. With texts (the search's
 * bench), every submission says something of its own, in Chinese or English
 * (./complaint-texts.ts), and the copies get their rows in the search index
 * as the server writes them (src/server/search/index-rows.ts; the ones made
 * through the lifecycle get theirs from createComplaint). A fixed seed: the
 * same data on every run.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import type { Channel, Kind } from '../../src/contract/common';
import type { ComplaintActionRequest } from '../../src/contract/complaint-requests';
import type { Log } from '../../src/server/context';
import { deadlinesOf, dueColumns, parseClockState } from '../../src/server/complaints/clock-state';
import { eventFor } from '../../src/server/complaints/commands';
import { createComplaint } from '../../src/server/complaints/create';
import { applyEvent, type NamedActor } from '../../src/server/complaints/lifecycle';
import type { Database, SubmissionRow, SubmissionsTable } from '../../src/server/db/schema';
import type { Site } from '../../src/server/registry';
import type { RegistryFile } from '../../src/server/registry-schema';
import { startServer, type RunningServer } from '../../src/server/server';
import { personPrincipal } from '../../src/server/staff/principal-ids';
import { makeTrackingNumber } from '../../src/server/tracking';
import { BENCH_SITE } from './api';
import { seededRandom } from './seeded-random';
import { complaintText } from './complaint-texts';
import { indexValuesOf, writeIndexRows } from '../../src/server/search/index-rows';
import type { FieldValue } from '../../src/contract/common';

type Who = 'user' | 'agent' | 'arbitrator';
type Action = ComplaintActionRequest['action'] | 'message';
type Step = [hoursAfterReceipt: number, who: Who, action: Action, extra?: Omit<ComplaintActionRequest, 'action'>];

interface Scenario {
  weight: number;
  /** received at most this many days ago: older, the sweep would have moved it on */
  maxAgeDays: number;
  steps: Step[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const handled = (h: number): Step[] => [
  [h, 'agent', 'accept'],
  [h + 1, 'agent', 'start_investigation'],
];
const replied = (h: number): Step[] => [
  ...handled(h),
  [h + 20, 'agent', 'reply', { text: 'We refunded the difference to your original payment method.' }],
];
const disputed = (text: string): Step[] => [...replied(1), [50, 'user', 'dispute', { text }]];

/** Each scenario's last status is its comment. */
const SCENARIOS: Scenario[] = [
  { weight: 10, maxAgeDays: 10, steps: [] }, // submitted
  { weight: 6, maxAgeDays: 10, steps: [[1, 'agent', 'accept']] }, // accepted
  {
    weight: 10,
    maxAgeDays: 20,
    steps: [...handled(1), [6, 'agent', 'message', { text: 'We are checking this with the payment provider.' }]],
  }, // investigating
  {
    weight: 6,
    maxAgeDays: 20,
    steps: [
      ...handled(2),
      [4, 'agent', 'ask_user', { text: 'Please send the order number and a screenshot of the payment.' }],
    ],
  }, // awaiting_user
  { weight: 14, maxAgeDays: 7, steps: replied(1) }, // replied
  { weight: 12, maxAgeDays: 8, steps: [...replied(2), [40, 'user', 'confirm'], [41, 'user', 'rate', { score: 4 }]] }, // resolved
  {
    weight: 22,
    maxAgeDays: 60,
    steps: [
      ...replied(1),
      [30, 'user', 'confirm'],
      [31, 'user', 'rate', { score: 5, comment: 'Quick, thank you.' }],
      [60, 'agent', 'close'],
    ],
  }, // closed
  { weight: 5, maxAgeDays: 30, steps: disputed('The seller still refuses to take the item back.') }, // disputed
  {
    weight: 3,
    maxAgeDays: 40,
    steps: [...disputed('The fee charged is not the one shown.'), [70, 'arbitrator', 'start_arbitration']],
  }, // arbitration
  {
    weight: 1,
    maxAgeDays: 60,
    steps: [
      ...disputed('I broke no rule; please check again.'),
      [70, 'arbitrator', 'start_arbitration'],
      [
        120,
        'arbitrator',
        'rule',
        { outcome: 'upheld', reasons: 'The ban stands; the balance is paid out within 7 days.' },
      ],
      [150, 'user', 'ask_third_party'],
    ],
  }, // third_party
  { weight: 6, maxAgeDays: 60, steps: [[1, 'user', 'withdraw', { reason: 'Sent by mistake' }]] }, // withdrawn
  {
    weight: 5,
    maxAgeDays: 60,
    steps: [[3, 'agent', 'reject', { reason: 'Advertising requests are not complaints; please write to sales.' }]],
  }, // rejected
];
const TOTAL_WEIGHT = SCENARIOS.reduce((n, s) => n + s.weight, 0);
const CATEGORIES = ['transactions', 'publishing', 'interaction'];
const FEEDBACK_KINDS = ['suggestion', 'praise', 'report'] as const satisfies readonly Kind[];
const FEEDBACK_MESSAGES: Record<(typeof FEEDBACK_KINDS)[number], string> = {
  suggestion: 'It would help to filter my orders by seller and save that filter.',
  praise: 'The agent on the phone was patient and solved it in five minutes.',
  report: 'This listing copies photos from another seller and asks for payment outside the platform.',
};
const channelWeight = (mix: SeedMix) => Object.values(mix.channels).reduce((n, w) => n + w, 0);
const MESSAGES = [
  'The parcel arrived two days after the promised date and the box was crushed on one side.',
  'I was charged twice for the same order and only one payment shows in my history.',
  'My listing has been "under review" for a week without any message.',
  'Another user keeps sending me insulting private messages.',
  'The refund was approved ten days ago and has still not reached my account.',
];

export interface SeedOptions {
  /** complaints in all */
  count: number;
  /** user ids whose complaint count is fixed (the lists a bench reads), with that count; made through the lifecycle */
  focus: Record<string, number>;
  /** how many complaints are made through the lifecycle, the focus users' first; the rest are copies of them */
  throughLifecycle: number;
  /** the share of the other complaints made anonymously from a device, 0–1 */
  anonymousShare: number;
  /** what else a desk holds besides web complaints nobody has taken yet (the staff queue's bench); absent: only those */
  mix?: SeedMix;
  /** texts of their own for every submission, and the copies in the search index (the search's bench); absent: a few English texts, copies not indexed */
  texts?: SeedTexts;
  /** the server's clock */
  now: Date;
}

/**
 * A desk's mix, for the copies (the complaints made through the lifecycle
 * stay as they were made). Each share is of the copies.
 */
export interface SeedMix {
  /** feedback of the other kinds (suggestion, praise, report): no lifecycle, nothing due, status `submitted` */
  feedbackShare: number;
  /** complaints by channel, as weights (staff log hotline calls and letters) */
  channels: Record<Channel, number>;
  /** how many agents complaints are assigned to */
  agents: number;
  /** the share of complaints still `submitted` that an agent has already claimed; every later status has an assignee */
  submittedAssignedShare: number;
  /** the share of complaints staff marked complex (the 24-hour solution clock runs) */
  complexShare: number;
}

/** The texts of a search's desk. */
export interface SeedTexts {
  /** the share written in Chinese, 0–1; the rest in English */
  chineseShare: number;
}

export interface SeedReport {
  /** submissions in all: complaints and, with a mix, feedback */
  complaints: number;
  /** of those, feedback of another kind (with a mix) */
  feedback: number;
  /** by channel, by assignee (null: nobody), complex, and by where the next deadline stands at `now` */
  byChannel: Record<string, number>;
  assigned: number;
  complex: number;
  byDue: { overdue: number; dueSoon: number; later: number; pausedOrNone: number };
  /** made through createComplaint + applyEvent */
  throughLifecycle: number;
  users: number;
  devices: number;
  /** complaint_events rows written */
  events: number;
  byStatus: Record<string, number>;
  ms: number;
}

type Submitter = { type: 'user' | 'device'; id: string };

/** Submitters for `n` complaints besides the focus users', in arrival order. */
function others(n: number, anonymousShare: number, next: () => number): Submitter[] {
  const out: Submitter[] = [];
  let users = 0;
  let devices = 0;
  while (out.length < n) {
    const anonymous = next() < anonymousShare;
    // 1 / (1 - u) has a long tail: most users have one to three complaints, a few have dozens.
    const count = anonymous ? 1 + Math.floor(next() * 3) : Math.min(40, Math.floor(1 / (1 - next() * 0.975)));
    const who: Submitter = anonymous
      ? { type: 'device', id: `benchdevice${String(devices++).padStart(8, '0')}` }
      : { type: 'user', id: `bench-user-${String(users++).padStart(5, '0')}` };
    for (let i = 0; i < count && out.length < n; i++) out.push(who);
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g;
const shiftText = (text: string, ms: number) =>
  text.replace(ISO_INSTANT, (iso) => new Date(Date.parse(iso) + ms).toISOString());
const shift = <T extends string | null>(value: T, ms: number): T =>
  value === null ? value : (shiftText(value, ms) as T);

export async function seedComplaints(db: Kysely<Database>, site: Site, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const next = seededRandom(20261128);
  const now = options.now.getTime();
  const staff: Record<Exclude<Who, 'user'>, NamedActor> = {
    agent: { role: 'agent', id: 'staff:bench agent', name: 'bench agent' },
    arbitrator: { role: 'arbitrator', id: 'staff:bench arbitrator', name: 'bench arbitrator' },
  };
  const focus = Object.entries(options.focus).flatMap(([id, n]) =>
    Array.from({ length: n }, (): Submitter => ({ type: 'user', id })),
  );
  const rest = others(Math.max(0, options.count - focus.length), options.anonymousShare, next);
  const all = [...focus, ...rest];
  const real = all.slice(0, Math.max(1, options.throughLifecycle));
  const copies = all.slice(real.length);
  const byStatus: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const byDue = { overdue: 0, dueSoon: 0, later: 0, pausedOrNone: 0 };
  let feedback = 0;
  let assigned = 0;
  let complex = 0;
  const nowIso = options.now.toISOString();
  const count = (row: Insertable<SubmissionsTable>) => {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    byChannel[row.channel] = (byChannel[row.channel] ?? 0) + 1;
    if (row.kind !== 'complaint') feedback++;
    if (row.assignee) assigned++;
    if (row.complex === 1) complex++;
    const due = row.next_due_at ?? null;
    const soon = row.next_due_soon_at ?? null;
    if (due === null) byDue.pausedOrNone++;
    else if (due <= nowIso) byDue.overdue++;
    else if (soon !== null && soon <= nowIso) byDue.dueSoon++;
    else byDue.later++;
  };
  let events = 0;
  // The bench reads lists by device and user, never by access key: any secret will do for the keys the seed stores.
  const accessKeySecret = randomBytes(32);

  /** A text of `kind` and the language it is in, as the texts' shares say. */
  const textOf = (kind: Kind, texts: SeedTexts) => {
    const locale = next() < texts.chineseShare ? ('zh-CN' as const) : ('en' as const);
    return { locale, message: complaintText(kind, locale, next) };
  };

  /** One complaint through the lifecycle, as its scenario says. */
  const throughLifecycle = async (
    tx: Kysely<Database>,
    submitter: Submitter,
  ): Promise<{ row: SubmissionRow; scenario: Scenario }> => {
    let pick = next() * TOTAL_WEIGHT;
    const scenario = SCENARIOS.find((s) => (pick -= s.weight) < 0) ?? SCENARIOS[0]!;
    const receivedAt = new Date(now - 60_000 - next() * scenario.maxAgeDays * DAY);
    const written = options.texts
      ? textOf('complaint', options.texts)
      : { locale: 'en' as const, message: MESSAGES[Math.floor(next() * MESSAGES.length)]! };
    const user: NamedActor = { role: 'user', id: submitter.id, name: submitter.type === 'user' ? 'Bench User' : null };
    let row = await createComplaint(
      tx,
      site,
      {
        form: 'default',
        category: CATEGORIES[Math.floor(next() * CATEGORIES.length)]!,
        channel: 'web',
        locale: written.locale,
        fields: { subject: 'Order problem', message: written.message, email: 'bench@example.com' },
        submitter,
        recordedBy: user,
        receivedAt,
      },
      accessKeySecret,
    );
    // The web route drew this one's number: the copies must not draw it again.
    trackingNumbers.add(row.tracking_number);
    events++;
    for (const [hours, role, action, extra] of scenario.steps) {
      const atMs = receivedAt.getTime() + hours * HOUR;
      // A step that would lie in the future: the story stands where it is now.
      if (atMs > now - 1000) break;
      const at = new Date(atMs).toISOString();
      const actor = role === 'user' ? user : staff[role];
      if (action === 'message') {
        await applyEvent(tx, site, row, { type: 'message', actor: { role: actor.role, id: actor.id }, at }, actor, {
          body: { text: extra?.text ?? '' },
        });
      } else {
        const { event, body } = eventFor({ ...extra, action }, actor, at, site.sla.schedule.timeZone);
        await applyEvent(tx, site, row, event, actor, { body });
      }
      events++;
      row = await tx.selectFrom('submissions').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    }
    return { row, scenario };
  };

  // Six random characters a day: at 100,000 complaints in a few weeks two of them may draw the same (the web route retries on that).
  const trackingNumbers = new Set(
    (await db.selectFrom('submissions').select('tracking_number').where('site', '=', site.id).execute()).map(
      (r) => r.tracking_number,
    ),
  );
  const trackingNumberAt = (at: Date): string => {
    let number: string;
    do number = makeTrackingNumber(at, site.settings.timezone);
    while (trackingNumbers.has(number));
    trackingNumbers.add(number);
    return number;
  };

  /** `template` for another submitter, every instant moved so it was received at another time its status allows. */
  const copyOf = (
    template: { row: SubmissionRow; scenario: Scenario },
    submitter: Submitter,
  ): Insertable<SubmissionsTable> => {
    const { row, scenario } = template;
    const received = Date.parse(row.received_at);
    const earliest = now - 60_000 - scenario.maxAgeDays * DAY;
    const latest = now - 60_000 - (Date.parse(row.updated_at) - received);
    const ms = Math.round(earliest + next() * Math.max(0, latest - earliest)) - received;
    const receivedAt = new Date(received + ms);
    const updatedAt = shift(row.updated_at, ms);
    const slaJson = shift(row.sla_json, ms);
    // The earliest running deadline as of the last change, as the lifecycle works it out (working hours move with the offset).
    const subject = {
      kind: row.kind,
      category: row.category,
      status: row.status,
      receivedAt: receivedAt.toISOString(),
      clock: parseClockState(slaJson),
    };
    const staffSide = options.mix && staffSideOf(options.mix, row.status);
    // What the row keeps for the queue, as the lifecycle writes it after the last change.
    const due = dueColumns(
      site.sla,
      deadlinesOf(site.sla, { ...subject, complex: staffSide?.complex === 1 }, new Date(updatedAt)),
    );
    const written = options.texts && textOf('complaint', options.texts);
    return {
      ...row,
      ...staffSide,
      ...(written
        ? {
            locale: written.locale,
            fields_json: JSON.stringify({
              subject: 'Order problem',
              message: written.message,
              email: 'bench@example.com',
            }),
          }
        : {}),
      id: randomUUID(),
      submitter_type: submitter.type,
      submitter_id: submitter.id,
      tracking_number: trackingNumberAt(receivedAt),
      client_submitted_at: shift(row.client_submitted_at, ms),
      received_at: receivedAt.toISOString(),
      updated_at: updatedAt,
      withdrawn_at: shift(row.withdrawn_at, ms),
      lifecycle_json: shift(row.lifecycle_json, ms),
      sla_json: slaJson,
      ...due,
    };
  };

  /** Channel, assignee and complex mark of a copied complaint, as the mix says. */
  const staffSideOf = (mix: SeedMix, status: string) => {
    let pick = next() * channelWeight(mix);
    const channel = (Object.entries(mix.channels).find(([, w]) => (pick -= w) < 0)?.[0] ?? 'web') as Channel;
    const assigned = status !== 'submitted' || next() < mix.submittedAssignedShare;
    const agent = Math.floor(next() * mix.agents);
    return {
      channel,
      assignee: assigned ? personPrincipal(`bench-agent-${agent}`) : null,
      assignee_name: assigned ? `Agent ${agent + 1}` : null,
      complex: next() < mix.complexShare ? 1 : 0,
    };
  };

  /** Feedback of another kind, received up to 30 days ago: enters no lifecycle, nothing is due. */
  const feedbackOf = (submitter: Submitter): Insertable<SubmissionsTable> => {
    const receivedAt = new Date(now - 60_000 - next() * 30 * DAY);
    const at = receivedAt.toISOString();
    const kind = FEEDBACK_KINDS[Math.floor(next() * FEEDBACK_KINDS.length)]!;
    const written = options.texts
      ? textOf(kind, options.texts)
      : { locale: 'en' as const, message: FEEDBACK_MESSAGES[kind] };
    return {
      id: randomUUID(),
      site: site.id,
      form: 'default',
      kind,
      category: CATEGORIES[Math.floor(next() * CATEGORIES.length)]!,
      channel: 'web',
      status: 'submitted',
      submitter_type: submitter.type,
      submitter_id: submitter.id,
      access_key_hash: null,
      tracking_number: trackingNumberAt(receivedAt),
      locale: written.locale,
      fields_json: JSON.stringify({ subject: 'An idea', message: written.message, email: 'bench@example.com' }),
      client_submitted_at: at,
      received_at: at,
      updated_at: at,
      withdrawn_at: null,
      withdraw_reason: null,
      version: 1,
      // Every column, as in the copies: a multi-row insert takes one column list for all its rows.
      lifecycle_json: null,
      sla_json: null,
      next_due_at: null,
      next_due_soon_at: null,
      assignee: null,
      assignee_name: null,
      complex: 0,
    };
  };

  await db.transaction().execute(async (tx) => {
    const templates: Array<{ row: SubmissionRow; scenario: Scenario }> = [];
    for (const submitter of real) {
      const made = await throughLifecycle(tx, submitter);
      templates.push(made);
      count(made.row);
    }
    // 27 columns a row: 400 rows stay well under SQLite's 32,766 bound parameters.
    for (let i = 0; i < copies.length; i += 400) {
      const batch = copies
        .slice(i, i + 400)
        .map((submitter) =>
          options.mix && next() < options.mix.feedbackShare
            ? feedbackOf(submitter)
            : copyOf(templates[Math.floor(next() * templates.length)]!, submitter),
        );
      for (const row of batch) count(row);
      await tx.insertInto('submissions').values(batch).execute();
      if (options.texts) await indexRows(tx, site, batch);
    }
  });
  return {
    complaints: all.length,
    feedback,
    byChannel,
    assigned,
    complex,
    byDue,
    throughLifecycle: real.length,
    users: new Set(all.filter((w) => w.type === 'user').map((w) => w.id)).size,
    devices: new Set(all.filter((w) => w.type === 'device').map((w) => w.id)).size,
    events,
    byStatus,
    ms: Math.round(performance.now() - started),
  };
}

/** The copies' rows in the search index, as the server writes them for a submission it stores. */
function indexRows(tx: Kysely<Database>, site: Site, rows: ReadonlyArray<Insertable<SubmissionsTable>>): Promise<void> {
  return writeIndexRows(
    tx,
    rows.map((row) => ({
      submission: { id: row.id, site: row.site, kind: row.kind },
      values: indexValuesOf(
        site.publicConfig.forms[row.form],
        JSON.parse(row.fields_json) as Record<string, FieldValue>,
      ),
    })),
  );
}

export interface SeededServer {
  server: RunningServer;
  /** the key the site's host tokens are signed with */
  hostTokenSecret: string;
  seed: SeedReport;
  /** closes the server; safe to call again (the caller's clean-up does) */
  close(): Promise<void>;
  /** a second server on the same database that keeps no staff page (`keepStaffPages: false`), closed with the bench's clean-up */
  startUnkept(): Promise<RunningServer>;
}

/**
 * The real server (startServer, SQLite in `dataDir`, or PostgreSQL at
 * `databaseUrl`) with one site, BENCH_SITE, whose static staff token is
 * `staffToken` when given and whose host signs staff tokens with
 * `staffTokenSecret` when given, seeded as `seed` says. No sweep: it would
 * work through the complaints' deadlines while the bench measures.
 */
export async function startSeededServer(options: {
  dataDir: string;
  databaseUrl?: string;
  seed: Omit<SeedOptions, 'now'>;
  staffToken?: string;
  /** the key the site's staff tokens (JWTs for people) are signed with, when the bench signs in as a person */
  staffTokenSecret?: string;
  log: Log;
  onCleanup: (step: () => Promise<void> | void) => void;
}): Promise<SeededServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const hostTokenSecret = randomBytes(32).toString('base64url');
  const registry: RegistryFile = {
    $comment: 'written by scripts/bench/complaint-seed.ts for one bench run',
    serverSecret: randomBytes(32).toString('base64url'),
    sites: [
      {
        id: BENCH_SITE,
        allowedOrigins: ['http://127.0.0.1:*'],
        hostTokenSecret,
        ...(options.staffTokenSecret ? { staffTokenSecret: options.staffTokenSecret } : {}),
        staffTokens: options.staffToken
          ? [
              {
                name: 'bench agent',
                tokenSha256: createHash('sha256').update(options.staffToken, 'utf8').digest('hex'),
                roles: ['agent'],
              },
            ]
          : [],
        settings: { timezone: 'Asia/Shanghai' },
      },
    ],
  };
  writeFileSync(join(options.dataDir, 'sites.json'), JSON.stringify(registry, null, 2), { mode: 0o600 });
  const serverOptions = {
    port: 0,
    host: '127.0.0.1',
    dataDir: options.dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    log: options.log,
    sweepIntervalMs: 0,
  };
  const server = await startServer(serverOptions);
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= server.close());
  options.onCleanup(close);
  const site = server.registry.getSite(BENCH_SITE);
  if (!site) throw new Error(`the server did not load the ${BENCH_SITE} site`);
  const seed = await seedComplaints(server.db, site, { ...options.seed, now: new Date() });
  const startUnkept = async () => {
    const unkept = await startServer({ ...serverOptions, keepStaffPages: false });
    let closingUnkept: Promise<void> | undefined;
    const closeUnkept = () => (closingUnkept ??= unkept.close());
    options.onCleanup(closeUnkept);
    return { ...unkept, close: closeUnkept };
  };
  return { server, hostTokenSecret, seed, close, startUnkept };
}
