import { isCollection, LineCounter, parseDocument } from 'yaml';
import type { ImportProblem } from './document.js';

/** An import file read into plain data, with a way to name the place of any path inside it. */
export interface Source {
  file: string;
  data: unknown;
  /** "12 lists[0].items[1].due": the line and path (or the CSV row and column) of a path. */
  locate(path: readonly PropertyKey[]): string;
  /** Problems found while reading, before any validation. */
  problems: ImportProblem[];
}

export const formatPath = (path: readonly PropertyKey[]) =>
  path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');

/** Reads a YAML import file; `locate` answers with the line of the nearest node that exists. */
export function readYaml(file: string, content: string): Source {
  const lineCounter = new LineCounter();
  const doc = parseDocument(content, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: ImportProblem[] = doc.errors.map((error) => ({
    file,
    where: `line ${lineCounter.linePos(error.pos[0]).line}`,
    message: { key: 'import.syntax', params: { reason: error.message.split('\n')[0] ?? error.code } },
  }));
  const locate = (path: readonly PropertyKey[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      const offset = node && (isCollection(node) || 'range' in node) ? node.range?.[0] : undefined;
      if (offset !== undefined) {
        const where = formatPath(path);
        return `line ${lineCounter.linePos(offset).line}${where ? `, ${where}` : ''}`;
      }
    }
    return formatPath(path);
  };
  return { file, data: problems.length ? null : (doc.toJS() ?? {}), locate, problems };
}
