import { t, type Locale, type Message, type MessageKey } from './i18n/index.js';

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
  BackupRefused = 'zeren_backup_refused',
  RequestInvalid = 'zeren_request_invalid',
}

/**
 * One expected failure, in the style of fastify's lib/errors.js: what it is called on the wire
 * (`error` in a JSON answer, the log), the catalogue message a person reads, the HTTP status
 * when it answers a request, and the {@link ErrorCode} family it belongs to.
 */
export interface ErrorDefinition<K extends MessageKey = MessageKey> {
  readonly name: string;
  readonly key: K;
  readonly status: number;
  readonly code: ErrorCode;
}

const define = <K extends MessageKey>(name: string, key: K, status: number, code: ErrorCode): ErrorDefinition<K> => ({ name, key, status, code });

/**
 * Every expected failure of the receiver, the web routes and the CLI. The names are part of the
 * HTTP contract (tests and scripts read them): never rename one.
 */
export const errors = {
  // POST /slack/events
  slackSignatureInvalid: define('invalid_signature', 'error.signatureInvalid', 401, ErrorCode.RequestInvalid),
  slackBodyUnreadable: define('unreadable_body', 'error.bodyUnreadable', 400, ErrorCode.RequestInvalid),
  slackStarting: define('starting', 'error.starting', 503, ErrorCode.SlackUnavailable),
  // The web routes
  exportUnauthorized: define('unauthorized', 'web.exportUnauthorized', 401, ErrorCode.RequestInvalid),
  exportBadFormat: define('bad_format', 'web.exportBadFormat', 400, ErrorCode.RequestInvalid),
  exportBadUnit: define('bad_unit', 'web.exportBadUnit', 400, ErrorCode.RequestInvalid),
  exportBadYear: define('bad_year', 'web.exportBadYear', 400, ErrorCode.RequestInvalid),
  tooManyRequests: define('too_many_requests', 'web.rateLimited', 429, ErrorCode.RequestInvalid),
  metricsUnauthorized: define('metrics_unauthorized', 'web.metricsUnauthorized', 401, ErrorCode.RequestInvalid),
  // Both the web download and `zeren export`
  exportUnknownUnit: define('unknown_unit', 'export.unknownUnit', 404, ErrorCode.ExportInvalid),
  exportTooLarge: define('too_large', 'export.xlsxTooLarge', 422, ErrorCode.ExportInvalid),
  // The CLI
  unknownCommand: define('unknown_command', 'cli.unknownCommand', 400, ErrorCode.UsageInvalid),
  ledgerBroken: define('ledger_broken', 'verify.broken', 500, ErrorCode.LedgerBroken),
  tickPending: define('still_queued', 'cli.tickPending', 503, ErrorCode.SlackUnavailable),
} as const satisfies Record<string, ErrorDefinition>;

type ParamsOf<K extends MessageKey> = Extract<Message, { key: K }>['params'];
/** The parameters of a catalogue error's message, as a rest argument (none when it takes none). */
export type ErrorParams<K extends MessageKey> = ParamsOf<K> extends undefined ? [] : [ParamsOf<K>];

/** An expected failure: its message is the one line shown to the user, without a stack trace. */
export class CodedError extends Error {
  /** The catalogue entry, when the error was made from one. */
  readonly definition: ErrorDefinition | undefined;
  /** The line in a language (the message itself, whatever the language, when it was made from a string). */
  readonly messageIn: (locale: Locale) => string;

  constructor(
    readonly code: ErrorCode,
    message: string | ((locale: Locale) => string),
    definition?: ErrorDefinition,
  ) {
    super(typeof message === 'string' ? message : message('en'));
    this.name = 'CodedError';
    this.definition = definition;
    this.messageIn = typeof message === 'string' ? () => message : message;
  }
}

export const isCodedError = (error: unknown): error is CodedError => error instanceof CodedError;

/**
 * A catalogue error, its message in `locale`.
 *
 * @example
 * throw failure(errors.exportUnknownUnit, 'en', { code: 'NOPE' }); // "there is no unit NOPE"
 */
export function failure<K extends MessageKey>(definition: ErrorDefinition<K>, locale: Locale, ...params: ErrorParams<K>): CodedError {
  return new CodedError(definition.code, errorMessage(definition, locale, ...params), definition);
}

/** The catalogue message of an error, in `locale`. */
export function errorMessage<K extends MessageKey>(definition: ErrorDefinition<K>, locale: Locale, ...params: ErrorParams<K>): string {
  return (t as (locale: Locale, key: MessageKey, params?: unknown) => string)(locale, definition.key, params[0]);
}

/** The JSON body of an HTTP answer with a catalogue error: `{ error, message }`. */
export function errorBody<K extends MessageKey>(definition: ErrorDefinition<K>, locale: Locale, ...params: ErrorParams<K>): { error: string; message: string } {
  return { error: definition.name, message: errorMessage(definition, locale, ...params) };
}
