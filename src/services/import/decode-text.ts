import type { ImportProblem } from './document.js';

/** The encodings an import file's text may come in. */
export type TextEncoding = 'utf-8' | 'gb18030';

/**
 * Decodes an import file's bytes. The rule: valid UTF-8 (with or without a byte-order mark) is
 * UTF-8; otherwise, bytes that decode cleanly as GB18030 (a superset of GBK and GB2312, what Excel
 * on Chinese Windows writes for "CSV") are GB18030; anything else is refused, naming the file.
 * UTF-8 goes first because GB18030 would accept most UTF-8 byte sequences too, as mojibake.
 * YAML is UTF-8 only (`allowGb18030: false`), as the YAML specification says.
 */
export function decodeText(
  file: string,
  bytes: Uint8Array,
  options: { allowGb18030: boolean },
): { text: string; encoding: TextEncoding; problem?: undefined } | { text?: undefined; problem: ImportProblem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: try the next rule.
  }
  if (options.allowGb18030) {
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
    } catch {
      // Neither: refused below.
    }
  }
  return { problem: { file, where: '', message: { key: options.allowGb18030 ? 'import.badEncoding' : 'import.badEncodingYaml' } } };
}
