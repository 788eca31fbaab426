import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { issuingUnit, roundItemCode, type RoundKind } from '../../domain/rounds.js';
import { appendLedger, type LedgerRecord } from '../ledger.js';
import type { ImportProblem, Origin, ReportRoundInput } from './document.js';
import type { Change, Plan, Value } from './plan.js';
import type { Bundle } from './validate.js';
import type { Writer } from './apply.js';

type Db = Transaction<Database>;
const describe = (origin: Origin) => `${origin.file} ${origin.where}`;

/** The parents of every unit, stored and in the file. */
async function parentsOf(trx: Db, bundle: Bundle) {
  const stored = await trx.selectFrom('units').select(['code', 'parent_code', 'head_user']).execute();
  const parents = new Map<string, string | null>(stored.map((unit) => [unit.code, unit.parent_code]));
  const heads = new Map<string, string | null>(stored.map((unit) => [unit.code, unit.head_user]));
  for (const { value: unit } of bundle.units) {
    parents.set(unit.code, unit.parent ?? null);
    heads.set(unit.code, unit.head ?? heads.get(unit.code) ?? null);
  }
  return { parents, heads };
}

/** The issuing unit of a round: as the file says, else the reporting units' common parent. */
const issuerOf = (round: ReportRoundInput, parents: ReadonlyMap<string, string | null>) => round.by ?? issuingUnit(round.units, parents);

/**
 * Checks the `report_rounds:` section: codes unique, units known and each with a head to report,
 * an issuing unit, no unit named twice or dropped from a stored round (its report cannot be
 * withdrawn), and no item already holding a round's item code.
 */
export async function crossCheckRounds(trx: Db, bundle: Bundle): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  if (bundle.rounds.length === 0) return problems;
  const { parents, heads } = await parentsOf(trx, bundle);
  const stored = new Map((await trx.selectFrom('report_rounds').select(['code']).execute()).map((round) => [round.code.toLowerCase(), round.code]));
  const storedUnits = new Map<string, string[]>();
  for (const row of await trx.selectFrom('report_round_units').select(['round_code', 'unit_code', 'item_code']).execute()) {
    storedUnits.set(row.round_code.toLowerCase(), [...(storedUnits.get(row.round_code.toLowerCase()) ?? []), row.unit_code]);
  }
  const roundItems = new Set((await trx.selectFrom('report_round_units').select('item_code').execute()).map((row) => row.item_code.toLowerCase()));
  const listItems = new Set(bundle.lists.flatMap((list) => list.items.map((item) => item.value.code.toLowerCase())));
  const seen = new Map<string, () => Origin>();
  for (const { value: round, at } of bundle.rounds) {
    const folded = round.code.toLowerCase();
    const other = seen.get(folded);
    if (other) problems.push({ ...at(['code']), message: { key: 'import.duplicateRound', params: { code: round.code, other: describe(other()) } } });
    else seen.set(folded, () => at(['code']));
    const named = new Set<string>();
    round.units.forEach((unit, i) => {
      if (named.has(unit)) problems.push({ ...at(['units', i]), message: { key: 'import.roundUnitTwice', params: { code: unit } } });
      named.add(unit);
      if (!parents.has(unit)) problems.push({ ...at(['units', i]), message: { key: 'import.unknownUnit', params: { code: unit } } });
      else if (!heads.get(unit)) problems.push({ ...at(['units', i]), message: { key: 'import.roundNoHead', params: { code: unit } } });
    });
    const dropped = (storedUnits.get(folded) ?? []).filter((unit) => !named.has(unit));
    if (dropped.length) problems.push({ ...at(['units']), message: { key: 'import.roundUnitDropped', params: { code: stored.get(folded) ?? round.code, units: dropped.join(', ') } } });
    if (round.by && !parents.has(round.by)) problems.push({ ...at(['by']), message: { key: 'import.unknownUnit', params: { code: round.by } } });
    else if (!round.by && round.units.every((unit) => parents.has(unit)) && !issuerOf(round, parents)) problems.push({ ...at(['units']), message: { key: 'import.roundNoIssuer' } });
    const codes = round.units.map((unit) => roundItemCode(stored.get(folded) ?? round.code, unit));
    const taken = codes.length
      ? (await trx.selectFrom('items').select('code').where(sql<string>`lower(code)`, 'in', codes.map((code) => code.toLowerCase())).execute()).filter((item) => !roundItems.has(item.code.toLowerCase()))
      : [];
    for (const code of codes) if (listItems.has(code.toLowerCase())) taken.push({ code });
    for (const item of taken) problems.push({ ...at(['code']), message: { key: 'import.roundCodeTaken', params: { code: item.code } } });
  }
  return problems;
}

