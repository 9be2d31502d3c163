/**
 * The sample complaints, as histories: one complaint in each state the
 * tracker shows differently, written as a person and customer service would
 * have written them, in English and in Chinese, each step hours after the
 * complaint was received. The sample complaint server
 * (sample-complaint-backend.ts) takes each through its history with the
 * real lifecycle machine.
 */
import type { ComplaintEvent } from '../../../machines/complaint.types';
import type { RulingOutcome } from '../../contract/complaint-vocabulary';
import type { Deadline } from '../../contract/complaints';

export type SampleLanguage = 'en' | 'zh-CN';
export type Words = Readonly<Record<SampleLanguage, string>>;

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** The server's default working day (09:00–18:00): the unit of `msLeft` for working clocks. */
export const BUSINESS_DAY_MS = 9 * HOUR;

/** The complaints a fixture can hold, by the state they show. */
export const SAMPLE_COMPLAINT_IDS = {
  /** just received, the reply deadline running */
  received: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000001',
  /** customer service asked for an order number: the clock is paused until the user answers */
  awaitingUser: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000002',
  /** being investigated, the reply deadline missed */
  overdue: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000003',
  /** answered: the user may accept, dispute or withdraw */
  replied: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000004',
  /** disputed and taken up by the platform's arbitration team */
  arbitration: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000005',
  /** the user did not accept the platform's ruling and asked for a third party */
  thirdParty: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000006',
  /** the user accepted the answer and has not rated it yet */
  resolved: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000007',
  /** rated, then closed */
  closed: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000008',
  withdrawn: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000009',
  rejected: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000010',
  /** made anonymously on another device: not in the list until looked up by tracking number and e-mail */
  otherDevice: '0f5c6a1e-3b7d-4c1a-9e2f-1a0000000011',
} as const;
export type SampleComplaintName = keyof typeof SAMPLE_COMPLAINT_IDS;

/** The e-mail address given with the complaint made on another device: what a lookup needs besides its tracking number. */
export const OTHER_DEVICE_EMAIL = 'wang.fang@example.com';

export type Who = 'user' | 'agent' | 'arbitrator' | 'system';
export type LifecycleType = ComplaintEvent['type'];

/** One thing that happened, `after` hours after the complaint was received. */
export interface Step {
  after: number;
  who: Who;
  /** a lifecycle event, a `message`, or the sweep's note that a deadline passed (no lifecycle event) */
  type: LifecycleType | 'deadline.missed';
  /** what the person wrote: the reply, the question, the answer, why they dispute, a ruling's reasons */
  text?: Words;
  /** a ruling's outcome */
  outcome?: RulingOutcome;
  /** a rejection's or withdrawal's reason */
  reason?: Words;
  score?: number;
  comment?: Words;
  /** files sent with a message */
  files?: readonly FixtureFile[];
}

/** A file in a history: its bytes as base64, as the wire carries them. */
interface FixtureFile {
  name: Words;
  type: 'image/png';
  base64: string;
}

/** A 1×1 PNG: what a screenshot is to a story, at 68 bytes. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** The first-reply deadline as the server reads it now: its state and the working days left (negative: overdue). */
export interface FirstReplyClock {
  status: Deadline['status'];
  workingDaysLeft: number;
}

export interface Scenario {
  name: SampleComplaintName;
  /** the tracking number's six characters after the date */
  suffix: string;
  daysAgo: number;
  /** one of the default forms' categories */
  category: 'publishing' | 'interaction' | 'transactions';
  /** this device made it (in the list) or another did (found by lookup) */
  madeOn: 'this-device' | 'another-device';
  subject: Words;
  message: Words;
  email: string;
  steps: Step[];
  /** absent when the clocks stopped (withdrawn, rejected) */
  firstReply?: FirstReplyClock;
}

export const STAFF_NAMES: Record<'agent' | 'arbitrator', Words> = {
  agent: { en: 'Li Na', 'zh-CN': '小李' },
  arbitrator: { en: 'Zhao Ming', 'zh-CN': '老赵' },
};

