/**
 * The demo shop's consent settings, in a module of their own with no server
 * imports: the registry's demo site and the consent bench show this one
 * config.
 */
import type { ConsentSettings } from '../../contract/consent';

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
          provider: {
            'zh-CN': '北京百度网讯科技有限公司',
            en: 'Beijing Baidu Netcom Science and Technology Co., Ltd.',
          },
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
