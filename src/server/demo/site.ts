/**
 * The registry the demo writes when it starts without one, and whose site's
 * document each demo start publishes when it changed (keep-current.ts): one site,
 * `demo`, that the pages in demo/ use. Chinese first, like the guideline it
 * implements; the categories are the guideline's example service scope.
 */
import { DEFAULT_FORM } from '../../config/defaults';
import type { FieldConfig, FormConfig } from '../../config/schema';
import { DEMO_CONSENT } from './consent';
import { DEMO_SITE_ID, DEMO_STAFF, demoStaffSecret, demoStaffToken, sha256Hex } from './identities';
import type { PointsSettings } from '../../contract/points-settings';
import type { RegistryFile } from '../registry-schema';

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
 * The demo shop's points rules: the default earn triggers, earnings that
 * count after a day (time to take back a mistaken acceptance), three levels,
 * outage compensation by length, and three rewards from code pools that the
 * demo seed fills (points-seed.ts).
 */
export const DEMO_POINTS: PointsSettings = {
  pendingHours: 24,
  expiryMonths: 12,
  levels: [
    { name: { 'zh-CN': '普通会员', en: 'Member' }, threshold: 0 },
    { name: { 'zh-CN': '银卡会员', en: 'Silver member' }, threshold: 300 },
    { name: { 'zh-CN': '金卡会员', en: 'Gold member' }, threshold: 1000 },
  ],
  compensation: {
    tiers: [
      // Under an hour, one to four hours, longer (a tier covers outages up to its minutes).
      { upToMinutes: 59, points: 10 },
      { upToMinutes: 240, points: 50 },
      { points: 200, reward: 'coupon-10' },
    ],
  },
  catalogue: [
    {
      id: 'coupon-10',
      name: { 'zh-CN': '10 元优惠券', en: '10-yuan coupon' },
      description: {
        'zh-CN': '订单满 50 元可用，兑换后 30 天内有效',
        en: 'Off any order of 50 yuan or more, for 30 days after you redeem it',
      },
      points: 100,
      source: 'pool',
      undoHours: 24,
    },
    {
      id: 'free-shipping',
      name: { 'zh-CN': '包邮券', en: 'Free shipping' },
      description: { 'zh-CN': '下一笔订单免运费', en: 'No delivery charge on your next order' },
      points: 60,
      source: 'pool',
    },
    {
      id: 'member-badge',
      name: { 'zh-CN': '会员徽章', en: 'Member badge' },
      description: { 'zh-CN': '显示在个人主页和您的评论旁', en: 'Shown on your profile and next to your comments' },
      points: 300,
      source: 'pool',
    },
  ],
};

export function demoRegistry(
  serverOrigin: string,
  secrets: { serverSecret: string; hostTokenSecret: string },
): RegistryFile {
  const port = new URL(serverOrigin).port;
  const origins = [`http://localhost${port ? `:${port}` : ''}`, `http://127.0.0.1${port ? `:${port}` : ''}`];
  if (!origins.includes(serverOrigin)) origins.unshift(serverOrigin);
  return {
    $comment:
      'usercare site registry, written by the demo and imported into the database on its first start; from then on the database is the authority (npm run registry -- export / import, the admin API). Secrets stay on the server; only publicConfig and consent are served. See src/server/registry-schema.ts.',
    serverSecret: secrets.serverSecret,
    sites: [
      {
        id: DEMO_SITE_ID,
        allowedOrigins: origins,
        hostTokenSecret: secrets.hostTokenSecret,
        // The demo shop's back office signs its staff in with this (GET /demo-host/staff-token).
        staffTokenSecret: demoStaffSecret(secrets.serverSecret),
        staffTokens: DEMO_STAFF.map((s) => ({
          name: s.name,
          tokenSha256: sha256Hex(demoStaffToken(secrets.serverSecret, s.role)),
          roles: [s.role],
        })),
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
          points: DEMO_POINTS,
        },
        consent: DEMO_CONSENT,
      },
    ],
  };
}
