import type { Readable, Writable } from 'node:stream';
import { anchorColumns, exportAnchors } from './anchors.js';
import { exportStream, writeRows, type ExportFormat, type ExportOptions } from './export-format.js';
import { exportItems, exportLedger, itemColumns, ledgerColumns, type ExportDeps } from './exports.js';
import { exportReports, reportColumns } from './report-round-status.js';
import { exportReviews, reviewColumns } from './reviews.js';
import { caseColumns, exportCases, exportStatistics, statisticsColumns } from './statistics.js';
import { exportFindings, exportSupervision, findingColumns, orderColumns } from './supervision-exports.js';

/** Which rows an export is asked for: a unit's subtree (its codes), the unit itself, a year. */
export interface ExportScope {
  units?: string[] | undefined;
  /** The unit asked for (the statistics are computed for it and the units below it). */
  unit?: string | undefined;
  year?: number | undefined;
}

/** An export's rows with their columns, to be written or streamed in any format. */
export interface ExportTable {
  /** @returns the number of rows written; `out` is left open. */
  write(format: ExportFormat, out: Writable, options?: ExportOptions): Promise<number>;
  stream(format: ExportFormat, options?: ExportOptions): Promise<Readable>;
}

// The rows keep their type up to here, so that the columns are checked against them.
const table = <T extends object>(rows: AsyncIterable<T> | Iterable<T>, columns: readonly (keyof T & string)[]): ExportTable => ({
  write: (format, out, options) => writeRows(rows, columns, format, out, options),
  stream: (format, options) => exportStream(rows, columns, format, options),
});

/**
 * Every export by its name, as `zeren export NAME` and `GET /exports/NAME` know it: where its rows
 * come from and which columns they have (SPEC §3). A new export is one line here.
 */
export const exportKinds = {
  items: async (deps, scope) => table(await exportItems(deps, scope.units), itemColumns),
  ledger: async (deps, scope) => table(exportLedger(deps, scope.units), ledgerColumns),
  findings: async (deps, scope) => table(await exportFindings(deps, scope.units), findingColumns),
  supervision: async (deps, scope) => table(await exportSupervision(deps, scope.units), orderColumns),
  reports: async (deps, scope) => table(await exportReports(deps, { units: scope.units, year: scope.year }), reportColumns),
  cases: async (deps, scope) => table(await exportCases(deps, { units: scope.units, year: scope.year }), caseColumns),
  statistics: async (deps, scope) => table(await exportStatistics(deps, { unit: scope.unit, year: scope.year }), statisticsColumns),
  reviews: async (deps, scope) => table(await exportReviews(deps, { units: scope.units, year: scope.year }), reviewColumns),
  anchors: async (deps, scope) => table(await exportAnchors(deps, scope.units), anchorColumns),
} satisfies Record<string, (deps: ExportDeps, scope: ExportScope) => Promise<ExportTable>>;

export type ExportKind = keyof typeof exportKinds;

export const isExportKind = (value: unknown): value is ExportKind => typeof value === 'string' && Object.hasOwn(exportKinds, value);

/** The exports the web offers for download: all but the chain's anchors, which `zeren export anchors` writes. */
export const DOWNLOAD_KINDS = ['items', 'ledger', 'findings', 'supervision', 'reports', 'cases', 'statistics', 'reviews'] as const satisfies readonly ExportKind[];
export type DownloadKind = (typeof DOWNLOAD_KINDS)[number];
