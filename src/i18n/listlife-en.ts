/** The English messages of the list's life in Slack (internal notes, links, channel moves, welcome); spread into en.ts. */
export const listlifeEn = {
  'listlife.internalNote': () => '🔒 Internal note: never published.',
  'listlife.modalInternal': () => 'Internal note',
  'listlife.modalInternalOption': () => 'Internal: never shown on the public pages',
  'public.colNote': () => 'Latest note',
  'config.expected.ZEREN_PUBLIC_URL': () => 'the http(s) address where the public pages are reached, such as https://zeren.example.org',
  'listlife.publicLink': (p: { url: string; year: number }) => `🔗 <${p.url}|The published list ${p.year}>`,
  'listlife.welcomeTitle': (p: { name: string; unit: string }) => `👋 Zeren is here: this channel serves *${p.name}* (${p.unit}).`,
  'listlife.welcomeWhat': () =>
    'Zeren (责任, “responsibility”) runs the unit’s responsibility list. On working days it asks the owners of each item for progress here, posts what they report, asks the unit head to approve results, reminds and escalates when an item falls silent or overdue, and keeps every step on the ledger (台账).',
  'listlife.welcomeProgress': () =>
    '*Report progress:* `/progress ITEM-CODE 40% on-track first draft done`, or the *Report progress* button on a prompt. `/progress` alone opens the form; `/progress help` explains it.',
  'listlife.welcomeHome': () => '*App Home:* open *Zeren* under *Apps* in the sidebar; its *Home* tab lists your items, each with a button to report on it.',
  'listlife.welcomeMoved': (p: { from: string }) => `This unit moved here from <#${p.from}>; its earlier messages stay there.`,
  'listlife.channelMoved': (p: { name: string; unit: string; to: string }) =>
    `➡️ *${p.name}* (${p.unit}) has moved to <#${p.to}>: its prompts, notices and digests are posted there from now on. Zeren no longer uses this channel for it.`,
  'import.move': (p: { unit: string; from: string; to: string }) =>
    `→ unit ${p.unit}: moves from channel ${p.from} to #${p.to} at the next channel set-up (its people are invited, both channels are told)`,
};
