import type { metricsEn } from './metrics-en.js';

/** 指标接口与探针的中文消息；展开到 zh-CN.ts。 */
export const metricsZhCN: { [K in keyof typeof metricsEn]: (typeof metricsEn)[K] } = {
  'web.metricsUnauthorized': () => '需要有效的指标令牌（Authorization: Bearer …，即 ZEREN_METRICS_TOKEN）',
};
