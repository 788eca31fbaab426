import type { listlifeEn } from './listlife-en.js';

/** 清单在 Slack 中的维护（内部备注、链接、频道迁移、欢迎消息）；并入 zh-CN.ts。 */
export const listlifeZhCN: { [K in keyof typeof listlifeEn]: (typeof listlifeEn)[K] } = {
  'listlife.internalNote': () => '🔒 内部备注：不对外公开。',
  'listlife.modalInternal': () => '内部备注',
  'listlife.modalInternalOption': () => '内部：不在公开页面显示',
  'public.colNote': () => '最新说明',
  'config.expected.ZEREN_PUBLIC_URL': () => '公开页面的 http(s) 访问地址，如 https://zeren.example.org',
  'listlife.publicLink': (p) => `🔗 <${p.url}|${p.year} 年度公开清单>`,
};
