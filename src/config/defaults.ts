import type { FormConfig, SiteConfigPatch } from './schema';

/**
 * The built-in form: what a site gets with no config at all. Categories are
 * the guideline's example service scope; every personal field says why it is asked.
 */
export const DEFAULT_FORM: FormConfig = {
  kinds: ['suggestion', 'complaint', 'praise', 'report', 'question'],
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
      label: { 'zh-CN': '内容', en: 'Message' },
      required: true,
      minLength: 5,
      maxLength: 5000,
    },
    {
      name: 'screenshots',
      type: 'file',
      label: { 'zh-CN': '截图或文件', en: 'Screenshots or files' },
      accept: ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'],
      maxFiles: 3,
      maxBytes: 2 * 1024 * 1024,
    },
    {
      name: 'name',
      type: 'text',
      label: { 'zh-CN': '称呼', en: 'Name' },
      maxLength: 60,
      personal: {
        purpose: { 'zh-CN': '用于答复时称呼您', en: 'So we can address you in our reply' },
        prefill: 'name',
      },
    },
    {
      name: 'email',
      type: 'email',
      label: { 'zh-CN': '电子邮箱', en: 'Email' },
      maxLength: 254,
      personal: {
        purpose: { 'zh-CN': '仅用于告知处理进展', en: 'Only to tell you how it is going' },
        prefill: 'email',
      },
    },
  ],
};

export const DEFAULT_CONFIG: Omit<SiteConfigPatch, 'site'> = {
  theme: { colorScheme: 'auto' },
  forms: { default: DEFAULT_FORM },
};
