import { describe, expect, it } from 'vitest';
import { BLOCK_KIT_LIMITS, checkBlockKit, checkUpdateText, type BlockKitPayload, type Surface } from '../support/blockkit-limits.js';
import { readSlackReference } from '../support/slack-reference.js';

const x = (n: number) => 'x'.repeat(n);
const pt = (text: string) => ({ type: 'plain_text', text });
const md = (text: string) => ({ type: 'mrkdwn', text });
const section = (text = 'hi') => ({ type: 'section', text: md(text) });
const button = (over: Record<string, unknown> = {}) => ({ type: 'button', text: pt('Go'), action_id: 'go', ...over });
const option = (text = 'a', value = 'a') => ({ text: pt(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`, `v${i}`));
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const modal = (over: Record<string, unknown> = {}) => ({ type: 'modal', title: pt('Title'), blocks: [section()], ...over });
const inModal = (over: Record<string, unknown>) => ({ view: modal(over) });
const msg = (...blocks: unknown[]): BlockKitPayload => ({ text: 'fallback', blocks });
const confirm = (over: Record<string, unknown> = {}) => ({
  title: pt('Sure?'),
  text: md('Really'),
  confirm: pt('Yes'),
  deny: pt('No'),
  ...over,
});

interface LimitCase {
  name: string;
  limit: number;
  surface?: Surface;
  build: (n: number) => BlockKitPayload;
}

const cases: LimitCase[] = [
  { name: 'message blocks', limit: 50, build: (n) => msg(...Array.from({ length: n }, () => ({ type: 'divider' }))) },
  { name: 'modal blocks', limit: 100, surface: 'modal', build: (n) => inModal({ blocks: Array.from({ length: n }, () => ({ type: 'divider' })) }) },
  {
    name: 'home blocks',
    limit: 100,
    surface: 'home',
    build: (n) => ({ view: { type: 'home', blocks: Array.from({ length: n }, () => ({ type: 'divider' })) } }),
  },
  { name: 'message text', limit: 40_000, build: (n) => ({ text: x(n) }) },
  { name: 'section text', limit: 3000, build: (n) => msg(section(x(n))) },
  { name: 'section fields count', limit: 10, build: (n) => msg({ type: 'section', fields: Array.from({ length: n }, () => md('f')) }) },
  { name: 'section field length', limit: 2000, build: (n) => msg({ type: 'section', fields: [md(x(n))] }) },
  { name: 'header text', limit: 150, build: (n) => msg({ type: 'header', text: pt(x(n)) }) },
  { name: 'context elements', limit: 10, build: (n) => msg({ type: 'context', elements: Array.from({ length: n }, () => md('c')) }) },
  { name: 'actions elements', limit: 25, build: (n) => msg(actions(...Array.from({ length: n }, (_, i) => button({ action_id: `b${i}` })))) },
  { name: 'button text', limit: 75, build: (n) => msg(actions(button({ text: pt(x(n)) }))) },
  { name: 'button action_id', limit: 255, build: (n) => msg(actions(button({ action_id: x(n) }))) },
  { name: 'button value', limit: 2000, build: (n) => msg(actions(button({ value: x(n) }))) },
  { name: 'button url', limit: 3000, build: (n) => msg(actions(button({ url: x(n) }))) },
  { name: 'button accessibility_label', limit: 75, build: (n) => msg(actions(button({ accessibility_label: x(n) }))) },
  { name: 'block_id', limit: 255, build: (n) => msg({ ...section(), block_id: x(n) }) },
  {
    name: 'confirm title',
    limit: 100,
    build: (n) => msg(actions(button({ confirm: confirm({ title: pt(x(n)) }) }))),
  },
  { name: 'confirm text', limit: 300, build: (n) => msg(actions(button({ confirm: confirm({ text: md(x(n)) }) }))) },
  { name: 'confirm button', limit: 30, build: (n) => msg(actions(button({ confirm: confirm({ confirm: pt(x(n)) }) }))) },
  { name: 'deny button', limit: 30, build: (n) => msg(actions(button({ confirm: confirm({ deny: pt(x(n)) }) }))) },
  {
    name: 'static_select options',
    limit: 100,
    build: (n) => msg(actions({ type: 'static_select', action_id: 's', options: options(n) })),
  },
  {
    name: 'static_select option_groups',
    limit: 100,
    build: (n) =>
      msg(
        actions({
          type: 'static_select',
          action_id: 's',
          option_groups: Array.from({ length: n }, (_, i) => ({ label: pt(`g${i}`), options: [option(`o${i}`, `v${i}`)] })),
        }),
      ),
  },
  {
    name: 'option group label',
    limit: 75,
    build: (n) => msg(actions({ type: 'static_select', action_id: 's', option_groups: [{ label: pt(x(n)), options: [option()] }] })),
  },
  { name: 'option text', limit: 75, build: (n) => msg(actions({ type: 'static_select', action_id: 's', options: [option(x(n))] })) },
  { name: 'option value', limit: 150, build: (n) => msg(actions({ type: 'static_select', action_id: 's', options: [option('a', x(n))] })) },
  {
    name: 'option description',
    limit: 75,
    build: (n) => msg(actions({ type: 'checkboxes', action_id: 'c', options: [{ ...option(), description: md(x(n)) }] })),
  },
  {
    name: 'select placeholder',
    limit: 150,
    build: (n) => msg(actions({ type: 'users_select', action_id: 'u', placeholder: pt(x(n)) })),
  },
  { name: 'overflow options', limit: 5, build: (n) => msg(actions({ type: 'overflow', action_id: 'o', options: options(n) })) },
  { name: 'checkboxes options', limit: 10, build: (n) => msg(actions({ type: 'checkboxes', action_id: 'c', options: options(n) })) },
  { name: 'radio_buttons options', limit: 10, build: (n) => msg(actions({ type: 'radio_buttons', action_id: 'r', options: options(n) })) },
  {
    name: 'plain_text_input max_length',
    limit: 3000,
    surface: 'modal',
    build: (n) =>
      inModal({
        submit: pt('Save'),
        blocks: [{ type: 'input', label: pt('Note'), element: { type: 'plain_text_input', action_id: 'note', max_length: n } }],
      }),
  },
  {
    name: 'input label',
    limit: 2000,
    surface: 'modal',
    build: (n) =>
      inModal({ submit: pt('Save'), blocks: [{ type: 'input', label: pt(x(n)), element: { type: 'plain_text_input', action_id: 'a' } }] }),
  },
  {
    name: 'file_input max_files',
    limit: 10,
    surface: 'modal',
    build: (n) =>
      inModal({ submit: pt('Save'), blocks: [{ type: 'input', label: pt('F'), element: { type: 'file_input', action_id: 'f', max_files: n } }] }),
  },
  { name: 'image alt_text', limit: 2000, build: (n) => msg({ type: 'image', image_url: 'https://x.test/a.png', alt_text: x(n) }) },
  { name: 'image image_url', limit: 3000, build: (n) => msg({ type: 'image', image_url: x(n), alt_text: 'a' }) },
  { name: 'markdown block text', limit: 12_000, build: (n) => msg({ type: 'markdown', text: x(n) }) },
  { name: 'modal title', limit: 24, surface: 'modal', build: (n) => inModal({ title: pt(x(n)) }) },
  { name: 'modal submit', limit: 24, surface: 'modal', build: (n) => inModal({ submit: pt(x(n)) }) },
  { name: 'modal close', limit: 24, surface: 'modal', build: (n) => inModal({ close: pt(x(n)) }) },
  { name: 'private_metadata', limit: 3000, surface: 'modal', build: (n) => inModal({ private_metadata: x(n) }) },
  { name: 'callback_id', limit: 255, surface: 'modal', build: (n) => inModal({ callback_id: x(n) }) },
];

describe('checkBlockKit limits', () => {
  it.each(cases)('$name: $limit passes, one more fails', ({ limit, surface = 'message', build }) => {
    expect(checkBlockKit(surface, build(limit))).toEqual([]);
    const over = checkBlockKit(surface, build(limit + 1));
    expect(over).toHaveLength(1);
    expect(over[0]).toMatch(new RegExp(`max ${limit}|between \\d+ and ${limit}`));
  });
});

describe('checkBlockKit rules', () => {
  it('rejects an empty message and accepts text only or blocks only', () => {
    expect(checkBlockKit('message', {})).toEqual(['message: a message needs non-empty "text" or at least one block']);
    expect(checkBlockKit('message', { text: '  ', blocks: [] })).toHaveLength(1);
    expect(checkBlockKit('message', { text: 'hi' })).toEqual([]);
    expect(checkBlockKit('message', { blocks: [section()] })).toEqual([]);
  });

  it('names the path of a nested violation found by walking the tree', () => {
    const accessory = { type: 'overflow', action_id: x(256), options: options(2) };
    expect(checkBlockKit('message', msg({ ...section(), accessory }))).toEqual([
      'blocks[0].accessory.action_id: action_id is 256 characters, max 255',
    ]);
  });

  it('requires plain_text where Slack does', () => {
    expect(checkBlockKit('message', msg({ type: 'header', text: md('*bold*') }))).toEqual([
      'blocks[0].text.type: header text must be plain_text',
    ]);
    expect(checkBlockKit('message', msg(actions(button({ text: md('Go') }))))).toHaveLength(1);
  });

  it('rejects empty text objects and sections without text', () => {
    expect(checkBlockKit('message', msg(section('')))).toEqual(['blocks[0].text.text: section text must not be empty']);
    expect(checkBlockKit('message', msg({ type: 'section' }))).toEqual(['blocks[0]: a section needs "text" or "fields"']);
    expect(checkBlockKit('message', msg({ type: 'context', elements: [md('')] }))).toHaveLength(1);
  });

  it('rejects duplicate block_ids and blocks without a type', () => {
    const errors = checkBlockKit('message', msg({ ...section(), block_id: 'a' }, { ...section(), block_id: 'a' }, { text: 'no type' }));
    expect(errors).toEqual(['blocks[1].block_id: duplicate block_id "a"', 'blocks[2]: a block must be an object with a "type"']);
  });

  it('checks context element kinds and empty actions', () => {
    expect(checkBlockKit('message', msg({ type: 'context', elements: [button()] }))).toHaveLength(1);
    expect(checkBlockKit('message', msg(actions()))).toEqual(['blocks[0].elements: actions elements has 0 items, min 1']);
  });

  it('checks button style and select options presence', () => {
    expect(checkBlockKit('message', msg(actions(button({ style: 'green' }))))).toEqual([
      'blocks[0].elements[0].style: button style must be "primary" or "danger"',
    ]);
    expect(checkBlockKit('message', msg(actions({ type: 'static_select', action_id: 's' })))).toHaveLength(1);
  });

  it('requires a modal title, the right view type, at least one block, and submit with inputs', () => {
    expect(checkBlockKit('modal', { view: { type: 'modal', blocks: [section()] } })).toEqual(['view.title: modal title is required']);
    expect(checkBlockKit('modal', { view: { ...modal(), type: 'home' } })).toEqual(['view.type: must be "modal"']);
    expect(checkBlockKit('home', { view: { type: 'home', blocks: [] } })).toEqual(['view.blocks: home blocks has 0 items, min 1']);
    const input = { type: 'input', label: pt('Note'), element: { type: 'plain_text_input', action_id: 'n' } };
    expect(checkBlockKit('modal', inModal({ blocks: [input] }))).toEqual(['view.submit: a modal with input blocks needs a "submit" button']);
    expect(checkBlockKit('modal', inModal({ blocks: [input], submit: pt('Save') }))).toEqual([]);
    expect(checkBlockKit('modal', {})).toEqual(['view: a view must be an object']);
  });

  it('checks option texts inside initial_option too', () => {
    const select = { type: 'static_select', action_id: 's', options: [option()], initial_option: option(x(76)) };
    expect(checkBlockKit('message', msg(actions(select)))).toEqual([
      'blocks[0].elements[0].initial_option.text.text: option text is 76 characters, max 75',
    ]);
  });

  it('accepts a realistic message with every common element', () => {
    const payload = msg(
      { type: 'header', text: pt('早上好 · Daily digest') },
      { type: 'section', text: md('*3* items overdue'), fields: [md('*Owner*'), md('<@U1>')], accessory: button({ value: '42' }) },
      { type: 'divider' },
      { type: 'context', elements: [md('Updated'), { type: 'image', image_url: 'https://x.test/i.png', alt_text: 'icon' }] },
      actions(
        button({ action_id: 'done', style: 'primary', confirm: confirm() }),
        { type: 'static_select', action_id: 'pick', placeholder: pt('Pick'), options: options(3) },
        { type: 'datepicker', action_id: 'when', initial_date: '2024-02-10' },
      ),
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'plain' }] }] },
    );
    expect(checkBlockKit('message', payload)).toEqual([]);
  });
});

describe('checkUpdateText', () => {
  it('allows 4000 characters and rejects 4001', () => {
    expect(checkUpdateText(x(4000))).toEqual([]);
    expect(checkUpdateText(x(4001))).toEqual(['text: chat.update text is 4001 characters, max 4000']);
    expect(checkUpdateText(undefined)).toEqual([]);
  });
});

describe('BLOCK_KIT_LIMITS', () => {
  it('are the published ones, read from blockkit_limits.json', () => {
    const published = readSlackReference<Record<string, Record<string, Record<string, number>>>>('blockkit_limits.json');
    expect(BLOCK_KIT_LIMITS.button.text).toBe(published.button!.text!.max_length);
    expect(BLOCK_KIT_LIMITS.view.title).toBe(published.view!.title!.max_length);
    expect(BLOCK_KIT_LIMITS.view.blocks).toEqual({ min: published.view!.blocks!.min_items, max: published.view!.blocks!.max_items });
    expect(BLOCK_KIT_LIMITS.section.field).toBe(published.section!.fields!.item_max_length);
    expect(BLOCK_KIT_LIMITS.file_input.max_files).toEqual({ min: 1, max: 10 });
    expect(BLOCK_KIT_LIMITS.text).toEqual({ min: 1, max: 3000 });
  });
});
