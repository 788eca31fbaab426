import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { errorBody, errors, type ErrorDefinition, type ErrorParams } from '../../errors.js';
import type { Locale, MessageKey } from '../../i18n/index.js';
import { exportContentTypes, exportFormats } from '../../services/export-format.js';
import { DOWNLOAD_KINDS, type DownloadKind, type ExportScope, type ExportTable } from '../../services/export-kinds.js';
import { SheetTooLargeError } from '../../services/xlsx.js';
import { oncePerWindow } from '../web-guards.js';

/** Wrong export tokens one client address may present per window before every download from it is refused. */
export const MAX_TOKEN_FAILURES = 10;
export const TOKEN_FAILURE_WINDOW_MS = 15 * 60_000;

/** What the download routes need, bound by the composition root (the routes never see the database). */
export interface ExportDownloads {
  /** `ZEREN_EXPORT_TOKEN`; unset turns the downloads off, and their routes answer 404. */
  token: string | undefined;
  /** The language of the error messages. */
  locale: Locale;
  /** Today in the organisation's time zone, YYYY-MM-DD, for the file name. */
  today(): string;
  /** A unit's code and those of every unit under it; `null` when there is no such unit. */
  subtree(unit: string): Promise<string[] | null>;
  /** An export's rows for a scope (names of people in cases are the office's references: behind the token only). */
  table(what: DownloadKind, scope: ExportScope): Promise<ExportTable>;
}

interface Query {
  format?: string | string[];
  unit?: string | string[];
  year?: string | string[];
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/** Answers with a catalogue error: its status, and `{ error, message }`. */
function problem<K extends MessageKey>(reply: FastifyReply, locale: Locale, definition: ErrorDefinition<K>, ...params: ErrorParams<K>) {
  return reply.code(definition.status).header('cache-control', 'no-store').send(errorBody(definition, locale, ...params));
}

// The query string, parameter by parameter (each given once: `?unit=A&unit=B` is an array, refused).
const queryYear = z.string().regex(/^\d{4}$/).transform(Number).optional();
const queryFormat = z.enum(exportFormats).default('csv');
const queryUnit = z.string().optional();

/**
 * `GET /exports/items`, `/exports/ledger`, `/exports/findings`, `/exports/supervision`, `/exports/reports`, `/exports/cases` and `/exports/statistics` (`?format=csv|xlsx|json`, default csv; `?year=YYYY` for reports, cases and statistics;
 * `?unit=CODE` for a unit's subtree), for a bearer of `ZEREN_EXPORT_TOKEN`. The same columns
 * and values as `zeren export`. A client address that presents 10 wrong tokens within 15 minutes
 * is refused (429) until the window ends; each wrong token is logged with the address.
 *
 * @example
 * await server.register(downloadRoutes({ token, locale: 'en', today, subtree, table: (what, scope) => exportKinds[what](deps, scope) }));
 */
export function downloadRoutes(downloads: ExportDownloads) {
  return async (fastify: FastifyInstance) => {
    if (!downloads.token) return;
    const expected = digest(downloads.token);
    // Digests have one length whatever was presented, so timingSafeEqual never throws and
    // the time taken says nothing about the token's length or content.
    const authorised = (header: string | undefined) => {
      const presented = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
      return presented !== undefined && timingSafeEqual(digest(presented), expected);
    };
    const { locale } = downloads;
    // Wrong tokens are throttled far harder than the routes (see web-guards.ts): past the limit,
    // every download from that address is refused until the window ends, the right token too.
    if (!fastify.hasDecorator('createRateLimit')) throw new Error('downloadRoutes must be registered after registerWebGuards');
    const failures = fastify.createRateLimit({ max: MAX_TOKEN_FAILURES, timeWindow: TOKEN_FAILURE_WINDOW_MS });
    const warnThrottled = oncePerWindow(TOKEN_FAILURE_WINDOW_MS);

    for (const what of DOWNLOAD_KINDS) {
      fastify.get<{ Querystring: Query }>(`/exports/${what}`, async (request, reply) => {
        const failed = await failures(request, { increment: false });
        if (!failed.isAllowed && failed.remaining === 0 && failed.ttl > 0) {
          if (warnThrottled(failed.key)) request.log.warn({ ip: request.ip, export: what, failures: MAX_TOKEN_FAILURES }, 'export downloads throttled after repeated wrong tokens');
          reply.header('retry-after', String(failed.ttlInSeconds));
          return problem(reply, locale, errors.tooManyRequests, { seconds: failed.ttlInSeconds });
        }
        if (!authorised(request.headers.authorization)) {
          // A request without credentials guesses nothing; a wrong token is counted and logged, never the token itself.
          if (request.headers.authorization) {
            const counted = await failures(request);
            const attempts = counted.isAllowed ? undefined : MAX_TOKEN_FAILURES - counted.remaining;
            request.log.warn({ ip: request.ip, export: what, failures: attempts }, 'refused an export download: wrong token');
          }
          reply.header('www-authenticate', 'Bearer realm="zeren"');
          return problem(reply, locale, errors.exportUnauthorized);
        }
        const parsedYear = queryYear.safeParse(request.query.year);
        if (!parsedYear.success) return problem(reply, locale, errors.exportBadYear);
        const parsedFormat = queryFormat.safeParse(request.query.format);
        if (!parsedFormat.success) return problem(reply, locale, errors.exportBadFormat, { format: String(request.query.format) });
        const parsedUnit = queryUnit.safeParse(request.query.unit);
        if (!parsedUnit.success) return problem(reply, locale, errors.exportBadUnit);
        const [year, format, unit] = [parsedYear.data, parsedFormat.data, parsedUnit.data];
        const units = unit ? await downloads.subtree(unit) : undefined;
        if (units === null) return problem(reply, locale, errors.exportUnknownUnit, { code: unit as string });

        let body;
        try {
          const table = await downloads.table(what, { units, unit: unit || undefined, year });
          body = await table.stream(format, { sheet: what });
        } catch (error) {
          if (error instanceof SheetTooLargeError) return problem(reply, locale, errors.exportTooLarge, { limit: error.limit });
          throw error;
        }
        // A download writes no ledger entry (the token is shared, it names no one): the log says what went out.
        request.log.info({ export: what, format, unit: unit || undefined }, 'export downloaded');
        return reply
          .header('content-type', exportContentTypes[format])
          .header('content-disposition', `attachment; filename="zeren-${what}-${downloads.today()}.${format}"`)
          .header('cache-control', 'no-store')
          .header('x-content-type-options', 'nosniff')
          .send(body);
      });
    }
  };
}
