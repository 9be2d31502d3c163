/** Registry `sla` settings, policy resolution per kind and category, and a complaint's deadlines as the server sends them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeIssue, formatPath } from '../../src/config/validate';
import {
  GUIDELINE_COMPLEX_SOLUTION,
  GUIDELINE_POLICY,
  SlaSettings,
  computeDeadlines,
  createSiteSla,
  resolvePolicy,
  type SlaPolicyEntry,
} from '../../src/sla/index';

const HOUR = 3_600_000;
const shanghai = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`);

/** Problems as the registry loader reports them: path → message. */
function problemsOf(input: unknown): Map<string, string> {
  const result = SlaSettings.safeParse(input);
  assert.equal(result.success, false, 'expected the settings to be refused');
  if (result.success) return new Map();
  return new Map(result.error.issues.map((issue) => [formatPath(issue.path), describeIssue(issue as never)]));
}

describe('SlaSettings schema', () => {
  test('accepts a full, valid block', () => {
    const result = SlaSettings.safeParse({
      timezone: 'Europe/Berlin',
      businessHours: { start: '08:30', end: '17:00' },
      calendar: { years: { '2027': { holidays: ['2027-01-01'], workdays: ['2027-02-07'] } } },
      policies: [
        { kind: 'complaint', firstReply: { workingDays: 2 } },
        { kind: 'complaint', category: 'billing', solution: { elapsedHours: 48 } },
        { category: 'praise-wall', solution: null },
      ],
    });
    assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues));
    assert.deepEqual(SlaSettings.safeParse({}).success, true, 'everything is optional');
  });

  test('a zone Intl does not know is refused with an example', () => {
    const problems = problemsOf({ timezone: 'Asia/Beijing' });
    assert.match(problems.get('timezone') ?? '', /IANA time zone such as Asia\/Shanghai/);
  });

  test('business hours must end after they start and be HH:MM', () => {
    assert.match(
      problemsOf({ businessHours: { start: '18:00', end: '09:00' } }).get('businessHours.end') ?? '',
      /after start/,
    );
    assert.match(
      problemsOf({ businessHours: { start: '09:00', end: '09:00' } }).get('businessHours.end') ?? '',
      /after start/,
    );
    const badTime = problemsOf({ businessHours: { start: '9:00', end: '24:00' } });
    assert.match(badTime.get('businessHours.start') ?? '', /HH:MM/);
    assert.match(badTime.get('businessHours.end') ?? '', /HH:MM/);
  });

  test('business hours may be a list of periods: a lunch break', () => {
    const lunch = SlaSettings.safeParse({
      businessHours: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:00' },
      ],
    });
    assert.ok(lunch.success, lunch.success ? '' : JSON.stringify(lunch.error.issues));
    assert.deepEqual(lunch.data?.businessHours, [
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '18:00' },
    ]);
    const touching = [
      { start: '09:00', end: '12:00' },
      { start: '12:00', end: '18:00' },
    ];
    assert.ok(SlaSettings.safeParse({ businessHours: touching }).success, 'periods may touch');
    const six = Array.from({ length: 6 }, (_, i) => ({ start: `${10 + i}:00`, end: `${10 + i}:30` }));
    assert.ok(SlaSettings.safeParse({ businessHours: six }).success, 'six periods');
  });

  test('business hours periods: each ends after it starts, in order, apart, one to six', () => {
    const endBeforeStart = problemsOf({
      businessHours: [
        { start: '09:00', end: '12:00' },
        { start: '18:00', end: '13:30' },
      ],
    });
    assert.match(endBeforeStart.get('businessHours[1].end') ?? '', /after start/);
    const overlap = problemsOf({
      businessHours: [
        { start: '09:00', end: '12:30' },
        { start: '12:00', end: '18:00' },
      ],
    });
    assert.match(
      overlap.get('businessHours[1].start') ?? '',
      /overlaps the previous period \(09:00–12:30\): start at 12:30 or later/,
    );
    const disorder = problemsOf({
      businessHours: [
        { start: '13:30', end: '18:00' },
        { start: '09:00', end: '12:00' },
      ],
    });
    assert.match(disorder.get('businessHours[1].start') ?? '', /starts before the previous period \(13:30–18:00\)/);
    const seven = Array.from({ length: 7 }, (_, i) => ({ start: `${10 + i}:00`, end: `${10 + i}:30` }));
    assert.match(problemsOf({ businessHours: seven }).get('businessHours') ?? '', /at most 6 periods/);
    assert.match(problemsOf({ businessHours: [] }).get('businessHours') ?? '', /at least one period/);
    const shapes = problemsOf({ businessHours: [{ start: '9:00', end: '12:00' }, { start: '13:30' }] });
    assert.match(shapes.get('businessHours[0].start') ?? '', /HH:MM/);
    assert.match(shapes.get('businessHours[1].end') ?? '', /expected string/);
    assert.match(problemsOf({ businessHours: '09:00-18:00' }).get('businessHours') ?? '', /or a list of periods/);
  });

  test('calendar dates must be real, in their year, and not both off and on', () => {
    const shape = problemsOf({ calendar: { years: { '2027': { holidays: ['2027-02-30'] }, '27': {} } } });
    assert.match(shape.get('calendar.years.2027.holidays[0]') ?? '', /real date/);
    assert.ok(
      [...shape.values()].some((m) => /four digits/.test(m)),
      [...shape.entries()].join('\n'),
    );
    // Checks across dates run once every date is well-formed, so an owner fixes typos first.
    const across = problemsOf({
      calendar: { years: { '2027': { holidays: ['2028-01-01', '2027-05-03'], workdays: ['2027-05-03'] } } },
    });
    assert.match(across.get('calendar.years.2027.holidays[0]') ?? '', /2028-01-01 is not in 2027/);
    assert.match(across.get('calendar.years.2027.workdays[0]') ?? '', /both a holiday and a workday/);
  });

  test('policies: unknown keys, unknown kinds and ambiguous or non-positive rules are refused', () => {
    const problems = problemsOf({
      policies: [
        { kind: 'complaint', firstReply: { workingDays: 3, elapsedHours: 2 } },
        { kind: 'complaint', firstReply: { days: 3 } },
        { kind: 'complaint', solution: { elapsedHours: -1 } },
        { kind: 'grievance', firstReply: { workingDays: 1 } },
      ],
      sla: true,
    });
    assert.match(problems.get('policies[0].firstReply') ?? '', /exactly one of/);
    assert.match(problems.get('policies[1].firstReply') ?? '', /exactly one of/);
    assert.match(problems.get('policies[2].solution.elapsedHours') ?? '', /greater than 0/);
    assert.match(problems.get('policies[3].kind') ?? '', /expected one of/);
    assert.ok(
      [...problems.values()].some((m) => /unknown keys: sla/.test(m)),
      [...problems.entries()].join('\n'),
    );
  });

  test('policies: an entry setting no deadline, or repeating a kind and category, is refused', () => {
    const problems = problemsOf({
      policies: [
        { kind: 'complaint', firstReply: { workingDays: 2 } },
        { kind: 'complaint', category: 'billing' },
        { kind: 'complaint', solution: null },
      ],
    });
    assert.match(problems.get('policies[1]') ?? '', /sets no deadline/);
    assert.match(problems.get('policies[2]') ?? '', /same kind and category as policies\[0\]/);
  });
});

