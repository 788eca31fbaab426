import { edgesEn } from './edges-en.js';
import { firsthourEn } from './firsthour-en.js';
import { opsEn } from './ops-en.js';
import { itemEditEn } from './item-edit-en.js';
import { listlifeEn } from './listlife-en.js';
import { casesEn } from './cases-en.js';
import { supervisionEn } from './supervision-en.js';
import { metricsEn } from './metrics-en.js';
import { trustEn } from './trust-en.js';
import { roundsEn } from './rounds-en.js';
import { superviseEn } from './supervise-en.js';
import { reviewsEn } from './reviews-en.js';
import { caseSupervisionEn } from './case-supervision-en.js';

/** The English catalogue. Every message a person reads has a key here and in zh-CN.ts. */
export const en = {
  ...casesEn,
  ...supervisionEn,
  ...metricsEn,
  ...trustEn,
  ...roundsEn,
  ...reviewsEn,
  ...edgesEn,
  ...firsthourEn,
  ...opsEn,
  ...itemEditEn,
  ...superviseEn,
  ...listlifeEn,
  ...caseSupervisionEn,
  // Import: where a problem is, and what it is.
  'import.syntax': (p: { reason: string }) => `cannot be read: ${p.reason}`,
  'import.badEncoding': () => 'is neither UTF-8 nor GB18030/GBK text; save it as "CSV UTF-8" and import it again',
  'import.badEncodingYaml': () => 'is not UTF-8 text; save it as UTF-8 and import it again',
  'import.badExtension': () => 'cannot be read: expected a .yaml, .yml, .csv or .xlsx file',
  'import.badWorkbook': () => 'is not an XLSX workbook that can be read; save it from the spreadsheet program as "Excel Workbook (.xlsx)"',
  'import.emptyWorkbook': () => 'has no sheet with rows',
  'import.csvQuoteNotClosed': () => 'a quoted cell starts here and its closing quote (") is missing',
  'import.csvBadQuote': () => 'a quoted cell has characters after its closing quote (")',
  'import.csvHeader': (p: { columns: string }) =>
    `the header row is neither a units file (code, name, …) nor an items file (unit, year, code, title, …); found: ${p.columns}`,
  'import.required': () => 'is required',
  'import.unknownField': (p: { field: string }) => `has an unknown field "${p.field}"`,
  'import.expected': (p: { expected: string }) => `must be ${p.expected}`,
  'import.tooLong': (p: { max: number }) => `must be at most ${p.max} characters`,
  'import.controlCharacter': (p: { code: string }) => `contains a control character (${p.code}); remove it`,
  'import.tooFew': (p: { min: number }) => `needs at least ${p.min}`,
  'import.badCode': () => 'must be letters, digits and "-" (starting with a letter or digit), at most 64 characters',
  'import.badItemCode': () => 'must be letters, digits, ".", "_" and "-" (starting with a letter or digit), at most 64 characters',
  'import.badDate': () => 'must be a date written YYYY-MM-DD',
  'import.impossibleDate': (p: { date: string }) => `${p.date} is not a day of the calendar (no such day in that month)`,
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
  'import.requested': () => 'the list is signed: requested of the unit head, not written',
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
  'cli.noSuchFile': () => 'no such file',
  'cli.isDirectory': () => 'is a directory, not a file',
  'cli.notPermitted': () => 'cannot be read (permission denied)',
  'cli.dryRunHeader': (p: { at: string; count: number }) => `dry run of the tick at ${p.at}: ${p.count} message(s) would be queued; nothing written, nothing sent`,
  'cli.dryRunGroup': (p: { kind: string; unit: string; count: number }) => `${p.kind} · unit ${p.unit || '—'} · ${p.count}`,
  'cli.dryRunSummary': (p: { prompted: number; reminded: number; escalated: number; digests: number; enqueued: number }) =>
    `dry run: ${p.prompted} prompt(s), ${p.reminded} reminder(s), ${p.escalated} escalation(s), ${p.digests} digest(s) would be decided; ${p.enqueued} message(s) would be queued; nothing written`,
  'cli.previewChart': () => '(the chart of the items by light, in the digest’s thread)',
  'outboxKind.prompt': () => 'prompt',
  'outboxKind.reminder': () => 'reminder (DM)',
  'outboxKind.reminder_thread': () => 'reminder (in the prompt’s thread)',
  'outboxKind.prompts': () => 'prompt (a unit’s items due at one instant)',
  'outboxKind.reminders': () => 'reminder (DM, several items)',
  'outboxKind.reminder_threads': () => 'reminder (in the prompt’s thread, several items)',
  'outboxKind.escalation': () => 'escalation',
  'outboxKind.escalations': () => 'escalation (several items)',
  'outboxKind.digest': () => 'weekly digest',
  'outboxKind.digest_chart': () => 'digest chart',
  'cli.migrated': (p: { names: string }) => (p.names ? `migrations applied: ${p.names}` : 'the database is up to date'),
  'cli.tickSummary': (p: { at: string; channels: number; prompted: number; reminded: number; escalated: number; enqueued: number; sent: number; failed: number; pending: number }) =>
    `tick at ${p.at}: ${p.channels} channel(s) set up; ${p.prompted} prompt(s), ${p.reminded} reminder(s), ${p.escalated} escalation(s) decided; ${p.enqueued} message(s) queued; ${p.sent} sent, ${p.failed} failed, ${p.pending} still queued`,
  'cli.tickPending': (p: { pending: number; seconds: number }) =>
    `${p.pending} message(s) still queued: Slack did not take them within ${p.seconds} s; they stay in the outbox for the bot's dispatcher (or the next zeren tick)`,
  'cli.listening': (p: { url: string }) => `Zeren is running: ${p.url}`,
  'entity.lists': () => 'lists',
  'entity.items': () => 'items',
  'entity.policies': () => 'policies',
  'entity.calendar': () => 'calendar days',

  // Reporting progress.
  'progress.help': () =>
    [
      '*/progress* — report progress on a responsibility item',
      '• `/progress` — open the form and pick one of your items',
      '• `/progress NJ-2016-01` — open the form for that item',
      '• `/progress NJ-2016-01 40% on-track first draft done` — record at once',
      'After the item code come, in this order and each optional: a percentage (`40%`), a status word (`on-track`, `at-risk`, `blocked`, `done`, or `正常`, `滞后`, `受阻`, `完成`) and a note.',
      '• `/progress NJ-2016-01 at-risk budget not approved yet #internal` — `#internal` (or `内部`) as the first or last word of the note marks it internal: recorded and shown in Slack, never on the public pages.',
      'You can report on the items you own, and the head of a unit on all of its items.',
    ].join('\n'),
  'progress.badCode': (p: { text: string }) => `"${p.text}" is not an item code. Start with the code, e.g. /progress NJ-01 40% on-track drafted the plan`,
  'progress.badPercent': (p: { text: string }) => `"${p.text}" is not a percentage. Write a whole number from 0 to 100 followed by %, e.g. 40%.`,
  'progress.noteTooLong': (p: { max: number; length: number }) => `The note is ${p.length} characters; the most is ${p.max}. Please shorten it.`,
  'progress.noteControl': (p: { code: string }) => `The note contains a control character (${p.code}) that cannot be recorded. Please remove it.`,
  'progress.evidenceNotWeb': () => 'The evidence link must be a web address starting with http:// or https://, such as https://example.org/report.pdf.',
  'progress.evidenceTooLong': (p: { max: number; length: number }) =>
    `The evidence link is too long: ${p.length} characters as a web address, the most is ${p.max}. Please link a shorter address.`,
  'progress.unknownItem': (p: { code: string }) => `There is no item ${p.code}. Check the code in the Zeren tab (App Home) or in your unit's list.`,
  'progress.closed': (p: { code: string }) => `Item ${p.code} is closed and takes no more reports.`,
  'progress.notYours': (p: { code: string }) => `You are not an owner of ${p.code} nor the head of its unit, so you cannot report on it.`,
  'progress.percentRange': () => 'The percentage must be a whole number from 0 to 100.',
  'progress.empty': () => 'Give a percentage, a status or a note.',
  'progress.recorded': (p: { code: string; title: string; summary: string }) => `Recorded for ${p.code} ${p.title}: ${p.summary}`,
  'progress.repeated': (p: { code: string; title: string }) => `This report on ${p.code} ${p.title} was already recorded.`,
  'progress.awaitingApproval': () => 'It now awaits approval.',
  'progress.awaitingApprovalBy': (p: { decider: string }) => `It now awaits approval by <@${p.decider}>.`,
  'progress.notice': (p: { actor: string; code: string; title: string; summary: string }) => `${p.actor} reported on ${p.code} ${p.title}: ${p.summary}`,
  'progress.noteLabel': () => 'Note',
  'progress.evidence': () => 'Evidence',
  'progress.failed': () => 'Sorry, your report could not be recorded just now. Nothing was saved; please try again.',
  'status.on_track': () => 'On track',
  'status.at_risk': () => 'At risk',
  'status.blocked': () => 'Blocked',
  'status.done': () => 'Done',
  'light.grey': () => 'Not started',
  'light.blue': () => 'Due soon',
  'light.green': () => 'On track',
  'light.yellow': () => 'Lagging',
  'light.red': () => 'Behind',
  'button.report': () => 'Report progress',
  'modal.title': () => 'Report progress',
  'modal.submit': () => 'Record',
  'modal.close': () => 'Cancel',
  'modal.item': () => 'Item',
  'modal.itemPlaceholder': () => 'Choose an item',
  'modal.percent': () => 'Percent complete',
  'modal.status': () => 'Status',
  'modal.statusPlaceholder': () => 'Choose a status',
  'modal.note': () => 'Note',
  'modal.notePlaceholder': () => 'What was done, what is next, what is in the way',
  'modal.evidence': () => 'Evidence link',
  'modal.noItems': () => 'You have no items to report on. Items come from your unit’s responsibility list; ask its administrator.',
  'modal.moreItems': (p: { shown: number; total: number }) => `Showing your first ${p.shown} of ${p.total} items; for another, use /progress ITEM-CODE.`,
  'modal.cannotReport': () => 'Cannot report',
  'home.title': () => 'Your responsibility items',
  'home.intro': (p: { count: number }) => `${p.count} item(s) you own or head. Report with the buttons or with /progress ITEM-CODE N% status note.`,
  'home.empty': () => 'You have no items yet. Items come from your unit’s responsibility list.',
  'home.due': (p: { date: string }) => `Due ${p.date}`,
  'home.lastReport': (p: { date: string; summary: string }) => `Last report ${p.date}: ${p.summary}`,
  'home.noReport': () => 'No report yet',
  'home.page': (p: { page: number; pages: number }) => `Page ${p.page} of ${p.pages}`,
  'home.next': () => 'Next page',
  'home.previous': () => 'Previous page',

  // Channels.
  'channels.memberDeactivated': (p: { user: string; unit: string; count: number; items: string }) =>
    `<@${p.user}> is deactivated in Slack, so they were not added to the channel of unit ${p.unit}. They own ${p.count} item(s): ${p.items}. Please give these items a new owner (change the owners in the import file and import it again).`,
  'channels.memberDeactivatedRole': (p: { user: string; unit: string; role: string }) =>
    `<@${p.user}> (${p.role} of unit ${p.unit}) is deactivated in Slack and was not added to the unit's channel. Please update the unit's ${p.role} in the import file.`,
  'channels.role.head': () => 'head',
  'channels.role.supervisor': () => 'supervisor',

  // Prompts, reminders and escalations.
  'schedule.prompt': (p: { code: string; title: string; due: string; owners: string }) =>
    `🔔 Progress check: *${p.code}* ${p.title} (due ${p.due}). ${p.owners} please report with the button or \`/progress ${p.code} N% status note\`.`,
  'schedule.reminderSilence': (p: { code: string; title: string; days: number }) =>
    `⏰ Reminder: *${p.code}* ${p.title} has had no progress report for ${p.days} working day(s). Please report now with the button or \`/progress ${p.code} N% status note\`.`,
  'schedule.reminderOverdue': (p: { code: string; title: string; date: string; days: number }) =>
    `⏰ Reminder: *${p.code}* ${p.title} was due on ${p.date} and is ${p.days} working day(s) overdue. Please report where it stands, or mark it done for approval.`,
  'schedule.reminderMilestone': (p: { code: string; title: string; milestone: string; date: string; days: number }) =>
    `⏰ Reminder: the milestone “${p.milestone}” of *${p.code}* ${p.title} was due on ${p.date} (${p.days} working day(s) ago). Please report its progress.`,
  'schedule.reminderThread': (p: { code: string; title: string; owners: string; days: number }) =>
    `${p.owners}: still no report on *${p.code}* ${p.title} after ${p.days} working day(s). Please report with the button above.`,
  'schedule.prompts': (p: { unit: string; count: number; owners: string }) =>
    `🔔 Progress check for ${p.unit}: ${p.count} items are due for a report. ${p.owners} please report on each with its button or \`/progress CODE N% status note\`.`,
  'schedule.promptLine': (p: { code: string; title: string; due: string }) => `*${p.code}* ${p.title} (due ${p.due})`,
  'schedule.reminders': (p: { unit: string; count: number }) =>
    `⏰ Reminder: ${p.count} of your items in ${p.unit} need a progress report. Please report on each with its button or \`/progress CODE N% status note\`.`,
  'schedule.lineSilent': (p: { code: string; title: string; days: number }) => `*${p.code}* ${p.title}: no progress report for ${p.days} working day(s)`,
  'schedule.lineOverdue': (p: { code: string; title: string; date: string; days: number }) => `*${p.code}* ${p.title}: due on ${p.date}, ${p.days} working day(s) overdue`,
  'schedule.lineMilestoneOverdue': (p: { code: string; title: string; milestone: string; date: string; days: number }) =>
    `*${p.code}* ${p.title}: the milestone “${p.milestone}” was due on ${p.date} (${p.days} working day(s) ago)`,
  'schedule.reminderThreads': (p: { count: number }) => `Still no report on ${p.count} of the items above. Please report with their buttons.`,
  'schedule.threadLine': (p: { code: string; title: string; owners: string; days: number }) => `• *${p.code}* ${p.title}: ${p.owners}, ${p.days} working day(s)`,
  'schedule.headSilence': (p: { code: string; title: string; unit: string; owners: string; days: number; since?: string; steps?: string }) =>
    `📣 For your attention (提醒): *${p.code}* ${p.title} of unit ${p.unit} has had no progress report for ${p.days} working day(s)${p.since ? ` since it was prompted on ${p.since}` : ''}.${p.steps ? ` ${p.steps}` : ''} Owners: ${p.owners}. Please follow up with them.`,
  'schedule.headOverdue': (p: { code: string; title: string; unit: string; owners: string; date: string; days: number; what: string; steps?: string }) =>
    `📣 For your attention (提醒): ${p.what} of *${p.code}* ${p.title} (unit ${p.unit}) was due on ${p.date} and is ${p.days} working day(s) overdue.${p.steps ? ` ${p.steps}` : ''} Owners: ${p.owners}. Please follow up with them.`,
  'schedule.supervisorSilence': (p: { to: string; code: string; title: string; unit: string; owners: string; days: number; since?: string; steps?: string }) =>
    `🚩 ${p.to}: *${p.code}* ${p.title} of unit ${p.unit} has had no progress report for ${p.days} working day(s)${p.since ? ` since it was prompted on ${p.since}` : ''}. Owners: ${p.owners}.${p.steps ? ` ${p.steps}` : ''} A talk with the unit (约谈) is suggested.`,
  'schedule.supervisorOverdue': (p: { to: string; code: string; title: string; unit: string; owners: string; date: string; days: number; what: string; steps?: string }) =>
    `🚩 ${p.to}: ${p.what} of *${p.code}* ${p.title} (unit ${p.unit}) was due on ${p.date} and is ${p.days} working day(s) overdue. Owners: ${p.owners}.${p.steps ? ` ${p.steps}` : ''} A talk with the unit (约谈) is suggested.`,
  'schedule.headEscalations': (p: { unit: string; count: number }) =>
    `📣 For your attention (提醒): ${p.count} items of unit ${p.unit} are silent or overdue. Please follow up with their owners.`,
  'schedule.supervisorEscalations': (p: { to: string; unit: string; count: number }) =>
    `🚩 ${p.to}: ${p.count} items of unit ${p.unit} are long silent or overdue. A talk with the unit (约谈) is suggested.`,
  'schedule.escalationLineSilence': (p: { code: string; title: string; owners: string; days: number; since?: string; steps?: string }) =>
    `• *${p.code}* ${p.title}: no progress report for ${p.days} working day(s)${p.since ? ` since it was prompted on ${p.since}` : ''}.${p.steps ? ` ${p.steps}` : ''} Owners: ${p.owners}.`,
  'schedule.escalationLineOverdue': (p: { code: string; title: string; owners: string; date: string; days: number; what: string; steps?: string }) =>
    `• ${p.what} of *${p.code}* ${p.title} was due on ${p.date}, ${p.days} working day(s) overdue.${p.steps ? ` ${p.steps}` : ''} Owners: ${p.owners}.`,
  'schedule.reminded': () => 'Its owners were reminded.',
  'schedule.notReminded': () => 'Its owners have not been reminded (no reminder reached them).',
  'schedule.remindedHeadTold': () => 'Its owners were reminded and its unit head was told.',
  'schedule.remindedHeadNotTold': () => 'Its owners were reminded; its unit head was not told (no notice reached them).',
  'schedule.notRemindedHeadTold': () => 'Its owners were not reminded (no reminder reached them); its unit head was told.',
  'schedule.notRemindedHeadNotTold': () => 'Neither a reminder to its owners nor a notice to its unit head reached them.',
  'schedule.theItem': () => 'the item',
  'schedule.theMilestone': (p: { milestone: string }) => `the milestone “${p.milestone}”`,
  'schedule.nobody': () => 'no owner',

  // Deputies.
  'deputy.notSelf': () => 'Choose someone other than yourself.',
  'deputy.endsBeforeStart': () => 'The last day must not be before the first.',
  'deputy.inThePast': () => 'This period has already ended.',
  'deputy.startsInThePast': () => 'The first day must not be in the past.',
  'deputy.tooLong': (p: { max: number; last: string }) => `A deputy period is at most ${p.max} days: with this first day, the last can be ${p.last} at the latest.`,
  'deputy.notYours': () => 'Only the person themself, the head of their unit (for a unit head: the parent unit’s head) or an administrator may name a deputy for someone.',
  'deputy.noDuties': (p: { user: string }) => `<@${p.user}> has no duties in any unit (no items, no unit to head or supervise), so a deputy would stand in for nothing.`,
  'deputy.whoNeeded': () => 'Choose the deputy.',
  'deputy.notThemself': () => 'Choose someone other than the person they stand in for.',
  'deputy.badDate': () => 'Choose a date.',
  'deputy.overlaps': (p: { deputy: string; from: string; to: string }) => `There is already a deputy for part of this time: <@${p.deputy}>, ${p.from} to ${p.to}. End that period first.`,
  'deputy.deactivated': () => 'This person’s Slack account is deactivated; choose someone who can act.',
  'deputy.for': () => 'Stands in for',
  'deputy.noticeNamed': (p: { unit: string; user: string; deputy: string; from: string; to: string; by: string }) =>
    `👤 <@${p.by}> named <@${p.deputy}> as deputy for <@${p.user}>, head of ${p.unit}, from ${p.from} to ${p.to}. Meanwhile prompts, approvals and escalations for the head go to the deputy; the deputy never decides the head’s own claims.`,
  'deputy.noticeEnded': (p: { unit: string; user: string; deputy: string; by: string }) => `👤 <@${p.by}> ended the deputy period of <@${p.deputy}> for <@${p.user}>, head of ${p.unit}.`,
  'deputy.none': () => 'No deputy: prompts and reminders come to you.',
  'deputy.current': (p: { deputy: string; from: string; to: string }) => `Your deputy: <@${p.deputy}>, ${p.from} to ${p.to}. Prompts, reminders and escalations for you go to them meanwhile.`,
  'deputy.name': () => 'Name a deputy',
  'deputy.end': () => 'End deputy',
  'deputy.title': () => 'Name a deputy',
  'deputy.submit': () => 'Save',
  'deputy.who': () => 'Deputy',
  'deputy.from': () => 'First day',
  'deputy.to': () => 'Last day',
  'deputy.hint': (p: { max: number }) =>
    `While someone is away, their deputy gets their prompts, reminders, approvals and escalations, and may report for them, for at most ${p.max} days. You may name a deputy for yourself; a unit head for the people of the unit and the heads of the units below; an administrator for anyone. A deputy never decides a claim of the person they stand in for.`,

  // Approvals and sign-off.
  'approval.reasonNeeded': () => 'Say why the claim is returned.',
  'approval.reasonControl': (p: { code: string }) => `The reason contains a control character (${p.code}) that cannot be recorded. Please remove it.`,
  'approval.unknown': () => 'This request no longer exists.',
  'approval.alreadyDecided': (p: { by: string }) => `This request was already decided by <@${p.by}>; nothing changed.`,
  'approval.notEntitled': (p: { decider: string }) => `Only <@${p.decider}> (or their deputy) decides this request.`,
  'approval.nobodyEntitled': () => 'Nobody may decide this request yet: neither its unit nor the units above have a head who may, and no administrator is set (ZEREN_ADMINS).',
  'approval.ownClaim': () => 'You cannot decide your own claim: someone else must (four eyes).',
  'approval.standsIn': () => 'You stand in for the person who made this claim, or they for you, so you cannot decide it: someone else must (four eyes).',
  'approval.decidedAbove': (p: { unit: string }) => `Four eyes: the claimant heads this unit or stands in for its head, so the head of ${p.unit} decides.`,
  'approval.decidedByAdmin': () => 'Four eyes: no head above may decide this claim, so an administrator decides.',
  'approval.claimResult': (p: { head: string; claimant: string; code: string; title: string }) => `${p.head}: ${p.claimant} reports *${p.code}* ${p.title} as done. Please approve it or return it.`,
  'approval.claimMilestone': (p: { head: string; claimant: string; code: string; title: string; milestone: string }) =>
    `${p.head}: ${p.claimant} reports the milestone “${p.milestone}” of *${p.code}* ${p.title} as reached. Please approve it or return it.`,
  'approval.signoff': (p: { head: string; unit: string; name: string; year: number; count: number }) =>
    `${p.head}: the ${p.year} responsibility list of ${p.unit} ${p.name} (${p.count} item(s)) is ready to be signed (签字背书).`,
  'approval.change': (p: { head: string; unit: string; code: string; action: string }) =>
    `${p.head}: a change to the signed list of ${p.unit} waits for your approval — item *${p.code}* (${p.action}).`,
  'approval.changeCreated': () => 'new item',
  'approval.changeUpdated': () => 'changed',
  'approval.more': (p: { count: number }) => `… and ${p.count} more`,
  'approval.approve': () => 'Approve',
  'approval.return': () => 'Return',
  'approval.sign': () => 'Sign the list',
  'approval.approved': (p: { by: string; at: string }) => `✅ Approved by <@${p.by}> at ${p.at}.`,
  'approval.signed': (p: { by: string; at: string; version: number; hash: string }) => `✅ Signed by <@${p.by}> at ${p.at} — version ${p.version}, ${p.hash}.`,
  'approval.returned': (p: { by: string; at: string; reason: string }) => `↩️ Returned by <@${p.by}> at ${p.at}: ${p.reason}`,
  'approval.outcomeApproved': (p: { code: string; title: string; by: string }) => `✅ <@${p.by}> approved your claim on *${p.code}* ${p.title}.`,
  'approval.outcomeReturned': (p: { code: string; title: string; by: string; reason: string }) =>
    `↩️ <@${p.by}> returned your claim on *${p.code}* ${p.title}: ${p.reason}\nThe item is back in progress; report again when it is ready.`,
  'approval.returnTitle': () => 'Return the claim',
  'approval.returnSubmit': () => 'Return',
  'approval.reason': () => 'Reason',
  'approval.note': () => 'Note',
  'approval.evidence': () => 'Evidence',
  'modal.milestone': () => 'Milestone reached',
  'modal.milestonePlaceholder': () => 'Choose a milestone, if one was reached',

  // Weekly digests.
  'digest.title': (p: { unit: string; name: string; week: string }) => `Weekly digest · ${p.unit} ${p.name} · ${p.week}`,
  'digest.counts': (p: { total: number; lights: string }) => `${p.total} item(s): ${p.lights}`,
  'digest.changed': (p: { count: number }) => `*Reported this week* (${p.count})`,
  'digest.overdue': (p: { count: number }) => `*Overdue* (${p.count})`,
  'digest.silent': (p: { count: number }) => `*Owners who did not report* (${p.count})`,
  'digest.pending': (p: { count: number }) => `*Awaiting approval:* ${p.count}`,
  'digest.children': (p: { count: number }) => `*Units below* (${p.count}), worst first`,
  'digest.child': (p: { lights: string; rate: number; signed: string; unit: string; name: string }) => `${p.lights} · on time ${p.rate}% · ${p.signed} — ${p.unit} ${p.name}`,
  'digest.signed': () => 'list signed',
  'digest.unsigned': () => 'list not signed',
  'digest.due': (p: { date: string }) => `due ${p.date}`,
  'digest.nothing': () => 'Nothing to report.',

  'export.unknownUnit': (p: { code: string }) => `there is no unit ${p.code}`,
  'export.written': (p: { rows: number; file: string }) => `${p.rows} row(s) written to ${p.file}`,

  'verify.ok': (p: { entries: number; units: number }) => `ledger verified: ${p.entries} entries in ${p.units} unit chain(s)`,
  'verify.broken': (p: { id: number; unit: string; reason: string }) => `ledger entry ${p.id} (unit ${p.unit}) does not match: ${p.reason}`,
  'verify.reasonHash': () => 'its hash is not the hash of its content',
  'verify.reasonLink': () => 'it does not point at the previous entry of its unit',
  'verify.reasonHead': () => "the unit's chain head does not match its last entry (an entry is missing)",
  'export.badFormat': (p: { format: string }) => `--format must be csv or json (or xlsx, with --out), not "${p.format}"`,
  'export.xlsxNeedsOut': () => '--format xlsx writes a binary file: give it --out FILE',
  'export.xlsxTooLarge': (p: { limit: number }) => `more than ${p.limit} rows do not fit in one XLSX sheet; export CSV or JSON, or a smaller unit`,
  'web.exportUnauthorized': () => 'a valid export token is required (Authorization: Bearer …)',
  'web.exportBadFormat': (p: { format: string }) => `format must be csv, xlsx or json, not "${p.format}"`,
  'web.exportBadUnit': () => 'give at most one unit code',
  'web.rateLimited': (p: { seconds: number }) => `too many requests; try again in ${p.seconds} seconds`,
  'public.indexTitle': () => 'Published responsibility lists',
  'public.indexIntro': () => 'Every responsibility list signed by its unit head, read-only.',
  'public.indexEmpty': () => 'No list has been signed yet.',
  'public.indexEntry': (p: { name: string; year: number }) => `${p.name}, ${p.year}`,
  'public.listTitle': (p: { name: string; year: number }) => `${p.name}: responsibility list ${p.year}`,
  'public.signed': (p: { date: string; version: number }) => `Signed on ${p.date}, version ${p.version}`,
  'public.colLight': () => 'Light',
  'public.colCode': () => 'Code',
  'public.colTitle': () => 'Item',
  'public.colResponsibility': () => 'Responsibility',
  'public.colPercent': () => 'Progress',
  'public.colDue': () => 'Due',
  'public.primary': () => 'Primary (主体责任)',
  'public.supervisory': () => 'Supervisory (监督责任)',
  'public.noItems': () => 'This list has no items.',
  'public.noReport': () => 'not reported',
  'public.back': () => 'All published lists',
  'public.switchLanguage': () => '中文',
  'public.privacy': () => 'Read-only. Owners and internal notes are not published.',
  'public.notFoundTitle': () => 'Not found',
  'public.notFound': () => 'There is no published list here: it does not exist or is not signed yet.',
} satisfies Record<string, (params: never) => string>;

