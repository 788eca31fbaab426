import { describe, expect, it } from 'vitest';
import { decidersOf, judgeDecider, tied, type Claim, type DeputyTie, type Organisation, type SeatUnit } from '../../src/domain/four-eyes.js';

// JS (root, head H1) ⟵ JS-NJ (head H2) ⟵ JS-NJ-GL (head H3); owners O1, O2; outsider X; admin A.
const units: SeatUnit[] = [
  { code: 'JS', parent: null, head: 'H1', supervisor: 'S1' },
  { code: 'JS-NJ', parent: 'JS', head: 'H2', supervisor: 'S1' },
  { code: 'JS-NJ-GL', parent: 'JS-NJ', head: 'H3', supervisor: 'S2' },
  { code: 'HEADLESS', parent: 'JS', head: null, supervisor: null },
];
const TODAY = '2026-11-25';
const org = (deputies: DeputyTie[] = [], overrides: Partial<Organisation> = {}): Organisation => ({
  units: new Map(units.map((unit) => [unit.code, unit])),
  deputies,
  admins: ['A'],
  today: TODAY,
  ...overrides,
});
const period = (user: string, deputy: string, from = '2026-11-20', to = '2026-12-20'): DeputyTie => ({ user, deputy, from, to });
const claim = (claimant: string, unit = 'JS-NJ', kind: Claim['kind'] = 'result'): Claim => ({ kind, unit, claimant, claimedOn: TODAY });

describe('who decides a claim', () => {
  it.each<[string, Claim, DeputyTie[], { seat: unknown; to: string | null; entitled: string[] }]>([
    ['an owner’s claim: the unit’s head', claim('O1'), [], { seat: { kind: 'head', unit: 'JS-NJ', holder: 'H2' }, to: 'H2', entitled: ['H2'] }],
    ['the head’s deputy today receives it and may decide too', claim('O1'), [period('H2', 'D')], { seat: { kind: 'head', unit: 'JS-NJ', holder: 'H2' }, to: 'D', entitled: ['H2', 'D'] }],
    ['a head’s own claim: the parent’s head', claim('H2'), [], { seat: { kind: 'head', unit: 'JS', holder: 'H1' }, to: 'H1', entitled: ['H1'] }],
    ['a head’s own claim, two levels down: the parent’s head only', claim('H3', 'JS-NJ-GL'), [], { seat: { kind: 'head', unit: 'JS-NJ', holder: 'H2' }, to: 'H2', entitled: ['H2'] }],
    ['a claim by the head’s deputy: the parent’s head', claim('D'), [period('H2', 'D')], { seat: { kind: 'head', unit: 'JS', holder: 'H1' }, to: 'H1', entitled: ['H1'] }],
    ['a claim by someone the head stands in for: the parent’s head', claim('O1'), [period('O1', 'H2')], { seat: { kind: 'head', unit: 'JS', holder: 'H1' }, to: 'H1', entitled: ['H1'] }],
    ['the head’s deputy stands in for the claimant: only the head', claim('O1'), [period('H2', 'D'), period('O1', 'D')], { seat: { kind: 'head', unit: 'JS-NJ', holder: 'H2' }, to: 'H2', entitled: ['H2'] }],
    ['the root head’s own claim: an admin', claim('H1', 'JS'), [], { seat: { kind: 'admins' }, to: 'A', entitled: ['A'] }],
    ['a unit without a head: the parent’s head', claim('O1', 'HEADLESS'), [], { seat: { kind: 'head', unit: 'JS', holder: 'H1' }, to: 'H1', entitled: ['H1'] }],
    ['a deputy period over before the claim does not tie', claim('O1'), [period('O1', 'H2', '2026-10-01', '2026-10-31')], { seat: { kind: 'head', unit: 'JS-NJ', holder: 'H2' }, to: 'H2', entitled: ['H2'] }],
    ['a period ended before it began never ties', claim('O1'), [period('O1', 'H2', '2026-11-20', '2026-11-19')], { seat: { kind: 'head', unit: 'JS-NJ', holder: 'H2' }, to: 'H2', entitled: ['H2'] }],
    ['a deputy named after the claim, in force today, ties', { ...claim('O1'), claimedOn: '2026-11-01' }, [period('O1', 'H2')], { seat: { kind: 'head', unit: 'JS', holder: 'H1' }, to: 'H1', entitled: ['H1'] }],
    ['a sign-off asked by the system: the head', claim('system', 'JS-NJ', 'signoff'), [], { seat: { kind: 'head', unit: 'JS-NJ', holder: 'H2' }, to: 'H2', entitled: ['H2'] }],
  ])('%s', (_name, subject, deputies, expected) => {
    expect(decidersOf(subject, org(deputies))).toEqual(expected);
  });

  it('one person heading two levels: the claim goes above both', () => {
    const twice = org([], { units: new Map([...org().units, ['JS-NJ-GL', { code: 'JS-NJ-GL', parent: 'JS-NJ', head: 'H2', supervisor: null }]]) });
    expect(decidersOf(claim('H2', 'JS-NJ-GL'), twice)).toEqual({ seat: { kind: 'head', unit: 'JS', holder: 'H1' }, to: 'H1', entitled: ['H1'] });
  });

  it('nobody when the root head claims and the only admin stands in for them', () => {
    expect(decidersOf(claim('H1', 'JS'), org([period('H1', 'A')]))).toEqual({ seat: { kind: 'admins' }, to: null, entitled: [] });
  });

  it('does not loop on a cycle of parents', () => {
    const cyclic = org([], { units: new Map([['P', { code: 'P', parent: 'Q', head: 'H', supervisor: null }], ['Q', { code: 'Q', parent: 'P', head: 'H', supervisor: null }]]) });
    expect(decidersOf(claim('H', 'P'), cyclic).seat).toEqual({ kind: 'admins' });
  });
});

