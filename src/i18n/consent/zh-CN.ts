import type { ConsentCatalog } from './en';

/** 同意横幅的中文消息。 */
const zhCN: ConsentCatalog = {
  region: '隐私同意',
  title: '我们重视您的隐私',
  intro:
    '我们会为以下目的使用 Cookie 及类似技术。必要的部分用于保障网站正常运行；其他目的需要您的同意，您可以随时在"隐私设置"中撤回。',
  update: '我们请求您同意的内容有变化：{purposes}。请重新选择，您的其他选择保持不变。',
  acceptAll: '全部接受',
  rejectAll: '全部拒绝',
  customise: '自定义',
  save: '保存我的选择',
  close: '关闭',
  preferences: '隐私设置',
  necessary: '必要',
  necessaryPurpose: '保障网站正常运行：您正在填写的草稿、等待发送的消息，以及本设备的匿名标识。',
  alwaysOn: '始终开启',
  services: '此类别中的服务',
  provider: '提供方：{provider}',
  separate: '单独同意',
  separateIntro: '根据《个人信息保护法》，以下每一项都需要您单独同意。拒绝其中一项不影响其他选择。',
  sensitive: '敏感个人信息：{recipient}',
  third_party: '向第三方提供：{recipient}',
  cross_border: '向境外提供，接收方：{recipient}',
  purpose: '目的：{purpose}',
  gpc: '您的浏览器发送了"全球隐私控制"（GPC）信号，因此营销和向第三方提供保持关闭。',
  documents: '相关政策',
  version: '版本 {version}',
  age: '您的年龄',
  adult: '{age} 周岁及以上',
  minor: '未满 {age} 周岁',
  guardian: '我的父母或其他监护人已阅读本说明并同意我的选择',
  guardianNeeded: '未满 {age} 周岁时，可选目的需要征得您的父母或其他监护人同意。',
  unavailable: '暂时无法加载隐私设置。在加载成功之前，只使用必要的部分。',
  retry: '重试',
};

export default zhCN;
