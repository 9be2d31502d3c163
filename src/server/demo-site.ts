/**
 * The registry written on first start: one site, `demo`, that the pages in
 * demo/ use. Chinese first, like the guideline it implements; the categories
 * are the guideline's example service scope.
 */
import { createHash, createHmac } from 'node:crypto';
import { DEFAULT_FORM } from '../config/defaults';
import type { FieldConfig, FormConfig } from '../config/schema';
import type { ConsentSettings } from '../contract/consent';
import type { RegistryFile } from './registry-schema';

/** What the demo shop says differently from the built-in form: a shop's words for the same fields. */
const DEMO_FIELDS: Record<string, Partial<FieldConfig>> = {
  message: {
    label: { 'zh-CN': '问题描述', en: 'What happened?' },
    help: { 'zh-CN': '请尽量写明时间、页面和经过', en: 'When, where and what happened' },
    maxLength: 2000,
  },
  screenshots: { label: { 'zh-CN': '截图或凭证', en: 'Screenshots or receipts' } },
  email: {
    personal: {
      purpose: { 'zh-CN': '仅用于告知处理进展，不作他用', en: 'Only to tell you how it is going, nothing else' },
      prefill: 'email',
    },
  },
};

function demoForm(): FormConfig {
  return {
    ...DEFAULT_FORM,
    title: { 'zh-CN': '意见反馈', en: 'Feedback' },
    fields: DEFAULT_FORM.fields.map((field) => ({ ...field, ...DEMO_FIELDS[field.name] }) as FieldConfig),
  };
}

/**
 * What the demo shop asks consent for: cookie purposes with the services
 * behind them, PIPL's separate consents (sensitive data, a named third party,
 * a named overseas recipient), and its versioned policy documents.
 */
export const DEMO_CONSENT: ConsentSettings = {
  categories: [
    {
      id: 'functional',
      label: { 'zh-CN': '功能', en: 'Functional' },
      description: {
        'zh-CN': '记住您的语言、收货城市等偏好，让页面按您的设置显示',
        en: 'Remembers your language, delivery city and similar preferences so pages show the way you set them',
      },
      version: '1',
    },
    {
      id: 'analytics',
      label: { 'zh-CN': '统计分析', en: 'Analytics' },
      description: {
        'zh-CN': '统计访问量和页面使用情况，帮助我们改进网站；不用于广告',
        en: 'Counts visits and how pages are used so we can improve the site; never used for ads',
      },
      version: '1',
      services: [
        {
          id: 'baidu-tongji',
          name: { 'zh-CN': '百度统计', en: 'Baidu Tongji' },
          purpose: { 'zh-CN': '访问量与来源统计', en: 'Visit and referrer statistics' },
          provider: { 'zh-CN': '北京百度网讯科技有限公司', en: 'Beijing Baidu Netcom Science and Technology Co., Ltd.' },
          cookies: ['Hm_lvt_*', 'Hm_lpvt_*'],
        },
        {
          id: 'site-stats',
          name: { 'zh-CN': '本站统计', en: 'Our own statistics' },
          purpose: { 'zh-CN': '统计哪些商品页面最常被浏览', en: 'Which product pages are viewed most' },
          cookies: ['uc_demo_stats'],
        },
      ],
    },
    {
      id: 'marketing',
      label: { 'zh-CN': '营销推广', en: 'Marketing' },
      description: {
        'zh-CN': '衡量广告效果，在其他网站向您展示本店的优惠信息',
        en: 'Measures our ads and shows you our offers on other sites',
      },
      version: '1',
      cookies: ['uc_demo_ads'],
    },
    {
      id: 'personalisation',
      label: { 'zh-CN': '个性化推荐', en: 'Personalisation' },
      description: {
        'zh-CN': '根据您的浏览记录推荐商品；关闭后您看到的是不针对个人的推荐',
        en: 'Recommends products from what you have viewed; when off, recommendations are the same for everyone',
      },
      version: '1',
    },
  ],
  separate: [
    {
      id: 'precise-location',
      kind: 'sensitive',
      recipient: { 'zh-CN': '您的精确位置（行踪信息）', en: 'Your precise location' },
      purpose: { 'zh-CN': '仅用于即时配送时定位送货地址', en: 'Only to find your address for same-day delivery' },
      version: '1',
    },
    {
      id: 'share-logistics',
      kind: 'third_party',
      recipient: { 'zh-CN': '顺丰速运有限公司', en: 'SF Express Co., Ltd.' },
      purpose: {
        'zh-CN': '向其提供您的姓名、电话和收货地址，用于配送订单',
        en: 'Receives your name, phone number and delivery address to deliver your order',
      },
      version: '1',
    },
    {
      id: 'overseas-payment',
      kind: 'cross_border',
      recipient: { 'zh-CN': 'Stripe, Inc.（美国）', en: 'Stripe, Inc. (United States)' },
      purpose: {
        'zh-CN': '使用境外银行卡付款时，向其提供订单金额和支付信息以完成支付',
        en: 'When you pay with a card issued abroad, receives the amount and payment details to process the payment',
      },
      version: '1',
    },
  ],
  documents: [
    { id: 'privacy', title: { 'zh-CN': '隐私政策', en: 'Privacy policy' }, url: '/privacy.html', version: '1' },
    { id: 'terms', title: { 'zh-CN': '服务条款', en: 'Terms of service' }, url: '/terms.html', version: '1' },
    { id: 'fees', title: { 'zh-CN': '收费与退款说明', en: 'Fees and refunds' }, url: '/fees.html', version: '1' },
  ],
  expiryDays: 365,
  // PIPL Art. 31: under 14, a guardian's consent.
  guardianAge: 14,
};