describe('who closes a finding or a listed order (SPEC §2.7)', () => {
  // JS-NJ-GL is inspected by JS-NJ: JS-NJ's supervisor S1 closes its findings, not its head H3.
  const finding = (claimant: string, kind: Claim['kind'] = 'result'): Claim => ({ ...claim(claimant, 'JS-NJ-GL', kind), inspectedBy: 'JS-NJ' });
  const order = (claimant: string, issuer = 'S9'): Claim => ({ ...claim(claimant, 'JS-NJ-GL', 'order_closure'), issuer });
  it.each<[string, Claim, DeputyTie[], { seat: unknown; to: string | null; entitled: string[] }]>([
    ['a finding’s done claim: the inspecting unit’s supervisor', finding('O1'), [], { seat: { kind: 'supervisor', unit: 'JS-NJ', holder: 'S1' }, to: 'S1', entitled: ['S1'] }],
    ['a finding’s extension: the same supervisor', finding('O1', 'extension'), [], { seat: { kind: 'supervisor', unit: 'JS-NJ', holder: 'S1' }, to: 'S1', entitled: ['S1'] }],
    ['the inspecting supervisor’s deputy may decide a finding', finding('O1'), [period('S1', 'D')], { seat: { kind: 'supervisor', unit: 'JS-NJ', holder: 'S1' }, to: 'D', entitled: ['S1', 'D'] }],
    ['a list item of the same unit: its head', claim('O1', 'JS-NJ-GL'), [], { seat: { kind: 'head', unit: 'JS-NJ-GL', holder: 'H3' }, to: 'H3', entitled: ['H3'] }],
    ['an order’s closure: its issuer alone, no deputy', order('O1'), [period('S9', 'D')], { seat: { kind: 'person', holder: 'S9' }, to: 'S9', entitled: ['S9'] }],
    ['an order whose issuer made the claim: the admins, never the issuer', order('S9'), [], { seat: { kind: 'admins' }, to: 'A', entitled: ['A'] }],
    ['an order whose issuer stood in for the claimant: the admins', order('O1'), [period('O1', 'S9')], { seat: { kind: 'admins' }, to: 'A', entitled: ['A'] }],
    ['an order whose issuer is the claimant, and the only admin too: nobody', order('A', 'A'), [], { seat: null, to: null, entitled: [] }],
  ])('%s', (_name, subject, deputies, expected) => {
    expect(decidersOf(subject, org(deputies))).toEqual(expected);
  });

  it('refuses the inspected unit’s head on a finding, and everyone but the issuer on an order', () => {
    expect(judgeDecider('H3', finding('O1'), org()).ok).toBe(false);
    expect(judgeDecider('S1', order('O1'), org()).ok).toBe(false);
    expect(judgeDecider('H3', order('O1'), org()).ok).toBe(false);
    expect(judgeDecider('S9', order('O1'), org()).ok).toBe(true);
    // The issuer's own claim: refused to them, decided by an admin.
    expect(judgeDecider('S9', order('S9'), org())).toMatchObject({ ok: false, reason: 'own_claim' });
    expect(judgeDecider('A', order('S9'), org()).ok).toBe(true);
  });
});

describe('whether a person may decide', () => {
  it.each<[string, string, Claim, DeputyTie[], string]>([
    ['the head decides an owner’s claim', 'H2', claim('O1'), [], 'ok'],
    ['the owner may not decide their own claim', 'O1', claim('O1'), [], 'own_claim'],
    ['the head may not decide their own claim', 'H2', claim('H2'), [], 'own_claim'],
    ['the parent’s head decides the head’s claim', 'H1', claim('H2'), [], 'ok'],
    ['the head’s deputy may not decide the head’s claim', 'X', claim('H2'), [period('H2', 'X')], 'stands_in'],
    ['the head may not decide their deputy’s claim', 'H2', claim('X'), [period('H2', 'X')], 'stands_in'],
    ['an outsider is not entitled', 'X', claim('O1'), [], 'not_entitled'],
    ['the head’s deputy decides an owner’s claim', 'D', claim('O1'), [period('H2', 'D')], 'ok'],
    ['a deputy whose period is over no longer decides', 'D', claim('O1'), [period('H2', 'D', '2026-11-01', '2026-11-24')], 'not_entitled'],
    ['the parent’s head’s deputy decides the head’s claim', 'D1', claim('H2'), [period('H1', 'D1')], 'ok'],
    ['an admin does not decide below the root', 'A', claim('O1'), [], 'not_entitled'],
    ['an admin decides the root head’s claim', 'A', claim('H1', 'JS'), [], 'ok'],
  ])('%s', (_name, actor, subject, deputies, expected) => {
    const judgement = judgeDecider(actor, subject, org(deputies));
    expect(judgement.ok ? 'ok' : judgement.reason).toBe(expected);
  });

  it('ties run both ways and only through periods in force since the claim', () => {
    const deputies = [period('U1', 'U2')];
    expect(tied('U1', 'U2', { claimedOn: TODAY }, { deputies, today: TODAY })).toBe(true);
    expect(tied('U2', 'U1', { claimedOn: TODAY }, { deputies, today: TODAY })).toBe(true);
    expect(tied('U1', 'U3', { claimedOn: TODAY }, { deputies, today: TODAY })).toBe(false);
    expect(tied('U1', 'U2', { claimedOn: '2026-12-21' }, { deputies, today: '2026-12-22' })).toBe(false);
    expect(tied('U1', 'U2', { claimedOn: TODAY }, { deputies: [period('U1', 'U2', '2026-12-01', '2026-12-20')], today: TODAY })).toBe(false);
  });
});
