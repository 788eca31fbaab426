/**
 * The domain's words (GLOSSARY.md), each defined once: a `const` list for code that must
 * enumerate or check them (modals, parsers, zod), and the type derived from it. The database
 * schema, services and renderers import them from here.
 */

/** Who carries an item: a party organisation (`primary`) or the discipline commission (`supervisory`). */
export const RESPONSIBILITIES = ['primary', 'supervisory'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/**
 * What a list holds: a unit's responsibility list (the only kind published), its findings to
 * rectify (整改), its reports in report rounds (双报告, 述责述廉), or its listed cases' tracking items.
 */
export type ListKind = 'responsibility' | 'rectification' | 'report' | 'case';

/** How often an item is reported on. */
export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** The status a report gives an item, in the order a picker shows them. */
export const REPORT_STATUSES = ['on_track', 'at_risk', 'blocked', 'done'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Where an item's latest result or milestone stands with the head. */
export const APPROVALS = ['none', 'pending', 'approved', 'returned'] as const;
export type Approval = (typeof APPROVALS)[number];

/** What a closer is asked to decide: a head (result, milestone, sign-off, change), a finding's inspecting supervisor (result, extension), an order's issuer (its closure). */
export const APPROVAL_KINDS = ['result', 'milestone', 'signoff', 'change', 'extension', 'order_closure'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** Where an approval request stands. */
export const APPROVAL_STATES = ['pending', 'approved', 'returned'] as const;
export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** Where a ledger entry came from. */
export const LEDGER_SOURCES = ['slash_command', 'modal', 'button', 'scheduler', 'import', 'web', 'system'] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

/** The level a policy layer is set at, most general first. */
export const POLICY_SCOPES = ['global', 'unit', 'list'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

/** A person's place in a unit's channel. */
export const MEMBERSHIP_STATES = ['member', 'failed', 'deactivated'] as const;
export type MembershipState = (typeof MEMBERSHIP_STATES)[number];

/** Where an outbox message stands. */
export const OUTBOX_STATES = ['pending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
