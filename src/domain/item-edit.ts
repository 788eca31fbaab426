import type { Cadence } from './vocabulary.js';

/**
 * An item as it is edited in Slack (SPEC §2.2): the import's item fields, the list it belongs to
 * (`UNIT/YEAR`), and whether it is closed or its list signed. The service reads it, the modal
 * fills itself in from it.
 */
export interface EditableItem {
  code: string;
  list: string;
  title: string;
  target: string | null;
  department: string | null;
  measures: string | null;
  owners: string[];
  due: string;
  cadence: Cadence;
  milestones: { title: string; due: string; percent: number | null }[];
  closed: boolean;
  signed: boolean;
}

/** The fields an edit is typed into, each one input of the modal; a refusal names one of them. */
export const ITEM_EDIT_FIELDS = ['code', 'list', 'title', 'target', 'department', 'measures', 'owners', 'due', 'cadence', 'milestones'] as const;
export type ItemEditField = (typeof ITEM_EDIT_FIELDS)[number];

/** What the "which item?" modal asks the code for. */
export const ITEM_PICK_MODES = ['edit', 'close', 'reopen'] as const;
export type ItemPickMode = (typeof ITEM_PICK_MODES)[number];
