export type MilestoneValue = { title: string; due: string; percent: number | null };

/**
 * Milestones keep their completion across a change: a new milestone takes the `completed_at` of
 * the old one with the same title, else of the old one at the same position whose title is not
 * kept elsewhere.
 */
export function keepCompletions(before: (MilestoneValue & { completed_at: Date | null })[], after: MilestoneValue[]): (Date | null)[] {
  const used = new Set<number>();
  const kept: (Date | null | undefined)[] = after.map((milestone) => {
    const index = before.findIndex((old, i) => !used.has(i) && old.title === milestone.title);
    if (index < 0) return undefined;
    used.add(index);
    return before[index]?.completed_at ?? null;
  });
  const titles = new Set(after.map((milestone) => milestone.title));
  return kept.map((completion, position) => {
    if (completion !== undefined) return completion;
    const old = before[position];
    if (!old || used.has(position) || titles.has(old.title)) return null;
    used.add(position);
    return old.completed_at;
  });
}
