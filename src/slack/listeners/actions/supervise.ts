import type { App, BlockButtonAction } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { render, t, type Locale } from '../../../i18n/index.js';
import type { SuperviseOutcome } from '../../../services/supervise.js';
import {
  SUPERVISE_FINDING,
  SUPERVISE_FINDING_MODAL,
  SUPERVISE_FINDING_PICK,
  SUPERVISE_INSPECT,
  SUPERVISE_INSPECTION_MODAL,
  SUPERVISE_LIST,
  SUPERVISE_LIST_MODAL,
  SUPERVISE_ROUND,
  SUPERVISE_ROUND_MODAL,
  findingModal,
  findingPickModal,
  inspectionModal,
  listModal,
  roundModal,
  superviseNoticeView,
} from '../../blocks/supervise-modals.js';
import { shorten } from '../../blocks/text.js';
import { unescapeSlack, type ListenerDeps } from '../deps.js';

type Values = Record<string, Record<string, { value?: string | null; selected_date?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] | null; selected_users?: string[] | null; selected_user?: string | null }>>;

/** What the person pressing or typing gets: a form, or why not (said ephemerally in a channel, in a modal on App Home). */
export type Opened = { view: View } | { refusal: string };
export interface SuperviseOpeners {
  inspection(actor: string, locale: Locale): Promise<Opened>;
  finding(actor: string, locale: Locale, code?: string): Promise<Opened>;
  list(actor: string, locale: Locale, code?: string): Promise<Opened>;
  round(actor: string, locale: Locale): Promise<Opened>;
}

/** The forms that `/supervise`, App Home's buttons and the item menu open. */
export function superviseOpeners(deps: ListenerDeps): SuperviseOpeners {
  const { supervise } = deps.services;
  return {
    async inspection(actor, locale) {
      const [inspecting, units] = await Promise.all([supervise.inspecting(actor), supervise.units()]);
      if (inspecting.length === 0) return { refusal: t(locale, 'supervise.notInspector') };
      return { view: inspectionModal(locale, { units, inspecting, today: deps.services.today() }) };
    },
    async finding(actor, locale, code) {
      if (code === undefined) {
        if ((await supervise.inspecting(actor)).length === 0) return { refusal: t(locale, 'supervise.notInspector') };
        return { view: findingPickModal(locale) };
      }
      const found = await supervise.inspection(actor, code);
      return found.ok ? { view: findingModal(locale, found.inspection, deps.services.today()) } : { refusal: render(locale, found.refusal) };
    },
    async list(actor, locale, code) {
      if ((await supervise.listing(actor)).length === 0) return { refusal: t(locale, 'supervise.notSupervisor') };
      if (code !== undefined) {
        const found = await supervise.subject(actor, code);
        if (!found.ok) return { refusal: render(locale, found.refusal) };
        code = found.subject.code;
      }
      return { view: listModal(locale, { subject: code, issuer: actor, today: deps.services.today() }) };
    },
    async round(actor, locale) {
      const [issuing, reporting] = await Promise.all([supervise.issuing(actor), supervise.reporting(actor)]);
      if (issuing.length === 0) return { refusal: t(locale, 'supervise.notRoundIssuer') };
      return { view: roundModal(locale, { issuing, reporting, reviewer: actor, today: deps.services.today() }) };
    },
  };
}

/** The answer to a submitted form: the errors beside their fields (nothing written), or a notice of what was recorded. */
const answer = (locale: Locale, outcome: SuperviseOutcome, done: (code: string) => string, fields: readonly string[]) =>
  outcome.ok
    ? { response_action: 'update' as const, view: superviseNoticeView(locale, done(outcome.code)) }
    : { response_action: 'errors' as const, errors: { [outcome.field && fields.includes(outcome.field) ? outcome.field : 'code']: shorten(render(locale, outcome.refusal), 300) } };

/**
 * The supervisors' forms (SPEC §2.7): record an inspection, add a finding, list a subject for
 * supervision. Opened from App Home, `/supervise` and the item menu; each submission goes through
 * the import's checks and writer, so a refusal is said beside its field and nothing is written,
 * and the same form sent again (a retry) records nothing more.
 */
