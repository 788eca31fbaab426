import { readSlackReference } from './slack-reference.js';

/**
 * Block Kit limits checker: a pure function over a message or view payload that
 * lists what Slack would reject (or silently truncate). Used by the unit tests of
 * every renderer in `src/slack/blocks/` and by the fake Slack Web API.
 */

export type Surface = 'message' | 'modal' | 'home';

export interface BlockKitPayload {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  view?: unknown;
}

/** A bound as blockkit_limits.json writes it. */
interface Bound {
  min_length?: number;
  max_length?: number;
  min_items?: number;
  max_items?: number;
  min?: number;
  max?: number;
  item_max_length?: number;
}

// nicklambourne/slackblocks spec/limits.json (MIT), from ../shared/slack or its vendored copy.
const published = readSlackReference<Record<string, Record<string, Bound> | Bound>>('blockkit_limits.json');

/** The bound at `path` (`button.text`, `view.blocks`, …); a missing one is a broken reference file. */
function bound(path: string): Bound {
  let node: unknown = published;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  if (typeof node !== 'object' || node === null) throw new Error(`blockkit_limits.json has no limit ${path}`);
  return node as Bound;
}
const max = (path: string): number => {
  const b = bound(path);
  const value = b.max_length ?? b.max_items ?? b.max;
  if (value === undefined) throw new Error(`blockkit_limits.json gives no maximum for ${path}`);
  return value;
};
const min = (path: string): number => {
  const b = bound(path);
  return b.min_length ?? b.min_items ?? b.min ?? 0;
};
const range = (path: string) => ({ min: min(path), max: max(path) });
const maxima = <K extends string>(block: string, keys: readonly K[]) => Object.fromEntries(keys.map((key) => [key, max(`${block}.${key}`)])) as Record<K, number>;

/** The Block Kit limits the checker holds payloads to, read from blockkit_limits.json. */
export const BLOCK_KIT_LIMITS = {
  text: range('text'),
  action_id: max('action_id'),
  block_id: max('block_id'),
  button: maxima('button', ['text', 'url', 'value', 'accessibility_label']),
  confirmation: maxima('confirmation', ['title', 'text', 'confirm', 'deny']),
  option: maxima('option', ['text', 'value', 'description', 'url']),
  option_group: { label: max('option_group.label'), options: range('option_group.options') },
  select: maxima('select', ['placeholder', 'options', 'option_groups']),
  overflow: { options: range('overflow.options') },
  checkboxes: { options: range('checkboxes.options') },
  radio_buttons: { options: range('radio_buttons.options') },
  file_input: { max_files: range('file_input.max_files') },
  plain_text_input: { max_length: max('plain_text_input.max_length') },
  actions: { elements: max('actions.elements') },
  context: { elements: max('context.elements') },
  header: { text: max('header.text') },
  image: maxima('image', ['image_url', 'alt_text']),
  input: maxima('input', ['label', 'hint']),
  markdown: { text: range('markdown.text') },
  section: { text: max('section.text'), fields: max('section.fields'), field: bound('section.fields').item_max_length ?? max('section.text') },
  video: maxima('video', ['alt_text', 'title', 'author_name', 'description', 'provider_name']),
  view: { blocks: range('view.blocks'), ...maxima('view', ['private_metadata', 'callback_id', 'title', 'close', 'submit']) },
};

// Not in blockkit_limits.json: from Slack's documentation, as summarised in ../shared/slack/README.md.
export const MESSAGE_LIMITS = {
  blocks: 50,
  text: 40_000,
  updateText: 4_000,
  imageTitle: 2000,
  externalId: 255,
} as const;

