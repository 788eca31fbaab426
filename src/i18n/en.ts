/** The English catalogue. Every message a person reads has a key here and in zh-CN.ts. */
export const en = {
  // Import: where a problem is, and what it is.
  'import.syntax': (p: { reason: string }) => `cannot be read: ${p.reason}`,
  'import.csvHeader': (p: { columns: string }) =>
    `the header row is neither a units file (code, name, …) nor an items file (unit, year, code, title, …); found: ${p.columns}`,
  'import.required': () => 'is required',
  'import.unknownField': (p: { field: string }) => `has an unknown field "${p.field}"`,
  'import.expected': (p: { expected: string }) => `must be ${p.expected}`,
  'import.tooLong': (p: { max: number }) => `must be at most ${p.max} characters`,
  'import.tooFew': (p: { min: number }) => `needs at least ${p.min}`,
  'import.badCode': () => 'must be letters, digits and "-" (starting with a letter or digit), at most 64 characters',
  'import.badItemCode': () => 'must be letters, digits, ".", "_" and "-" (starting with a letter or digit), at most 64 characters',
  'import.badDate': () => 'must be a date written YYYY-MM-DD',
  'import.badTime': () => 'must be a time written HH:MM (24 hours)',
  'import.badPerson': () => 'must be a Slack user id (U…) or an e-mail address',
  'import.badPercent': () => 'must be a whole number from 0 to 100',
  'import.badResponsibility': () => 'must be "primary" (主体责任) or "supervisory" (监督责任)',
  'import.badCadence': () => 'must be weekly, biweekly or monthly (每周, 每两周, 每月)',
  'import.badYear': () => 'must be a year such as 2026',
  'import.badMilestone': (p: { text: string }) => `milestone "${p.text}" must be written title@YYYY-MM-DD or title@YYYY-MM-DD@percent`,
  'import.duplicateUnit': (p: { code: string; other: string }) => `unit ${p.code} is defined twice (also at ${p.other})`,
  'import.duplicateItem': (p: { code: string; other: string }) => `item ${p.code} is defined twice (also at ${p.other})`,
  'import.unknownParent': (p: { code: string }) => `parent unit ${p.code} does not exist in the file or the database`,
  'import.parentCycle': (p: { path: string }) => `units would form a cycle: ${p.path}`,
  'import.unknownUnit': (p: { code: string }) => `unit ${p.code} does not exist in the file or the database`,
  'import.itemElsewhere': (p: { code: string; unit: string; year: number }) =>
    `item ${p.code} already belongs to the ${p.year} list of unit ${p.unit}; item codes are unique`,
  'import.startAfterDue': () => 'start is after due',
  'import.milestoneAfterDue': (p: { title: string }) => `milestone "${p.title}" is due after the item`,
  'import.milestoneOrder': () => 'milestone percentages must not decrease as their dates advance',
  'import.policyOrder': () => 'must satisfy remind_after ≤ escalate_after ≤ escalate_again_after',
  'import.emailNeedsSlack': (p: { email: string }) =>
    `${p.email} is an e-mail address; resolving it needs SLACK_BOT_TOKEN (or give the Slack user id)`,
  'import.emailUnknown': (p: { email: string }) => `no Slack user has the e-mail address ${p.email}`,
  'import.emailFailed': (p: { email: string; reason: string }) => `could not look up ${p.email} in Slack: ${p.reason}`,
  'import.failed': (p: { count: number }) => `import refused: ${p.count} problem(s) found, nothing written`,
  'import.summary': (p: { entity: string; created: number; updated: number; unchanged: number }) =>
    `${p.entity}: ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged`,
  'import.dryRun': () => 'dry run: nothing written',
  'import.written': () => 'import written',
  'import.nothing': () => 'nothing to change',
  'entity.units': () => 'units',
  'entity.unit': () => 'unit',
  'entity.list': () => 'list',
  'entity.item': () => 'item',
  'entity.policy': () => 'policy',
  'entity.day': () => 'calendar day',
  'cli.usage': () => USAGE_EN,
  'cli.unknownCommand': (p: { command: string }) => `unknown command "${p.command}"; run zeren --help`,
  'cli.badOption': (p: { reason: string }) => `${p.reason}; run zeren --help`,
  'cli.migrated': (p: { names: string }) => (p.names ? `migrations applied: ${p.names}` : 'the database is up to date'),
  'cli.listening': (p: { url: string }) => `Zeren is running: ${p.url}`,
  'entity.lists': () => 'lists',
  'entity.items': () => 'items',
  'entity.policies': () => 'policies',
  'entity.calendar': () => 'calendar days',

  'export.unknownUnit': (p: { code: string }) => `there is no unit ${p.code}`,
  'export.written': (p: { rows: number; file: string }) => `${p.rows} row(s) written to ${p.file}`,

  'verify.ok': (p: { entries: number; units: number }) => `ledger verified: ${p.entries} entries in ${p.units} unit chain(s)`,
  'verify.broken': (p: { id: number; unit: string; reason: string }) => `ledger entry ${p.id} (unit ${p.unit}) does not match: ${p.reason}`,
  'verify.reasonHash': () => 'its hash is not the hash of its content',
  'verify.reasonLink': () => 'it does not point at the previous entry of its unit',
  'verify.reasonHead': () => "the unit's chain head does not match its last entry (an entry is missing)",
} satisfies Record<string, (params: never) => string>;

export type Catalogue = { [K in keyof typeof en]: (typeof en)[K] };

const USAGE_EN = `Usage: zeren <command> [options]

Commands:
  start                         run the bot (HTTP on PORT, or Socket Mode with SLACK_APP_TOKEN)
  migrate                       apply database migrations (start does this too)
  import FILE… [--dry-run]      import units, policies, lists and items from YAML or CSV files
  export items|ledger [--unit CODE] [--format csv|json] [--out FILE]
                                export the items' state or the ledger (stdout unless --out)
  verify                        check the ledger's hash chains

Options:
  -h, --help                    show this help

Settings come from the environment and .env (see .env.example).`;
