/**
 * <uc-studio>'s working time against the real server: an admin gives the
 * site a lunch break (two business periods) and a holiday in 2027, a year
 * the official calendar does not cover yet, publishes, and the deadlines
 * the server counts by the published version skip both; a period that ends
 * before it starts has its problem shown beside its inputs and publishing
 * is refused, by the studio and by the server. axe finds nothing.
 *
 * Each test puts the site back as it found it (a rollback, the draft
 * saved over), since every later test of the run shares the `test` site.
 */
import { expect } from '@open-wc/testing';
import { harness, staffToken } from './support/harness';
import { until } from './support/host-page';
import { closeStudios, enter, openStudio } from './support/studio-page';

afterEach(closeStudios);

/** The admin API of the test site, as an admin who is not the person in the studio. */
async function adminApi<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const { api } = await harness();
  const token = await staffToken('api-hours', 'API admin', ['admin']);
  const response = await fetch(`${api}${path}${path.includes('?') ? '&' : '?'}site=test`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      // Writes are made once per key; each call here is a new one.
      ...(init.method && init.method !== 'GET' ? { 'Idempotency-Key': crypto.randomUUID() } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function publishedVersion(): Promise<number> {
  const { items } = await adminApi<{ items: Array<{ version: number; current: boolean }> }>(
    '/v1/staff/config/versions',
  );
  return items.find((v) => v.current)!.version;
}

const documentOf = async (version: number) =>
  (await adminApi<{ document: Record<string, unknown> }>(`/v1/staff/config/versions/${version}`)).document;

/** The draft saved over with the published document: what a later test's publish starts from. */
async function draftAsPublished(): Promise<void> {
  const { revision } = await adminApi<{ revision: number }>('/v1/staff/config/draft');
  const document = await documentOf(await publishedVersion());
  await adminApi('/v1/staff/config/draft', { method: 'PUT', body: { document, revision } });
}

/** A complaint's first reply (3 working days by default) as the server counts it under `document`. */
async function firstReply(document: Record<string, unknown>, receivedAt: string) {
  const { deadlines } = await adminApi<{ deadlines: Array<{ name: string; dueAt: string; estimated?: boolean }> }>(
    '/v1/staff/config/deadline-preview',
    { method: 'POST', body: { document, kind: 'complaint', category: 'service', receivedAt } },
  );
  return deadlines.find((d) => d.name === 'firstReply');
}

/** An instant given as Asia/Shanghai wall time (the test site's zone). */
const shanghai = (wall: string) => new Date(`${wall.replace(' ', 'T')}:00+08:00`).toISOString();

describe('<uc-studio> Site: business hours and calendar', () => {
  it('a lunch break and a 2027 holiday, published, move the deadlines the server counts', async () => {
    const before = await publishedVersion();
    // Monday 2027-03-01 12:30, inside the lunch break about to be set.
    const received = shanghai('2027-03-01 12:30');
    const was = await firstReply(await documentOf(before), received);
    expect(was?.dueAt, 'before: 09:00–18:00, Monday to Friday').to.equal(shanghai('2027-03-04 12:30'));
    expect(was?.estimated, 'before: 2027 is a year nobody covers').to.equal(true);
    try {
      const page = await openStudio('admin-hours', { waitFor: 'Business hours' });
      await page.waitForText('The official calendar covers 2004–2026');
      await page.waitForText('No period set: 09:00–18:00 applies.');

      await page.click('Add a period');
      await until(() => page.find('#period-0-end') !== undefined, 'the first period');
      expect(page.find<HTMLInputElement>('#period-0-start')!.value, 'the default day to start from').to.equal('09:00');
      enter(page, '#period-0-end', '12:00');
      await page.click('Add a period');
      await until(() => page.find('#period-1-start') !== undefined, 'the second period');
      enter(page, '#period-1-start', '13:30');
      enter(page, '#period-1-end', '18:00');

      page.type('#calendar-year-new', '2027');
      await page.click('Add year');
      await page.waitForText('2027 is not in the official calendar');
      page.type('#calendar-2027-holidays-new', '2027-03-02');
      await page.click('Add holiday');
      await until(
        () => page.find<HTMLInputElement>('#calendar-2027-holidays-0')?.value === '2027-03-02',
        'the holiday listed',
      );

      await page.waitForText('No problems');
      await page.click('Review and publish');
      await page.waitForText('What changes from the published version');
      expect(page.find('ul.diff')?.textContent, 'the diff names the hours').to.include('businessHours');
      page.type('#publish-note', 'Lunch break 12:00–13:30; 2027-03-02 off');
      await page.click('Publish');
      await page.waitForText(/Published as version \d+/);

      const published = await documentOf(await publishedVersion());
      expect((published.settings as { sla?: unknown }).sla).to.deep.equal({
        businessHours: [
          { start: '09:00', end: '12:00' },
          { start: '13:30', end: '18:00' },
        ],
        calendar: { years: { '2027': { holidays: ['2027-03-02'] } } },
      });
      // From 13:30 Monday (the break does not count), Tuesday off: Monday 4.5 h, Wednesday and
      // Thursday 7.5 h each, and the last 3 h on Friday morning.
      const is = await firstReply(published, received);
      expect(is?.dueAt, 'after: the break and the holiday skipped').to.equal(shanghai('2027-03-05 12:00'));
      expect(is?.estimated, 'the site covers 2027 now').to.equal(undefined);
    } finally {
      await adminApi('/v1/staff/config/rollback', {
        method: 'POST',
        body: { version: before, note: 'browser test: back to how it was' },
      });
      await draftAsPublished();
    }
  });

  it('a period that ends before it starts shows its problem beside it, and publishing is refused; axe finds nothing', async () => {
    try {
      const page = await openStudio('admin-hours-bad', { axe: true, waitFor: 'Business hours' });
      await page.click('Add a period');
      await until(() => page.find('#period-0-end') !== undefined, 'the period');
      enter(page, '#period-0-end', '08:00');
      await until(() => page.find('#period-0-problems') !== undefined, 'the problem beside the period');
      expect(page.find('#period-0-problems')!.textContent).to.include('must be after start');
      expect(page.find('#period-0-end')!.getAttribute('aria-describedby')).to.include('period-0-problems');

      page.type('#calendar-year-new', '2027');
      await page.click('Add year');
      page.type('#calendar-2027-workdays-new', '2027-02-20');
      await page.click('Add make-up working day');
      await until(() => page.find('#calendar-2027-workdays-0') !== undefined, 'the make-up day listed');
      await page.waitForText('Publishing is blocked by:');
      expect(await page.axe()).to.deep.equal([]);

      await page.click('Review and publish');
      await page.waitForText('Fix the problems listed first');
      expect(page.button('Publish').disabled, 'the studio offers no publish').to.equal(true);
      const { revision } = await adminApi<{ revision: number }>('/v1/staff/config/draft');
      const { api } = await harness();
      const refused = await fetch(`${api}/v1/staff/config/publish?site=test`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await staffToken('api-hours', 'API admin', ['admin'])}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': crypto.randomUUID(),
        },
        body: JSON.stringify({ revision, note: 'a day that ends before it starts' }),
      });
      expect(refused.status, 'the server refuses it too').to.equal(422);
      expect(JSON.stringify(await refused.json())).to.include('settings.sla.businessHours[0].end');
      expect(await page.axe(), 'with the publish form open').to.deep.equal([]);
    } finally {
      await draftAsPublished();
    }
  });
});
