import type { casesEn } from './cases-en.js';

/** 问责案件、统计与通报的中文消息；展开到 zh-CN.ts。 */
export const casesZhCN: { [K in keyof typeof casesEn]: (typeof casesEn)[K] } = {
  'import.badForm': () => '必须是四种形态之一：1、2、3 或 4',
  'import.badFulfilment': () => '必须是 fulfilled（履行）、partial（部分履行）、not_fulfilled（未履行）或 not_applicable（不适用）',
  'import.badCaseSource': () => '必须是 petition（信访）、lead（线索）、inspection（专项督查）、patrol（巡视巡察）、audit（审计）、fiscal（财政）、media（媒体）或 other（其他）',
  'import.duplicateCase': (p) => `案件 ${p.code} 重复定义（另见 ${p.other}）`,
  'import.caseElsewhere': (p) => `案件 ${p.code} 已属于单位 ${p.unit}，不能改属其他单位`,
  'import.decidedBeforeOpened': (p) => `处理日期 ${p.decided} 早于立案日期 ${p.opened}`,
  'import.caseRowsDisagree': (p) => `案件 ${p.code} 的 ${p.column} 与该案此前一行不一致`,
  'export.badYear': (p) => `--year 必须是年份，例如 2026，而不是“${p.year}”`,
  'web.exportBadYear': () => '年份须写作 YYYY，例如 2026',
  'entity.case': () => '案件',
  'entity.cases': () => '案件',
};
