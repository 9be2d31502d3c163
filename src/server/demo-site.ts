/**
 * The registry written on first start: one site, `demo`, that the pages in
 * demo/ use. Chinese first, like the guideline it implements; the categories
 * are the guideline's example service scope.
 */
import { createHash, createHmac } from 'node:crypto';
import { DEFAULT_FORM } from '../config/defaults';
import type { FieldConfig, FormConfig } from '../config/schema';
import { DEMO_CONSENT } from './demo-consent';
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
