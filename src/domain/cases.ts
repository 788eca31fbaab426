import type { Responsibility } from './vocabulary.js';
/**
 * The words of accountability cases (一案双查, 四种形态), each a `const` list and its type.
 */

/** Where a case came from: 信访, 线索, 专项督查, 巡视巡察, 审计, 财政, 媒体, 其他. */
export const CASE_SOURCES = ['petition', 'lead', 'inspection', 'patrol', 'audit', 'fiscal', 'media', 'other'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** What an investigation found of one responsibility (主体责任 or 监督责任). */
export const FULFILMENTS = ['fulfilled', 'partial', 'not_fulfilled', 'not_applicable'] as const;
export type Fulfilment = (typeof FULFILMENTS)[number];

/**
 * The four forms (四种形态): 1 talks and criticism, 2 light discipline and organisational handling,
 * 3 heavy discipline and major demotion, 4 serious violations investigated as suspected crimes.
 */
export const FORMS = [1, 2, 3, 4] as const;
export type Form = (typeof FORMS)[number];

export const isForm = (value: number): value is Form => FORMS.includes(value as Form);

/** A case as recorded: the same fields as the import's `cases:` section (SPEC §3). */
export interface CaseRecord {
  code: string;
  unit: string;
  opened: string;
  source: CaseSource;
  category: string;
  primary: Fulfilment | null;
  supervisory: Fulfilment | null;
  /** The day the case was concluded (结案); null while open. A listed case concludes only with its order's closure. */
  concluded: string | null;
  dispositions: { person: string; form: Form; measure: string; decided: string }[];
  accountability: { target: string; responsibility: Responsibility; measure: string; decided: string }[];
}
