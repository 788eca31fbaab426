/** The English messages of the list's life in Slack (internal notes, links, channel moves, welcome); spread into en.ts. */
export const listlifeEn = {
  'listlife.internalNote': () => '🔒 Internal note: never published.',
  'listlife.modalInternal': () => 'Internal note',
  'listlife.modalInternalOption': () => 'Internal: never shown on the public pages',
  'public.colNote': () => 'Latest note',
  'config.expected.ZEREN_PUBLIC_URL': () => 'the http(s) address where the public pages are reached, such as https://zeren.example.org',
  'listlife.publicLink': (p: { url: string; year: number }) => `🔗 <${p.url}|The published list ${p.year}>`,
};
