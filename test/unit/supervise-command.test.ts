import { describe, expect, it } from 'vitest';
import { parseSuperviseCommand } from '../../src/domain/supervise-command.js';

describe('parseSuperviseCommand', () => {
  it('reads the subcommands, in English and Chinese', () => {
    expect(parseSuperviseCommand('')).toEqual({ kind: 'help' });
    expect(parseSuperviseCommand('  HELP ')).toEqual({ kind: 'help' });
    expect(parseSuperviseCommand('帮助')).toEqual({ kind: 'help' });
    expect(parseSuperviseCommand('inspect')).toEqual({ kind: 'inspect' });
    expect(parseSuperviseCommand('督查')).toEqual({ kind: 'inspect' });
    expect(parseSuperviseCommand('finding JS-NJ-2026-I1')).toEqual({ kind: 'finding', code: 'JS-NJ-2026-I1' });
    expect(parseSuperviseCommand('finding')).toEqual({ kind: 'finding' });
    expect(parseSuperviseCommand('list NJ-F01')).toEqual({ kind: 'list', code: 'NJ-F01' });
    expect(parseSuperviseCommand('挂牌 NJ-F01')).toEqual({ kind: 'list', code: 'NJ-F01' });
    expect(parseSuperviseCommand('round')).toEqual({ kind: 'round' });
    expect(parseSuperviseCommand('轮次')).toEqual({ kind: 'round' });
  });

  it('turns anything it does not understand into help naming it', () => {
    expect(parseSuperviseCommand('frobnicate')).toEqual({ kind: 'help', unknown: 'frobnicate' });
    expect(parseSuperviseCommand('inspect now')).toEqual({ kind: 'help', unknown: 'inspect now' });
    expect(parseSuperviseCommand('round JS-2026')).toEqual({ kind: 'help', unknown: 'round JS-2026' });
    expect(parseSuperviseCommand('list A B')).toEqual({ kind: 'help', unknown: 'list A B' });
    expect(parseSuperviseCommand('list <bad>')).toEqual({ kind: 'help', unknown: 'list <bad>' });
  });
});
