import { describe, expect, it } from 'vitest';
import { controlCharacterIn } from '../../src/domain/control-characters.js';

describe('controlCharacterIn', () => {
  it.each([
    ['plain text', '已完成初稿 & more', {}, null],
    ['NUL', 'a\u0000b', {}, 'U+0000'],
    ['NUL where lines are allowed', 'a\u0000b', { lines: true }, 'U+0000'],
    ['bell', 'a\u0007', { lines: true }, 'U+0007'],
    ['escape', '\u001b[31mred', { lines: true }, 'U+001B'],
    ['DEL', 'a\u007f', { lines: true }, 'U+007F'],
    ['a C1 control', 'a\u0085', { lines: true }, 'U+0085'],
    ['tab and line breaks in a note', 'line one\n\tline two\r\n', { lines: true }, null],
    ['a line break where none is allowed', 'line one\nline two', {}, 'U+000A'],
    ['a vertical tab even in a note', 'a\u000bb', { lines: true }, 'U+000B'],
    ['emoji and Chinese', '😀进度', {}, null],
  ])('%s', (_name, text, options, expected) => {
    expect(controlCharacterIn(text, options)).toBe(expected);
  });
});