export function registerSupervise(app: App, deps: ListenerDeps): void {
  const open = superviseOpeners(deps);
  // App Home has no channel for an ephemeral answer: a refusal comes as a modal that only says it.
  const button = (action: string, opener: (actor: string, locale: Locale) => Promise<Opened>) =>
    app.action<BlockButtonAction>(action, async ({ ack, body, client }) => {
      await ack();
      const actor = body.user.id;
      const locale = await deps.localeOf(actor);
      const opened = await opener(actor, locale);
      await (client as WebClient).views.open({ trigger_id: body.trigger_id, view: 'view' in opened ? opened.view : superviseNoticeView(locale, opened.refusal) });
    });
  button(SUPERVISE_INSPECT, (actor, locale) => open.inspection(actor, locale));
  button(SUPERVISE_FINDING, (actor, locale) => open.finding(actor, locale));
  button(SUPERVISE_LIST, (actor, locale) => open.list(actor, locale));
  button(SUPERVISE_ROUND, (actor, locale) => open.round(actor, locale));

  const read = (values: Values) => ({
    typed: (block: string) => unescapeSlack(values[block]?.[block]?.value ?? '').trim() || undefined,
    chosen: (block: string) => values[block]?.[block]?.selected_option?.value ?? (unescapeSlack(values[block]?.[block]?.value ?? '').trim() || undefined),
    day: (block: string) => values[block]?.[block]?.selected_date ?? undefined,
  });

  app.view(SUPERVISE_INSPECTION_MODAL, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const { typed, chosen, day } = read(view.state.values as Values);
    const outcome = await deps.services.supervise.recordInspection(actor, {
      code: typed('code'),
      kind: chosen('kind'),
      unit: chosen('unit'),
      by: chosen('by'),
      from: day('from'),
      to: day('to'),
      items: (typed('items') ?? '').split(/[\s,，;；、]+/).filter(Boolean),
    });
    const locale = await deps.localeOf(actor);
    await ack(answer(locale, outcome, (code) => t(locale, 'supervise.recordedInspection', { code }), ['code', 'kind', 'unit', 'by', 'from', 'to', 'items']));
  });

  app.view(SUPERVISE_FINDING_PICK, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const code = read(view.state.values as Values).typed('inspection') ?? '';
    const [locale, found] = await Promise.all([deps.localeOf(actor), deps.services.supervise.inspection(actor, code)]);
    if (!found.ok) {
      await ack({ response_action: 'errors', errors: { inspection: render(locale, found.refusal) } });
      return;
    }
    await ack({ response_action: 'update', view: findingModal(locale, found.inspection, deps.services.today()) });
  });

  app.view(SUPERVISE_FINDING_MODAL, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const values = view.state.values as Values;
    const { typed, chosen, day } = read(values);
    const inspection = view.private_metadata;
    const outcome = await deps.services.supervise.addFinding(actor, inspection, {
      code: typed('code'),
      title: typed('title'),
      severity: chosen('severity'),
      item: typed('item'),
      owners: values.owners?.owners?.selected_users ?? [],
      requirement: typed('requirement'),
      due: day('due'),
      cadence: chosen('cadence'),
    });
    const locale = await deps.localeOf(actor);
    await ack(answer(locale, outcome, (code) => t(locale, 'supervise.recordedFinding', { code, inspection }), ['code', 'title', 'severity', 'item', 'owners', 'requirement', 'due', 'cadence']));
  });

  app.view(SUPERVISE_LIST_MODAL, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const values = view.state.values as Values;
    const { typed, chosen, day } = read(values);
    const outcome = await deps.services.supervise.list(actor, {
      code: typed('code'),
      subject: typed('subject'),
      by: values.by?.by?.selected_user ?? undefined,
      reason: chosen('reason'),
      due: day('due'),
      cadence: chosen('cadence'),
    });
    const locale = await deps.localeOf(actor);
    await ack(answer(locale, outcome, (code) => t(locale, 'supervise.recordedOrder', { code, subject: typed('subject') ?? '' }), ['code', 'subject', 'by', 'reason', 'due', 'cadence']));
  });

  app.view(SUPERVISE_ROUND_MODAL, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const values = view.state.values as Values;
    const { typed, chosen, day } = read(values);
    const picked = values.units?.units?.selected_options;
    const units = picked ? picked.map((option) => option.value) : (typed('units') ?? '').split(/[\s,，;；、]+/).filter(Boolean);
    const outcome = await deps.services.supervise.createRound(actor, {
      code: typed('code'),
      kind: chosen('kind'),
      by: chosen('by'),
      units,
      period: typed('period'),
      due: day('due'),
      reviewers: values.reviewers?.reviewers?.selected_users ?? [],
    });
    const locale = await deps.localeOf(actor);
    await ack(answer(locale, outcome, (code) => t(locale, 'supervise.recordedRound', { code, count: units.length }), ['code', 'kind', 'by', 'units', 'period', 'due', 'reviewers']));
  });
}
