import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { t, type Locale } from '../../i18n/index.js';
import { exportContentTypes, exportStream, isExportFormat } from '../../services/export-format.js';
import { itemColumns, ledgerColumns, type ItemRow, type LedgerRow } from '../../services/exports.js';
import { SheetTooLargeError } from '../../services/xlsx.js';

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
  items(units?: string[]): Promise<ItemRow[]>;
  ledger(units?: string[]): AsyncIterable<LedgerRow>;
}

interface Query {
  format?: string | string[];
  unit?: string | string[];
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

const problem = (reply: FastifyReply, status: number, error: string, message: string) =>
  reply.code(status).header('cache-control', 'no-store').send({ error, message });

/**
 * `GET /exports/items` and `GET /exports/ledger` (`?format=csv|xlsx|json`, default csv;
 * `?unit=CODE` for a unit's subtree), for a bearer of `ZEREN_EXPORT_TOKEN`. The same columns
 * and values as `zeren export`.
 *
 * @example
 * await server.register(downloadRoutes({ token, locale: 'en', today, subtree, items, ledger }));
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

    for (const what of ['items', 'ledger'] as const) {
      fastify.get<{ Querystring: Query }>(`/exports/${what}`, async (request, reply) => {
        if (!authorised(request.headers.authorization)) {
          reply.header('www-authenticate', 'Bearer realm="zeren"');
          return problem(reply, 401, 'unauthorized', t(locale, 'web.exportUnauthorized'));
        }
        const { format = 'csv', unit } = request.query;
        if (!isExportFormat(format)) return problem(reply, 400, 'bad_format', t(locale, 'web.exportBadFormat', { format: String(format) }));
        if (unit !== undefined && typeof unit !== 'string') return problem(reply, 400, 'bad_unit', t(locale, 'web.exportBadUnit'));
        const units = unit ? await downloads.subtree(unit) : undefined;
        if (units === null) return problem(reply, 404, 'unknown_unit', t(locale, 'export.unknownUnit', { code: unit as string }));

        let body;
        try {
          body =
            what === 'items'
              ? await exportStream(await downloads.items(units), itemColumns, format, { sheet: what })
              : await exportStream(downloads.ledger(units), ledgerColumns, format, { sheet: what });
        } catch (error) {
          if (error instanceof SheetTooLargeError) return problem(reply, 422, 'too_large', t(locale, 'export.xlsxTooLarge', { limit: error.limit }));
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
