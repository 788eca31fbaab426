import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md's layers, checked on the source: which folder of src/ may not import which.
const rules: { from: string; mayNotImport: string[] }[] = [
  { from: 'domain', mayNotImport: ['db', 'services', 'slack', 'outbox', 'web', 'app', 'scheduler'] },
  { from: 'slack/blocks', mayNotImport: ['db', 'services', 'outbox', 'app'] },
  { from: 'services', mayNotImport: ['slack', 'web', 'app'] },
  { from: 'outbox', mayNotImport: ['slack', 'web', 'services'] },
  { from: 'slack/listeners', mayNotImport: ['db'] },
  // The scheduler only turns an instant into tick(now); what a tick needs comes from app/.
  { from: 'scheduler', mayNotImport: ['db', 'services', 'slack', 'outbox', 'web'] },
];

const src = resolve(import.meta.dirname, '../../src');

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

/** The folders of src/ a file imports from, as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((match) => relative(src, resolve(dirname(file), match[1] as string)));
}

describe('layers', () => {
  it.each(rules)('$from/ imports nothing from $mayNotImport', ({ from, mayNotImport }) => {
    const offences = filesUnder(join(src, from)).flatMap((file) =>
      importsOf(file)
        .filter((target) => mayNotImport.some((folder) => target === folder || target.startsWith(`${folder}/`)))
        .map((target) => `${relative(src, file)} → ${target}`),
    );
    expect(offences).toEqual([]);
  });

  it.each(['domain', 'outbox', 'services'])('%s/ knows no Slack (imports no @slack package)', (folder) => {
    const offences = filesUnder(join(src, folder)).filter((file) => /from '@slack\//.test(readFileSync(file, 'utf8')));
    expect(offences.map((file) => relative(src, file))).toEqual([]);
  });

  it('finds the imports it checks', () => {
    // Guards the test itself: a pattern that matched nothing would pass every rule.
    expect(importsOf(join(src, 'db/schema.ts'))).toContain('domain/vocabulary.js');
  });
});
