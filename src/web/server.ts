import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../app/logger.js';
import type { Db } from '../db/database.js';
import type { Locale } from '../i18n/index.js';
import type { FastifyReceiver } from '../slack/receiver.js';
import { downloadRoutes, type ExportDownloads } from './routes/downloads.js';
import { healthRoutes, type SlackHealth } from './routes/health.js';
import { metricsRoutes, type MetricsEndpoint } from './routes/metrics.js';
import { publicRoutes, type PublicPages } from './routes/public.js';
import { registerWebGuards } from './web-guards.js';

export interface ServerDeps {
  db: Db;
  logger: Logger;
  /** Absent in Socket Mode, where Slack's requests arrive over the socket instead. */
  receiver?: FastifyReceiver | undefined;
  /** The authenticated export downloads; absent, or without a token, they are off. */
  downloads?: ExportDownloads | undefined;
  /** The public pages of the signed lists (SPEC §2.2 公开); absent, they are off. */
  publicPages?: PublicPages | undefined;
  /** Requests per minute per client address on the pages and downloads (`ZEREN_WEB_RATE_LIMIT`). */
  rateLimit?: number | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed (`ZEREN_TRUST_PROXY`); none by default. */
  trustProxy?: string[] | undefined;
  /** The language of a refusal that no page chose (`ZEREN_LOCALE`). */
  locale?: Locale | undefined;
  /** `GET /metrics`; absent, there is none. */
  metrics?: MetricsEndpoint | undefined;
  /** Told of every answered request (the metrics); `route` is the route's template, or `unmatched`. */
  onResponse?: ((request: { route: string; method: string; status: number; seconds: number }) => void) | undefined;
  /** The Slack half of `/healthz`; absent, only the database is checked. */
  slackHealth?: SlackHealth | undefined;
}

/** The HTTP server: health, export downloads, and Slack's requests when in HTTP mode. Each feature is a plugin. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const server: FastifyInstance = Fastify({
    loggerInstance: deps.logger.child({ component: 'web' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    ...(deps.trustProxy?.length && { trustProxy: deps.trustProxy }),
  });
  const { onResponse } = deps;
  if (onResponse) {
    server.addHook('onResponse', async (request, reply) => {
      onResponse({ route: request.routeOptions.url ?? 'unmatched', method: request.method, status: reply.statusCode, seconds: reply.elapsedTime / 1000 });
    });
  }
  await server.register(healthRoutes(deps.db, deps.slackHealth));
  if (deps.metrics) await server.register(metricsRoutes(deps.metrics));
  // What people open in a browser or script against is rate-limited and sent with security
  // headers; the probes, /metrics (scraped every few seconds by each Prometheus) and
  // /slack/events (signed, and bursty by nature) are not.
  await server.register(async (web) => {
    await registerWebGuards(web, { rateLimit: deps.rateLimit ?? 120, locale: deps.locale ?? 'zh-CN' });
    if (deps.downloads) await web.register(downloadRoutes(deps.downloads));
    if (deps.publicPages) await web.register(publicRoutes(deps.publicPages));
  });
  if (deps.receiver) await server.register(deps.receiver.plugin);
  return server;
}
