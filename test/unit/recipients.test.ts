import { describe, expect, it } from 'vitest';
import { recipientsOf, type Directory, type RoutedItem, type RoutedUnit, type Step } from '../../src/domain/recipients.js';

// JS (root, supervisor U01SUP) ⊃ JS-NJ (head U02HEAD); JS-XZ inspects findings (supervisor U05SUP).
const units = (ready: boolean): RoutedUnit[] => [
  { code: 'JS', parentCode: null, head: 'U01HEAD', supervisor: 'U01SUP', channel: ready ? 'CJS' : null },
  { code: 'JS-NJ', parentCode: 'JS', head: 'U02HEAD', supervisor: null, channel: ready ? 'CNJ' : null },
  { code: 'JS-XZ', parentCode: 'JS', head: null, supervisor: 'U05SUP', channel: ready ? 'CXZ' : null },
];

interface Situation {
  ready?: boolean;
  deputies?: Record<string, string>;
  deactivated?: string[];
}
const directory = ({ ready = true, deputies = {}, deactivated = [] }: Situation): Directory => {
  const byCode = new Map(units(ready).map((unit) => [unit.code, unit]));
  return { unit: (code) => byCode.get(code), deactivated: new Set(deactivated), deputyOf: new Map(Object.entries(deputies)) };
};
const item: RoutedItem = { unit: 'JS-NJ', owners: ['U03OWN', 'U04OWN'] };
const prompt: Step = { kind: 'prompt' };
const silence = (level: 0 | 1 | 2): Step => ({ kind: 'silence', level });
const overdue = (level: 0 | 1 | 2): Step => ({ kind: 'overdue', level });

describe('who is told what, and where (SPEC §2.4)', () => {
  it.each<[string, Step, Situation, RoutedItem, string[] | null, string[]?]>([
    // step, situation, item → addresses as message@lane (null: wait), and the owners named
    ['the prompt goes to the unit’s channel', prompt, {}, item, ['prompt@CNJ'], ['U03OWN', 'U04OWN']],
    ['the prompt waits for a channel not set up', prompt, { ready: false }, item, null],
    ['a deputy is named in the prompt for the owner away', prompt, { deputies: { U03OWN: 'U06DEP' } }, item, ['prompt@CNJ'], ['U06DEP', 'U04OWN']],
    ['a deactivated owner is not named', prompt, { deactivated: ['U04OWN'] }, item, ['prompt@CNJ'], ['U03OWN']],
    ['a deputy who stands in for both owners is named once', prompt, { deputies: { U03OWN: 'U06DEP', U04OWN: 'U06DEP' } }, item, ['prompt@CNJ'], ['U06DEP']],
    ['a deactivated deputy leaves the owner in place', prompt, { deputies: { U03OWN: 'U06DEP' }, deactivated: ['U06DEP'] }, item, ['prompt@CNJ'], ['U03OWN', 'U04OWN']],
    ['the prompt goes out with every owner deactivated', prompt, { deactivated: ['U03OWN', 'U04OWN'] }, item, ['prompt@CNJ'], []],
    ['a silence reminder: each owner by DM and the prompt’s thread', silence(0), {}, item, ['reminder@U03OWN', 'reminder@U04OWN', 'reminder_thread@CNJ']],
    ['a silence reminder without a channel: by DM only', silence(0), { ready: false }, item, ['reminder@U03OWN', 'reminder@U04OWN']],
    ['a reminder reaches the deputy, not the owner away', silence(0), { deputies: { U03OWN: 'U06DEP' } }, item, ['reminder@U06DEP', 'reminder@U04OWN', 'reminder_thread@CNJ']],
    ['a reminder with every owner deactivated: the thread alone', silence(0), { deactivated: ['U03OWN', 'U04OWN'] }, item, ['reminder_thread@CNJ'], []],
    ['with every owner deactivated and no channel: wait', silence(0), { ready: false, deactivated: ['U03OWN', 'U04OWN'] }, item, null],
    ['an overdue reminder: by DM, no thread', overdue(0), {}, item, ['reminder@U03OWN', 'reminder@U04OWN']],
    ['level 1: the unit head by DM', silence(1), {}, item, ['escalation1@U02HEAD']],
    ['level 1 without a channel: the head all the same', overdue(1), { ready: false }, item, ['escalation1@U02HEAD']],
    ['level 1: the head’s deputy', silence(1), { deputies: { U02HEAD: 'U07ACT' } }, item, ['escalation1@U07ACT']],
    ['level 1 with the head deactivated: wait', silence(1), { deactivated: ['U02HEAD'] }, item, null],
    ['level 1 in a unit without a head: wait', silence(1), {}, { unit: 'JS-XZ', owners: ['U03OWN'] }, null],
    ['level 2: the parent’s supervisor in the parent’s channel', silence(2), {}, item, ['escalation2@CJS(U01SUP, watcher JS)']],
    ['level 2 without the parent’s channel: the supervisor by DM', overdue(2), { ready: false }, item, ['escalation2@U01SUP(U01SUP, watcher JS)']],
    ['level 2: the supervisor’s deputy, named in the channel', silence(2), { deputies: { U01SUP: 'U08ACT' } }, item, ['escalation2@CJS(U08ACT, watcher JS)']],
    ['level 2 with the supervisor deactivated: wait', silence(2), { deactivated: ['U01SUP'] }, item, null],
    ['level 2 of a root unit: its own supervisor in its own channel', silence(2), {}, { unit: 'JS', owners: ['U03OWN'] }, ['escalation2@CJS(U01SUP, watcher JS)']],
    ['level 2 of a finding: the inspecting unit’s supervisor', overdue(2), {}, { ...item, finding: { by: 'JS-XZ' } }, ['escalation2@CXZ(U05SUP, watcher JS-XZ)']],
    ['level 2 of a listed subject: the order’s issuer by DM', silence(2), {}, { ...item, listing: { issuer: 'U09ISS' } }, ['escalation2@U09ISS(U09ISS)']],
    ['level 2 of a listed subject: the issuer’s deputy', overdue(2), { deputies: { U09ISS: 'U10ACT' } }, { ...item, listing: { issuer: 'U09ISS' } }, ['escalation2@U10ACT(U10ACT)']],
    ['level 2 of a listed subject, the issuer deactivated: wait', overdue(2), { deactivated: ['U09ISS'] }, { ...item, listing: { issuer: 'U09ISS' } }, null],
    ['an item of an unknown unit: wait', prompt, {}, { unit: 'XX', owners: [] }, null],
  ])('%s', (_name, step, situation, subject, expected, owners) => {
    const routing = recipientsOf(step, subject, directory(situation));
    if (expected === null) return expect(routing).toBeNull();
    const addresses = routing?.addresses.map((address) =>
      address.message === 'escalation'
        ? `escalation${address.level}@${address.lane}${address.level === 2 ? `(${address.to}${address.watcher ? `, watcher ${address.watcher}` : ''})` : ''}`
        : `${address.message}@${address.lane}`,
    );
    expect(addresses).toEqual(expected);
    if (owners) expect(routing?.owners).toEqual(owners);
  });

  it('records who was told: the channel for a prompt, the people messaged otherwise', () => {
    expect(recipientsOf(prompt, item, directory({}))?.recipients).toEqual(['CNJ']);
    expect(recipientsOf(silence(0), item, directory({}))?.recipients).toEqual(['U03OWN', 'U04OWN']);
    expect(recipientsOf(silence(2), item, directory({}))?.recipients).toEqual(['U01SUP']);
    expect(recipientsOf(silence(2), item, directory({ ready: false }))?.addresses[0]).not.toHaveProperty('channel');
  });
});
