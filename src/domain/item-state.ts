import type { Light } from './lights.js';
import type { Approval, ListKind, ReportStatus, Responsibility } from './vocabulary.js';

/** An item as people see it: what it is, where it stands, and its light. */
export interface ItemState {
  unit: string;
  year: number;
  code: string;
  title: string;
  responsibility: Responsibility;
  owners: string[];
  start: string;
  due: string;
  percent: number | null;
  status: ReportStatus | null;
  note: string | null;
  approval: Approval;
  lastReportAt: Date | null;
  listSignedAt: Date | null;
  closed: boolean;
  /** A finding of an inspection (整改): its inspection and the unit that inspected; null for a list item. */
  finding: { inspection: string; by: string; severity: string } | null;
  /** The code of the open listed-supervision order on it (挂牌督办), or null. */
  listed: string | null;
  /**
   * It tracks a case listed for supervision (an item of a `case` list, named by the case's code):
   * never in the items export nor on a public page (people in cases are sensitive).
   */
  tracksCase: boolean;
  /** The kind of list it is on: only a responsibility list's items are published. */
  listKind: ListKind;
  /** Working days of silence, as the scheduler counts them (0 when the item is not silent). */
  silentDays: number;
  light: Light;
}
