/**
 * The dispute path in real Chromium against the real server: the user
 * disputes in the tracker, an arbitrator rules in the console's arbitration
 * workbench, the user sees the ruling and its outcome; whoever replied may
 * not rule and is told why; a referral and the third party's decision reach
 * the user's tracker; and the workbench is accessible and fits a narrow
 * screen.
 */
import { expect } from '@open-wc/testing';
import { harness, hostToken, marker, staffToken } from './support/harness';
import { HostPage, until } from './support/host-page';
import { freshStaffDevice, StaffPage } from './support/staff-page';

interface Complaint {
  id: string;
  trackingNumber: string;
  /** the user's host token */
  token: string;
}

/** A complaint made by a signed-in user, as the form makes one. */
async function complain(text: string): Promise<Complaint> {
  const { api } = await harness();
  const token = await hostToken(`arb-user-${crypto.randomUUID()}`);
  const response = await fetch(`${api}/v1/feedback`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      site: 'test',
      form: 'default',
      kind: 'complaint',
      category: 'transactions',
      locale: 'en',
      fields: { message: text, email: 'buyer@example.com' },
      attachments: [],
      clientSubmittedAt: new Date().toISOString(),
    }),
  });
  expect(response.status, await response.clone().text()).to.equal(201);
  return { ...((await response.json()) as Omit<Complaint, 'token'>), token };
}