/** The demo's staff, one per role, so the README's curl walkthrough works on a fresh clone. */
export const DEMO_STAFF = [
  { role: 'agent', name: '客服小李' },
  { role: 'arbitrator', name: '仲裁员老赵' },
  { role: 'admin', name: '管理员' },
] as const;

/**
 * A demo staff token, derived from the registry's server secret rather than
 * stored: the registry keeps only its SHA-256, yet `npm start` can print it
 * on every start. Real sites put tokens they made themselves in the registry.
 */
export function demoStaffToken(serverSecret: string, role: string): string {
  return `ucs_demo_${role}_${createHmac('sha256', serverSecret).update(`usercare demo staff token ${role}`).digest('base64url').slice(0, 32)}`;
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function demoRegistry(serverOrigin: string, secrets: { serverSecret: string; hostTokenSecret: string }): RegistryFile {
  const port = new URL(serverOrigin).port;
  const origins = [`http://localhost${port ? `:${port}` : ''}`, `http://127.0.0.1${port ? `:${port}` : ''}`];
  if (!origins.includes(serverOrigin)) origins.unshift(serverOrigin);
  return {
    $comment:
      'usercare site registry. Secrets stay on the server; only publicConfig is served. Edit and restart the server. See src/server/registry-schema.ts.',
    serverSecret: secrets.serverSecret,
    sites: [
      {
        id: 'demo',
        allowedOrigins: origins,
        hostTokenSecret: secrets.hostTokenSecret,
        staffTokens: DEMO_STAFF.map((s) => ({ name: s.name, tokenSha256: sha256Hex(demoStaffToken(secrets.serverSecret, s.role)), roles: [s.role] })),
        publicConfig: {
          locale: 'zh-CN',
          trackerUrl: '/complaints.html',
          forms: { default: demoForm() },
        },
        settings: {
          rateLimits: { anonymousPerMinute: 10, sitePerMinute: 300 },
          timezone: 'Asia/Shanghai',
          // The guideline's 24 h solution for complex problems, for the category where money is at stake.
          sla: { policies: [{ kind: 'complaint', category: 'transactions', solution: { elapsedHours: 24 } }] },
        },
        consent: DEMO_CONSENT,
      },
    ],
  };
}
