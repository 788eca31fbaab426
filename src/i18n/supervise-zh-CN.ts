import type { superviseEn } from './supervise-en.js';

/** `/supervise` 命令与监督人员表单的消息；并入 zh-CN.ts。 */
export const superviseZhCN: { [K in keyof typeof superviseEn]: (typeof superviseEn)[K] } = {
  'supervise.help': () =>
    [
      '*/supervise* — 专项督查、问题整改与挂牌督办（供监督人员使用）',
      '• `/supervise help` — 显示本帮助',
    ].join('\n'),
  'supervise.unknown': (p) => `“${p.text}”不是 /supervise 的命令。`,
};