/** A write through the API, as `token` (staff, or the user's host token on the user's route); the answer. */
async function act(id: string, token: string, body: Record<string, unknown>, as: 'staff' | 'user' = 'staff') {
  const { api } = await harness();
  return fetch(`${api}/v1/${as === 'staff' ? 'staff/' : ''}complaints/${id}/actions`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${token}`,
      'Idempotency-Key': `k-${crypto.randomUUID()}`,
    },
    body: JSON.stringify(body),
  });
}

async function ok(response: Promise<Response>): Promise<void> {
  const r = await response;
  expect(r.status, await r.clone().text()).to.equal(200);
}

/** A complaint answered by the agent `replier` (a person's sub). */
async function replied(replier: string, reply: string): Promise<Complaint> {
  const complaint = await complain(`The phone arrived broken ${marker('arb')}`);
  const agent = await staffToken(replier, 'Agent Li', ['agent']);
  await ok(act(complaint.id, agent, { action: 'accept' }));
  await ok(act(complaint.id, agent, { action: 'start_investigation' }));
  await ok(act(complaint.id, agent, { action: 'reply', text: reply }));
  return complaint;
}

/** The element that has focus, through the shadow roots. */
function focused(page: StaffPage): Element | null {
  let el: Element | null = page.iframe.contentDocument!.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

describe('<uc-staff-console>: disputes, rulings and third parties', () => {
  let opened: Array<{ close(): void }> = [];
  const keep = <T extends { close(): void }>(page: T): T => {
    opened.push(page);
    return page;
  };

  beforeEach(() => freshStaffDevice());
  afterEach(() => {
    for (const page of opened) page.close();
    opened = [];
  });

  it('the user disputes in the tracker; an arbitrator rules "overturned" with reasons in the workbench; the user sees the ruling and its outcome', async () => {
    const complaint = await replied(`agent-${crypto.randomUUID()}`, 'The seller shipped it in working order.');
    const tracker = keep(await HostPage.open({ element: 'uc-complaint-tracker', complaint: complaint.id }));
    tracker.window.usercare!.identify({ token: complaint.token });
    await tracker.waitForText('Dispute the answer');
    const box = tracker.control<HTMLTextAreaElement>('textarea[name="reply"]');
    box.value = 'It did not switch on when I unpacked it; I filmed it.';
    box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    [...tracker.root.querySelectorAll<HTMLButtonElement>('button')]
      .find((b) => b.textContent?.includes('Dispute'))!
      .click();
    await tracker.waitForText('Status: You disputed the answer');

    const console = keep(await StaffPage.open({ route: `#/complaints/${complaint.id}` }));
    const zhao = `arbitrator-${crypto.randomUUID()}`;
    await console.signIn(zhao, 'Arbitrator Zhao', ['arbitrator']);
    await console.waitForText('Arbitration');
    // Both sides, as each put it.
    await console.waitForText('It did not switch on when I unpacked it; I filmed it.');
    expect(console.text()).to.contain('The seller shipped it in working order.');
    expect(console.find('.side')).not.to.equal(undefined);

    // The ruling's draft is kept like a reply's: across a reload, for the same person.
    console.find<HTMLInputElement>('input[name="outcome"][value="overturned"]')!.click();
    console.type('#ruling-reasons', 'The unboxing video shows the phone dead on arrival. Full refund.');
    await console.waitForText('Draft saved on this device');
    await console.reload();
    await console.signIn(zhao, 'Arbitrator Zhao', ['arbitrator']);
    await until(
      () =>
        console.find<HTMLTextAreaElement>('#ruling-reasons')?.value ===
          'The unboxing video shows the phone dead on arrival. Full refund.' &&
        console.find<HTMLInputElement>('input[name="outcome"][value="overturned"]')?.checked === true,
      'the ruling draft back after the reload',
    );

    await console.click('Rule');
    await console.click('Confirm the ruling: Overturned: the user was right');
    await console.waitForText('Ruling: Overturned: the user was right');
    await console.waitForText('Resolved');
    expect(console.find('#ruling-reasons'), 'the form, once ruled').to.equal(undefined);
    await until(() => focused(console)?.id === 'arbitration-title', 'focus on the workbench after the ruling');

    await tracker.waitForText('You were right: the answer is overturned');
    expect(tracker.text()).to.contain('The unboxing video shows the phone dead on arrival. Full refund.');
    expect(tracker.text()).to.contain('Arbitration team Arbitrator Zhao');
  });

  it('an agent who replied, given the arbitrator role, is told they may not rule, and the server refuses them', async () => {
    const li = `agent-${crypto.randomUUID()}`;
    const complaint = await replied(li, 'We refunded the shipping fee.');
    await ok(act(complaint.id, complaint.token, { action: 'dispute', text: 'The item price is missing.' }, 'user'));

    const console = keep(await StaffPage.open({ route: `#/complaints/${complaint.id}` }));
    await console.signIn(li, 'Agent Li', ['agent', 'arbitrator']);
    await console.waitForText('You replied to this complaint, so you may not rule on the dispute about your reply');
    expect(console.find('#ruling-reasons'), 'a ruling form').to.equal(undefined);
    expect(console.findAll('button[data-action="start_arbitration"]'), 'taking it up').to.have.length(0);

    const refused = await act(complaint.id, await staffToken(li, 'Agent Li', ['agent', 'arbitrator']), {
      action: 'rule',
      outcome: 'upheld',
      reasons: 'My own reply stands.',
    });
    expect(refused.status).to.equal(403);
    const body = (await refused.json()) as { error: { code: string; details: { reason: string } } };
    expect([body.error.code, body.error.details.reason]).to.deep.equal(['forbidden', 'conflict_of_interest']);

    // Another arbitrator is offered the form.
    await console.signIn(`arbitrator-${crypto.randomUUID()}`, 'Arbitrator Qian', ['arbitrator']);
    await until(() => Boolean(console.find('#ruling-reasons')), 'the ruling form for another arbitrator');
    expect(console.text()).not.to.contain('You replied to this complaint');
  });

  it('a referral recorded in the console, then the third party’s decision, both shown to the user in Chinese', async () => {
    const complaint = await replied(`agent-${crypto.randomUUID()}`, '已联系卖家处理。');
    await ok(act(complaint.id, complaint.token, { action: 'dispute', text: '卖家一直不回复。' }, 'user'));
    const console = keep(await StaffPage.open({ route: `#/complaints/${complaint.id}` }));
    const zhao = `arbitrator-${crypto.randomUUID()}`;
    await console.signIn(zhao, 'Arbitrator Zhao', ['arbitrator']);
    await console.click('Start arbitration');
    await until(() => Boolean(console.find('#referral-body')), 'the referral form');
    console.type('#referral-body', '上海市消费者权益保护委员会');
    console.type('#referral-reference', '沪消保调〔2026〕0412 号');
    // What is typed into the referral is kept across a reload, as a reply's draft is.
    await console.waitForText('Draft saved on this device');
    await console.reload();
    await console.signIn(zhao, 'Arbitrator Zhao', ['arbitrator']);
    await until(
      () =>
        console.find<HTMLInputElement>('#referral-body')?.value === '上海市消费者权益保护委员会' &&
        console.find<HTMLInputElement>('#referral-reference')?.value === '沪消保调〔2026〕0412 号',
      'the referral draft back after the reload',
    );
    const referredOn = console.find<HTMLInputElement>('#referral-date')!.value;
    expect(referredOn, 'today by default').to.match(/^\d{4}-\d{2}-\d{2}$/);
    await console.click('Refer to this third party');
    await console.waitForText("Waiting for the third party's decision");
    await until(() => focused(console)?.id === 'arbitration-title', 'focus on the workbench after the referral');

    const tracker = keep(
      await HostPage.open({ element: 'uc-complaint-tracker', complaint: complaint.id, lang: 'zh-CN' }),
    );
    tracker.window.usercare!.identify({ token: complaint.token });
    await tracker.waitForText('上海市消费者权益保护委员会');
    expect(tracker.text()).to.contain('沪消保调〔2026〕0412 号');
    expect(tracker.text()).to.contain('正在等待对方的处理结果');

    console.type('#outcome-text', '经调解，卖家同意全额退款。');
    await console.click("Record the third party's decision");
    await console.waitForText('经调解，卖家同意全额退款。');
    await tracker.waitForText('经调解，卖家同意全额退款。');
    expect(tracker.text()).to.contain('处理结果');
    expect(tracker.text()).not.to.contain('正在等待对方的处理结果');
  });

  it('the workbench: axe finds nothing; the two sides stand side by side, one above the other on a phone', async () => {
    const complaint = await replied(`agent-${crypto.randomUUID()}`, 'The fee shown was the one charged.');
    await ok(act(complaint.id, complaint.token, { action: 'dispute', text: 'The page said 2%.' }, 'user'));
    const console = keep(await StaffPage.open({ route: `#/complaints/${complaint.id}`, axe: true }));
    await console.signIn(`arbitrator-${crypto.randomUUID()}`, 'Arbitrator Zhao', ['arbitrator']);
    await until(() => Boolean(console.find('#ruling-reasons')), 'the ruling form');
    await console.click('Start arbitration');
    await until(() => Boolean(console.find('#referral-body')), 'the referral form');
    expect(await console.axe()).to.deep.equal([]);

    const [user, reply] = console.findAll('.side');
    expect(user!.getBoundingClientRect().top).to.equal(reply!.getBoundingClientRect().top);
    console.iframe.style.width = '390px';
    await until(
      () => reply!.getBoundingClientRect().top >= user!.getBoundingClientRect().bottom,
      'the disputed reply below the user’s side',
    );
    expect(await console.axe()).to.deep.equal([]);
  });
});
