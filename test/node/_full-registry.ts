/**
 * A registry file with every kind of setting a site can have (not itself a
 * test): a public config with a form of its own, messages and a theme;
 * every group of settings; consent; automation tokens and a sign-out
 * instant. What an old data folder's sites.json may hold, for the tests
 * that move one into the database and back out (registry-command.test.ts).
 */
import { createHash } from 'node:crypto';
import type { RegistryFile } from '../../src/server/registry-schema';
import { HARNESS_CONSENT } from '../support/harness';
import { ALLOWED_ORIGIN, OTHER_ORIGIN, SECRETS } from './_helpers';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

export const FULL_SITE = 'full';
export const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123456789abcdef';

export function fullRegistry(): RegistryFile {
  return {
    $comment: 'an old data folder: every kind of setting, edited by hand',
    serverSecret: SECRETS.server,
    sites: [
      {
        id: FULL_SITE,
        allowedOrigins: [ALLOWED_ORIGIN, 'http://localhost:*'],
        hostTokenSecret: SECRETS.test,
        staffTokenSecret: SECRETS.staff,
        staffTokensNotBefore: '2026-01-05T00:00:00.000Z',
        // by name: the database keeps them without an order of their own
        staffTokens: [
          { name: 'nightly-export', tokenSha256: sha256('nightly-export-token-0123456789'), roles: ['supervisor'] },
          { name: 'triage-bot', tokenSha256: sha256('triage-bot-token-0123456789'), roles: ['agent', 'admin'] },
        ],
        publicConfig: {
          locale: 'en',
          trackerUrl: '/help/complaints',
          theme: { colorScheme: 'dark', tokens: { '--uc-accent': '#0a7', '--uc-radius': '2px' } },
          messages: { en: { 'form.submit': 'Send it' }, 'zh-CN': { 'form.submit': '提交意见' } },
          forms: {
            returns: {
              title: text('Returns', '退货'),
              kinds: ['complaint', 'question'],
              categories: [
                { id: 'damaged', label: text('Arrived damaged', '到货损坏') },
                { id: 'late', label: text('Arrived late', '到货延迟') },
                { id: 'old-reason', label: text('Old reason', '旧原因'), retired: true },
              ],
              fields: [
                { name: 'order', type: 'text', label: text('Order number', '订单号'), required: true, maxLength: 40 },
                {
                  name: 'reason',
                  type: 'select',
                  label: text('Reason', '原因'),
                  options: [
                    { value: 'size', label: text('Wrong size', '尺码不对') },
                    { value: 'other', label: text('Other', '其他') },
                  ],
                },
                { name: 'stars', type: 'rating', label: text('How was it?', '评价'), min: 1, max: 5 },
                {
                  name: 'photos',
                  type: 'file',
                  label: text('Photos', '照片'),
                  accept: ['image/png', 'image/jpeg'],
                  maxFiles: 3,
                  maxBytes: 2 * 1024 * 1024,
                },
                {
                  name: 'phone',
                  type: 'tel',
                  label: text('Phone', '电话'),
                  personal: { purpose: text('To call you back', '用于回电'), prefill: 'phone' },
                },
                { name: 'fax', type: 'text', label: text('Fax', '传真'), retired: true },
              ],
            },
          },
        },
        settings: {
          rateLimits: {
            anonymousPerMinute: 5,
            addressPerMinute: 40,
            sitePerMinute: 400,
            userPerMinute: 20,
            uploadBytesPerDay: 8 * 1024 * 1024,
          },
          timezone: 'Europe/Berlin',
          sla: {
            timezone: 'Asia/Shanghai',
            businessHours: { start: '08:30', end: '17:30' },
            calendar: { years: { '2027': { holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-07'] } } },
            policies: [
              { kind: 'complaint', firstReply: { workingDays: 2 } },
              { kind: 'complaint', category: 'damaged', solution: { elapsedHours: 24 } },
              { kind: 'question', category: 'late', acknowledgement: null },
            ],
          },
          complaints: { disputeWindowDays: 10, autoResolveDays: 5, autoCloseDays: 3 },
          hostTokens: { maxLifetimeSeconds: 7200, audience: 'usercare', issuer: 'https://shop.example.com' },
          webhook: { url: 'https://hooks.example.com/usercare', secret: WEBHOOK_SECRET },
          points: {
            pendingHours: 48,
            expiryMonths: 18,
            penaltyPoints: 15,
            earn: { suggestion_accepted: { points: 50, dailyCap: 80 }, complaint_rated: null },
            levels: [
              { name: text('Member', '会员'), threshold: 0 },
              { name: text('Gold', '金卡'), threshold: 500 },
            ],
            compensation: {
              tiers: [
                { upToMinutes: 59, points: 10 },
                { upToMinutes: 240, points: 50 },
                { points: 200, reward: 'coupon-10' },
              ],
            },
            catalogue: [
              { id: 'coupon-10', name: text('10 yuan off', '10 元优惠券'), points: 100, source: 'pool', undoHours: 24 },
              { id: 'gift-card', name: text('A gift card', '礼品卡'), points: 50, source: 'webhook' },
            ],
          },
          staff: { revealRoles: ['admin'], auditRetentionDays: 400, intakeMaxAgeDays: 14 },
        },
        consent: { ...HARNESS_CONSENT, expiryDays: 180, guardianAge: 14 },
      },
      { id: 'plain', allowedOrigins: [OTHER_ORIGIN], hostTokenSecret: SECRETS.other },
    ],
  };
}
