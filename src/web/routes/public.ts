import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { t, type Locale } from '../../i18n/index.js';
import type { PublishedItem, PublishedList } from '../../services/publication.js';

/** What the public pages need, bound by the composition root (the routes never see the database). */
export interface PublicPages {
  /** The language of a page that asks for none (`ZEREN_LOCALE`). */
  locale: Locale;
  /** Every signed list. */
  lists(): Promise<PublishedList[]>;
  /** A signed list and its items; `null` when it does not exist or is not signed. */
  list(unit: string, year: number): Promise<(PublishedList & { items: PublishedItem[] }) | null>;
}

interface Query {
  lang?: string | string[];
}

const escapeHtml = (text: string | number) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const lights = { grey: '#9e9e9e', blue: '#1e88e5', green: '#43a047', yellow: '#f9a825', red: '#e53935' } as const;

const css = `body{font-family:system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#212121;background:#fff}
header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;border-bottom:2px solid #b71c1c;margin-bottom:1rem}
h1{font-size:1.5rem;color:#b71c1c}a{color:#0d47a1}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #e0e0e0;padding:.5rem;text-align:left;vertical-align:top}th{background:#f5f5f5}
.dot{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.4rem;vertical-align:middle}
.num{text-align:right;white-space:nowrap}.note{white-space:pre-line}.muted{color:#757575;font-size:.9rem}
${Object.entries(lights).map(([light, colour]) => `.light-${light}{background:${colour}}`).join('')}`;

// `?lang=` picks the page's language; anything else (none, twice, unknown) is the default.
const queryLang = z.enum(['en', 'zh-CN']);
const localeOf = (query: Query, fallback: Locale): Locale => queryLang.catch(fallback).parse(query.lang);
// A list's year in the path: four digits, else no such page.
const pathYear = z.string().regex(/^\d{4}$/).transform(Number);

/** A path with the page's language, so that following a link keeps it. */
const href = (path: string, locale: Locale) => `${path}?lang=${encodeURIComponent(locale)}`;

function page(reply: FastifyReply, locale: Locale, path: string, title: string, body: string, status = 200) {
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  const text = (key: 'public.switchLanguage' | 'public.privacy') => escapeHtml(t(locale, key));
  const html = `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${css}</style></head>
<body>
<header><h1>${escapeHtml(title)}</h1><a id="switch-language" hreflang="${other}" lang="${other}" href="${escapeHtml(href(path, other))}">${text('public.switchLanguage')}</a></header>
<main>
${body}
</main>
<footer><p class="muted">${text('public.privacy')}</p></footer>
</body>
</html>
`;
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    // The security headers (CSP with frame-ancestors, X-Frame-Options, Referrer-Policy, nosniff) come from web-guards.ts.
    .header('cache-control', 'no-cache')
    .send(html);
}

/**
 * The public pages (SPEC §2.2 公开): `GET /public`, every signed list, and `GET /public/:unit/:year`,
 * a signed list with each item's light, progress and due date. Server-rendered, read-only, in
 * `?lang=zh-CN|en` (default the organisation's). Nothing private: no Slack ids, no note marked internal.
 *
 * @example
 * await server.register(publicRoutes({ locale: 'zh-CN', lists, list }));
 */
export function publicRoutes(pages: PublicPages) {
  return async (fastify: FastifyInstance) => {
    fastify.get<{ Querystring: Query }>('/public', async (request, reply) => {
      const locale = localeOf(request.query, pages.locale);
      const lists = await pages.lists();
      const body = lists.length
        ? `<p>${escapeHtml(t(locale, 'public.indexIntro'))}</p>
<ul id="lists">
${lists
  .map(
    (list) =>
      `<li><a href="${escapeHtml(href(`/public/${encodeURIComponent(list.unit)}/${list.year}`, locale))}">${escapeHtml(t(locale, 'public.indexEntry', { name: list.unitName, year: list.year }))}</a> <span class="muted">${escapeHtml(list.unit)} · ${escapeHtml(t(locale, 'public.signed', { date: list.signedOn, version: list.version }))}</span></li>`,
  )
  .join('\n')}
</ul>`
        : `<p>${escapeHtml(t(locale, 'public.indexEmpty'))}</p>`;
      return page(reply, locale, '/public', t(locale, 'public.indexTitle'), body);
    });

    fastify.get<{ Params: { unit: string; year: string }; Querystring: Query }>('/public/:unit/:year', async (request, reply) => {
      const locale = localeOf(request.query, pages.locale);
      const { unit, year } = request.params;
      const path = `/public/${encodeURIComponent(unit)}/${encodeURIComponent(year)}`;
      const parsedYear = pathYear.safeParse(year);
      const list = parsedYear.success ? await pages.list(unit, parsedYear.data) : null;
      const back = `<p><a id="back" href="${escapeHtml(href('/public', locale))}">${escapeHtml(t(locale, 'public.back'))}</a></p>`;
      if (!list) return page(reply, locale, path, t(locale, 'public.notFoundTitle'), `<p>${escapeHtml(t(locale, 'public.notFound'))}</p>\n${back}`, 404);
      const th = (key: `public.col${'Light' | 'Code' | 'Title' | 'Responsibility' | 'Percent' | 'Due'}`, cls = '') => `<th${cls ? ` class="${cls}"` : ''}>${escapeHtml(t(locale, key))}</th>`;
      const rows = list.items.map((item) => {
        const light = escapeHtml(t(locale, `light.${item.light}`));
        const percent = item.percent === null ? escapeHtml(t(locale, 'public.noReport')) : `${item.percent}%`;
        const note = item.note === null ? '' : escapeHtml(item.note);
        return `<tr data-light="${item.light}"><td><span class="dot light-${item.light}" aria-hidden="true"></span>${light}</td><td>${escapeHtml(item.code)}</td><td>${escapeHtml(item.title)}</td><td>${escapeHtml(t(locale, `public.${item.responsibility}`))}</td><td class="num">${percent}</td><td class="num">${escapeHtml(item.due)}</td><td class="note">${note}</td></tr>`;
      });
      const body = `<p class="muted">${escapeHtml(list.unit)} · ${escapeHtml(t(locale, 'public.signed', { date: list.signedOn, version: list.version }))}</p>
${
  rows.length
    ? `<table id="items">
<thead><tr>${th('public.colLight')}${th('public.colCode')}${th('public.colTitle')}${th('public.colResponsibility')}${th('public.colPercent', 'num')}${th('public.colDue', 'num')}<th>${escapeHtml(t(locale, 'public.colNote'))}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
    : `<p>${escapeHtml(t(locale, 'public.noItems'))}</p>`
}
${back}`;
      return page(reply, locale, path, t(locale, 'public.listTitle', { name: list.unitName, year: list.year }), body);
    });
  };
}