describe('resolvePolicy', () => {
  const entries: SlaPolicyEntry[] = [
    { kind: 'complaint', category: 'billing', firstReply: { workingDays: 1 } },
    { firstReply: { workingDays: 5 }, acknowledgement: null },
    { kind: 'complaint', firstReply: { workingDays: 2 }, solution: { elapsedHours: 48 } },
    { category: 'billing', firstReply: { workingHours: 4 }, solution: { elapsedHours: 12 } },
  ];

  test('with no entries, the guideline', () => {
    assert.deepEqual(resolvePolicy([], 'complaint', 'general'), GUIDELINE_POLICY);
    assert.deepEqual(GUIDELINE_POLICY, {
      acknowledgement: { elapsedSeconds: 30 },
      firstReply: { workingDays: 3 },
      solution: null,
    });
  });

  test('each deadline comes from the most specific entry that sets it', () => {
    assert.deepEqual(resolvePolicy(entries, 'complaint', 'billing'), {
      acknowledgement: null,
      firstReply: { workingDays: 1 },
      solution: { elapsedHours: 12 },
    });
    assert.deepEqual(resolvePolicy(entries, 'complaint', 'general'), {
      acknowledgement: null,
      firstReply: { workingDays: 2 },
      solution: { elapsedHours: 48 },
    });
    assert.deepEqual(resolvePolicy(entries, 'suggestion', 'billing'), {
      acknowledgement: null,
      firstReply: { workingHours: 4 },
      solution: { elapsedHours: 12 },
    });
    assert.deepEqual(resolvePolicy(entries, 'suggestion', 'general'), {
      acknowledgement: null,
      firstReply: { workingDays: 5 },
      solution: null,
    });
  });
});

