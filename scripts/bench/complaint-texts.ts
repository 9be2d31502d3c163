/**
 * What users write, for the benches that search it: complaints and feedback
 * in Chinese and English made of parts (what was bought, what went wrong,
 * a detail, what they want), drawn by a seeded generator, so the same seed
 * gives the same texts and no two-character word is in every text (a
 * product is in about one text in thirty, 退款 in about one in six: the
 * commonest words of a desk are common).
 */
import type { Kind } from '../../src/contract/common';

type Pick = () => number;
const one = <T>(list: readonly T[], next: Pick): T => list[Math.floor(next() * list.length)]!;

const ZH_PRODUCTS = [
  '蓝牙耳机',
  '手机壳',
  '电饭煲',
  '羽绒服',
  '运动鞋',
  '婴儿奶粉',
  '洗衣液',
  '台灯',
  '行李箱',
  '茶叶礼盒',
  '扫地机器人',
  '空气净化器',
  '机械键盘',
  '保温杯',
  '床上四件套',
  '儿童绘本',
  '咖啡豆',
  '充电宝',
  '智能手表',
  '电动牙刷',
];
const ZH_OPENINGS = [
  '我在{day}下单的{product}',
  '上周买的{product}',
  '订单里的{product}',
  '给家人买的{product}',
  '{day}收到的{product}',
];
const ZH_DAYS = ['周一', '周三', '上个月', '双十一', '三天前', '月初'];
const ZH_PROBLEMS = [
  '迟迟没有发货',
  '收到时包装破损',
  '和商品描述不符',
  '申请退款被拒',
  '退款一直没有到账',
  '被重复扣款',
  '物流信息三天没有更新',
  '少发了一件',
  '用了两天就坏了',
  '发票开错了抬头',
  '优惠券没有抵扣',
  '退货运费被收了两次',
];
const ZH_DETAILS = [
  '联系客服好几次都没有回复',
  '商家说要等仓库核实',
  '快递员说已经签收但我没有收到',
  '页面上写的是七天无理由退货',
  '客服让我自己去找快递公司',
  '已经上传了照片和视频',
  '订单状态一直显示处理中',
];
const ZH_DEMANDS = [
  '希望尽快退款',
  '要求换一件新的',
  '请给一个明确的处理时间',
  '要求赔偿运费',
  '希望平台介入处理',
  '请尽快联系我',
];

const EN_PRODUCTS = [
  'wireless earbuds',
  'phone case',
  'rice cooker',
  'down jacket',
  'running shoes',
  'baby formula',
  'desk lamp',
  'suitcase',
  'coffee grinder',
  'smart watch',
  'air purifier',
  'mechanical keyboard',
];
const EN_PROBLEMS = [
  'has still not shipped',
  'arrived with the box crushed',
  'is not what the listing showed',
  'went back to the seller, who refused the refund',
  'went back weeks ago and the refund has not reached my account',
  'was charged twice',
  'has shown no tracking update for three days',
  'stopped working after two days',
];
const EN_DETAILS = [
  'Support has not answered my messages.',
  'The seller says the warehouse must check first.',
  'The courier marked it delivered but nothing came.',
  'The page promised free returns within seven days.',
  'I uploaded photos of the damage.',
];
const EN_DEMANDS = [
  'Please refund me soon.',
  'I want a replacement.',
  'Please tell me when this will be solved.',
  'I expect the shipping fee back.',
  'Please step in.',
];

const ZH_FEEDBACK: Record<Exclude<Kind, 'complaint'>, readonly string[]> = {
  suggestion: [
    '建议在订单页面增加按商家筛选',
    '建议退款页面写明到账时间',
    '希望能保存常用的收货地址',
    '建议客服工作时间延长到晚上十点',
  ],
  praise: ['客服很耐心，五分钟就解决了问题', '快递员服务很好，送货上门', '退款很快就到账了，点赞'],
  report: ['这个商品图片是盗用别人的', '商家要求在平台外付款', '评论区有人发广告'],
  question: ['请问退货地址在哪里查看', '发票可以补开吗', '积分什么时候过期'],
};
const EN_FEEDBACK: Record<Exclude<Kind, 'complaint'>, readonly string[]> = {
  suggestion: ['It would help to filter my orders by seller.', 'Please show when a refund will arrive.'],
  praise: ['The agent on the phone was patient and quick.', 'My refund arrived the next day, thank you.'],
  report: ['This listing copies photos from another seller.', 'The seller asks for payment outside the platform.'],
  question: ['Where do I find the return address?', 'When do my points expire?'],
};

/** A user's text of `kind` in `locale`, drawn with `next`. */
export function complaintText(kind: Kind, locale: 'zh-CN' | 'en', next: Pick): string {
  if (kind !== 'complaint') return one((locale === 'zh-CN' ? ZH_FEEDBACK : EN_FEEDBACK)[kind], next);
  if (locale === 'zh-CN') {
    const opening = one(ZH_OPENINGS, next)
      .replace('{day}', one(ZH_DAYS, next))
      .replace('{product}', one(ZH_PRODUCTS, next));
    return `${opening}${one(ZH_PROBLEMS, next)}，${one(ZH_DETAILS, next)}。${one(ZH_DEMANDS, next)}。`;
  }
  return `My order of a ${one(EN_PRODUCTS, next)} ${one(EN_PROBLEMS, next)}. ${one(EN_DETAILS, next)} ${one(EN_DEMANDS, next)}`;
}
