import type { App, BlockButtonAction, BlockOverflowAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { ITEM_PICK_MODES, type ItemEditField } from '../../../domain/item-edit.js';
import { parseMilestoneLines } from '../../../domain/milestone-lines.js';
import { render, t, type Locale } from '../../../i18n/index.js';
import {
  ITEM_ADD,
  ITEM_CLOSE,
  ITEM_EDIT,
  ITEM_EDIT_MODAL,
  ITEM_MENU,
  ITEM_PICK,
  ITEM_REOPEN,
  itemEditModal,
  itemNoticeView,
  itemPickModal,
} from '../../blocks/item-edit-modal.js';
import { escape, shorten } from '../../blocks/text.js';
import { unescapeSlack, type ListenerDeps } from '../deps.js';
import { publishHome } from '../events/app-home-opened.js';
import { input, parseMetadata, readView } from '../payloads.js';
import { superviseOpeners } from './supervise.js';

// What the bot's item modals and the item menu carry (see blocks/item-edit-modal.ts).
const pickMode = z.enum(ITEM_PICK_MODES);
const menuChoice = z
  .string()
  .regex(/^(edit|close|reopen|supervise):/)
  .transform((value) => {
    const at = value.indexOf(':');
    return { mode: value.slice(0, at) as 'edit' | 'close' | 'reopen' | 'supervise', code: value.slice(at + 1) };
  });
const editMetadata = z.object({ mode: z.enum(['add', 'edit']).catch('add'), code: z.string().optional() });
// Typed text as Slack escapes it, read back as typed.
const typed = input.text.transform((text) => unescapeSlack(text ?? '').trim());
const editFields = {
  code: typed,
  list: input.selectOrText.transform((text) => unescapeSlack(text ?? '').trim() || undefined),
  title: typed,
  target: typed,
  department: typed,
  measures: typed,
  owners: input.users,
  due: input.date,
  cadence: input.select,
  milestones: typed,
} satisfies Record<ItemEditField, z.ZodType>;

const outcomeText = (locale: Locale, code: string, action: string) =>
  action === 'requested'
    ? t(locale, 'itemEdit.requested', { code })
    : action === 'unchanged'
      ? t(locale, 'itemEdit.unchanged', { code })
      : action === 'closed'
        ? t(locale, 'itemEdit.closed', { code })
        : action === 'reopened'
          ? t(locale, 'itemEdit.reopened', { code })
          : t(locale, 'itemEdit.saved', { code });

/**
 * Editing a list in Slack (SPEC §2.2): App Home's buttons and the overflow menu on an item's
 * messages open modals to add, edit, close or reopen an item. Only an admin or the unit's head
 * may; anyone else is told so and nothing is written.
 */
export function registerItemEdits(app: App, deps: ListenerDeps): void {
  const openEdit = async (client: WebClient, trigger: string, actor: string, code: string | null) => {
    const locale = await deps.localeOf(actor);
    const lists = await deps.services.listEdits.lists(actor);
    if (lists.length === 0) return client.views.open({ trigger_id: trigger, view: itemNoticeView(locale, t(locale, 'itemEdit.notEntitled')) });
    if (code === null) return client.views.open({ trigger_id: trigger, view: itemEditModal(locale, { lists }) });
    const item = await deps.services.listEdits.find(actor, code);
    const view = item ? itemEditModal(locale, { lists, item }) : itemNoticeView(locale, t(locale, 'itemEdit.unknown', { code }));
    return client.views.open({ trigger_id: trigger, view });
  };

  app.action<BlockButtonAction>(ITEM_ADD, async ({ ack, body, client }) => {
    await ack();
    await openEdit(client, body.trigger_id, body.user.id, null);
  });
  for (const [action, mode] of [[ITEM_EDIT, 'edit'], [ITEM_CLOSE, 'close'], [ITEM_REOPEN, 'reopen']] as const) {
    app.action<BlockButtonAction>(action, async ({ ack, body, client }) => {
      await ack();
      const actor = body.user.id;
      const [locale, lists] = await Promise.all([deps.localeOf(actor), deps.services.listEdits.lists(actor)]);
      await client.views.open({ trigger_id: body.trigger_id, view: lists.length ? itemPickModal(locale, mode) : itemNoticeView(locale, t(locale, 'itemEdit.notEntitled')) });
    });
  }

  // The menu on an item's message: a stranger gets an ephemeral answer, nothing else happens.
  app.action<BlockOverflowAction>(ITEM_MENU, async ({ ack, body, action, client }) => {
    await ack();
    const actor = body.user.id;
    const locale = await deps.localeOf(actor);
    const tell = async (text: string) => {
      if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user: actor, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escape(text) } }] });
    };
    const choice = menuChoice.safeParse(action.selected_option?.value);
    if (!choice.success) {
      await tell(`⚠️ ${t(locale, 'error.fieldInvalid')}`);
      return;
    }
    const { mode, code } = choice.data;
    if (mode === 'supervise') {
      const opened = await superviseOpeners(deps).list(actor, locale, code);
      if ('refusal' in opened) await tell(`⚠️ ${opened.refusal}`);
      else await client.views.open({ trigger_id: body.trigger_id, view: opened.view });
      return;
    }
    if (mode === 'edit') {
      const item = await deps.services.listEdits.find(actor, code);
      if (!item) {
        await tell(`⚠️ ${(await deps.services.listEdits.lists(actor)).length ? t(locale, 'itemEdit.unknown', { code }) : t(locale, 'itemEdit.notEntitled')}`);
        return;
      }
      await openEdit(client, body.trigger_id, actor, code);
      return;
    }
    const outcome = await deps.services.listEdits.setClosed(actor, code, mode === 'close');
    await tell(outcome.ok ? outcomeText(locale, outcome.code, outcome.action) : `⚠️ ${render(locale, outcome.refusal)}`);
  });

  app.view(ITEM_PICK, async ({ ack, body, view }) => {
    const actor = body.user.id;
    const locale = await deps.localeOf(actor);
    const mode = pickMode.safeParse(view.private_metadata);
    const read = readView(view.state.values, { code: input.text });
    if (!mode.success || !read.ok) {
      await ack({ response_action: 'errors', errors: { code: t(locale, 'error.fieldInvalid') } });
      return;
    }
    const code = read.data.code?.trim() ?? '';
    if (mode.data === 'edit') {
      const [item, lists] = await Promise.all([deps.services.listEdits.find(actor, code), deps.services.listEdits.lists(actor)]);
      if (!item) {
        await ack({ response_action: 'errors', errors: { code: t(locale, 'itemEdit.unknown', { code }) } });
        return;
      }
      await ack({ response_action: 'update', view: itemEditModal(locale, { lists, item }) });
      return;
    }
    const outcome = await deps.services.listEdits.setClosed(actor, code, mode.data === 'close');
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: { code: render(locale, outcome.refusal) } });
      return;
    }
    await ack({ response_action: 'update', view: itemNoticeView(locale, outcomeText(locale, outcome.code, outcome.action)) });
  });

  app.view(ITEM_EDIT_MODAL, async ({ ack, body, view, client }) => {
    const actor = body.user.id;
    const locale = await deps.localeOf(actor);
    const meta = parseMetadata(editMetadata, view.private_metadata);
    const read = readView(view.state.values, editFields);
    if (!meta || !read.ok) {
      await ack({ response_action: 'errors', errors: { [read.ok ? 'title' : read.field]: t(locale, 'error.fieldInvalid') } });
      return;
    }
    const fields = read.data;
    const milestones = parseMilestoneLines(fields.milestones);
    const bad = milestones.problems[0];
    if (bad) {
      await ack({ response_action: 'errors', errors: { milestones: t(locale, 'itemEdit.badLine', { line: bad.line, text: shorten(bad.text, 100) }) } });
      return;
    }
    const mode = meta.mode === 'edit' ? 'edit' : 'add';
    const outcome = await deps.services.listEdits.edit(actor, {
      mode,
      code: mode === 'edit' ? (meta.code ?? '') : fields.code,
      list: fields.list,
      title: fields.title,
      target: fields.target,
      department: fields.department,
      measures: fields.measures,
      owners: fields.owners,
      due: fields.due ?? '',
      cadence: fields.cadence ?? '',
      milestones: milestones.rows,
    });
    if (!outcome.ok) {
      const field = outcome.field === null || (mode === 'edit' && (outcome.field === 'code' || outcome.field === 'list')) ? 'title' : outcome.field;
      const text = `${outcome.line ? `${t(locale, 'itemEdit.line', { line: outcome.line })} ` : ''}${render(locale, outcome.refusal)}`;
      await ack({ response_action: 'errors', errors: { [field]: text } });
      return;
    }
    await ack({ response_action: 'update', view: itemNoticeView(locale, outcomeText(locale, outcome.code, outcome.action)) });
    await publishHome(deps, client, actor);
  });
}
