import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
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

/**
 * Reads a YAML import file. js-yaml reads the data (it is several times faster on a large
 * file); the places of problems come from the `yaml` package's document, built only when asked.
 */
export function readYaml(file: string, content: string): Source {
  let data: unknown;
  try {
    data = load(content, { schema: CORE_SCHEMA, filename: file }) ?? {};
  } catch (error) {
    const line = error instanceof YAMLException && error.mark ? error.mark.line + 1 : 1;
    const reason = error instanceof YAMLException ? error.reason : (error as Error).message;
    return { file, data: null, locate: () => '', problems: [{ file, where: `line ${line}`, message: { key: 'import.syntax', params: { reason } } }] };
  }
  let lines: { doc: ReturnType<typeof parseDocument>; counter: LineCounter } | undefined;
  const locate = (path: readonly PropertyKey[]) => {
    if (!lines) {
      const counter = new LineCounter();
      lines = { doc: parseDocument(content, { lineCounter: counter }), counter };
    }
    for (let depth = path.length; depth >= 0; depth--) {
      const node = lines.doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      const offset = node && (isCollection(node) || 'range' in node) ? node.range?.[0] : undefined;
      if (offset !== undefined) {
        const where = formatPath(path);
        return `line ${lines.counter.linePos(offset).line}${where ? `, ${where}` : ''}`;
      }
    }
    return formatPath(path);
  };
  return { file, data, locate, problems: [] };
}
