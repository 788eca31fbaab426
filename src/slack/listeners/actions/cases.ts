import type { App, BlockButtonAction } from '@slack/bolt';
import { parseAccountabilityLines, parseDispositionLines } from '../../../domain/case-lines.js';
import { render, t } from '../../../i18n/index.js';
import { CASE_AMEND, CASE_LIST, CASE_MODAL, CASE_OPEN, CASE_PICK, caseModal, casePickModal, caseRefusalView } from '../../blocks/case-modal.js';
import { superviseNoticeView } from '../../blocks/supervise-modals.js';
import { superviseOpeners } from './supervise.js';
import { CIRCULAR_MODAL, CIRCULAR_OPEN, circularModal } from '../../blocks/circular-messages.js';
import { shorten } from '../../blocks/text.js';
import { unescapeSlack, type ListenerDeps } from '../deps.js';
import { publishHome } from '../events/app-home-opened.js';

type Values = Record<string, Record<string, { value?: string | null; selected_date?: string | null; selected_option?: { value: string } | null }>>;

/** Accountability cases from App Home: a supervisor records one, or amends one by its code, in a modal. */
export function registerCases(app: App, deps: ListenerDeps): void {
  const openFor = (mode: 'record' | 'amend') => async ({ ack, body, client }: { ack: () => Promise<void>; body: BlockButtonAction; client: App['client'] }) => {
    await ack();
    const actor = body.user.id;
    const [locale, units] = await Promise.all([deps.localeOf(actor), deps.services.cases.units(actor)]);
    // Someone who supervises nothing is told so, and no form is offered.
    const view = units.length === 0 ? caseRefusalView(locale, t(locale, 'case.notEntitled')) : mode === 'amend' ? casePickModal(locale) : caseModal(locale, { units, today: deps.services.today() });
    await client.views.open({ trigger_id: body.trigger_id, view });
  };
  app.action<BlockButtonAction>(CASE_OPEN, openFor('record'));
  app.action<BlockButtonAction>(CASE_AMEND, openFor('amend'));

  // "List for supervision" in a case's modal: the listing form on top of it, the case as its subject.
  app.action<BlockButtonAction>(CASE_LIST, async ({ ack, body, client }) => {
    await ack();
    const actor = body.user.id;
    const locale = await deps.localeOf(actor);
    const code = body.actions[0]?.value ?? '';
    const opened = await superviseOpeners(deps).list(actor, locale, code);
    await client.views.push({ trigger_id: body.trigger_id, view: 'view' in opened ? opened.view : superviseNoticeView(locale, opened.refusal) });
  });

  app.view(CASE_PICK, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const code = (view.state.values as Values).code?.code?.value?.trim() ?? '';
    const [locale, record, units] = await Promise.all([deps.localeOf(actor), deps.services.cases.find(actor, code), deps.services.cases.units(actor)]);
    if (!record) {
      await ack({ response_action: 'errors', errors: { code: t(locale, 'case.unknown', { code }) } });
      return;
    }
    await ack({ response_action: 'update', view: caseModal(locale, { units, record, today: deps.services.today() }) });
  });

  app.view(CASE_MODAL, async ({ ack, body, view, client }) => {
    const actor = body.user.id;
    const values = view.state.values as Values;
    const typed = (block: string) => unescapeSlack(values[block]?.[block]?.value ?? '').trim();
    const chosen = (block: string) => values[block]?.[block]?.selected_option?.value ?? (values[block]?.[block]?.value?.trim() || undefined);
    const locale = await deps.localeOf(actor);
    const dispositions = parseDispositionLines(typed('dispositions'));
    const accountability = parseAccountabilityLines(typed('accountability'));
    for (const [block, parsed] of [['dispositions', dispositions], ['accountability', accountability]] as const) {
      const bad = parsed.problems[0];
      if (bad) {
        await ack({ response_action: 'errors', errors: { [block]: t(locale, 'case.badLine', { line: bad.line, text: shorten(bad.text, 100) }) } });
        return;
      }
    }
    const outcome = await deps.services.cases.record(actor, {
      code: typed('code'),
      unit: chosen('unit'),
      opened: values.opened?.opened?.selected_date ?? '',
      source: chosen('source'),
      category: typed('category'),
      primary: chosen('primary'),
      supervisory: chosen('supervisory'),
      ...(values.concluded?.concluded?.selected_date && { concluded: values.concluded.concluded.selected_date }),
      dispositions: dispositions.rows,
      accountability: accountability.rows,
    });
    if (!outcome.ok) {
      const text = `${outcome.line ? `${t(locale, 'case.line', { line: outcome.line })} ` : ''}${render(locale, outcome.refusal)}`;
      await ack({ response_action: 'errors', errors: { [outcome.field ?? 'code']: text } });
      return;
    }
    await ack();
    await publishHome(deps, client, actor);
  });
}

/** Circulars from App Home: a supervisor composes one in a modal; it goes to every channel in scope. */
export function registerCirculars(app: App, deps: ListenerDeps): void {
  app.action<BlockButtonAction>(CIRCULAR_OPEN, async ({ ack, body, client }) => {
    await ack();
    const actor = body.user.id;
    const [locale, units] = await Promise.all([deps.localeOf(actor), deps.services.cases.units(actor)]);
    const view = units.length === 0 ? caseRefusalView(locale, t(locale, 'circular.notEntitled')) : circularModal(locale, { units });
    await client.views.open({ trigger_id: body.trigger_id, view });
  });
  app.view(CIRCULAR_MODAL, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const values = view.state.values as Values & Record<string, Record<string, { selected_options?: { value: string }[] }>>;
    const outcome = await deps.services.circulars.send({
      actor,
      unit: values.unit?.unit?.selected_option?.value ?? '',
      title: unescapeSlack(values.title?.title?.value ?? ''),
      text: unescapeSlack(values.text?.text?.value ?? ''),
      cases: (values.cases?.cases?.value ?? '').split(/[\s,，;；、]+/).filter(Boolean),
      anonymised: (values.anonymised?.anonymised?.selected_options ?? []).some((option) => option.value === 'yes'),
      // The same form submitted again (a double click, a retry) sends nothing more.
      requestKey: view.id,
    });
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: { [outcome.field ?? 'title']: render(await deps.localeOf(actor), outcome.refusal) } });
      return;
    }
    await ack();
  });
}
