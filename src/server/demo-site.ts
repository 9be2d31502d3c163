/**
 * The registry written on first start: one site, `demo`, that the pages in
 * demo/ use. Chinese first, like the guideline it implements; the categories
 * are the guideline's example service scope.
 */
import type { RegistryFile } from './registry-schema';

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
        staffTokens: [],
        publicConfig: {
          locale: 'zh-CN',
          forms: {
            default: {
              title: { 'zh-CN': '意见反馈', en: 'Feedback' },
              kinds: ['suggestion', 'complaint', 'praise', 'report'],
              categories: [
                { id: 'publishing', label: { 'zh-CN': '信息发布', en: 'Information publishing' } },
                { id: 'interaction', label: { 'zh-CN': '互动交流', en: 'Interaction' } },
                { id: 'transactions', label: { 'zh-CN': '交易撮合', en: 'Transactions' } },
              ],
              fields: [
                { name: 'subject', type: 'text', label: { 'zh-CN': '标题', en: 'Subject' }, maxLength: 120 },
                {
                  name: 'message',
                  type: 'textarea',
                  label: { 'zh-CN': '问题描述', en: 'What happened?' },
                  help: { 'zh-CN': '请尽量写明时间、页面和经过', en: 'When, where and what happened' },
                  required: true,
                  minLength: 5,
                  maxLength: 2000,
                },
                {
                  name: 'screenshots',
                  type: 'file',
                  label: { 'zh-CN': '截图或凭证', en: 'Screenshots or receipts' },
                  accept: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'],
                  maxFiles: 3,
                  maxBytes: 2 * 1024 * 1024,
                },
                {
                  name: 'name',
                  type: 'text',
                  label: { 'zh-CN': '称呼', en: 'Name' },
                  maxLength: 60,
                  personal: { purpose: { 'zh-CN': '用于答复时称呼您', en: 'So we can address you in our reply' }, prefill: 'name' },
                },
                {
                  name: 'email',
                  type: 'email',
                  label: { 'zh-CN': '电子邮箱', en: 'Email' },
                  maxLength: 254,
                  personal: {
                    purpose: { 'zh-CN': '仅用于告知处理进展，不作他用', en: 'Only to tell you how it is going, nothing else' },
                    prefill: 'email',
                  },
                },
              ],
            },
          },
        },
        settings: {
          rateLimits: { anonymousPerMinute: 10, sitePerMinute: 300 },
          timezone: 'Asia/Shanghai',
        },
      },
    ],
  };
}
