/**
 * Demo data for `npm start`: the demo user's complaints, one in every state
 * of the lifecycle, each taken there by the same machine and code the API
 * uses (so the timeline, deadlines and audit trail are real), with
 * timestamps in the past. Runs once: a database that already has the demo
 * user's complaints is left alone.
 */
import type { ComplaintActionRequest } from '../../contract/complaint-requests';
import { dayIn } from '../complaints/arbitration';
import { eventFor } from '../complaints/commands';
import { createComplaint } from '../complaints/create';
import { applyEvent, type NamedActor } from '../complaints/lifecycle';
import type { AppDeps } from '../context';
import { DEMO_PEOPLE, DEMO_USER, DEMO_USER_NAME, demoPrincipal } from './identities';
import type { Site } from '../registry';

type Who = 'user' | 'agent' | 'arbitrator';
type Step = [
  hoursAfterReceipt: number,
  who: Who,
  request: Omit<ComplaintActionRequest, 'action'> & { action: ComplaintActionRequest['action'] | 'message' },
];

interface Scenario {
  daysAgo: number;
  category: string;
  message: string;
  steps: Step[];
}

const HOUR = 3_600_000;
const reply = (h: number, text: string): Step => [h, 'agent', { action: 'reply', text }];
const handled = (h: number): Step[] => [
  [h, 'agent', { action: 'accept' }],
  [h + 1, 'agent', { action: 'start_investigation' }],
];

const SCENARIOS: Scenario[] = [
  { daysAgo: 0.1, category: 'publishing', message: '我发布的二手信息一直显示“审核中”。', steps: [] },
  {
    daysAgo: 1,
    category: 'interaction',
    message: '私信功能打不开，一直转圈。',
    steps: [[1, 'agent', { action: 'accept' }]],
  },
  {
    daysAgo: 2,
    category: 'transactions',
    message: '付款后订单状态没有更新。',
    steps: [...handled(1), [5, 'agent', { action: 'message', text: '我们正在与支付渠道核对这笔款项。' }]],
  },
  {
    daysAgo: 3,
    category: 'transactions',
    message: '退款一直没有到账。',
    steps: [...handled(2), [4, 'agent', { action: 'ask_user', text: '请提供订单号和付款截图。' }]],
  },
  {
    daysAgo: 5,
    category: 'publishing',
    message: '我的帖子被误删了。',
    steps: [...handled(2), reply(30, '经核查为误判，帖子已恢复。')],
  },
  {
    daysAgo: 8,
    category: 'transactions',
    message: '卖家发来的商品与描述不符。',
    steps: [
      ...handled(1),
      reply(48, '已联系卖家，建议您申请退货。'),
      [100, 'user', { action: 'dispute', text: '卖家拒绝退货，这个答复没有解决问题。' }],
    ],
  },
  {
    daysAgo: 10,
    category: 'transactions',
    message: '平台收取的服务费与页面标示不一致。',
    steps: [
      ...handled(1),
      reply(30, '服务费按下单时的费率收取。'),
      [60, 'user', { action: 'dispute', text: '下单页面写的是 2%，实际扣了 5%。' }],
      [80, 'arbitrator', { action: 'start_arbitration' }],
    ],
  },
  {
    daysAgo: 20,
    category: 'transactions',
    message: '账号被封禁，无法取回余额。',
    steps: [
      ...handled(1),
      reply(40, '账号因违规被封禁，余额将在 30 天后退回。'),
      [70, 'user', { action: 'dispute', text: '我没有违规，请重新核查。' }],
      [90, 'arbitrator', { action: 'start_arbitration' }],
      [
        150,
        'arbitrator',
        { action: 'rule', outcome: 'partly_upheld', reasons: '封禁有据，维持；余额应当立即退回，7 日内到账。' },
      ],
      [200, 'user', { action: 'ask_third_party' }],
    ],
  },
  {
    daysAgo: 12,
    category: 'transactions',
    message: '二手手机收到后无法开机，卖家不退款。',
    steps: [
      ...handled(1),
      reply(20, '已核实卖家发货时手机完好，不支持退款。'),
      [50, 'user', { action: 'dispute', text: '我有开箱视频，收到时就无法开机。' }],
      [70, 'arbitrator', { action: 'start_arbitration' }],
      [
        110,
        'arbitrator',
        {
          action: 'refer_third_party',
          // referredOn: the step's own day, filled in below
          referral: { body: '上海市消费者权益保护委员会', reference: '沪消保调〔2026〕0412 号', referredOn: '' },
        },
      ],
    ],
  },
  {
    daysAgo: 6,
    category: 'interaction',
    message: '评论区有人骚扰我。',
    steps: [
      ...handled(1),
      reply(20, '已对该用户禁言并删除相关评论。'),
      [30, 'user', { action: 'confirm' }],
      [31, 'user', { action: 'rate', score: 5, comment: '处理很快，谢谢！' }],
    ],
  },
  {
    daysAgo: 40,
    category: 'publishing',
    message: '搜索不到我发布的信息。',
    steps: [
      ...handled(2),
      reply(26, '索引已重建，现在可以搜到了。'),
      [50, 'user', { action: 'confirm' }],
      [51, 'user', { action: 'rate', score: 4 }],
      [60, 'agent', { action: 'close' }],
    ],
  },
  {
    daysAgo: 1,
    category: 'interaction',
    message: '（已撤回）发错了。',
    steps: [[1, 'user', { action: 'withdraw', reason: '提交错了' }]],
  },
  {
    daysAgo: 4,
    category: 'publishing',
    message: '希望平台帮我推广店铺。',
    steps: [[3, 'agent', { action: 'reject', reason: '推广服务不属于投诉受理范围，请联系商务合作。' }]],
  },
];

