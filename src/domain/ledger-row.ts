/** One row of the `ledger` export (SPEC §3): the entry, its main details as columns, and all details. */
export interface LedgerRow {
  id: number;
  at: string;
  unit: string;
  item: string;
  kind: string;
  actor: string;
  source: string;
  percent: number | null;
  status: string | null;
  note: string | null;
  details: Record<string, unknown>;
  hash: string;
}
