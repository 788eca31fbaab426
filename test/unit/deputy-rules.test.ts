import { describe, expect, it } from 'vitest';
import { checkDeputyNaming, periodDays, type DeputyNaming, type DutyUnit } from '../../src/domain/deputy-rules.js';

const TODAY = '2026-11-25';
// O1 owns items of JS-NJ (head H2); H2 heads JS-NJ, below JS (head H1).
const owner: DutyUnit[] = [{ code: 'JS-NJ', role: 'member', head: 'H2', parentHead: 'H1' }];
const head: DutyUnit[] = [{ code: 'JS-NJ', role: 'head', head: 'H2', parentHead: 'H1' }];
const naming = (overrides: Partial<DeputyNaming>): DeputyNaming => ({
  actor: 'O1',
  user: 'O1',
  deputy: 'X',
  startsOn: TODAY,
  endsOn: '2026-12-11',
  today: TODAY,
  maxDays: 90,
  admins: ['A'],
  duties: owner,
  ...overrides,
});

describe('naming a deputy', () => {
  it.each<[string, Partial<DeputyNaming>, ReturnType<typeof checkDeputyNaming>]>([
    ['oneself, for a period within the limit', {}, null],
    ['an outsider as one’s deputy is fine within the rules', { deputy: 'OUTSIDER' }, null],
    ['the unit head for an owner of the unit', { actor: 'H2' }, null],
    ['the parent’s head for a head', { actor: 'H1', user: 'H2', duties: head }, null],
    ['an admin for anyone with a duty', { actor: 'A', user: 'H2', duties: head }, null],
    ['exactly the longest period', { endsOn: '2027-02-22' }, null],
    ['a stranger for someone else', { actor: 'X' }, { key: 'deputy.notYours', field: 'person' }],
    ['a head for their own superior', { actor: 'H2', user: 'H1', duties: [{ code: 'JS', role: 'head', head: 'H1', parentHead: null }] }, { key: 'deputy.notYours', field: 'person' }],
    ['an owner for their head', { actor: 'O1', user: 'H2', duties: head }, { key: 'deputy.notYours', field: 'person' }],
    ['someone with no duty anywhere', { duties: [] }, { key: 'deputy.noDuties', params: { user: 'O1' }, field: 'person' }],
    ['no deputy chosen', { deputy: '' }, { key: 'deputy.whoNeeded', field: 'deputy' }],
    ['oneself as one’s deputy', { deputy: 'O1' }, { key: 'deputy.notSelf', field: 'deputy' }],
    ['the person as their own deputy, named by their head', { actor: 'H2', deputy: 'O1' }, { key: 'deputy.notThemself', field: 'deputy' }],
    ['a date that is not one', { startsOn: '2026-02-30' }, { key: 'deputy.badDate', field: 'starts_on' }],
    ['no last day', { endsOn: '' }, { key: 'deputy.badDate', field: 'ends_on' }],
    ['a period already over', { startsOn: '2026-11-01', endsOn: '2026-11-20' }, { key: 'deputy.inThePast', field: 'ends_on' }],
    ['a period that began in the past', { startsOn: '2026-11-24' }, { key: 'deputy.startsInThePast', field: 'starts_on' }],
    ['a last day before the first', { startsOn: '2026-12-11', endsOn: '2026-11-30' }, { key: 'deputy.endsBeforeStart', field: 'ends_on' }],
    ['until 2100', { endsOn: '2100-12-31' }, { key: 'deputy.tooLong', params: { max: 90, last: '2027-02-22' }, field: 'ends_on' }],
    ['one day over a shorter limit', { maxDays: 7, endsOn: '2026-12-02' }, { key: 'deputy.tooLong', params: { max: 7, last: '2026-12-01' }, field: 'ends_on' }],
  ])('%s', (_name, overrides, expected) => {
    expect(checkDeputyNaming(naming(overrides))).toEqual(expected);
  });

  it.each([
    ['2026-11-25', '2026-11-25', 1],
    ['2026-11-25', '2027-02-22', 90],
    ['2026-12-31', '2027-01-01', 2],
  ])('counts %s to %s as %i day(s), both included', (from, to, days) => {
    expect(periodDays(from, to)).toBe(days);
  });
});