const L = BLOCK_KIT_LIMITS;

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface TextRule {
  what: string;
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

class Checker {
  readonly violations: string[] = [];
  // Text objects already held to a context-specific limit, so the generic 3000 rule skips them.
  private readonly textChecked = new WeakSet<object>();
  private readonly blockIds = new Set<string>();

  add(path: string, problem: string): void {
    this.violations.push(`${path}: ${problem}`);
  }

  // Lengths are UTF-16 code units: never fewer than the characters Slack counts.
  length(path: string, value: string, what: string, max: number, min = 0): void {
    if (value.length < min) this.add(path, `${what} must not be empty`);
    else if (value.length > max) this.add(path, `${what} is ${value.length} characters, max ${max}`);
  }

  string(path: string, value: unknown, what: string, max: number, opts: { required?: boolean; min?: number } = {}): void {
    if (value === undefined || value === null) {
      if (opts.required) this.add(path, `${what} is required`);
      return;
    }
    if (typeof value !== 'string') {
      this.add(path, `${what} must be a string`);
      return;
    }
    this.length(path, value, what, max, opts.min ?? 0);
  }

  count(path: string, value: unknown, what: string, max: number, min = 0): value is unknown[] {
    if (value === undefined) {
      if (min > 0) this.add(path, `${what} is required`);
      return false;
    }
    if (!Array.isArray(value)) {
      this.add(path, `${what} must be an array`);
      return false;
    }
    if (value.length < min) this.add(path, `${what} has ${value.length} items, min ${min}`);
    else if (value.length > max) this.add(path, `${what} has ${value.length} items, max ${max}`);
    return true;
  }

  textObject(path: string, value: unknown, rule: TextRule): void {
    if (value === undefined || value === null) {
      if (rule.required) this.add(path, `${rule.what} is required`);
      return;
    }
    if (!isObj(value) || typeof value.text !== 'string') {
      this.add(path, `${rule.what} must be a text object with a string "text"`);
      return;
    }
    this.textChecked.add(value);
    const allowed = rule.plainOnly ? value.type === 'plain_text' : value.type === 'plain_text' || value.type === 'mrkdwn';
    if (!allowed) this.add(`${path}.type`, `${rule.what} must be ${rule.plainOnly ? 'plain_text' : 'plain_text or mrkdwn'}`);
    this.length(`${path}.text`, value.text, rule.what, rule.max, L.text.min);
  }

  blocks(path: string, blocks: unknown[]): void {
    blocks.forEach((block, i) => this.visit(`${path}[${i}]`, block, 0));
  }

  private visit(path: string, node: unknown, depth: number): void {
    if (Array.isArray(node)) {
      node.forEach((child, i) => this.visit(`${path}[${i}]`, child, depth));
      return;
    }
    if (!isObj(node)) {
      if (depth === 0) this.add(path, 'a block must be an object with a "type"');
      return;
    }
    if (depth === 0) this.block(path, node);
    else this.nested(path, node);
    for (const [key, child] of Object.entries(node)) {
      if (typeof child === 'object' && child !== null) this.visit(`${path}.${key}`, child, depth + 1);
    }
  }

  private block(path: string, block: Obj): void {
    if (typeof block.type !== 'string') {
      this.add(path, 'a block must be an object with a "type"');
      return;
    }
    if (block.block_id !== undefined) {
      this.string(`${path}.block_id`, block.block_id, 'block_id', L.block_id, { min: 1 });
      if (typeof block.block_id === 'string') {
        if (this.blockIds.has(block.block_id)) this.add(`${path}.block_id`, `duplicate block_id "${block.block_id}"`);
        this.blockIds.add(block.block_id);
      }
    }
    switch (block.type) {
      case 'section': {
        this.textObject(`${path}.text`, block.text, { what: 'section text', max: L.section.text });
        if (block.fields !== undefined && this.count(`${path}.fields`, block.fields, 'section fields', L.section.fields, 1)) {
          block.fields.forEach((field, i) =>
            this.textObject(`${path}.fields[${i}]`, field, { what: 'section field', max: L.section.field, required: true }),
          );
        }
        if (block.text === undefined && block.fields === undefined) this.add(path, 'a section needs "text" or "fields"');
        break;
      }
      case 'header':
        this.textObject(`${path}.text`, block.text, { what: 'header text', max: L.header.text, plainOnly: true, required: true });
        break;
      case 'context':
        if (this.count(`${path}.elements`, block.elements, 'context elements', L.context.elements, 1)) {
          block.elements.forEach((el, i) => {
            if (!isObj(el) || !['image', 'plain_text', 'mrkdwn'].includes(el.type as string)) {
              this.add(`${path}.elements[${i}]`, 'context elements must be images or text objects');
            }
          });
        }
        break;
      case 'actions':
        this.count(`${path}.elements`, block.elements, 'actions elements', L.actions.elements, 1);
        break;
      case 'input':
        this.textObject(`${path}.label`, block.label, { what: 'input label', max: L.input.label, plainOnly: true, required: true });
        this.textObject(`${path}.hint`, block.hint, { what: 'input hint', max: L.input.hint, plainOnly: true });
        if (!isObj(block.element)) this.add(`${path}.element`, 'an input block needs an "element"');
        break;
      case 'image':
        this.image(path, block);
        this.textObject(`${path}.title`, block.title, { what: 'image title', max: MESSAGE_LIMITS.imageTitle, plainOnly: true });
        break;
      case 'markdown':
        this.string(`${path}.text`, block.text, 'markdown text', L.markdown.text.max, { required: true, min: L.markdown.text.min });
        break;
      case 'video':
        this.string(`${path}.alt_text`, block.alt_text, 'video alt_text', L.video.alt_text, { required: true, min: 1 });
        this.textObject(`${path}.title`, block.title, { what: 'video title', max: L.video.title, plainOnly: true, required: true });
        this.textObject(`${path}.description`, block.description, { what: 'video description', max: L.video.description, plainOnly: true });
        this.string(`${path}.author_name`, block.author_name, 'video author_name', L.video.author_name);
        this.string(`${path}.provider_name`, block.provider_name, 'video provider_name', L.video.provider_name);
        break;
      default:
        break;
    }
  }

  /** Everything below a block: elements, text objects, options, confirm dialogs. */
  private nested(path: string, node: Obj): void {
    if (node.action_id !== undefined) this.string(`${path}.action_id`, node.action_id, 'action_id', L.action_id, { min: 1 });
    if (node.type === 'plain_text' || node.type === 'mrkdwn') {
      if (!this.textChecked.has(node)) {
        this.string(`${path}.text`, node.text, `${node.type} text`, L.text.max, { required: true, min: L.text.min });
      }
      return;
    }
    if (typeof node.type !== 'string') return;
    this.textObject(`${path}.placeholder`, node.placeholder, { what: 'placeholder', max: L.select.placeholder, plainOnly: true });
    if (node.confirm !== undefined) this.confirm(`${path}.confirm`, node.confirm);
    const mrkdwnOptions = node.type === 'checkboxes' || node.type === 'radio_buttons';
    if (node.initial_option !== undefined) this.option(`${path}.initial_option`, node.initial_option, mrkdwnOptions);
    if (Array.isArray(node.initial_options)) {
      node.initial_options.forEach((opt, i) => this.option(`${path}.initial_options[${i}]`, opt, mrkdwnOptions));
    }
    switch (node.type) {
      case 'button':
        this.textObject(`${path}.text`, node.text, { what: 'button text', max: L.button.text, plainOnly: true, required: true });
        this.string(`${path}.value`, node.value, 'button value', L.button.value);
        this.string(`${path}.url`, node.url, 'button url', L.button.url);
        this.string(`${path}.accessibility_label`, node.accessibility_label, 'button accessibility_label', L.button.accessibility_label);
        if (node.style !== undefined && node.style !== 'primary' && node.style !== 'danger') {
          this.add(`${path}.style`, 'button style must be "primary" or "danger"');
        }
        break;
      case 'static_select':
      case 'multi_static_select':
        if (node.options === undefined && node.option_groups === undefined) {
          this.add(path, `${node.type} needs "options" or "option_groups"`);
        }
        this.options(`${path}.options`, node.options, 'select options', 0, L.select.options, false);
        if (this.count(`${path}.option_groups`, node.option_groups, 'select option_groups', L.select.option_groups)) {
          node.option_groups.forEach((group, i) => this.optionGroup(`${path}.option_groups[${i}]`, group));
        }
        break;
      case 'overflow':
        this.options(`${path}.options`, node.options, 'overflow options', L.overflow.options.min, L.overflow.options.max, false);
        break;
      case 'checkboxes':
        this.options(`${path}.options`, node.options, 'checkboxes options', L.checkboxes.options.min, L.checkboxes.options.max, true);
        break;
      case 'radio_buttons':
        this.options(`${path}.options`, node.options, 'radio_buttons options', L.radio_buttons.options.min, L.radio_buttons.options.max, true);
        break;
      case 'plain_text_input': {
        const max = L.plain_text_input.max_length;
        this.integer(`${path}.max_length`, node.max_length, 'plain_text_input max_length', 1, max);
        this.integer(`${path}.min_length`, node.min_length, 'plain_text_input min_length', 0, max);
        if (typeof node.min_length === 'number' && typeof node.max_length === 'number' && node.min_length > node.max_length) {
          this.add(`${path}.min_length`, 'plain_text_input min_length exceeds max_length');
        }
        break;
      }
      case 'file_input':
        this.integer(`${path}.max_files`, node.max_files, 'file_input max_files', L.file_input.max_files.min, L.file_input.max_files.max);
        break;
      case 'image':
        this.image(path, node);
        break;
      default:
        break;
    }
  }

  private image(path: string, node: Obj): void {
    if (node.image_url === undefined && node.slack_file === undefined) this.add(path, 'an image needs "image_url" or "slack_file"');
    this.string(`${path}.image_url`, node.image_url, 'image_url', L.image.image_url, { min: 1 });
    this.string(`${path}.alt_text`, node.alt_text, 'image alt_text', L.image.alt_text, { required: true });
  }

  private integer(path: string, value: unknown, what: string, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isInteger(value)) this.add(path, `${what} must be an integer`);
    else if (value < min || value > max) this.add(path, `${what} is ${value}, must be between ${min} and ${max}`);
  }

  private options(path: string, value: unknown, what: string, min: number, max: number, allowMrkdwn: boolean): void {
    if (value === undefined && min === 0) return;
    if (this.count(path, value, what, max, min)) {
      value.forEach((opt, i) => this.option(`${path}[${i}]`, opt, allowMrkdwn));
    }
  }

  private option(path: string, opt: unknown, allowMrkdwn: boolean): void {
    if (!isObj(opt)) {
      this.add(path, 'an option must be an object');
      return;
    }
    this.textObject(`${path}.text`, opt.text, { what: 'option text', max: L.option.text, plainOnly: !allowMrkdwn, required: true });
    this.string(`${path}.value`, opt.value, 'option value', L.option.value, { required: true });
    this.textObject(`${path}.description`, opt.description, { what: 'option description', max: L.option.description, plainOnly: !allowMrkdwn });
    this.string(`${path}.url`, opt.url, 'option url', L.option.url);
  }

  private optionGroup(path: string, group: unknown): void {
    if (!isObj(group)) {
      this.add(path, 'an option group must be an object');
      return;
    }
    this.textObject(`${path}.label`, group.label, { what: 'option group label', max: L.option_group.label, plainOnly: true, required: true });
    this.options(`${path}.options`, group.options, 'option group options', L.option_group.options.min, L.option_group.options.max, false);
  }

  private confirm(path: string, confirm: unknown): void {
    if (!isObj(confirm)) {
      this.add(path, 'a confirm dialog must be an object');
      return;
    }
    const c = L.confirmation;
    this.textObject(`${path}.title`, confirm.title, { what: 'confirm title', max: c.title, plainOnly: true, required: true });
    this.textObject(`${path}.text`, confirm.text, { what: 'confirm text', max: c.text, required: true });
    this.textObject(`${path}.confirm`, confirm.confirm, { what: 'confirm button', max: c.confirm, plainOnly: true, required: true });
    this.textObject(`${path}.deny`, confirm.deny, { what: 'deny button', max: c.deny, plainOnly: true, required: true });
  }
}

