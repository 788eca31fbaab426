/**
 * Control characters that no text a person writes may hold: NUL (which PostgreSQL cannot store)
 * and the other C0 and C1 controls, DEL included. Tab and line breaks are allowed where a text
 * may span lines (a note, a reason, an imported target).
 */
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/**
 * The first control character a text holds, written `U+0000`, or `null` when there is none.
 *
 * @example
 * controlCharacterIn('a\u0000b') // 'U+0000'
 * controlCharacterIn('line one\nline two', { lines: true }) // null
 */
export function controlCharacterIn(text: string, options: { lines?: boolean } = {}): string | null {
  const found = (options.lines ? CONTROL_BUT_LINES : ANY_CONTROL).exec(text);
  return found ? `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}
