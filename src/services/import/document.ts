import { z } from 'zod';
import type { Cadence, Responsibility } from '../../domain/vocabulary.js';
import type { CaseSource, Fulfilment } from '../../domain/cases.js';
import { controlCharacterIn } from '../../domain/control-characters.js';
import type { InspectionKind, ListingReason, Severity } from '../../domain/supervision.js';
import type { RoundKind } from '../../domain/rounds.js';
import { MAX_VERDICT_NOTE, type Verdict } from '../../domain/reviews.js';
import type { Message } from '../../i18n/index.js';

/**
 * The import file's shape (SPEC §3), as zod schemas. Each refinement carries a catalogue key
 * as its message, so that problems are put into words in the reader's language later.
 */
const problem = (message: Message) => ({ error: JSON.stringify(message) });

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const ITEM_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Written right but not on the calendar (2026-02-30, 2026-13-01): said so, not "write YYYY-MM-DD".
const isRealDate = (text: string) => {
  const match = DATE.exec(text) as RegExpExecArray;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(text);
};

// Tab and line breaks are kept (a spreadsheet cell may hold them); NUL and other controls are refused, naming the character.
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max, problem({ key: 'import.tooLong', params: { max } }))
    .superRefine((value, context) => {
      const control = controlCharacterIn(value, { lines: true });
      if (control) context.addIssue({ code: 'custom', message: JSON.stringify({ key: 'import.controlCharacter', params: { code: control } }) });
    });
const optionalText = (max: number) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), text(max).optional());

export const code = z.string().trim().regex(CODE, problem({ key: 'import.badCode' }));
export const itemCode = z.string().trim().regex(ITEM_CODE, problem({ key: 'import.badItemCode' }));
export const date = z
  .string()
  .trim()
  .superRefine((text, context) => {
    if (!DATE.test(text)) context.addIssue({ code: 'custom', message: problem({ key: 'import.badDate' }).error });
    else if (!isRealDate(text)) context.addIssue({ code: 'custom', message: problem({ key: 'import.impossibleDate', params: { date: text } }).error });
  });
export const person = z
  .string()
  .trim()
  .refine((value) => SLACK_USER.test(value) || EMAIL.test(value), problem({ key: 'import.badPerson' }));
const optionalPerson = z.preprocess((value) => (value === '' || value === null ? undefined : value), person.optional());
const percent = z.coerce.number(problem({ key: 'import.badPercent' })).int(problem({ key: 'import.badPercent' })).min(0, problem({ key: 'import.badPercent' })).max(100, problem({ key: 'import.badPercent' }));
const workingDays = z.coerce.number().int().min(0).max(366);

// Offices keep these sheets in Chinese; the Chinese words are accepted beside the English ones.
const responsibilityWords: Record<string, Responsibility> = {
  primary: 'primary',
  supervisory: 'supervisory',
  主体责任: 'primary',
  主体: 'primary',
  监督责任: 'supervisory',
  监督: 'supervisory',
};
const cadenceWords: Record<string, Cadence> = {
  weekly: 'weekly',
  biweekly: 'biweekly',
  monthly: 'monthly',
  每周: 'weekly',
  每两周: 'biweekly',
  双周: 'biweekly',
  每月: 'monthly',
};
const word = <T extends string>(words: Record<string, T>, message: Message) =>
  z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .refine((value) => value in words, problem(message))
    .transform((value) => words[value] as T);

export const policySchema = z
  .strictObject({
    prompt_time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, problem({ key: 'import.badTime' })).optional(),
    remind_after: workingDays.optional(),
    escalate_after: workingDays.optional(),
    escalate_again_after: workingDays.optional(),
  })
  .refine((policy) => {
    const steps = [policy.remind_after, policy.escalate_after, policy.escalate_again_after].filter((n) => n !== undefined);
    return steps.every((n, i) => i === 0 || (steps[i - 1] as number) <= n);
  }, problem({ key: 'import.policyOrder' }));

export const unitSchema = z.strictObject({
  code,
  name: text(200),
  parent: z.preprocess((value) => (value === '' || value === null ? undefined : value), code.optional()),
  head: optionalPerson,
  supervisor: optionalPerson,
  channel: optionalText(80),
  policy: policySchema.optional(),
});

export const milestoneSchema = z.strictObject({
  title: text(200),
  due: date,
  percent: percent.optional(),
});

export const itemSchema = z.strictObject({
  code: itemCode,
  title: text(300),
  responsibility: word(responsibilityWords, { key: 'import.badResponsibility' }),
  target: optionalText(2000),
  department: optionalText(200),
  measures: optionalText(2000),
  owners: z.array(person).min(1, problem({ key: 'import.tooFew', params: { min: 1 } })),
  due: date,
  cadence: word(cadenceWords, { key: 'import.badCadence' }),
  start: date.optional(),
  milestones: z.array(milestoneSchema).default([]),
});

