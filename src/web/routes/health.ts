import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';

/** `GET /healthz`: 200 when the database answers, 503 when it does not. */
export function healthRoutes(db: Db) {
  return async (fastify: FastifyInstance) => {
    fastify.get('/healthz', async (_request, reply) => {
      const up = await db.ping();
      return reply.code(up ? 200 : 503).send({ status: up ? 'ok' : 'unavailable', database: db.engine });
    });
  };
}