const accepted = (after: number): Step[] => [
  { after, who: 'agent', type: 'accept' },
  { after: after + 1, who: 'agent', type: 'start_investigation' },
];

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'received',
    suffix: '7KQ2MX',
    daysAgo: 0.1,
    category: 'publishing',
    madeOn: 'this-device',
    subject: { en: 'Listing stuck in review', 'zh-CN': '二手信息一直在审核中' },
    message: {
      en: 'My listing for a second-hand bike has said "Under review" since this morning, so nobody can see it.',
      'zh-CN': '我发布的二手自行车信息从早上起一直显示“审核中”，别人都看不到。',
    },
    email: 'chen.jing@example.com',
    steps: [],
    firstReply: { status: 'running', workingDaysLeft: 2.75 },
  },
  {
    name: 'awaitingUser',
    suffix: 'R8W4TC',
    daysAgo: 3,
    category: 'transactions',
    madeOn: 'this-device',
    subject: { en: 'Refund not received', 'zh-CN': '退款未到账' },
    message: {
      en: 'I returned the parcel ten days ago and the refund for order 20260301-8841 has still not arrived.',
      'zh-CN': '我十天前就退回了包裹，订单 20260301-8841 的退款到现在还没有到账。',
    },
    email: 'chen.jing@example.com',
    steps: [
      ...accepted(1),
      {
        after: 4,
        who: 'agent',
        type: 'ask_user',
        text: {
          en: 'Please send us the courier tracking number of the return and a screenshot of the payment, so we can trace the refund.',
          'zh-CN': '请提供退货的快递单号和付款截图，以便我们追查退款。',
        },
      },
    ],
    firstReply: { status: 'paused', workingDaysLeft: 1.6 },
  },
  {
    name: 'overdue',
    suffix: 'H3NPZ6',
    daysAgo: 6,
    category: 'transactions',
    madeOn: 'this-device',
    subject: { en: 'Paid, order still unpaid', 'zh-CN': '付款后订单仍显示待付款' },
    message: {
      en: 'I paid for order 20260305-1192 by bank card, the money has left my account, but the order still says "Awaiting payment".',
      'zh-CN': '我用银行卡支付了订单 20260305-1192，钱已经扣了，但订单还是显示“待付款”。',
    },
    email: 'chen.jing@example.com',
    steps: [
      ...accepted(1),
      {
        after: 20,
        who: 'agent',
        type: 'message',
        text: {
          en: 'We are checking this payment with the payment provider.',
          'zh-CN': '我们正在与支付渠道核对这笔款项。',
        },
      },
      {
        after: 26,
        who: 'user',
        type: 'message',
        text: { en: 'Here is the bank’s confirmation of the payment.', 'zh-CN': '这是银行的扣款凭证截图。' },
        files: [
          { name: { en: 'payment-confirmation.png', 'zh-CN': '扣款凭证.png' }, type: 'image/png', base64: TINY_PNG },
        ],
      },
      { after: 100, who: 'system', type: 'deadline.missed' },
    ],
    firstReply: { status: 'overdue', workingDaysLeft: -1 },
  },
  {
    name: 'replied',
    suffix: 'M5D9QA',
    daysAgo: 4,
    category: 'publishing',
    madeOn: 'this-device',
    subject: { en: 'Post deleted', 'zh-CN': '帖子被删除' },
    message: {
      en: 'My post about our lost cat was deleted without any reason given.',
      'zh-CN': '我发布的寻猫启事被无故删除了，也没有说明原因。',
    },
    email: 'chen.jing@example.com',
    steps: [
      ...accepted(2),
      {
        after: 30,
        who: 'agent',
        type: 'reply',
        text: {
          en: 'The spam filter removed your post by mistake. We have restored it and told the filter team about the case.',
          'zh-CN': '经核查，您的帖子被反垃圾系统误删，现已恢复，并已将此案例反馈给相关团队。',
        },
      },
    ],
    firstReply: { status: 'met', workingDaysLeft: 0.4 },
  },
  {
    name: 'arbitration',
    suffix: 'P7TB2K',
    daysAgo: 10,
    category: 'transactions',
    madeOn: 'this-device',
    subject: { en: 'Service fee higher than shown', 'zh-CN': '服务费与页面不符' },
    message: {
      en: 'The platform charged a higher service fee than the order page showed.',
      'zh-CN': '平台收取的服务费与下单页面标示的不一致。',
    },
    email: 'chen.jing@example.com',
    steps: [
      ...accepted(1),
      {
        after: 30,
        who: 'agent',
        type: 'reply',
        text: {
          en: 'The service fee is charged at the rate in force when the order was placed.',
          'zh-CN': '服务费按下单时的费率收取。',
        },
      },
      {
        after: 60,
        who: 'user',
        type: 'dispute',
        text: {
          en: 'The order page said 2 %, but 5 % was deducted. Please look at it again.',
          'zh-CN': '下单页面写的是 2%，实际扣了 5%，请重新核查。',
        },
      },
      { after: 80, who: 'arbitrator', type: 'start_arbitration' },
      {
        after: 82,
        who: 'arbitrator',
        type: 'message',
        text: {
          en: 'We have requested the order page as it was shown to you and will rule within 3 working days.',
          'zh-CN': '我们已调取您下单时看到的页面记录，将在 3 个工作日内作出裁定。',
        },
      },
    ],
    firstReply: { status: 'met', workingDaysLeft: 0.6 },
  },
  {
    name: 'thirdParty',
    suffix: 'W2XF8N',
    daysAgo: 20,
    category: 'transactions',
    madeOn: 'this-device',
    subject: { en: 'Balance locked', 'zh-CN': '余额无法取回' },
    message: {
      en: 'My account was suspended and I cannot get my balance of 320 yuan back.',
      'zh-CN': '账号被封禁，账户里的 320 元余额无法取回。',
    },
    email: 'chen.jing@example.com',
    steps: [
      ...accepted(1),
      {
        after: 40,
        who: 'agent',
        type: 'reply',
        text: {
          en: 'The account was suspended for a breach of the rules; the balance is refunded after 30 days.',
          'zh-CN': '账号因违规被封禁，余额将在 30 天后退回。',
        },
      },
      {
        after: 70,
        who: 'user',
        type: 'dispute',
        text: { en: 'I broke no rule. Please check again.', 'zh-CN': '我没有违规，请重新核查。' },
      },
      { after: 90, who: 'arbitrator', type: 'start_arbitration' },
      {
        after: 150,
        who: 'arbitrator',
        type: 'rule',
        outcome: 'partly_upheld',
        text: {
          en: 'The suspension stands; the balance is refunded within 7 days.',
          'zh-CN': '维持封禁决定，余额在 7 日内退回。',
        },
      },
      { after: 200, who: 'user', type: 'ask_third_party' },
    ],
    firstReply: { status: 'met', workingDaysLeft: 0.1 },
  },
  {
    name: 'resolved',
    suffix: 'C4GJ7S',
    daysAgo: 6,
    category: 'interaction',
    madeOn: 'this-device',
    subject: { en: 'Harassment in comments', 'zh-CN': '评论区骚扰' },
    message: {
      en: 'Someone keeps posting insults under every picture I share.',
      'zh-CN': '有人在我分享的每张图片下面发辱骂评论。',
    },
    email: 'chen.jing@example.com',
    steps: [
      ...accepted(1),
      {
        after: 20,
        who: 'agent',
        type: 'reply',
        text: {
          en: 'We have muted that user for 30 days and removed the comments.',
          'zh-CN': '已对该用户禁言 30 天，并删除了相关评论。',
        },
      },
      { after: 30, who: 'user', type: 'confirm' },
    ],
    firstReply: { status: 'met', workingDaysLeft: 1.2 },
  },
  {
    name: 'closed',
    suffix: 'Z9A3HE',
    daysAgo: 40,
    category: 'publishing',
    madeOn: 'this-device',
    subject: { en: 'Listing not found by search', 'zh-CN': '搜索不到我发布的信息' },
    message: {
      en: 'Searching for my listing by its title finds nothing.',
      'zh-CN': '按标题搜索我发布的信息，什么也搜不到。',
    },
    email: 'chen.jing@example.com',
    steps: [
      ...accepted(2),
      {
        after: 26,
        who: 'agent',
        type: 'reply',
        text: {
          en: 'We rebuilt the search index; your listing can be found again.',
          'zh-CN': '索引已重建，现在可以搜到了。',
        },
      },
      { after: 50, who: 'user', type: 'confirm' },
      {
        after: 51,
        who: 'user',
        type: 'rate',
        score: 4,
        comment: { en: 'Fixed, though it took a day.', 'zh-CN': '解决了，就是慢了一天。' },
      },
      { after: 60, who: 'agent', type: 'close' },
    ],
    firstReply: { status: 'met', workingDaysLeft: 0.9 },
  },
  {
    name: 'withdrawn',
    suffix: 'T6KM4R',
    daysAgo: 1,
    category: 'interaction',
    madeOn: 'this-device',
    subject: { en: 'Sent twice', 'zh-CN': '重复提交' },
    message: { en: 'The chat does not load.', 'zh-CN': '聊天页面打不开。' },
    email: 'chen.jing@example.com',
    steps: [
      {
        after: 1,
        who: 'user',
        type: 'withdraw',
        reason: { en: 'I sent this twice by mistake.', 'zh-CN': '提交重复了。' },
      },
    ],
  },
  {
    name: 'rejected',
    suffix: 'B8QS5W',
    daysAgo: 4,
    category: 'publishing',
    madeOn: 'this-device',
    subject: { en: 'Promote my shop', 'zh-CN': '希望推广店铺' },
    message: {
      en: 'I would like the platform to feature my shop on the home page.',
      'zh-CN': '希望平台在首页推荐我的店铺。',
    },
    email: 'chen.jing@example.com',
    steps: [
      {
        after: 3,
        who: 'agent',
        type: 'reject',
        reason: {
          en: 'Promoting shops is not something we handle as a complaint; please contact our business team.',
          'zh-CN': '推广服务不属于投诉受理范围，请联系商务合作。',
        },
      },
    ],
  },
  {
    name: 'otherDevice',
    suffix: 'F5NX7P',
    daysAgo: 2,
    category: 'interaction',
    madeOn: 'another-device',
    subject: { en: 'Private messages will not open', 'zh-CN': '私信打不开' },
    message: {
      en: 'Private messages will not open on my phone; the page keeps loading.',
      'zh-CN': '手机上私信功能打不开，一直转圈。',
    },
    email: OTHER_DEVICE_EMAIL,
    steps: accepted(1),
    firstReply: { status: 'running', workingDaysLeft: 1.3 },
  },
];
