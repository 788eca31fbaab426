import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { approvalId, input, itemCode, pageNumber, parseMetadata, readView } from '../../src/slack/listeners/payloads.js';

describe('Slack payloads, parsed at the edge', () => {
  it.each([
    ['42', 42],
    ['0042', 42],
    ['', undefined],
    ['4.2', undefined],
    ['DROP TABLE', undefined],
    ['1'.repeat(16), undefined],
  ])('an approval id %j reads as %j', (value, expected) => {
    const parsed = approvalId.safeParse(value);
    expect(parsed.success ? parsed.data : undefined).toBe(expected);
  });

  it.each([
    ['3', 3],
    ['0', 1],
    ['x', 1],
    [undefined, 1],
  ])('a page number %j reads as %j', (value, expected) => {
    expect(pageNumber.parse(value)).toBe(expected);
  });

  it('an item code is trimmed, and neither empty nor endless', () => {
    expect(itemCode.parse(' NJ-01 ')).toBe('NJ-01');
    expect(itemCode.safeParse('').success).toBe(false);
    expect(itemCode.safeParse('x'.repeat(65)).success).toBe(false);
    expect(itemCode.safeParse(undefined).success).toBe(false);
  });

  it.each([
    ['{"approval":7}', { approval: 7 }],
    ['', undefined],
    ['{"approval":', undefined],
    ['{"approval":"7"}', undefined],
    ['[]', undefined],
  ])('private_metadata %j reads as %j', (text, expected) => {
    expect(parseMetadata(z.object({ approval: z.number().int() }), text)).toEqual(expected);
  });

  it('reads a view state to its values, empty inputs as undefined', () => {
    const values = {
      note: { note: { type: 'plain_text_input', value: 'done' } },
      item: { item: { type: 'static_select', selected_option: { value: 'NJ-01', text: { type: 'plain_text', text: 'NJ-01' } } } },
      who: { who: { type: 'users_select', selected_user: null } },
    };
    expect(readView(values, { note: input.text, item: input.select, who: input.user, when: input.date })).toEqual({
      ok: true,
      data: { note: 'done', item: 'NJ-01', who: undefined, when: undefined },
    });
  });

  it.each([
    ['a value of the wrong type', { note: { note: { value: 42 } } }, 'note'],
    ['a user id that is not one', { who: { who: { selected_user: 'not-a-user' } } }, 'who'],
    ['a date that is not YYYY-MM-DD', { when: { when: { selected_date: '25/11/2026' } } }, 'when'],
  ])('names the field of %s', (_name, values, field) => {
    expect(readView(values, { note: input.text, who: input.user, when: input.date })).toEqual({ ok: false, field });
  });

  it('reads a multi-users select to its people, and a select-or-text block to what was chosen or typed', () => {
    const values = {
      owners: { owners: { type: 'multi_users_select', selected_users: ['U03OWN', 'W04OWN'] } },
      none: { none: { type: 'multi_users_select', selected_users: null } },
      chosen: { chosen: { type: 'static_select', selected_option: { value: 'JS-NJ/2026' } } },
      typed: { typed: { type: 'plain_text_input', value: 'JS-SZ/2026' } },
    };
    const fields = { owners: input.users, none: input.users, chosen: input.selectOrText, typed: input.selectOrText, empty: input.selectOrText };
    expect(readView(values, fields)).toEqual({ ok: true, data: { owners: ['U03OWN', 'W04OWN'], none: [], chosen: 'JS-NJ/2026', typed: 'JS-SZ/2026', empty: undefined } });
    expect(readView({ owners: { owners: { selected_users: ['U03OWN', 'nobody'] } } }, { owners: input.users })).toEqual({ ok: false, field: 'owners' });
  });

  it('reads a state that is not an object as empty', () => {
    expect(readView(null, { note: input.text })).toEqual({ ok: true, data: { note: undefined } });
  });
});
