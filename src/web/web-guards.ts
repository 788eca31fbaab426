import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody, errors } from '../errors.js';
import type { Locale } from '../i18n/index.js';

export interface WebGuardOptions {
  /** Requests per minute per client address. */
  rateLimit: number;
  /** The language of a refusal when the request names none (`?lang=`). */
  locale: Locale;
}

const localeOf = (request: FastifyRequest, fallback: Locale): Locale => {
  const lang = (request.query as { lang?: unknown } | undefined)?.lang;
  return lang === 'en' || lang === 'zh-CN' ? lang : fallback;
};

/**
 * A function that says yes once per key and window: a flood of refused requests is logged as
 * one line per client and window, not one per request (the log must not be the next target).
 */
export function oncePerWindow(windowMs: number, maxKeys = 10_000): (key: string) => boolean {
  const until = new Map<string, number>();
  return (key) => {
    const now = Date.now();
    if ((until.get(key) ?? 0) > now) return false;
    if (until.size >= maxKeys) until.clear();
    until.set(key, now + windowMs);
    return true;
  };
}

/**
 * The web routes' guards (SPEC §2.9), for the routes registered after them in the same scope:
 * a rate limit per client address (429 with `Retry-After` past it), and the usual security
 * headers — a strict Content-Security-Policy with `frame-ancestors 'none'`,
 * `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`.
 * The pages need nothing but their own inline style. Strict-Transport-Security is left to the
 * TLS proxy in front. Routes may add a stricter limiter with `fastify.createRateLimit()`.
 *
 * @example
 * await server.register(async (web) => {
 *   await registerWebGuards(web, { rateLimit: 120, locale: 'zh-CN' });
 *   await web.register(publicRoutes(pages));
 * });
 */
export async function registerWebGuards(fastify: FastifyInstance, options: WebGuardOptions): Promise<void> {
  await fastify.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  const warn = oncePerWindow(60_000);
  await fastify.register(rateLimit, {
    global: true,
    max: options.rateLimit,
    timeWindow: 60_000,
    errorResponseBuilder: (request, context) => ({
      statusCode: context.statusCode,
      ...errorBody(errors.tooManyRequests, localeOf(request, options.locale), { seconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
    }),
    onExceeded: (request, key) => {
      if (warn(key)) request.log.warn({ ip: request.ip, url: request.routeOptions.url, limit: options.rateLimit }, 'rate limit reached on the web routes');
    },
  });
}
