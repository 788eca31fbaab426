import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../app/logger.js';
import type { Db } from '../db/database.js';
import type { FastifyReceiver } from '../slack/receiver.js';
import { downloadRoutes, type ExportDownloads } from './routes/downloads.js';
import { healthRoutes } from './routes/health.js';
import { publicRoutes, type PublicPages } from './routes/public.js';

export interface ServerDeps {
  db: Db;
  logger: Logger;
  /** Absent in Socket Mode, where Slack's requests arrive over the socket instead. */
  receiver?: FastifyReceiver | undefined;
  /** The authenticated export downloads; absent, or without a token, they are off. */
  downloads?: ExportDownloads | undefined;
  /** The public pages of the signed lists (SPEC §2.2 公开); absent, they are off. */
  publicPages?: PublicPages | undefined;
}

/** The HTTP server: health, export downloads, and Slack's requests when in HTTP mode. Each feature is a plugin. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const server: FastifyInstance = Fastify({ loggerInstance: deps.logger.child({ component: 'web' }) as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), return503OnClosing: true });
  await server.register(healthRoutes(deps.db));
  if (deps.downloads) await server.register(downloadRoutes(deps.downloads));
  if (deps.publicPages) await server.register(publicRoutes(deps.publicPages));
  if (deps.receiver) await server.register(deps.receiver.plugin);
  return server;
}