describe('computeDeadlines', () => {
  const sla = createSiteSla({}, { logger: () => {} });

  test('guideline deadlines of a complaint in a complex category: acknowledged at receipt, reply in 3 working days, solution in 24 h', () => {
    const complex = createSiteSla(
      { policies: [{ category: 'general', solution: GUIDELINE_COMPLEX_SOLUTION }] },
      { logger: () => {} },
    );
    const receivedAt = shanghai('2026-09-30 10:00');
    const deadlines = complex.deadlinesFor('complaint', 'general', { receivedAt, now: shanghai('2026-10-08 10:00') });
    assert.deepEqual(deadlines, [
      {
        name: 'acknowledgement',
        measure: 'elapsed',
        due: new Date(receivedAt.getTime() + 30_000).toISOString(),
        status: 'met',
        msLeft: 30_000,
        estimated: false,
      },
      {
        name: 'firstReply',
        measure: 'working',
        due: shanghai('2026-10-10 10:00').toISOString(),
        status: 'running',
        msLeft: 18 * HOUR,
        businessDayMs: 9 * HOUR,
        estimated: false,
      },
      {
        name: 'solution',
        measure: 'elapsed',
        due: shanghai('2026-10-01 10:00').toISOString(),
        status: 'overdue',
        msLeft: -(7 * 24 * HOUR),
        estimated: false,
      },
    ]);
    assert.deepEqual(
      sla.deadlinesFor('complaint', 'general', { receivedAt, now: shanghai('2026-10-08 10:00') }).map((d) => d.name),
      ['acknowledgement', 'firstReply'],
      'without a site naming the category complex there is no solution deadline',
    );
  });

  test('a complaint staff marked complex gets the 24-hour solution deadline from receipt, whatever its category', () => {
    const receivedAt = shanghai('2026-06-01 09:00');
    const now = shanghai('2026-06-01 10:00');
    const marked = sla.deadlinesFor('complaint', 'general', { receivedAt, now }, true);
    assert.deepEqual(
      marked.map((d) => [d.name, d.due, d.status]),
      [
        ['acknowledgement', new Date(receivedAt.getTime() + 30_000).toISOString(), 'met'],
        ['firstReply', shanghai('2026-06-03 18:00').toISOString(), 'running'],
        ['solution', shanghai('2026-06-02 09:00').toISOString(), 'running'],
      ],
    );
    assert.deepEqual(
      sla.deadlinesFor('complaint', 'general', { receivedAt, now }, false).map((d) => d.name),
      ['acknowledgement', 'firstReply'],
      'unmarked, the policy stands',
    );
    const strict = createSiteSla(
      { policies: [{ category: 'general', solution: { workingDays: 10 } }] },
      { logger: () => {} },
    );
    assert.deepEqual(
      strict.policyFor('complaint', 'general', true).solution,
      GUIDELINE_COMPLEX_SOLUTION,
      'complex is 24 hours even where the category has a longer solution rule',
    );
    assert.deepEqual(strict.policyFor('complaint', 'general').solution, { workingDays: 10 });
  });

  test('met and met late are judged when they were met, not now', () => {
    const receivedAt = shanghai('2026-06-01 09:00');
    const now = shanghai('2026-06-30 09:00');
    const onTime = sla.deadlinesFor('complaint', 'general', {
      receivedAt,
      now,
      metAt: { firstReply: shanghai('2026-06-03 17:00') },
    });
    const reply = onTime.find((d) => d.name === 'firstReply')!;
    assert.equal(reply.status, 'met');
    assert.equal(reply.msLeft, HOUR);
    const late = sla.deadlinesFor('complaint', 'general', {
      receivedAt,
      now,
      metAt: { firstReply: shanghai('2026-06-04 10:00') },
    });
    assert.equal(late.find((d) => d.name === 'firstReply')!.status, 'metLate');
    assert.equal(late.find((d) => d.name === 'firstReply')!.msLeft, -HOUR);
  });

  test('past due on a day off: overdue although no working time has passed since', () => {
    const deadlines = sla.deadlinesFor('complaint', 'general', {
      receivedAt: shanghai('2026-06-03 09:00'),
      now: shanghai('2026-06-06 10:00'),
    });
    const reply = deadlines.find((d) => d.name === 'firstReply')!;
    assert.equal(reply.due, shanghai('2026-06-05 18:00').toISOString());
    assert.equal(reply.status, 'overdue');
    assert.equal(reply.msLeft, 0);
  });

  test('awaiting the user: no due instant, status paused, time left frozen', () => {
    const deadlines = sla.deadlinesFor('complaint', 'general', {
      receivedAt: shanghai('2026-06-01 09:00'),
      pauses: [{ from: shanghai('2026-06-01 12:00'), to: null }],
      now: shanghai('2026-06-02 12:00'),
    });
    const reply = deadlines.find((d) => d.name === 'firstReply')!;
    assert.equal(reply.due, null);
    assert.equal(reply.status, 'paused');
    assert.equal(reply.msLeft, 24 * HOUR);
  });

  test('a policy null for a deadline leaves it out; the site zone and hours are used', () => {
    const site = createSiteSla(
      {
        businessHours: { start: '10:00', end: '16:00' },
        policies: [{ kind: 'praise', firstReply: null, solution: null }],
      },
      { fallbackTimeZone: 'Europe/Berlin', logger: () => {} },
    );
    assert.equal(site.schedule.timeZone, 'Europe/Berlin');
    assert.deepEqual(
      site
        .deadlinesFor('praise', 'general', {
          receivedAt: new Date('2026-06-01T12:00:00+02:00'),
          now: new Date('2026-06-01T12:00:00+02:00'),
        })
        .map((d) => d.name),
      ['acknowledgement'],
    );
    const [, reply] = site.deadlinesFor('complaint', 'general', {
      receivedAt: new Date('2026-06-01T12:00:00+02:00'),
      now: new Date('2026-06-01T12:00:00+02:00'),
    });
    assert.equal(reply?.due, new Date('2026-06-04T12:00:00+02:00').toISOString(), '3 × 6 h from Monday noon, Berlin');
    assert.equal(reply?.businessDayMs, 6 * HOUR);
  });

  test('with a lunch break, a working day is the periods added up and a first reply skips the break', () => {
    const site = createSiteSla(
      {
        businessHours: [
          { start: '09:00', end: '12:00' },
          { start: '13:30', end: '18:00' },
        ],
        policies: [{ kind: 'complaint', firstReply: { workingHours: 2 } }],
      },
      { logger: () => {} },
    );
    const at = shanghai('2026-06-02 11:00');
    const [, reply] = site.deadlinesFor('complaint', 'general', { receivedAt: at, now: at });
    assert.equal(reply?.due, shanghai('2026-06-02 14:30').toISOString());
    assert.equal(reply?.businessDayMs, 7.5 * HOUR);
  });

  test('a deadline in a year no calendar covers says so', () => {
    const [, reply] = computeDeadlines(
      { receivedAt: shanghai('2027-04-01 10:00'), now: shanghai('2027-04-01 10:00') },
      GUIDELINE_POLICY,
      createSiteSla({}, { logger: () => {} }).schedule,
    );
    assert.equal(reply?.estimated, true);
  });
});
