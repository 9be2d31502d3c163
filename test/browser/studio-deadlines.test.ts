/**
 * <uc-studio>'s Deadlines and Access and limits sections against the real
 * server: an admin adds a category and a deadline policy for it, the
 * preview shows the due times the server counts with the draft (only the
 * latest question's answer, whatever order the answers come in), and once
 * published a complaint received then in that category gets exactly those
 * deadlines; two policies for the same kind and category show the problem
 * beside the second, the preview says the server cannot count, and
 * publishing is refused; a staff setting and the reveal roles, once
 * published, change what the server grants; axe finds nothing in either
 * section.
 *
 * Each test puts the site back as it found it (a rollback and the draft
 * saved as published), so no later test meets its policies or limits.
 */
import { expect } from '@open-wc/testing';
import { clearFaults, harness, marker, setFaults, staffToken } from './support/harness';
import { until } from './support/host-page';
import type { StaffPage } from './support/staff-page';
import { closeStudios, enter, openStudio, publish } from './support/studio-page';

/** What the test reads of the staff API's answers, each route's own shape loosely. */
interface Answer {
  items?: Array<{ version: number; current: boolean }>;
  document?: { settings?: { staff?: unknown; rateLimits?: Record<string, number> } };
  revision?: number;
  deadlines?: Array<{ name: string; due: string }>;
  intake?: { maxAgeDays: number };
  permissions?: string[];
}

