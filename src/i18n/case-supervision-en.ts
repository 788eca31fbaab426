/** The English messages of a case listed for supervision (挂牌督办 of a case); spread into en.ts. */
export const caseSupervisionEn = {
  'import.listedConcluded': (p: { code: string; order: string }) =>
    `case ${p.code} is listed for supervision by order ${p.order} and is not struck off (不销号): it cannot be concluded until the issuer approves the closure of the order`,
  'import.caseConcluded': (p: { code: string }) => `case ${p.code} is already concluded and cannot be listed for supervision`,
  'import.caseNoHead': (p: { code: string; unit: string }) => `case ${p.code} cannot be listed for supervision: its unit ${p.unit} has no head to report on it`,
  'import.codeIsCase': (p: { code: string }) => `${p.code} is a case listed for supervision, not an item of a list; give the item another code`,
  'import.caseCodeIsItem': (p: { code: string }) => `${p.code} is both a case and an item: give the case or the item another code before listing it`,
  'import.issuerReports': (p: { code: string; issuer: string }) =>
    `the issuer ${p.issuer} reports on ${p.code} (an owner, or the head of its unit) and could never decide the closure of its order (four eyes): choose another issuer`,
  'approval.caseClosure': (p: { head: string; claimant: string; code: string; unit: string; order: string }) =>
    `${p.head}: ${p.claimant} reports case *${p.code}* of unit ${p.unit}, listed for supervision by order ${p.order} (挂牌督办), as concluded. It is not concluded until you close the order: approve or return it.`,
  'case.concluded': () => 'Concluded (结案)',
  'case.concludedHint': () => 'Leave empty while the case is open. A case listed for supervision concludes only when its issuer closes the order.',
  'case.listForSupervision': () => 'List for supervision',
};
