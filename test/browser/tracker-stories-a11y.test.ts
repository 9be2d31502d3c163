/**
 * Every story of uc-complaint-tracker in real Chromium, in the light and the
 * dark colour scheme: the story's loaders (its in-memory complaint server) and
 * beforeEach run, its render goes into the page, the state must show (its
 * text is asserted here, independently of the play function), and axe must
 * find nothing in the element, shadow DOM included. Then the stories'
 * complaint server itself: it must answer as the usercare server does, since
 * the stories claim to show what the server would make the tracker show.
 *
 * The CSF3 objects are composed here rather than with composeStories, for
 * the reason given in stories-a11y.test.ts (storybook/preview-api pulls in
 * CommonJS that @web/test-runner serves as-is).
 */
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { expect } from '@open-wc/testing';
import { deleteDB } from 'idb';
import { checkEveryStory, matches, mountStory, shown, visible } from './support/story-checks';
import { BackendError } from '../../src/client/errors';
import { ComplaintDetail, ComplaintList } from '../../src/contract/complaints';
import { OTHER_DEVICE_EMAIL, SAMPLE_COMPLAINT_IDS } from '../../src/client/sample-complaints/histories';
import { SampleComplaintBackend } from '../../src/client/sample-complaints/sample-complaint-backend';
import * as stories from '../../stories/uc-complaint-tracker.stories';
import type { TrackerArgs } from '../../stories/uc-complaint-tracker.stories';

const { default: csfMeta, ...named } = stories;
const meta: Meta<TrackerArgs> = csfMeta;
type StoryName = Exclude<keyof typeof stories, 'default'>;
type Story = StoryObj<TrackerArgs>;
const STORIES = named as Record<StoryName, Story>;

/** What each story must show once it has reached its state. */
const REACHED: Record<StoryName, string | RegExp> = {
  List: /reply due within \d+ working day/,
  EmptyList: 'You have no complaints here.',
  AwaitingYou: 'Clock paused while we wait for your answer',
  Replied: 'If you do not accept the answer',
  Arbitration: 'Arbitration team Zhao Ming',
  ResolvedRateIt: 'How satisfied are you with how this was handled?',
  Overdue: /reply overdue by 1 working day/,
  NotAvailable: 'Complaint tracking needs the usercare server; this page has none configured.',
  LoadFailed: 'The service cannot be reached right now. Check your connection and try again.',
  Chinese: /\d+ 个工作日内答复/,
  // The list's words, not its heading: the heading shows while the list is still loading.
  Dark: /reply due within \d+ working day/,
};

/** The actions each detail story must offer, as the lifecycle allows them to the user (rating has its own form). */
const ACTIONS: Partial<Record<StoryName, string[]>> = {
  AwaitingYou: ['answer', 'withdraw'],
  Replied: ['confirm', 'dispute', 'withdraw'],
  Arbitration: ['withdraw'],
  ResolvedRateIt: [],
  Overdue: ['withdraw'],
};

/** See stories-a11y.test.ts: deleted once, before any story opens them; each story then runs as a site of its own. */
const DATABASES = ['usercare', 'usercare-local-backend'];

// ── composing a CSF3 story ─────────────────────────────────────────────────

// ── looking at the element ───────────────────────────────────────────────────