/** Seeds the demo user's complaints on `site` unless they exist; returns how many it made. */
export async function seedDemoComplaints(deps: AppDeps, site: Site): Promise<number> {
  const existing = await deps.db
    .selectFrom('submissions')
    .select('id')
    .where('site', '=', site.id)
    .where('submitter_type', '=', 'user')
    .where('submitter_id', '=', DEMO_USER)
    .executeTakeFirst();
  if (existing) return 0;
  // The demo shop's staff as the people they are: the arbitrator who signs in at /demo-host/staff-token ruled these.
  const staffName = (who: 'agent' | 'arbitrator') => DEMO_PEOPLE.find((p) => p.who === who)!.name;
  const actors: Record<Who, NamedActor> = {
    user: { role: 'user', id: DEMO_USER, name: DEMO_USER_NAME },
    agent: { role: 'agent', id: demoPrincipal('agent'), name: staffName('agent') },
    arbitrator: { role: 'arbitrator', id: demoPrincipal('arbitrator'), name: staffName('arbitrator') },
  };
  const formId = Object.keys(site.publicConfig.forms)[0] ?? 'default';
  const now = deps.now().getTime();
  for (const scenario of SCENARIOS) {
    const receivedAt = new Date(now - scenario.daysAgo * 24 * HOUR);
    await deps.db.transaction().execute(async (tx) => {
      let row = await createComplaint(
        tx,
        site,
        {
          form: formId,
          category: scenario.category,
          channel: 'web',
          locale: 'zh-CN',
          fields: { message: scenario.message, email: 'demo@example.com' },
          submitter: { type: 'user', id: DEMO_USER },
          recordedBy: actors.user,
          receivedAt,
        },
        deps.registry.serverSecret,
      );
      for (const [hours, who, request] of scenario.steps) {
        const at = new Date(Math.min(receivedAt.getTime() + hours * HOUR, now - 60_000)).toISOString();
        const actor = actors[who];
        if (request.action === 'message') {
          await applyEvent(tx, site, row, { type: 'message', actor: { role: actor.role, id: actor.id }, at }, actor, {
            body: { text: request.text ?? '' },
          });
        } else {
          const zone = site.sla.schedule.timeZone;
          const dated = request.referral
            ? { ...request, referral: { ...request.referral, referredOn: dayIn(zone, at) } }
            : request;
          const { event, body } = eventFor({ ...dated, action: request.action }, actor, at, zone);
          await applyEvent(tx, site, row, event, actor, { body });
        }
        row = await tx.selectFrom('submissions').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      }
    });
  }
  return SCENARIOS.length;
}