function checkMessage(c: Checker, payload: BlockKitPayload): void {
  const { text, blocks, attachments } = payload;
  c.string('text', text, 'message text', MESSAGE_LIMITS.text);
  if (blocks !== undefined && c.count('blocks', blocks, 'message blocks', MESSAGE_LIMITS.blocks)) c.blocks('blocks', blocks);
  const hasText = typeof text === 'string' && text.trim() !== '';
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) c.add('message', 'a message needs non-empty "text" or at least one block');
}

function checkView(c: Checker, type: 'modal' | 'home', view: unknown): void {
  if (!isObj(view)) {
    c.add('view', 'a view must be an object');
    return;
  }
  const v = L.view;
  if (view.type !== type) c.add('view.type', `must be "${type}"`);
  if (c.count('view.blocks', view.blocks, `${type} blocks`, v.blocks.max, v.blocks.min)) c.blocks('view.blocks', view.blocks);
  c.string('view.private_metadata', view.private_metadata, 'private_metadata', v.private_metadata);
  c.string('view.callback_id', view.callback_id, 'callback_id', v.callback_id);
  c.string('view.external_id', view.external_id, 'external_id', MESSAGE_LIMITS.externalId);
  if (type === 'modal') {
    c.textObject('view.title', view.title, { what: 'modal title', max: v.title, plainOnly: true, required: true });
    c.textObject('view.submit', view.submit, { what: 'modal submit', max: v.submit, plainOnly: true });
    c.textObject('view.close', view.close, { what: 'modal close', max: v.close, plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) c.add('view.submit', 'a modal with input blocks needs a "submit" button');
  }
}

/**
 * Lists the Block Kit violations of a message (`text`/`blocks`) or of a modal or
 * Home tab (`view`). An empty list means Slack should accept it.
 */
export function checkBlockKit(surface: Surface, payload: BlockKitPayload): string[] {
  const c = new Checker();
  if (surface === 'message') checkMessage(c, payload);
  else checkView(c, surface, payload.view);
  return c.violations;
}

/** chat.update refuses text over 4,000 characters (msg_too_long), far below chat.postMessage's 40,000. */
export function checkUpdateText(text: unknown): string[] {
  if (typeof text !== 'string' || text.length <= MESSAGE_LIMITS.updateText) return [];
  return [`text: chat.update text is ${text.length} characters, max ${MESSAGE_LIMITS.updateText}`];
}
