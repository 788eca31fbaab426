/** Who stands where for one item: its owners and its unit's head. */
export interface ItemRoles {
  owners: string[];
  unitHead: string | null;
}

/**
 * Whether a person may report progress on an item: its owners and the unit head may, and so
 * may anyone standing in for one of them today (a deputy).
 *
 * @example
 * mayReport('U2', { owners: ['U1'], unitHead: 'U9' }, ['U1']) // true: U2 stands in for U1
 */
export function mayReport(actor: string, roles: ItemRoles, standingInFor: string[] = []): boolean {
  const entitled = new Set([...roles.owners, ...(roles.unitHead ? [roles.unitHead] : [])]);
  return entitled.has(actor) || standingInFor.some((person) => entitled.has(person));
}
