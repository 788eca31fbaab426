import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorBody, errors } from '../../errors.js';
import type { Locale } from '../../i18n/index.js';

/** What `GET /metrics` needs, bound by the composition root. */
export interface MetricsEndpoint {
  /** `ZEREN_METRICS_TOKEN`: when set, a scrape must present it as a bearer token. */
  token: string | undefined;
  locale: Locale;
  scrape(): Promise<{ contentType: string; body: string }>;
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/**
 * `GET /metrics`: the Prometheus text format (app/metrics.ts). Open unless `ZEREN_METRICS_TOKEN` is
 * set; then 401 without `Authorization: Bearer <token>`.
 *
 * @example
 * await server.register(metricsRoutes({ token: undefined, locale: 'en', scrape: metrics.scrape }));
 */
export function metricsRoutes(endpoint: MetricsEndpoint) {
  return async (fastify: FastifyInstance) => {
    const expected = endpoint.token ? digest(endpoint.token) : undefined;
    fastify.get<{ Querystring: { lang?: string } }>('/metrics', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (expected) {
        const presented = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
        // Equal-length digests: the comparison takes the same time whatever was presented.
        if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
          const lang = request.query.lang;
          const locale: Locale = lang === 'en' || lang === 'zh-CN' ? lang : endpoint.locale;
          return reply.code(errors.metricsUnauthorized.status).header('www-authenticate', 'Bearer realm="zeren-metrics"').send(errorBody(errors.metricsUnauthorized, locale));
        }
      }
      const { contentType, body } = await endpoint.scrape();
      return reply.type(contentType).send(body);
    });
  };
}