export type Catalogue = { [K in keyof typeof en]: (typeof en)[K] };

const USAGE_EN = `Usage: zeren <command> [options]

Commands:
  start                         run the bot (HTTP on PORT, or Socket Mode with SLACK_APP_TOKEN)
  migrate                       apply database migrations (start does this too)
  import FILE… [--dry-run]      import units, policies, lists and items from YAML, CSV or XLSX
  export items|ledger|findings|supervision|reports|cases|statistics|reviews|anchors [--unit CODE] [--format csv|xlsx|json] [--out FILE]
                                export the items' state or the ledger (stdout unless --out)
  tick [--at ISO-8601] [--wait SECONDS] [--dry-run]
                                run what the schedules would run at that instant (default now),
                                deliver what is pending (waiting on Slack at most --wait, 60 s);
                                --dry-run prints what would be sent and writes nothing
  review UNIT YEAR [--out FILE.xlsx]
                                the year-end review document (逐项过堂): every item, finding and
                                listed order of the unit's year, and each item's ledger
  verify [--anchors FILE]       check the ledger's hash chains (and that anchored entries are unchanged)
  backup FILE [--force]         write a consistent copy of the embedded database (bot stopped)
  restore FILE [--force]        restore a backup into DATA_DIR (empty, or replaced with --force)

Options:
  -h, --help                    show this help

Settings come from the environment and .env (see .env.example).`;
