/**
 * The lines of a case's dispositions and decisions as typed in a modal, one per line:
 * `P-0001 2 警告 2026-04-10` (person, form, measure, decided) and
 * `JS-NJ primary 通报 2026-05-01` (target, responsibility, measure, decided). The first two words
 * and the last are fixed; the measure is everything between (it may hold spaces).
 */

export interface LineProblem {
  line: number;
  text: string;
}

const splitLine = (line: string) => {
  const words = line.trim().split(/\s+/);
  if (words.length < 4) return null;
  return { first: words[0] as string, second: words[1] as string, middle: words.slice(2, -1).join(' '), last: words.at(-1) as string };
};

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter((line) => line.text !== '');

/** Dispositions from text; a line that is not four parts is a problem naming it. Values stay raw text for the schema to judge. */
export function parseDispositionLines(text: string): { rows: { person: string; form: string; measure: string; decided: string }[]; problems: LineProblem[] } {
  const rows: { person: string; form: string; measure: string; decided: string }[] = [];
  const problems: LineProblem[] = [];
  for (const line of linesOf(text)) {
    const parts = splitLine(line.text);
    if (!parts) problems.push(line);
    else rows.push({ person: parts.first, form: parts.second, measure: parts.middle, decided: parts.last });
  }
  return { rows, problems };
}

/** Accountability decisions from text, as {@link parseDispositionLines}. */
export function parseAccountabilityLines(text: string): { rows: { target: string; responsibility: string; measure: string; decided: string }[]; problems: LineProblem[] } {
  const rows: { target: string; responsibility: string; measure: string; decided: string }[] = [];
  const problems: LineProblem[] = [];
  for (const line of linesOf(text)) {
    const parts = splitLine(line.text);
    if (!parts) problems.push(line);
    else rows.push({ target: parts.first, responsibility: parts.second, measure: parts.middle, decided: parts.last });
  }
  return { rows, problems };
}

/** The lines that {@link parseDispositionLines} reads back, for a modal pre-filled with a stored case. */
export const dispositionLines = (rows: readonly { person: string; form: number; measure: string; decided: string }[]) =>
  rows.map((row) => `${row.person} ${row.form} ${row.measure} ${row.decided}`).join('\n');

export const accountabilityLines = (rows: readonly { target: string; responsibility: string; measure: string; decided: string }[]) =>
  rows.map((row) => `${row.target} ${row.responsibility} ${row.measure} ${row.decided}`).join('\n');