/** A round keeps the spelling of its code it was first imported with. */
export async function adoptRoundCodes(trx: Db, bundle: Bundle): Promise<void> {
  if (bundle.rounds.length === 0) return;
  const stored = new Map((await trx.selectFrom('report_rounds').select('code').execute()).map((row) => [row.code.toLowerCase(), row.code]));
  for (const { value: round } of bundle.rounds) round.code = stored.get(round.code.toLowerCase()) ?? round.code;
}

const same = (a: Value, b: Value) => JSON.stringify(a) === JSON.stringify(b);

/** What the `report_rounds:` section would create or change; reads only. */
export async function planRounds(trx: Db, bundle: Bundle, plan: Plan): Promise<void> {
  if (bundle.rounds.length === 0) return;
  const { parents } = await parentsOf(trx, bundle);
  const codes = bundle.rounds.map((round) => round.value.code);
  const rounds = new Map((await trx.selectFrom('report_rounds').selectAll().where('code', 'in', codes).execute()).map((row) => [row.code, row]));
  const units = new Map<string, string[]>();
  for (const row of await trx.selectFrom('report_round_units').select(['round_code', 'unit_code']).where('round_code', 'in', codes).execute()) {
    units.set(row.round_code, [...(units.get(row.round_code) ?? []), row.unit_code]);
  }
  for (const { value: round } of bundle.rounds) {
    const existing = rounds.get(round.code);
    const desired: Record<string, Value> = {
      kind: round.kind,
      period: round.period,
      due: round.due,
      by: issuerOf(round, parents),
      // Units in the file's order; a stored round's units compare as a set.
      units: existing ? [...(units.get(round.code) ?? []), ...round.units.filter((unit) => !(units.get(round.code) ?? []).includes(unit))] : round.units,
      reviewers: round.reviewers,
    };
    const before: Record<string, Value> | undefined = existing && { kind: existing.kind, period: existing.period, due: existing.due, by: existing.by_unit, units: units.get(round.code) ?? [], reviewers: existing.reviewers };
    const fields: Change['fields'] = {};
    for (const [field, to] of Object.entries(desired)) {
      const from = before?.[field] ?? null;
      if (!before || !same(from, to)) fields[field] = { from, to };
    }
    if (before && Object.keys(fields).length === 0) plan.unchanged.report_rounds++;
    else plan.changes.push({ entity: 'report_rounds', ref: round.code, action: before ? 'updated' : 'created', fields });
  }
}

/** A round's item for a unit: its title names the round and the period. */
const itemTitle = (round: { code: string; period: string }) => `${round.code} ${round.period}`;

/**
 * Writes the report rounds of a plan: the round, one item per reporting unit on the unit's report
 * list (its owner the unit's head, due on the round's deadline), and an `imported` ledger entry
 * for the round (on the issuing unit's chain) and for each new unit's item. The supervisors' round
 * form writes through here too, as its `writer` (source `modal`): its entries are `recorded`.
 */
