/** The English messages of `/supervise` and the supervisors' modals; spread into en.ts. */
export const superviseEn = {
  'supervise.help': () =>
    [
      '*/supervise* — inspections, findings and listed supervision (督查、整改、挂牌督办), for supervisors',
      '• `/supervise help` — this help',
    ].join('\n'),
  'supervise.unknown': (p: { text: string }) => `"${p.text}" is not a /supervise command.`,
};