export const listSchema = z.strictObject({
  unit: code,
  year: z.coerce.number(problem({ key: 'import.badYear' })).int().min(2000, problem({ key: 'import.badYear' })).max(2100, problem({ key: 'import.badYear' })),
  policy: policySchema.optional(),
  items: z.array(itemSchema).default([]),
});

export const calendarDaySchema = z.strictObject({
  date,
  working: z.boolean(),
  name: optionalText(100),
});

const caseSourceWords: Record<string, CaseSource> = {
  petition: 'petition', 信访: 'petition', 信访举报: 'petition',
  lead: 'lead', 线索: 'lead', 问题线索: 'lead',
  inspection: 'inspection', 专项督查: 'inspection', 监督检查: 'inspection',
  patrol: 'patrol', 巡视巡察: 'patrol', 巡视: 'patrol', 巡察: 'patrol',
  audit: 'audit', 审计: 'audit',
  fiscal: 'fiscal', 财政: 'fiscal', 财政监督: 'fiscal',
  media: 'media', 媒体: 'media', 媒体曝光: 'media',
  other: 'other', 其他: 'other',
};
const fulfilmentWords: Record<string, Fulfilment> = {
  fulfilled: 'fulfilled', 履行: 'fulfilled', 已履行: 'fulfilled',
  partial: 'partial', 部分履行: 'partial',
  not_fulfilled: 'not_fulfilled', 未履行: 'not_fulfilled', 不力: 'not_fulfilled',
  not_applicable: 'not_applicable', 不适用: 'not_applicable',
};
const optionalFulfilment = z.preprocess(
  (value) => (value === '' || value === null ? undefined : value),
  word(fulfilmentWords, { key: 'import.badFulfilment' }).optional(),
);
const form = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
  z.number(problem({ key: 'import.badForm' })).int(problem({ key: 'import.badForm' })).min(1, problem({ key: 'import.badForm' })).max(4, problem({ key: 'import.badForm' })),
);

/** One person and measure of a case: counted in person-times. `person` is the office's reference, never a Slack id. */
export const dispositionSchema = z.strictObject({
  person: text(100),
  form,
  measure: text(200),
  decided: date,
});

export const accountabilitySchema = z.strictObject({
  target: text(200),
  responsibility: word(responsibilityWords, { key: 'import.badResponsibility' }),
  measure: text(200),
  decided: date,
});

export const caseSchema = z.strictObject({
  code: itemCode,
  unit: code,
  opened: date,
  source: word(caseSourceWords, { key: 'import.badCaseSource' }),
  category: text(200),
  primary: optionalFulfilment,
  supervisory: optionalFulfilment,
  /** The day the case was concluded (结案); a case concluded once stays concluded. */
  concluded: date.optional(),
  dispositions: z.array(dispositionSchema).default([]),
  accountability: z.array(accountabilitySchema).default([]),
});

const kindWords: Record<string, InspectionKind> = {
  inspection: 'inspection', 专项督查: 'inspection', 督查: 'inspection',
  patrol: 'patrol', 专项巡查: 'patrol', 巡查: 'patrol',
  assessment: 'assessment', 检查考核: 'assessment', 考核: 'assessment',
};
const severityWords: Record<string, Severity> = {
  minor: 'minor', 一般: 'minor', 轻微: 'minor',
  major: 'major', 较重: 'major', 重要: 'major',
  serious: 'serious', 严重: 'serious',
};
const reasonWords: Record<string, ListingReason> = {
  typical: 'typical', 典型: 'typical',
  prominent: 'prominent', 突出: 'prominent',
  long_unresolved: 'long_unresolved', 久拖不决: 'long_unresolved', 长期未解决: 'long_unresolved',
  other: 'other', 其他: 'other',
};

export const findingSchema = z.strictObject({
  code: itemCode,
  title: text(300),
  severity: word(severityWords, { key: 'import.badSeverity' }),
  item: z.preprocess((value) => (value === '' || value === null ? undefined : value), itemCode.optional()),
  owners: z.array(person).min(1, problem({ key: 'import.tooFew', params: { min: 1 } })),
  requirement: text(2000),
  due: date,
  cadence: word(cadenceWords, { key: 'import.badCadence' }).default('weekly'),
  start: date.optional(),
  /** A finding already closed (verified) before it was imported: the day it was closed. */
  closed: date.optional(),
});

export const inspectionSchema = z.strictObject({
  code: itemCode,
  kind: word(kindWords, { key: 'import.badInspectionKind' }),
  unit: code,
  by: code,
  from: date,
  to: date,
  items: z.array(itemCode).default([]),
  findings: z.array(findingSchema).default([]),
});

