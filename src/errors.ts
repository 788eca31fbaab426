/** Stable codes for the errors that reach a user or an operator. */
export enum ErrorCode {
  ConfigInvalid = 'zeren_config_invalid',
  DatabaseInUse = 'zeren_database_in_use',
  DatabaseUnavailable = 'zeren_database_unavailable',
  ImportInvalid = 'zeren_import_invalid',
  ExportInvalid = 'zeren_export_invalid',
  LedgerBroken = 'zeren_ledger_broken',
  SlackAuthRejected = 'zeren_slack_auth_rejected',
  SlackUnavailable = 'zeren_slack_unavailable',
  UsageInvalid = 'zeren_usage_invalid',
}

/** An expected failure: its message is the one line shown to the user, without a stack trace. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

export const isCodedError = (error: unknown): error is CodedError => error instanceof CodedError;
