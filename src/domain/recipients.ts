import type { Level } from './schedule.js';

/** What the routing needs to know of a unit. */
export interface RoutedUnit {
  code: string;
  parentCode: string | null;
  head: string | null;
  supervisor: string | null;
  /** The unit's channel once it is set up (created, bot and members in), else null. */
  channel: string | null;
}

/** Who is who today: units by code, deactivated people, and the deputies standing in. */
export interface Directory {
  unit: (code: string) => RoutedUnit | undefined;
  deactivated: ReadonlySet<string>;
  /** The deputy standing in today for a person. */
  deputyOf: ReadonlyMap<string, string>;
}

/** The item a scheduled step is about, as far as routing goes. */
export interface RoutedItem {
  unit: string;
  owners: readonly string[];
  /** A finding: the unit that inspected (its supervisor gets the last step). */
  finding?: { by: string } | null | undefined;
  /** A listed subject (挂牌督办): the order's issuer gets the last step. */
  listing?: { issuer: string } | null | undefined;
}

/** A scheduled step: the cycle's prompt, or a rung of the silence or overdue ladder. */
export type Step = { kind: 'prompt' } | { kind: 'silence' | 'overdue'; level: Level };

/** One message a step calls for; `lane` is where it goes (a channel or a person). */
export type Address =
  /** The prompt, in the unit's channel. */
  | { message: 'prompt'; lane: string }
  /** A reminder to one owner, by DM. */
  | { message: 'reminder'; lane: string }
  /** The reminder's reply in the prompt's thread (silence only). */
  | { message: 'reminder_thread'; lane: string }
  /** The unit head, by DM. */
  | { message: 'escalation'; level: 1; lane: string; to: string }
  /**
   * The last step: in the watching unit's channel when it is set up (`channel`, the lane), else
   * by DM; `watcher` names the unit whose supervisor watches (absent for an order's issuer).
   */
  | { message: 'escalation'; level: 2; lane: string; to: string; channel?: string; watcher?: string };

export interface Routing {
  /** The owners to name: deputies in place of those they cover, deactivated people left out, each once. */
  owners: string[];
  addresses: Address[];
  /** Who was told, for the ledger: the channel for a prompt, else the people messaged. */
  recipients: string[];
}

/**
 * Who is told what for one scheduled step, and where (SPEC §2.4): the prompt in the unit's
 * channel with the owners named; a reminder to each owner by DM and in the prompt's thread; the
 * unit head by DM; at the last step the parent unit's supervisor in the parent's channel (a root
 * unit's own supervisor in its own channel; a finding's inspecting unit's supervisor; a listed
 * subject's issuer by DM). Deputies stand in for whom they cover today; deactivated people are
 * not messaged.
 *
 * @returns null when the step must wait: the prompt's channel is not set up yet, or nobody can
 * be told (no head, everyone deactivated) — it is decided once someone is there.
 *
 * @example
 * recipientsOf({ kind: 'silence', level: 1 }, { unit: 'JS-NJ', owners: ['U03'] }, directory)
 * // { owners: ['U03'], addresses: [{ message: 'escalation', level: 1, lane: 'U02HEAD', to: 'U02HEAD' }], recipients: ['U02HEAD'] }
 */
export function recipientsOf(step: Step, item: RoutedItem, directory: Directory): Routing | null {
  const unit = directory.unit(item.unit);
  if (!unit) return null;
  const person = (user: string | null | undefined) => {
    if (!user || directory.deactivated.has(user)) return null;
    const deputy = directory.deputyOf.get(user);
    return deputy && !directory.deactivated.has(deputy) ? deputy : user;
  };
  const owners = [...new Set(item.owners.map(person).filter((user): user is string => user !== null))];
  const addresses: Address[] = [];
  const recipients: string[] = [];

  if (step.kind === 'prompt') {
    if (!unit.channel) return null;
    addresses.push({ message: 'prompt', lane: unit.channel });
    recipients.push(unit.channel);
  } else if (step.level === 0) {
    for (const owner of owners) {
      addresses.push({ message: 'reminder', lane: owner });
      recipients.push(owner);
    }
    if (unit.channel && step.kind === 'silence') addresses.push({ message: 'reminder_thread', lane: unit.channel });
  } else if (step.level === 1) {
    const head = person(unit.head);
    if (head) {
      addresses.push({ message: 'escalation', level: 1, lane: head, to: head });
      recipients.push(head);
    }
  } else if (item.listing) {
    const issuer = person(item.listing.issuer);
    if (issuer) {
      addresses.push({ message: 'escalation', level: 2, lane: issuer, to: issuer });
      recipients.push(issuer);
    }
  } else {
    const parent = unit.parentCode ? directory.unit(unit.parentCode) : undefined;
    const watcher = (item.finding && directory.unit(item.finding.by)) || parent || unit;
    const supervisor = person(watcher.supervisor);
    if (supervisor) {
      addresses.push({ message: 'escalation', level: 2, lane: watcher.channel ?? supervisor, to: supervisor, watcher: watcher.code, ...(watcher.channel && { channel: watcher.channel }) });
      recipients.push(supervisor);
    }
  }
  return addresses.length === 0 ? null : { owners, addresses, recipients };
}