async function until(check: () => boolean, what: () => string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `#b42318` as getComputedStyle writes colours. */
function rgbOf(hex: string): string {
  const digits = hex.trim().replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

describe('uc-complaint-tracker stories: states and accessibility', function () {
  this.timeout(60_000);

  before(async () => {
    for (const name of DATABASES) await deleteDB(name);
  });

  checkEveryStory(meta, STORIES, 'uc-complaint-tracker', async (name, element, scheme) => {
    await until(
      () => matches(shown(element.shadowRoot), REACHED[name]),
      () => `"${String(REACHED[name])}" in ${name}; it shows "${shown(element.shadowRoot)}"`,
    );
    const root = element.shadowRoot!;
    expect(visible(root, REACHED[name]), `"${String(REACHED[name])}" is visible`).to.equal(true);
    expect(shown(root), 'storage still works').not.to.contain('drafts will not survive a reload');

    const actions = ACTIONS[name];
    if (actions) {
      const offered = [...root.querySelectorAll<HTMLButtonElement>('[part~="actions"] button')].map(
        (b) => b.dataset.action,
      );
      expect(offered, 'the actions the lifecycle allows the user').to.deep.equal(actions);
    }
    if (name === 'Replied')
      expect(root.querySelector('[part~="path"]'), 'the dispute path is explained').not.to.equal(null);
    if (name === 'ResolvedRateIt')
      expect(root.querySelectorAll('[part~="rating"] input[type="radio"]')).to.have.length(5);
    if (name === 'Overdue') {
      const deadline = root.querySelector<HTMLElement>('[part~="deadline"][data-state="overdue"]')!;
      const danger = getComputedStyle(element).getPropertyValue('--uc-color-danger');
      expect(getComputedStyle(deadline).color, 'the overdue deadline is in the danger colour').to.equal(rgbOf(danger));
    }
    const dark = scheme === 'dark' || name === 'Dark';
    expect(
      getComputedStyle(root.querySelector('[part~="base"]')!).colorScheme,
      'the scheme the element renders in',
    ).to.equal(dark ? 'dark' : 'light');
  });

  it('List finds a complaint made on another device by its tracking number and e-mail, through the story’s server', async () => {
    const canvas = document.createElement('div');
    document.body.append(canvas);
    // A site of its own: the tracker remembers looked-up complaints per site, and the List story must stay as it is.
    const { loaded, cleanups } = await mountStory(
      meta,
      { ...STORIES.List, parameters: { usercare: { site: 'story-tracker-lookup' } } },
      canvas,
    );
    try {
      const fixture = loaded['complaintApi'];
      if (!(fixture instanceof SampleComplaintBackend)) throw new Error('the List story has no complaint server');
      const element = canvas.querySelector('uc-complaint-tracker')!;
      await until(
        () => matches(shown(element.shadowRoot), REACHED.List),
        () => 'the list',
      );
      const root = element.shadowRoot!;
      const number = fixture.trackingNumberOf('otherDevice');
      expect(shown(root), 'made elsewhere: not in the list').not.to.contain(number);

      root.querySelector<HTMLDetailsElement>('details[part~="lookup"]')!.open = true;
      const fill = (selector: string, value: string) => {
        const input = root.querySelector<HTMLInputElement>(selector)!;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      };
      fill('#lookup-number', number.toLowerCase());
      fill('#lookup-contact', ` ${OTHER_DEVICE_EMAIL.toUpperCase()} `);
      root.querySelector<HTMLFormElement>('details[part~="lookup"] form')!.requestSubmit();
      await until(
        () => shown(element.shadowRoot).includes(`Tracking number ${number}`),
        () => `the looked-up complaint; it shows "${shown(element.shadowRoot)}"`,
      );
      expect(shown(element.shadowRoot)).to.contain('Private messages will not open on my phone');
    } finally {
      canvas.remove();
      for (const cleanup of cleanups) await cleanup();
    }
  });
});

describe('the stories’ complaint server answers as the usercare server does', () => {
  const site = 'story-fixture-check';
  const fixture = (options: { failing?: boolean } = {}) =>
    new SampleComplaintBackend({ site, latencyMs: 0, ...options });
  const key = () => `k-${crypto.randomUUID()}`;

  async function refusal(write: Promise<unknown>): Promise<BackendError> {
    try {
      await write;
    } catch (error) {
      if (error instanceof BackendError) return error;
      throw error;
    }
    throw new Error('the write was accepted');
  }

  it('keeps to the wire contract: the list and every complaint pass the schemas the tracker checks answers with', async () => {
    const api = fixture();
    const page = await api.listComplaints(site, {}, {});
    expect(ComplaintList.safeParse(page).success).to.equal(true);
    expect(page.items.map((i) => i.id)).not.to.include(SAMPLE_COMPLAINT_IDS.otherDevice);
    for (const item of page.items) {
      const detail = await api.getComplaint(item.id, {});
      const parsed = ComplaintDetail.safeParse(detail);
      expect(
        parsed.success,
        `${item.trackingNumber}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`,
      ).to.equal(true);
      expect(detail.timeline[0]?.type, 'every timeline starts with the receipt').to.equal('received');
      expect(detail.windows).to.deep.equal({ disputeDays: 15, autoResolveDays: 7 });
    }
  });

  it('decides an action with the lifecycle machine: a timeline entry, the next version, the actions of the new status, the clock running again', async () => {
    const api = fixture();
    const id = SAMPLE_COMPLAINT_IDS.awaitingUser;
    const before = await api.getComplaint(id, {});
    expect(before.nextDeadline?.status).to.equal('paused');
    const change = await api.sendComplaintAction(
      id,
      { action: 'answer', text: 'Return tracking number SF1234567890', version: before.version },
      { idempotencyKey: key() },
    );
    expect(change).to.include({ id, status: 'investigating', version: before.version + 1 });

    const after = await api.getComplaint(id, {});
    expect(after.status).to.equal('investigating');
    expect(after.version).to.equal(before.version + 1);
    expect(after.timeline).to.have.length(before.timeline.length + 1);
    expect(after.timeline.at(-1)).to.include({
      id: String(change.eventId),
      type: 'answer',
      from: 'awaiting_user',
      to: 'investigating',
      text: 'Return tracking number SF1234567890',
    });
    expect(after.actions).to.deep.equal(['withdraw']);
    expect(after.nextDeadline?.status).to.equal('running');
  });

  it('refuses what the machine refuses, a stale version and an answer without words, and answers a retried key once', async () => {
    const api = fixture();
    const replied = SAMPLE_COMPLAINT_IDS.replied;
    expect(
      await refusal(api.sendComplaintAction(replied, { action: 'rate', score: 5 }, { idempotencyKey: key() })),
    ).to.include({ code: 'invalid_transition', status: 409 });
    expect(
      await refusal(api.sendComplaintAction(replied, { action: 'resolve' }, { idempotencyKey: key() })),
    ).to.include({ code: 'invalid_transition' });
    expect(
      await refusal(api.sendComplaintAction(replied, { action: 'confirm', version: 1 }, { idempotencyKey: key() })),
    ).to.include({ code: 'conflict', status: 409 });
    expect(
      await refusal(
        api.sendComplaintAction(SAMPLE_COMPLAINT_IDS.awaitingUser, { action: 'answer' }, { idempotencyKey: key() }),
      ),
    ).to.include({
      code: 'validation_failed',
      status: 422,
    });

    const once = key();
    const first = await api.sendComplaintAction(replied, { action: 'confirm' }, { idempotencyKey: once });
    const again = await api.sendComplaintAction(replied, { action: 'confirm' }, { idempotencyKey: once });
    expect(again).to.deep.equal(first);
    const resolved = await api.getComplaint(replied, {});
    expect(resolved.timeline.filter((e) => e.type === 'confirm')).to.have.length(1);
    expect(resolved.actions).to.deep.equal(['rate']);

    await api.sendComplaintAction(
      replied,
      { action: 'rate', score: 5, comment: 'Quick and kind.' },
      { idempotencyKey: key() },
    );
    const rated = await api.getComplaint(replied, {});
    expect(rated.rating).to.deep.equal({ score: 5, comment: 'Quick and kind.' });
    expect(rated.actions).to.deep.equal([]);
  });

  it('records a message without changing the status, and refuses one on a closed complaint', async () => {
    const api = fixture();
    const id = SAMPLE_COMPLAINT_IDS.overdue;
    const before = await api.getComplaint(id, {});
    await api.sendComplaintMessage(id, { text: 'Any news?' }, { idempotencyKey: key() });
    const after = await api.getComplaint(id, {});
    expect(after.status).to.equal(before.status);
    expect(after.timeline.at(-1)).to.include({
      type: 'message',
      text: 'Any news?',
      from: 'investigating',
      to: 'investigating',
    });
    expect(
      await refusal(
        api.sendComplaintMessage(SAMPLE_COMPLAINT_IDS.closed, { text: 'Hello?' }, { idempotencyKey: key() }),
      ),
    ).to.include({ code: 'invalid_transition' });
  });

  it('keeps the files sent with a message and gives their bytes back to the complaint’s owner only', async () => {
    const api = fixture();
    const id = SAMPLE_COMPLAINT_IDS.overdue;
    const inHistory = (await api.getComplaint(id, {})).timeline.flatMap((e) => e.attachments);
    expect(inHistory.map((f) => f.name)).to.deep.equal(['payment-confirmation.png']);
    const screenshot = await api.getComplaintFile(id, inHistory[0]!.id, {});
    expect([screenshot.type, screenshot.size]).to.deep.equal(['image/png', inHistory[0]!.size]);

    const data = 'JVBERi0xLjQKJcfsj6IKJSVFT0YK'; // the first and last lines of a PDF
    // A variable, not a literal: ComplaintWrite gains `attachments` with the client's side of message files.
    const body = {
      text: 'The statement, as a PDF.',
      attachments: [
        { field: 'message', name: 'statement.pdf', type: 'application/pdf' as const, size: atob(data).length, data },
      ],
    };
    await api.sendComplaintMessage(id, body, { idempotencyKey: key() });
    const sent = (await api.getComplaint(id, {})).timeline.at(-1)!;
    expect(sent.attachments.map((f) => [f.name, f.type, f.size])).to.deep.equal([
      ['statement.pdf', 'application/pdf', atob(data).length],
    ]);
    const bytes = new Uint8Array(await (await api.getComplaintFile(id, sent.attachments[0]!.id, {})).arrayBuffer());
    expect([...bytes]).to.deep.equal([...atob(data)].map((c) => c.charCodeAt(0)));

    expect(
      await refusal(api.getComplaintFile(SAMPLE_COMPLAINT_IDS.replied, sent.attachments[0]!.id, {})),
      'a file of another complaint',
    ).to.include({ code: 'not_found' });
    const wrongSize = { text: 'Again', attachments: [{ ...body.attachments[0]!, size: 999 }] };
    expect(await refusal(api.sendComplaintMessage(id, wrongSize, { idempotencyKey: key() }))).to.include({
      code: 'validation_failed',
      status: 422,
    });
  });

  it('opens a complaint made elsewhere only with the access key a lookup by tracking number and e-mail gives', async () => {
    const api = fixture();
    const id = SAMPLE_COMPLAINT_IDS.otherDevice;
    expect(await refusal(api.getComplaint(id, {}))).to.include({ code: 'not_found' });
    const number = api.trackingNumberOf('otherDevice');
    expect(
      await refusal(api.lookupComplaint({ site, trackingNumber: number, contact: 'someone.else@example.com' })),
    ).to.include({ code: 'not_found' });
    const found = await api.lookupComplaint({
      site,
      trackingNumber: number.toLowerCase(),
      contact: OTHER_DEVICE_EMAIL,
    });
    expect(found).to.include({ id, trackingNumber: number });
    expect((await api.getComplaint(id, { accessKey: found.accessKey })).trackingNumber).to.equal(number);
  });

  it('in failing mode rejects every call as an unreachable server does', async () => {
    const api = fixture({ failing: true });
    const calls: Array<Promise<unknown>> = [
      api.listComplaints(site, {}, {}),
      api.getComplaint(SAMPLE_COMPLAINT_IDS.replied, {}),
      api.sendComplaintAction(SAMPLE_COMPLAINT_IDS.replied, { action: 'confirm' }, { idempotencyKey: key() }),
      api.sendComplaintMessage(SAMPLE_COMPLAINT_IDS.replied, { text: 'Hello' }, { idempotencyKey: key() }),
      api.lookupComplaint({ site, trackingNumber: 'UC20260101-222222', contact: OTHER_DEVICE_EMAIL }),
    ];
    for (const call of calls) {
      const error = await refusal(call);
      expect(error.code).to.equal('network');
      expect(error.retryable).to.equal(true);
    }
  });
});
