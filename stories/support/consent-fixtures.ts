/**
 * The consent banner's stories: a site's consent config as the server would
 * serve it (`GET /v1/sites/{site}/consent`, the shape of src/contract/consent.ts),
 * modelled on the demo shop's (categories with their services and cookies,
 * PIPL's separate consents, versioned policy documents), and the decision a
 * device keeps in localStorage, written and forgotten through the project's
 * own encoding (src/consent/decision.ts). Nothing here imports Storybook, so
 * test/browser/consent-stories-a11y.test.ts can load the stories.
 */
import type { ConsentCategory, ConsentConfig } from '../../src/contract/consent';
import { configKey, decisionKey, encodeDecision, type StoredDecision } from '../../src/consent/decision';

/** The categories besides `necessary`, every one at policy version 1. */
const CATEGORIES: ConsentCategory[] = [
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
];

export interface StoryConsentOptions {
  /** PIPL Art. 31: the age under which a guardian must agree (absent: no age question) */
  guardianAge?: number;
  /** category id → the policy version in force (default '1' each): a higher one means what it covers changed */
  versions?: Record<string, string>;
}

/** A 16-hex revision that changes with what is shown, as the server's does (here: FNV-1a of the options, twice). */
function revisionOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i), 0x811c9dc5);
  }
  return [a, b].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}

/** The consent config a story's banner is given through `.config` (so it makes no request). */
export function storyConsentConfig(site: string, options: StoryConsentOptions = {}): ConsentConfig {
  return {
    site,
    revision: revisionOf(JSON.stringify({ site, ...options })),
    categories: CATEGORIES.map((category) => ({ ...category, version: options.versions?.[category.id] ?? category.version })),
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
        purpose: { 'zh-CN': '向其提供您的姓名、电话和收货地址，用于配送订单', en: 'Receives your name, phone number and delivery address to deliver your order' },
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
    ...(options.guardianAge ? { guardianAge: options.guardianAge } : {}),
  };
}

/**
 * The decision an earlier visit left: every purpose of `config` decided as
 * `granted` says, under the version given in `versions` (default: the
 * config's own), so a purpose decided under an older version is asked again.
 */
export function earlierDecision(config: ConsentConfig, options: { granted: boolean; versions?: Record<string, string>; daysAgo?: number }): StoredDecision {
  const at = Date.now() - (options.daysAgo ?? 30) * 86_400_000;
  const decision: StoredDecision = {
    v: 1,
    id: `story${config.site.replace(/[^A-Za-z0-9]/g, '')}decision`.padEnd(16, '0').slice(0, 64),
    site: config.site,
    revision: revisionOf(`${config.revision} (earlier)`),
    at,
    expires: at + config.expiryDays * 86_400_000,
    gpc: false,
    categories: {},
    services: {},
    separate: {},
  };
  for (const category of config.categories) {
    decision.categories[category.id] = { granted: options.granted, version: options.versions?.[category.id] ?? category.version };
    for (const service of category.services ?? []) decision.services[`${category.id}/${service.id}`] = options.granted;
  }
  for (const item of config.separate) decision.separate[item.id] = { granted: options.granted, version: item.version };
  return decision;
}

/** Forgets what earlier runs of a story left for its site: the decision and the cached config. */
export function forgetConsent(site: string): void {
  localStorage.removeItem(decisionKey(site));
  localStorage.removeItem(configKey(site));
}

/** Stores a decision as the banner (or the loader's stub) would, checksum and all. */
export function leaveDecision(decision: StoredDecision): void {
  localStorage.setItem(decisionKey(decision.site), encodeDecision(decision));
}
