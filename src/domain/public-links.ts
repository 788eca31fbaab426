/**
 * The address of a unit's public list page (`GET /public/:unit/:year`) under `ZEREN_PUBLIC_URL`,
 * which may carry a path of its own (a proxy's prefix); undefined when no public URL is set.
 *
 * @example
 * publicListUrl('https://zeren.example.org/gov', 'JS-NJ', 2026) // 'https://zeren.example.org/gov/public/JS-NJ/2026'
 */
export function publicListUrl(base: string | undefined, unit: string, year: number): string | undefined {
  if (!base) return undefined;
  return `${base.replace(/\/+$/, '')}/public/${encodeURIComponent(unit)}/${year}`;
}
