/** A milestone as typed in the edit modal: one per line, `YYYY-MM-DD title [NN%]`. */
export interface MilestoneLine {
  title: string;
  due: string;
  percent?: number;
}

/** Milestones written one per line, for the modal's initial value. */
export const milestoneLines = (milestones: { title: string; due: string; percent: number | null }[]): string =>
  milestones.map((m) => `${m.due} ${m.title}${m.percent === null ? '' : ` ${m.percent}%`}`).join('\n');

/**
 * Reads the modal's milestone lines; the date and percent are checked later by the import's
 * schema, here only the shape: a date first, then a title. Blank lines are skipped.
 */
export function parseMilestoneLines(text: string): { rows: MilestoneLine[]; problems: { line: number; text: string }[] } {
  const rows: MilestoneLine[] = [];
  const problems: { line: number; text: string }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const match = /^(\S+)\s+(.+?)(?:\s+(\d{1,3})%)?$/u.exec(line);
    if (!match) {
      problems.push({ line: index + 1, text: line });
      return;
    }
    rows.push({ due: match[1] as string, title: match[2] as string, ...(match[3] !== undefined && { percent: Number(match[3]) }) });
  });
  return { rows, problems };
}
