/**
 * The `/supervise` grammar: a subcommand and its argument. Anything not understood is `help`
 * (with the words that were not understood, so the answer can say so).
 *
 * @example
 * parseSuperviseCommand('finding JS-NJ-2026-I1') // { kind: 'finding', code: 'JS-NJ-2026-I1' }
 * parseSuperviseCommand('frobnicate')            // { kind: 'help', unknown: 'frobnicate' }
 */
export type SuperviseCommand =
  | { kind: 'help'; unknown?: string }
  | { kind: 'inspect' }
  | { kind: 'finding'; code?: string }
  | { kind: 'list'; code?: string }
  | { kind: 'round' };

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const words: Record<string, SuperviseCommand['kind']> = {
  help: 'help', 帮助: 'help',
  inspect: 'inspect', inspection: 'inspect', 督查: 'inspect', 检查: 'inspect',
  finding: 'finding', findings: 'finding', 问题: 'finding',
  list: 'list', 挂牌: 'list', 督办: 'list',
  round: 'round', rounds: 'round', 报告: 'round', 轮次: 'round',
};

export function parseSuperviseCommand(text: string): SuperviseCommand {
  const [first, ...rest] = text.trim().split(/\s+/).filter(Boolean);
  if (!first) return { kind: 'help' };
  const kind = words[first.toLowerCase()];
  if (!kind) return { kind: 'help', unknown: first.slice(0, 50) };
  if (kind === 'help' || kind === 'inspect' || kind === 'round') return rest.length && kind !== 'help' ? { kind: 'help', unknown: text.trim().slice(0, 50) } : { kind };
  const [code, ...more] = rest;
  if (more.length || (code !== undefined && !CODE.test(code))) return { kind: 'help', unknown: text.trim().slice(0, 50) };
  return code === undefined ? { kind } : { kind, code };
}