/** A staff API call with a person's token of the test site (an admin unless `roles` say otherwise). */
async function staffApi(
  method: string,
  path: string,
  body?: unknown,
  roles = ['admin'],
): Promise<{ status: number; json: Answer }> {
  const { api } = await harness();
  const token = await staffToken(`api-deadlines-${roles.join('-')}`, 'API caller', roles);
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

async function servedVersion(): Promise<number> {
  const list = await staffApi('GET', '/v1/staff/config/versions?site=test');
  return list.json.items!.find((v) => v.current)!.version;
}

/** The version served when the test began, put back after it, and the draft saved as that version holds it. */
let before = 0;
beforeEach(async () => {
  before = await servedVersion();
});
afterEach(async () => {
  closeStudios();
  await clearFaults();
  const now = await servedVersion();
  if (now !== before)
    expect(
      (
        await staffApi('POST', '/v1/staff/config/rollback?site=test', {
          version: before,
          note: 'Put back after a test',
        })
      ).status,
    ).to.equal(200);
  const published = await staffApi('GET', `/v1/staff/config/versions/${await servedVersion()}?site=test`);
  const draft = await staffApi('GET', '/v1/staff/config/draft?site=test');
  if (JSON.stringify(draft.json.document) !== JSON.stringify(published.json.document))
    await staffApi('PUT', '/v1/staff/config/draft?site=test', {
      document: published.json.document,
      revision: draft.json.revision,
    });
});

/** Chooses an option of a select, as a person does. */
async function choose(page: StaffPage, selector: string, value: string): Promise<void> {
  await until(
    () => [...(page.find<HTMLSelectElement>(selector)?.options ?? [])].some((o) => o.value === value),
    `${selector} to offer ${value}`,
  );
  const select = page.find<HTMLSelectElement>(selector)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** Adds a policy through the editor: a kind, a category, and one deadline's rule. */
async function addPolicy(page: StaffPage, kind: string, category: string, deadline: string, unit: string, n: string) {
  await choose(page, '#policy-kind', kind);
  await choose(page, '#policy-category', category);
  await choose(page, `#policy-${deadline}-mode`, unit);
  page.type(`#policy-${deadline}-amount`, n);
  await page.click('Add policy');
}

/** What the preview shows once it has answered the latest question: the received instant and each due instant. */
async function previewed(page: StaffPage) {
  await until(
    () =>
      page.find('.deadline-preview-answer')?.getAttribute('aria-busy') === 'false' &&
      page.find('[data-preview="received"] time') !== undefined,
    'the preview to answer',
  );
  const at = (selector: string) => page.find(selector)?.getAttribute('datetime') ?? undefined;
  return {
    received: at('[data-preview="received"] time')!,
    acknowledgement: at('[data-deadline="acknowledgement"] time'),
    firstReply: at('[data-deadline="firstReply"] time'),
    solution: at('[data-deadline="solution"] time'),
  };
}

describe('<uc-studio> Deadlines, and Access and limits', () => {
  it('a policy added for a new category: the preview shows what the server counts, and a complaint received then gets it', async () => {
    const page = await openStudio('admin-deadlines', { waitFor: 'The guideline’s deadlines' });
    const guideline = page.find('ul.guideline')!.textContent!.replace(/\s+/g, ' ');
    expect(guideline).to.include('Acknowledgement: 30 seconds (elapsed)');
    expect(guideline).to.include('First reply: 3 working days');
    expect(guideline).to.include('Solution: none');

    const refund = marker('refund');
    page.type('form[aria-labelledby^="new-category-default"] input[name="id"]', refund);
    page.type('form[aria-labelledby^="new-category-default"] input[name="labelEn"]', `Refunds ${refund}`);
    page.button('Add category').click();
    await choose(page, '#deadline-preview-category', refund);
    const guidelines = await previewed(page);
    expect(guidelines.firstReply, 'three working days by the guideline').to.be.a('string');
    expect(page.find('[data-deadline="solution"]')!.textContent).to.include('Solution: no deadline');

    // Two questions in a row, the first answered last: what is shown is the answer to the second.
    const received = page.find<HTMLInputElement>('#deadline-preview-received')!.value;
    await setFaults([
      { method: 'POST', path: '/v1/staff/config/deadline-preview', action: 'delay', ms: 2500, times: 1 },
    ]);
    const another = `${received.slice(0, 11)}${received.slice(11, 13) === '06' ? '07' : '06'}${received.slice(13)}`;
    enter(page, '#deadline-preview-received', another);
    await new Promise((done) => setTimeout(done, 900));
    enter(page, '#deadline-preview-received', received);
    await new Promise((done) => setTimeout(done, 3000));
    expect((await previewed(page)).received, 'the latest question’s answer').to.equal(guidelines.received);

    await addPolicy(page, 'complaint', refund, 'firstReply', 'workingDays', '1');
    const row = () => page.findAll('table.policies tr[data-policy]').find((r) => r.textContent?.includes(refund));
    await until(() => row() !== undefined, 'the policy in the table');
    expect(row()!.querySelector('[data-rule="firstReply"]')!.textContent!.trim()).to.equal('1 working day');
    expect(row()!.querySelector('[data-rule="acknowledgement"]')!.textContent!.trim()).to.equal('inherited');
    await until(async () => (await previewed(page)).firstReply !== guidelines.firstReply, 'the preview to follow');
    const shown = await previewed(page);
    expect(Date.parse(shown.firstReply!), 'one working day is sooner').to.be.below(Date.parse(guidelines.firstReply!));
    expect(page.find('[data-deadline="firstReply"]')!.textContent).to.match(/First reply due .*\d\d:\d\d/);

    await publish(page, `One working day for ${refund}`);
    const { api } = await harness();
    const agent = await staffToken(`agent-${marker('deadlines')}`, 'Agent Deadlines', ['agent']);
    const logged = await fetch(`${api}/v1/staff/complaints`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${agent}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': crypto.randomUUID(),
      },
      body: JSON.stringify({
        site: 'test',
        category: refund,
        channel: 'hotline',
        locale: 'en',
        receivedAt: shown.received,
        contact: 'caller@example.com',
        text: `Called about a refund ${refund}`,
      }),
    });
    const receipt = (await logged.json()) as { id: string };
    expect(logged.status, JSON.stringify(receipt)).to.equal(201);
    const complaint = await staffApi('GET', `/v1/staff/complaints/${receipt.id}?site=test`, undefined, ['agent']);
    const due = (name: string) => complaint.json.deadlines!.find((d) => d.name === name)?.due;
    expect(due('firstReply'), 'the deadline the preview showed').to.equal(shown.firstReply);
    expect(due('acknowledgement')).to.equal(shown.acknowledgement);
  });

  it('two policies for the same kind and category: the problem beside the second, no preview, publishing refused', async () => {
    const page = await openStudio('admin-deadlines-twice', { waitFor: 'The guideline’s deadlines' });
    const rows = () => page.findAll('table.policies tr[data-policy]');
    const first = rows().length;
    await addPolicy(page, 'complaint', 'transactions', 'firstReply', 'workingDays', '2');
    await until(() => rows().length === first + 1, 'the first policy');
    await addPolicy(page, 'complaint', 'transactions', 'firstReply', 'workingHours', '4');
    await until(() => page.find(`#policy-${first + 1}-problems`) !== undefined, 'the problem beside the row');
    expect(page.find(`tr[data-change-of="${first + 1}"]`)!.textContent).to.include(
      `same kind and category as policies[${first}]`,
    );
    expect(page.find(`#policy-${first}-problems`), 'nothing beside the first').to.equal(undefined);
    expect(page.button(`Edit policy ${first + 2}`).getAttribute('aria-describedby')).to.equal(
      `policy-${first + 1}-problems`,
    );
    await page.waitForText('The server cannot count them with this draft');

    await page.click('Review and publish');
    await page.waitForText('Fix the problems listed first');
    expect(page.button('Publish').disabled, 'no publish in the studio').to.equal(true);
    const draft = await staffApi('GET', '/v1/staff/config/draft?site=test');
    const refused = await staffApi('POST', '/v1/staff/config/publish?site=test', {
      revision: draft.json.revision,
      note: 'Twice the same policy',
    });
    expect(refused.status, 'nor by the server').to.equal(422);
    expect(JSON.stringify(refused.json)).to.include(`settings.sla.policies[${first + 1}]`);

    await page.click(`Remove policy ${first + 2}`);
    const root = page.find('uc-studio')!.shadowRoot!;
    await until(
      () => root.activeElement?.textContent?.trim() === `Edit policy ${first + 1}`,
      'the focus on the policy left, not lost with the button',
    );
    await page.waitForText('No problems');
    await previewed(page);
    expect(page.text()).to.not.include('The server cannot count them');
  });

  it('staff settings published change what the server grants; a value out of bounds is said beside it', async () => {
    const me = async () => (await staffApi('GET', '/v1/staff/me?site=test', undefined, ['agent'])).json;
    expect((await me()).intake!.maxAgeDays, 'the default').to.equal(7);
    expect((await me()).permissions).to.include('reveal');

    const page = await openStudio('admin-limits', { waitFor: 'The guideline’s deadlines' });
    await page.waitForText('Access and limits');
    expect(page.text()).to.include('Default 7; 1 to 90.');
    enter(page, '#limit-staff-intakeMaxAgeDays', '365');
    await until(() => page.find('#limit-staff-intakeMaxAgeDays-problems') !== undefined, 'the problem beside it');
    expect(page.find('#limit-staff-intakeMaxAgeDays-problems')!.textContent).to.include(
      'settings.staff.intakeMaxAgeDays',
    );
    expect(page.find('#limit-staff-intakeMaxAgeDays')!.getAttribute('aria-describedby')).to.include(
      'limit-staff-intakeMaxAgeDays-problems',
    );
    enter(page, '#limit-staff-intakeMaxAgeDays', '30');
    page.find<HTMLInputElement>('input[name="reveal-agent"]')!.click();
    enter(page, '#limit-rateLimits-uploadBytesPerDay', '100');
    await page.waitForText('Back to the default roles');
    await publish(page, 'A month for letters; agents no longer reveal');

    await until(async () => (await me()).intake?.maxAgeDays === 30, 'the new bound granted');
    expect((await me()).permissions, 'an agent may no longer reveal').to.not.include('reveal');
    const served = await staffApi('GET', `/v1/staff/config/versions/${await servedVersion()}?site=test`);
    expect(served.json.document!.settings!.staff).to.deep.equal({
      revealRoles: ['arbitrator', 'admin'],
      intakeMaxAgeDays: 30,
    });
    expect(served.json.document!.settings!.rateLimits!.uploadBytesPerDay, 'MB as bytes').to.equal(100 * 1024 * 1024);
    expect(served.json.document!.settings!.rateLimits!.anonymousPerMinute, 'the others kept').to.equal(10_000);
  });

  it('passes axe in both sections, with a policy, its problem and the preview', async () => {
    const page = await openStudio('admin-deadlines-axe', { axe: true, waitFor: 'The guideline’s deadlines' });
    await page.waitForText('Access and limits');
    await previewed(page);
    await addPolicy(page, '', 'publishing', 'solution', 'elapsedHours', '24');
    await addPolicy(page, '', 'publishing', 'acknowledgement', 'none', '');
    await page.waitForText('The server cannot count them with this draft');
    await until(() => page.find('tr.policy-change .problems') !== undefined, 'the problem beside the row');
    enter(page, '#limit-hostTokens-maxLifetimeSeconds', '10');
    await until(() => page.find('#limit-hostTokens-maxLifetimeSeconds-problems') !== undefined, 'its problem');
    expect(await page.axe()).to.deep.equal([]);

    await page.click('Edit policy');
    await until(() => page.text().includes('Save policy'), 'the editor on a policy');
    expect(await page.axe(), 'editing').to.deep.equal([]);
  });
});
