import { sql, type Transaction } from 'kysely';
import { ownersOfItem } from '../../db/item-fragments.js';
import type { Database } from '../../db/schema.js';
import type { ImportProblem, Origin } from './document.js';
import type { Change, Plan, Value } from './plan.js';
import type { Bundle } from './validate.js';

type Db = Transaction<Database>;
const describe = (origin: Origin) => `${origin.file} ${origin.where}`;

/** The rectification list a finding belongs to: its inspected unit's, for the year the inspection began. */
export const rectificationRef = (unit: string, from: string) => `${unit}/${from.slice(0, 4)}/rectification`;

/**
 * Checks the `inspections:` and `supervision:` sections against each other, the rest of the
 * bundle and the database: units and items exist, codes are unique, the inspecting unit has a
 * supervisor to decide closures, a listed subject is open and listed once, and a listed finding
 * is never closed by the file (不销号). A subject may be a case (by its code): it must be open
 * (not concluded) and its unit must have a head, who reports on it. The issuer may not be an
 * owner of the subject nor the head of its unit: they would decide their own claim (four eyes).
 */
export async function crossCheckSupervision(trx: Db, bundle: Bundle): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  if (bundle.inspections.length + bundle.supervision.length === 0) return problems;
  const storedUnits = await trx.selectFrom('units').select(['code', 'supervisor_user', 'head_user']).execute();
  const units = new Map(storedUnits.map((unit) => [unit.code, unit.supervisor_user]));
  const heads = new Map(storedUnits.map((unit) => [unit.code, unit.head_user]));
  for (const { value: unit } of bundle.units) {
    units.set(unit.code, unit.supervisor ?? null);
    heads.set(unit.code, unit.head ?? null);
  }
  const storedItems = new Map(
    (
      await trx
        .selectFrom('items')
        .innerJoin('lists', 'lists.id', 'items.list_id')
        .leftJoin('findings', 'findings.item_code', 'items.code')
        .select(['items.code', 'items.closed_at', 'lists.kind', 'lists.unit_code', 'findings.inspection_code', ownersOfItem().as('owners')])
        .execute()
    ).map((item) => [item.code.toLowerCase(), item]),
  );
  // Who reports on a subject in the file (its owners, and its unit's head): never its order's issuer.
  const reporters = new Map<string, { unit: string; owners: string[] }>();
  for (const list of bundle.lists) for (const { value: item } of list.items) reporters.set(item.code.toLowerCase(), { unit: list.unit, owners: item.owners });
  for (const { value: inspection } of bundle.inspections) for (const finding of inspection.findings) reporters.set(finding.code.toLowerCase(), { unit: inspection.unit, owners: finding.owners });
  const cases = new Map((await trx.selectFrom('cases').select(['code', 'unit_code', 'concluded']).execute()).map((row) => [row.code.toLowerCase(), { code: row.code, unit: row.unit_code, concluded: row.concluded }]));
  for (const { value } of bundle.cases) cases.set(value.code.toLowerCase(), { code: value.code, unit: value.unit, concluded: value.concluded ?? cases.get(value.code.toLowerCase())?.concluded ?? null });
  const listItems = new Set(bundle.lists.flatMap((list) => list.items.map((item) => item.value.code.toLowerCase())));
  const storedInspections = new Map((await trx.selectFrom('inspections').select(['code', 'unit_code']).execute()).map((row) => [row.code.toLowerCase(), row]));
  const orders = await trx.selectFrom('supervision_orders').select(['code', 'subject_code', 'state', 'issuer']).execute();
  const storedOrders = new Map(orders.map((order) => [order.code.toLowerCase(), order]));
  const openOrderOf = new Map(orders.filter((order) => order.state !== 'closed').map((order) => [order.subject_code.toLowerCase(), order.code]));
  for (const { value: order } of bundle.supervision) openOrderOf.set(order.subject.toLowerCase(), storedOrders.get(order.code.toLowerCase())?.state === 'closed' ? (openOrderOf.get(order.subject.toLowerCase()) ?? '') : order.code);

  const seenInspections = new Map<string, () => Origin>();
  const seenFindings = new Map<string, () => Origin>();
  const findingsInFile = new Set<string>();
  for (const { value: inspection, at } of bundle.inspections) {
    const folded = inspection.code.toLowerCase();
    const other = seenInspections.get(folded);
    if (other) problems.push({ ...at(['code']), message: { key: 'import.duplicateInspection', params: { code: inspection.code, other: describe(other()) } } });
    else seenInspections.set(folded, () => at(['code']));
    const stored = storedInspections.get(folded);
    if (stored && stored.unit_code !== inspection.unit) problems.push({ ...at(['unit']), message: { key: 'import.inspectionElsewhere', params: { code: stored.code, unit: stored.unit_code } } });
    if (!units.has(inspection.unit)) problems.push({ ...at(['unit']), message: { key: 'import.unknownUnit', params: { code: inspection.unit } } });
    if (!units.has(inspection.by)) problems.push({ ...at(['by']), message: { key: 'import.unknownUnit', params: { code: inspection.by } } });
    else if (!units.get(inspection.by)) problems.push({ ...at(['by']), message: { key: 'import.noInspector', params: { code: inspection.by } } });
    if (inspection.from > inspection.to) problems.push({ ...at(['to']), message: { key: 'import.inspectionDates' } });
    inspection.items.forEach((code, i) => {
      if (!storedItems.has(code.toLowerCase()) && !listItems.has(code.toLowerCase())) problems.push({ ...at(['items', i]), message: { key: 'import.unknownItem', params: { code } } });
    });
    inspection.findings.forEach((finding, fi) => {
      const place = (path: PropertyKey[]) => at(['findings', fi, ...path]);
      const code = finding.code.toLowerCase();
      const twice = seenFindings.get(code);
      if (twice) problems.push({ ...place(['code']), message: { key: 'import.duplicateItem', params: { code: finding.code, other: describe(twice()) } } });
      else seenFindings.set(code, () => place(['code']));
      findingsInFile.add(code);
      const existing = storedItems.get(code);
      if (listItems.has(code) || (existing && existing.kind !== 'rectification')) problems.push({ ...place(['code']), message: { key: 'import.codeIsItem', params: { code: finding.code } } });
      else if (existing?.inspection_code && existing.inspection_code.toLowerCase() !== folded) {
        problems.push({ ...place(['code']), message: { key: 'import.findingElsewhere', params: { code: existing.code, inspection: existing.inspection_code } } });
      }
      if (finding.item && !storedItems.has(finding.item.toLowerCase()) && !listItems.has(finding.item.toLowerCase())) {
        problems.push({ ...place(['item']), message: { key: 'import.unknownItem', params: { code: finding.item } } });
      }
      if (finding.start && finding.start > finding.due) problems.push({ ...place(['start']), message: { key: 'import.startAfterDue' } });
      const listed = openOrderOf.get(code);
      if (finding.closed && !existing?.closed_at && listed) problems.push({ ...place(['closed']), message: { key: 'import.listedClosed', params: { code: finding.code, order: listed } } });
    });
  }

  const seenOrders = new Map<string, () => Origin>();
  const subjects = new Map<string, string>();
  for (const { value: order, at } of bundle.supervision) {
    const folded = order.code.toLowerCase();
    const other = seenOrders.get(folded);
    if (other) problems.push({ ...at(['code']), message: { key: 'import.duplicateOrder', params: { code: order.code, other: describe(other()) } } });
    else seenOrders.set(folded, () => at(['code']));
    const subject = order.subject.toLowerCase();
    const stored = storedOrders.get(folded);
    if (stored && stored.subject_code.toLowerCase() !== subject) {
      problems.push({ ...at(['subject']), message: { key: 'import.orderElsewhere', params: { code: stored.code, subject: stored.subject_code } } });
      continue;
    }
    const item = storedItems.get(subject);
    const listedCase = cases.get(subject);
    if (!stored && listedCase && ((item && item.kind !== 'case') || listItems.has(subject) || findingsInFile.has(subject))) {
      // A case whose code is also an item's: which one is meant cannot be told (a stored order's subject is known).
      problems.push({ ...at(['subject']), message: { key: 'import.caseCodeIsItem', params: { code: order.subject } } });
      continue;
    }
    if (!item && !listItems.has(subject) && !findingsInFile.has(subject) && !listedCase) {
      problems.push({ ...at(['subject']), message: { key: 'import.unknownSubject', params: { code: order.subject } } });
      continue;
    }
    if (!stored && item?.closed_at) problems.push({ ...at(['subject']), message: { key: 'import.subjectClosed', params: { code: item.code } } });
    else if (!stored && listedCase?.concluded) problems.push({ ...at(['subject']), message: { key: 'import.caseConcluded', params: { code: listedCase.code } } });
    const unit = listedCase?.unit ?? reporters.get(subject)?.unit ?? item?.unit_code;
    const head = unit ? (heads.get(unit) ?? null) : null;
    if (!stored && listedCase && !head) problems.push({ ...at(['subject']), message: { key: 'import.caseNoHead', params: { code: listedCase.code, unit: listedCase.unit } } });
    // Four eyes: an issuer who reports on the subject would decide their own claim, and could never close the order.
    const owners = reporters.get(subject)?.owners ?? item?.owners ?? [];
    if ((!stored || stored.issuer !== order.by) && (owners.includes(order.by) || head === order.by)) {
      problems.push({ ...at(['by']), message: { key: 'import.issuerReports', params: { code: order.subject, issuer: order.by } } });
    }
    const already = orders.find((row) => row.subject_code.toLowerCase() === subject && row.state !== 'closed' && row.code.toLowerCase() !== folded);
    const twice = subjects.get(subject);
    if (already || twice) problems.push({ ...at(['subject']), message: { key: 'import.subjectListed', params: { code: order.subject, order: already?.code ?? twice ?? '' } } });
    if (!stored || stored.state !== 'closed') subjects.set(subject, order.code);
  }
  return problems;
}

