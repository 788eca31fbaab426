import type { caseSupervisionEn } from './case-supervision-en.js';

/** 案件挂牌督办；并入 zh-CN.ts。 */
export const caseSupervisionZhCN: { [K in keyof typeof caseSupervisionEn]: (typeof caseSupervisionEn)[K] } = {
  'import.listedConcluded': (p) => `案件 ${p.code} 已由督办单 ${p.order} 挂牌督办，不销号：督办人批准销号之前不能结案`,
  'import.caseConcluded': (p) => `案件 ${p.code} 已结案，不能挂牌督办`,
  'import.caseNoHead': (p) => `案件 ${p.code} 不能挂牌督办：其单位 ${p.unit} 没有负责人报送进展`,
  'import.codeIsCase': (p) => `${p.code} 是挂牌督办的案件，不是清单事项；请为事项改用其他编号`,
  'import.caseCodeIsItem': (p) => `${p.code} 既是案件编号又是事项编号：请先为案件或事项改用其他编号再挂牌`,
  'import.issuerReports': (p) => `督办人 ${p.issuer} 负责报送 ${p.code} 的进展（责任人或其单位负责人），无法审批督办单的销号（四眼原则）：请另选督办人`,
  'approval.caseClosure': (p) => `${p.head}：${p.claimant} 报告单位 ${p.unit} 的案件 *${p.code}*（督办单 ${p.order} 挂牌督办）已办结。您批准销号之前不结案：请批准或退回。`,
  'case.concluded': () => '结案日期',
  'case.concludedHint': () => '案件未结时留空。挂牌督办的案件只有在督办人批准销号后才结案。',
  'case.listForSupervision': () => '挂牌督办',
};
