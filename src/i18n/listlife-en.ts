/** The English messages of the list's life in Slack (internal notes, links, channel moves, welcome); spread into en.ts. */
export const listlifeEn = {
  'listlife.internalNote': () => '🔒 Internal note: never published.',
  'listlife.modalInternal': () => 'Internal note',
  'listlife.modalInternalOption': () => 'Internal: never shown on the public pages',
  'public.colNote': () => 'Latest note',
};