export async function applyRounds(trx: Db, plan: Plan, at: Date, today: string, writer: Writer = { actor: 'system', source: 'import' }): Promise<void> {
  const changes = plan.changes.filter((change) => change.entity === 'report_rounds');
  if (changes.length === 0) return;
  const { actor, source } = writer;
  const written = source === 'import' ? 'imported' : 'recorded';
  const ledger: LedgerRecord[] = [];
  const heads = new Map((await trx.selectFrom('units').select(['code', 'head_user']).execute()).map((unit) => [unit.code, unit.head_user]));
  for (const change of changes) {
    const value = <T extends Value>(field: string) => change.fields[field]?.to as T | undefined;
    const current = change.action === 'updated' ? await trx.selectFrom('report_rounds').selectAll().where('code', '=', change.ref).executeTakeFirstOrThrow() : undefined;
    const round = {
      kind: (value<string>('kind') ?? current?.kind) as RoundKind,
      period: value<string>('period') ?? (current?.period as string),
      due: value<string>('due') ?? (current?.due as string),
      by_unit: value<string>('by') ?? (current?.by_unit as string),
      reviewers: value<string[]>('reviewers') ?? (current?.reviewers as string[]),
    };
    if (current) await trx.updateTable('report_rounds').set({ ...round, updated_at: at }).where('code', '=', change.ref).execute();
    else await trx.insertInto('report_rounds').values({ code: change.ref, ...round, created_by: actor, created_at: at, updated_at: at }).execute();
    await trx.insertInto('people').values(round.reviewers.map((user_id) => ({ user_id }))).onConflict((conflict) => conflict.column('user_id').doNothing()).execute();
    const values = Object.fromEntries(Object.entries(change.fields).map(([field, { to }]) => [field, to]));
    ledger.push({ unit: round.by_unit, item: null, kind: written, actor, source, at, details: { entity: 'report_round', action: change.action, round: change.ref, ...(change.action === 'created' ? { values } : { changes: change.fields }) } });

    const stored = new Set((await trx.selectFrom('report_round_units').select('unit_code').where('round_code', '=', change.ref).execute()).map((row) => row.unit_code));
    const title = itemTitle({ code: change.ref, period: round.period });
    // A changed deadline or period moves every unit's item with it.
    if (stored.size && (change.fields.due || change.fields.period)) {
      await trx.updateTable('items').set({ due: round.due, title, start: sql`least(start, ${round.due}::date)`, updated_at: at }).where('code', 'in', [...stored].map((unit) => roundItemCode(change.ref, unit))).execute();
    }
    const year = Number(round.due.slice(0, 4));
    for (const unit of (value<string[]>('units') ?? []).filter((code) => !stored.has(code))) {
      const head = heads.get(unit) as string;
      const list = await trx
        .insertInto('lists')
        .values({ unit_code: unit, year, kind: 'report', created_at: at, updated_at: at })
        .onConflict((conflict) => conflict.columns(['unit_code', 'year', 'kind']).doUpdateSet({ updated_at: at }))
        .returning('id')
        .executeTakeFirstOrThrow();
      const code = roundItemCode(change.ref, unit);
      const start = today < round.due ? today : round.due;
      await trx.insertInto('items').values({ code, list_id: list.id, title, responsibility: 'primary', target: null, department: null, measures: null, start, due: round.due, cadence: 'weekly', created_at: at, updated_at: at }).execute();
      await trx.insertInto('item_state').values({ item_code: code, updated_at: at }).execute();
      await trx.insertInto('people').values({ user_id: head }).onConflict((conflict) => conflict.column('user_id').doNothing()).execute();
      await trx.insertInto('item_owners').values({ item_code: code, user_id: head, position: 0 }).execute();
      await trx.insertInto('report_round_units').values({ round_code: change.ref, unit_code: unit, item_code: code }).execute();
      ledger.push({ unit, item: code, kind: written, actor, source, at, details: { entity: 'report_round_unit', action: 'created', round: change.ref, values: { title, owners: [head], start, due: round.due } } });
    }
  }
  await appendLedger(trx, ledger);
}