export const orderSchema = z.strictObject({
  code: itemCode,
  subject: itemCode,
  by: person,
  reason: word(reasonWords, { key: 'import.badReason' }),
  due: date,
  cadence: word(cadenceWords, { key: 'import.badCadence' }),
});

const roundKindWords: Record<string, RoundKind> = {
  dual_report: 'dual_report', 双报告: 'dual_report', 主体责任双报告: 'dual_report',
  statement: 'statement', 述责述廉: 'statement',
};

/** A report round (双报告 / 述责述廉); `by`, the issuing unit, defaults to the reporting units' common parent. */
export const reportRoundSchema = z.strictObject({
  code: itemCode,
  kind: word(roundKindWords, { key: 'import.badRoundKind' }),
  units: z.array(code).min(1, problem({ key: 'import.tooFew', params: { min: 1 } })),
  period: text(40),
  due: date,
  reviewers: z.array(person).min(1, problem({ key: 'import.tooFew', params: { min: 1 } })),
  by: z.preprocess((value) => (value === '' || value === null ? undefined : value), code.optional()),
});

const verdictWords: Record<string, Verdict> = {
  met: 'met', 达标: 'met', 完成: 'met', 已完成: 'met',
  partly_met: 'partly_met', 基本达标: 'partly_met', 基本完成: 'partly_met', 部分完成: 'partly_met',
  not_met: 'not_met', 未达标: 'not_met', 未完成: 'not_met',
};

/** A year-end verdict (逐项过堂) on an item of a unit's year. */
export const reviewSchema = z.strictObject({
  unit: code,
  year: z.coerce.number(problem({ key: 'import.badYear' })).int().min(2000, problem({ key: 'import.badYear' })).max(2100, problem({ key: 'import.badYear' })),
  item: itemCode,
  verdict: word(verdictWords, { key: 'import.badVerdict' }),
  note: z.preprocess((value) => (value === null ? undefined : typeof value === 'number' ? String(value) : value), z.string().trim().max(MAX_VERDICT_NOTE, problem({ key: 'import.tooLong', params: { max: MAX_VERDICT_NOTE } })).superRefine((value, context) => {
    const control = controlCharacterIn(value, { lines: true });
    if (control) context.addIssue({ code: 'custom', message: JSON.stringify({ key: 'import.controlCharacter', params: { code: control } }) });
  }).optional()),
});

export const documentSchema = z.strictObject({
  reviews: z.array(reviewSchema).default([]),
  report_rounds: z.array(reportRoundSchema).default([]),
  cases: z.array(caseSchema).default([]),
  units: z.array(unitSchema).default([]),
  policy: policySchema.optional(),
  lists: z.array(listSchema).default([]),
  calendar: z.array(calendarDaySchema).default([]),
  inspections: z.array(inspectionSchema).default([]),
  supervision: z.array(orderSchema).default([]),
});

export type PolicyInput = z.output<typeof policySchema>;
export type UnitInput = z.output<typeof unitSchema>;
export type ItemInput = z.output<typeof itemSchema>;
export type ListInput = z.output<typeof listSchema>;
export type CalendarDayInput = z.output<typeof calendarDaySchema>;
export type CaseInput = z.output<typeof caseSchema>;
export type FindingInput = z.output<typeof findingSchema>;
export type InspectionInput = z.output<typeof inspectionSchema>;
export type OrderInput = z.output<typeof orderSchema>;
export type ReportRoundInput = z.output<typeof reportRoundSchema>;
export type ReviewInput = z.output<typeof reviewSchema>;
export type ImportDocument = z.output<typeof documentSchema>;

/** Where something stands in an import file, for error messages: "file.yaml:12 lists[0].items[1].due" or "file.csv row 5, due". */
export interface Origin {
  file: string;
  where: string;
}

/** One problem found in an import, with its place. */
export interface ImportProblem extends Origin {
  message: Message;
}

/** Turns a zod issue into a catalogue message: our own keys pass through, zod's own kinds are named plainly. */
export function issueMessage(issue: z.core.$ZodIssue): Message {
  if (issue.message.startsWith('{"key"')) return JSON.parse(issue.message) as Message;
  switch (issue.code) {
    case 'unrecognized_keys':
      return { key: 'import.unknownField', params: { field: issue.keys.join('", "') } };
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return { key: 'import.required' };
      return { key: 'import.expected', params: { expected: issue.expected } };
    case 'too_small':
      if (issue.origin === 'string') return { key: 'import.required' };
      return { key: 'import.tooFew', params: { min: Number(issue.minimum) } };
    case 'too_big':
      return { key: 'import.tooLong', params: { max: Number(issue.maximum) } };
    default:
      return { key: 'import.expected', params: { expected: issue.message } };
  }
}
