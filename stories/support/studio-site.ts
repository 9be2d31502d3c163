/**
 * The site the studio's stories edit, as its in-memory admin API
 * (./studio-fixtures.ts) holds it: the published document (a shop's form
 * with a topic to choose, contact details with their purpose, three
 * categories), the drafts a story starts from, and what the API answers
 * besides (the secrets' status, an automation token, the snippet).
 */
import type { LocalizedText } from '../../src/contract/common';

export const STUDIO_ENDPOINT = 'https://studio.story.invalid';
export const STUDIO_SITE = 'story';

export type Doc = Record<string, unknown>;

export const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 10, day, hour - 8)).toISOString();

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

/** The site as version 3 publishes it: the shop's form with a topic to choose, contact details with their purpose, three categories. */
export const PUBLISHED: Doc = {
  allowedOrigins: ['https://shop.example'],
  settings: { timezone: 'Asia/Shanghai', complaints: { disputeWindowDays: 7 } },
  publicConfig: {
    forms: {
      default: {
        kinds: ['suggestion', 'complaint', 'praise', 'question'],
        categories: [
          { id: 'orders', label: text('订单与支付', 'Orders and payment') },
          { id: 'delivery', label: text('物流配送', 'Delivery') },
          { id: 'account', label: text('账户与安全', 'Account and security') },
        ],
        fields: [
          {
            name: 'topic',
            type: 'select',
            label: text('问题类型', 'Topic'),
            options: [
              { value: 'refund', label: text('退款', 'Refund') },
              { value: 'late', label: text('延误', 'Late') },
            ],
          },
          {
            name: 'message',
            type: 'textarea',
            label: text('内容', 'Message'),
            required: true,
            minLength: 5,
            maxLength: 5000,
          },
          {
            name: 'email',
            type: 'email',
            label: text('电子邮箱', 'Email'),
            personal: { purpose: text('仅用于告知处理进展', 'Only to tell you how it is going'), prefill: 'email' },
          },
        ],
      },
    },
  },
};

type Form = { fields: Doc[]; categories: Doc[]; [key: string]: unknown };
const formOf = (doc: Doc): Form => (doc.publicConfig as { forms: { default: Form } }).forms.default;
const withForm = (doc: Doc, change: (form: Form) => Form): Doc => {
  const copy = structuredClone(doc);
  (copy.publicConfig as { forms: { default: Form } }).forms.default = change(formOf(copy));
  return copy;
};

/** What the draft holds when the story starts. */
export type StudioDraft = 'published' | 'changed' | 'lint-error';

export const DRAFTS: Record<StudioDraft, (published: Doc) => Doc> = {
  published: (doc) => structuredClone(doc),
  // An order number asked for, and returns as a category: what the admin is about to publish.
  changed: (doc) =>
    withForm(doc, (form) => ({
      ...form,
      fields: [
        ...form.fields,
        {
          name: 'order',
          type: 'text',
          label: text('订单号', 'Order number'),
          help: text('见订单详情页', 'On the order page'),
        },
      ],
      categories: [...form.categories, { id: 'returns', label: text('退货', 'Returns') }],
    })),
  // A phone number asked for with no purpose: lint's error, which blocks publishing.
  'lint-error': (doc) =>
    withForm(doc, (form) => ({
      ...form,
      fields: [...form.fields, { name: 'phone', type: 'tel', label: text('手机号', 'Mobile number') }],
    })),
};

export const SECRETS = {
  site: STUDIO_SITE,
  secrets: [
    { kind: 'host_token' as const, set: true, createdAt: at(2), createdBy: 'operator:command-line', older: [] },
    { kind: 'staff_token' as const, set: true, createdAt: at(2), createdBy: 'operator:command-line', older: [] },
    { kind: 'webhook' as const, set: false, createdAt: null, createdBy: null, older: [] },
  ],
};

export const TOKENS = {
  items: [
    {
      name: 'crm-sync',
      roles: ['agent' as const],
      createdAt: at(5),
      createdBy: 'staff:person:story-admin',
      revoked: false,
      revokedAt: null,
    },
  ],
};

const BUILD = '0a1b2c3d4e';
const BASE = `${STUDIO_ENDPOINT}/dist/v/${BUILD}/`;
export const SNIPPET = {
  site: STUDIO_SITE,
  buildId: BUILD,
  base: BASE,
  tags: {
    loader: [
      `<script type="importmap">{"integrity":{"${BASE}chunks/ui-${BUILD}.js":"sha384-…"}}</script>`,
      `<script src="${BASE}usercare.js" integrity="sha384-…" crossorigin="anonymous" data-site="${STUDIO_SITE}" data-endpoint="${STUDIO_ENDPOINT}"></script>`,
    ],
    feedbackForm: ['<uc-feedback-form></uc-feedback-form>'],
    complaintTracker: ['<uc-complaint-tracker></uc-complaint-tracker>'],
    consentBanner: [
      `<script src="${BASE}usercare.js" integrity="sha384-…" crossorigin="anonymous" data-site="${STUDIO_SITE}" data-endpoint="${STUDIO_ENDPOINT}" data-consent></script>`,
      '<uc-consent-banner></uc-consent-banner>',
    ],
    pointsWidget: ['<uc-points-widget></uc-points-widget>'],
  },
  csp: `allow ${STUDIO_ENDPOINT} in script-src and connect-src`,
  importMapHash: "'sha256-story'",
};