/** Codes match regardless of case: an inspection, finding or order keeps the spelling it was first imported with. */
export async function adoptSupervisionCodes(trx: Db, bundle: Bundle): Promise<void> {
  if (bundle.inspections.length + bundle.supervision.length === 0) return;
  const items = new Map((await trx.selectFrom('items').select('code').execute()).map((row) => [row.code.toLowerCase(), row.code]));
  const inspections = new Map((await trx.selectFrom('inspections').select('code').execute()).map((row) => [row.code.toLowerCase(), row.code]));
  const orders = new Map((await trx.selectFrom('supervision_orders').select('code').execute()).map((row) => [row.code.toLowerCase(), row.code]));
  const cases = new Map((await trx.selectFrom('cases').select('code').execute()).map((row) => [row.code.toLowerCase(), row.code]));
  for (const { value } of bundle.cases) cases.set(value.code.toLowerCase(), cases.get(value.code.toLowerCase()) ?? value.code);
  for (const list of bundle.lists) for (const item of list.items) items.set(item.value.code.toLowerCase(), item.value.code);
  for (const { value: inspection } of bundle.inspections) {
    inspection.code = inspections.get(inspection.code.toLowerCase()) ?? inspection.code;
    inspection.items = inspection.items.map((code) => items.get(code.toLowerCase()) ?? code);
    for (const finding of inspection.findings) {
      finding.code = items.get(finding.code.toLowerCase()) ?? finding.code;
      items.set(finding.code.toLowerCase(), finding.code);
      if (finding.item) finding.item = items.get(finding.item.toLowerCase()) ?? finding.item;
    }
  }
  for (const { value: order } of bundle.supervision) {
    order.code = orders.get(order.code.toLowerCase()) ?? order.code;
    order.subject = items.get(order.subject.toLowerCase()) ?? cases.get(order.subject.toLowerCase()) ?? order.subject;
  }
}

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);
function diff(entity: Change['entity'], ref: string, before: Record<string, Value> | undefined, after: Record<string, Value>): Change | null {
  const fields: Change['fields'] = {};
  for (const [field, to] of Object.entries(after)) {
    const from = before?.[field] ?? null;
    if (!before || !same(from, to)) fields[field] = { from, to };
  }
  if (before && Object.keys(fields).length === 0) return null;
  return { entity, ref, action: before ? 'updated' : 'created', fields };
}

