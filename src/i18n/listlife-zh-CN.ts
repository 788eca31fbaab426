import type { listlifeEn } from './listlife-en.js';

/** 清单在 Slack 中的维护（内部备注、链接、频道迁移、欢迎消息）；并入 zh-CN.ts。 */
export const listlifeZhCN: { [K in keyof typeof listlifeEn]: (typeof listlifeEn)[K] } = {
  'listlife.internalNote': () => '🔒 内部备注：不对外公开。',
  'listlife.modalInternal': () => '内部备注',
  'listlife.modalInternalOption': () => '内部：不在公开页面显示',
  'public.colNote': () => '最新说明',
  'config.expected.ZEREN_PUBLIC_URL': () => '公开页面的 http(s) 访问地址，如 https://zeren.example.org',
  'listlife.publicLink': (p) => `🔗 <${p.url}|${p.year} 年度公开清单>`,
  'listlife.welcomeTitle': (p) => `👋 Zeren（责任）已就位：本频道服务于*${p.name}*（${p.unit}）。`,
  'listlife.welcomeWhat': () =>
    'Zeren 负责本单位的责任清单：工作日在此提醒各事项的责任人报告进展，发布报告情况，请单位负责人审核结果，事项久未报告或逾期时提醒并逐级督促，每一步都记入台账。',
  'listlife.welcomeProgress': () => '*报告进展：*`/progress 事项编号 40% 正常 初稿已完成`，或点提醒消息上的“报告进展”按钮。只输入 `/progress` 打开表单；`/progress 帮助` 查看说明。',
  'listlife.welcomeHome': () => '*应用主页：*在侧栏“应用”中打开 *Zeren*，其“主页”标签列出你的事项，每项都有报告按钮。',
  'listlife.welcomeMoved': (p) => `本单位已从 <#${p.from}> 迁至本频道；以前的消息仍留在原频道。`,
  'listlife.channelMoved': (p) => `➡️ *${p.name}*（${p.unit}）已迁至 <#${p.to}>：今后该单位的提醒、通知和周报都发在那里，Zeren 不再在本频道发送该单位的消息。`,
  'import.move': (p) => `→ 单位 ${p.unit}：下次频道设置时从频道 ${p.from} 迁至 #${p.to}（邀请其人员，两个频道都会收到通知）`,
};
