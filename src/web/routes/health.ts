import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';

/** The Slack half of readiness, as the composition root checks it (app/slack-readiness.ts). */
export type SlackHealth = () => Promise<{ ok: true } | { ok: false; reason: string; detail?: string }>;

/**
 * The probes. `GET /livez`: 200 while the process serves requests (no database, no Slack), for a
 * liveness probe that must not restart every replica when the database blips. `GET /healthz`
 * (readiness): 200 when the database answers and Slack has accepted the bot's token recently,
 * else 503 with `reason` (`database_unavailable`, `slack_not_connected`, `slack_auth_failed`,
 * `slack_unreachable`).
 */
export function healthRoutes(db: Db, slack?: SlackHealth) {
  return async (fastify: FastifyInstance) => {
    fastify.get('/livez', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
    fastify.get('/healthz', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!(await db.ping())) return reply.code(503).send({ status: 'unavailable', database: db.engine, reason: 'database_unavailable' });
      const check = slack ? await slack() : ({ ok: true } as const);
      if (!check.ok) return reply.code(503).send({ status: 'unavailable', database: db.engine, reason: check.reason, ...(check.detail && { detail: check.detail }) });
      return reply.send({ status: 'ok', database: db.engine, ...(slack && { slack: 'ok' }) });
    });
  };
}