/** What the supervision sections would create or change; reads only. */
export async function planSupervision(trx: Db, bundle: Bundle, today: string, plan: Plan): Promise<void> {
  const record = (change: Change | null, entity: 'inspections' | 'findings' | 'supervision') => (change ? plan.changes.push(change) : plan.unchanged[entity]++);
  const inspectionCodes = bundle.inspections.map((inspection) => inspection.value.code);
  const inspections = new Map(inspectionCodes.length ? (await trx.selectFrom('inspections').selectAll().where('code', 'in', inspectionCodes).execute()).map((row) => [row.code, row]) : []);
  const findingCodes = bundle.inspections.flatMap((inspection) => inspection.value.findings.map((finding) => finding.code));
  const findings = new Map(
    findingCodes.length
      ? (
          await trx
            .selectFrom('items')
            .innerJoin('findings', 'findings.item_code', 'items.code')
            .select(['items.code', 'items.title', 'items.start', 'items.due', 'items.cadence', 'items.closed_at', 'findings.inspection_code', 'findings.severity', 'findings.concerns_item', 'findings.requirement', sql<string[]>`coalesce((select array_agg(o.user_id order by o.position) from item_owners o where o.item_code = items.code), '{}')`.as('owners')])
            .where('items.code', 'in', findingCodes)
            .execute()
        ).map((row) => [row.code, row])
      : [],
  );
  for (const { value: inspection } of bundle.inspections) {
    const existing = inspections.get(inspection.code);
    record(
      diff(
        'inspections',
        inspection.code,
        existing && { kind: existing.kind, unit: existing.unit_code, by: existing.by_unit, from: existing.starts_on, to: existing.ends_on, items: existing.key_items },
        { kind: inspection.kind, unit: inspection.unit, by: inspection.by, from: inspection.from, to: inspection.to, items: inspection.items },
      ),
      'inspections',
    );
    for (const finding of inspection.findings) {
      const stored = findings.get(finding.code);
      const desired: Record<string, Value> = {
        inspection: inspection.code,
        ...(!stored && { list: rectificationRef(inspection.unit, inspection.from) }),
        title: finding.title,
        severity: finding.severity,
        item: finding.item ?? null,
        owners: finding.owners,
        requirement: finding.requirement,
        start: finding.start ?? stored?.start ?? (today < finding.due ? today : finding.due),
        due: finding.due,
        cadence: finding.cadence,
      };
      // A finding closed once stays closed; the file closes one only where it says so.
      if (finding.closed && !stored?.closed_at) desired.closed = finding.closed;
      const before = stored && {
        inspection: stored.inspection_code,
        title: stored.title,
        severity: stored.severity,
        item: stored.concerns_item,
        owners: stored.owners,
        requirement: stored.requirement,
        start: stored.start,
        due: stored.due,
        cadence: stored.cadence,
      };
      record(diff('findings', finding.code, before, desired), 'findings');
    }
  }
  const orderCodes = bundle.supervision.map((order) => order.value.code);
  const orders = new Map(orderCodes.length ? (await trx.selectFrom('supervision_orders').selectAll().where('code', 'in', orderCodes).execute()).map((row) => [row.code, row]) : []);
  for (const { value: order } of bundle.supervision) {
    const existing = orders.get(order.code);
    record(
      diff('supervision', order.code, existing && { subject: existing.subject_code, by: existing.issuer, reason: existing.reason, due: existing.due, cadence: existing.cadence }, {
        subject: order.subject,
        by: order.by,
        reason: order.reason,
        due: order.due,
        cadence: order.cadence,
      }),
      'supervision',
    );
  }
}
