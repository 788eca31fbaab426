/** The English messages of accountability cases, statistics and circulars; spread into en.ts. */
export const casesEn = {
  'import.badForm': () => 'must be a form of accountability 1, 2, 3 or 4 (四种形态)',
  'import.badFulfilment': () => 'must be fulfilled, partial, not_fulfilled or not_applicable (履行, 部分履行, 未履行, 不适用)',
  'import.badCaseSource': () => 'must be petition, lead, inspection, patrol, audit, fiscal, media or other (信访, 线索, 专项督查, 巡视巡察, 审计, 财政, 媒体, 其他)',
  'import.duplicateCase': (p: { code: string; other: string }) => `case ${p.code} is defined twice (also at ${p.other})`,
  'import.caseElsewhere': (p: { code: string; unit: string }) => `case ${p.code} already belongs to unit ${p.unit}; a case cannot move to another unit`,
  'import.decidedBeforeOpened': (p: { decided: string; opened: string }) => `is decided on ${p.decided}, before the case was opened on ${p.opened}`,
  'import.caseRowsDisagree': (p: { column: string; code: string }) => `gives case ${p.code} another ${p.column} than an earlier row of the same case`,
  'export.badYear': (p: { year: string }) => `--year must be a year such as 2026, not "${p.year}"`,
  'web.exportBadYear': () => 'the year must be written YYYY, such as 2026',
  'entity.case': () => 'case',
  'entity.cases': () => 'cases',
};
