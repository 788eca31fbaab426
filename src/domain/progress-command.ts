import { REPORT_STATUSES, type ReportStatus } from './vocabulary.js';

/** What the text after `/progress` asks for (SPEC §2.3). */
export type ProgressCommand =
  | { kind: 'modal'; code?: string }
  | { kind: 'help' }
  | ({ kind: 'report' } & ProgressReport)
  | { kind: 'invalid'; problem: ProgressProblem };

/** A report typed on one line. It always carries at least one of percent, status and note. */
export interface ProgressReport {
  /** Upper-cased (see {@link normalizeCode}); look it up case-insensitively. */
  code: string;
  percent?: number;
  status?: ReportStatus;
  note?: string;
  /** The note is internal (typed `#internal`, `#内部` or `内部`): never published. Only with a note. */
  internal?: true;
}

/** Why the text is refused: a catalogue key and its parameters, put into words by the caller. */
export type ProgressProblem =
  | { key: 'progress.badCode'; params: { text: string } }
  | { key: 'progress.badPercent'; params: { text: string } }
  // Shares the service's key and message, which need no echo: the typed number is plainly the fault.
  | { key: 'progress.percentRange' }
  | { key: 'progress.noteTooLong'; params: { max: number; length: number } };

export type ProgressProblemKey = ProgressProblem['key'];

/** Longest note, in UTF-16 units as Block Kit counts them; a modal's note input uses the same. */
export const MAX_NOTE_LENGTH = 3000;

/**
 * The words that set a status, per language; the first of each list is the one to show. Matching
 * folds case and width, and a two-word entry matches two tokens.
 */
export const STATUS_WORDS = {
  on_track: { en: ['on-track', 'on_track', 'ontrack', 'on track'], 'zh-CN': ['正常'] },
  at_risk: { en: ['at-risk', 'at_risk', 'atrisk', 'at risk'], 'zh-CN': ['滞后'] },
  blocked: { en: ['blocked'], 'zh-CN': ['受阻'] },
  done: { en: ['done'], 'zh-CN': ['完成', '已完成'] },
} as const satisfies Record<ReportStatus, { en: readonly string[]; 'zh-CN': readonly string[] }>;

const HELP_WORDS = new Set(['help', '帮助', '?']);
/** Words that mark a note internal, as the first or the last word of the note (compared folded, any case). */
export const INTERNAL_MARKERS = ['#internal', '#内部', '内部'] as const;
const ITEM_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NUMBERISH = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
// Separators as typed with a Chinese input method fold to these under NFKC (，→, ：→: ；→; ､→、).
const SEPARATORS = new Set([',', ':', ';', '、']);
// Problems echo what was typed; keep the echo short enough for any message it lands in.
const MAX_ECHO = 80;

const PHRASES: { words: string[]; status: ReportStatus }[] = REPORT_STATUSES.flatMap((status) =>
  [...STATUS_WORDS[status].en, ...STATUS_WORDS[status]['zh-CN']].map((phrase) => ({ words: phrase.split(' '), status })),
);

/** NFKC, dashes folded to `-`, trimmed: how a token is compared, never how a note is kept. */
function fold(text: string): string {
  // Input methods also type –, —, ‐ or − for the hyphen in an item code or a minus sign.
  return text.normalize('NFKC').replace(/[\u2010-\u2015\u2212]/g, '-').trim();
}

/**
 * An item code as it is compared: NFKC, trimmed, upper-cased. Codes are stored as imported and
 * looked up with `lower()`, so the case returned here only affects display.
 *
 * @example
 * normalizeCode(' ｎｊ－０１ ') // 'NJ-01'
 */
export function normalizeCode(text: string): string {
  return fold(text).toUpperCase();
}

const isSeparator = (char: string) => /\s/.test(char) || SEPARATORS.has(char.normalize('NFKC'));
const isPercentSign = (char: string) => char.normalize('NFKC') === '%';
const echo = (text: string) => {
  const chars = [...text];
  return chars.length > MAX_ECHO ? `${chars.slice(0, MAX_ECHO - 1).join('')}…` : text;
};

interface Token {
  text: string;
  start: number;
  end: number;
}

/** The next run of non-separators at or after `from`, with its place in the original text. */
function tokenAt(text: string, from: number): Token | undefined {
  let start = from;
  while (start < text.length && isSeparator(text.charAt(start))) start++;
  if (start >= text.length) return undefined;
  let end = start;
  while (end < text.length && !isSeparator(text.charAt(end))) end++;
  return { text: text.slice(start, end), start, end };
}

/** A status phrase starting at `from`, and where it ends. */
function statusAt(text: string, from: number): { status: ReportStatus; end: number } | undefined {
  for (const phrase of PHRASES) {
    let cursor = from;
    const matched = phrase.words.every((word) => {
      const token = tokenAt(text, cursor);
      if (!token || fold(token.text).toLowerCase() !== word) return false;
      cursor = token.end;
      return true;
    });
    if (matched) return { status: phrase.status, end: cursor };
  }
  return undefined;
}

const isStatusWord = (text: string) => PHRASES.some((phrase) => phrase.words.length === 1 && phrase.words[0] === fold(text).toLowerCase());

type PercentRead = { percent: number; end: number } | { problem: ProgressProblem } | undefined;

/** `typed` is the percent as written, sign included (echoed in problems); `value` is its number part. */
function percentOf(typed: string, value: string, end: number): PercentRead {
  const whole = /^(-?)(\d+)$/.exec(fold(value));
  if (!whole) return { problem: { key: 'progress.badPercent', params: { text: echo(typed) } } };
  const percent = Number(whole[2]);
  if ((whole[1] === '-' && percent > 0) || percent > 100) {
    return { problem: { key: 'progress.percentRange' } };
  }
  return { percent, end };
}

/**
 * The percent right after the code: `40%`, `40 %`, or `40%` glued to a status word (`40%正常`).
 * A token that only contains `%` (`50%的材料已提交`) is note text, so nothing is guessed.
 */
function percentAt(text: string, from: number): PercentRead {
  const token = tokenAt(text, from);
  if (!token) return undefined;
  let sign = token.start;
  while (sign < token.end && !isPercentSign(text.charAt(sign))) sign++;
  if (sign < token.end) {
    const rest = text.slice(sign + 1, token.end);
    if (rest !== '' && !isStatusWord(rest)) return undefined;
    return percentOf(text.slice(token.start, sign + 1), text.slice(token.start, sign), sign + 1);
  }
  if (!NUMBERISH.test(fold(token.text))) return undefined;
  let next = token.end;
  while (next < text.length && /\s/.test(text.charAt(next))) next++;
  if (next < text.length && isPercentSign(text.charAt(next))) return percentOf(text.slice(token.start, next + 1), token.text, next + 1);
  return undefined;
}

const isInternalMarker = (text: string) => (INTERNAL_MARKERS as readonly string[]).includes(fold(text).toLowerCase());

/**
 * The note without an internal marker as its first or last word, and whether it had one. A
 * marker inside the note (`内部审核` or `送内部 审核`) is ordinary text.
 */
function takeInternalMarker(note: string): { note: string; internal: boolean } {
  let text = note;
  let internal = false;
  const first = tokenAt(text, 0);
  if (first && isInternalMarker(first.text)) {
    internal = true;
    let start = first.end;
    while (start < text.length && isSeparator(text.charAt(start))) start++;
    text = text.slice(start);
  }
  let end = text.length;
  while (end > 0 && isSeparator(text.charAt(end - 1))) end--;
  let start = end;
  while (start > 0 && !isSeparator(text.charAt(start - 1))) start--;
  if (end > start && isInternalMarker(text.slice(start, end))) {
    internal = true;
    while (start > 0 && isSeparator(text.charAt(start - 1))) start--;
    text = text.slice(0, start);
  }
  return { note: text.trimEnd(), internal };
}

/**
 * Parses the text of `/progress ITEM-CODE [N%] [status] [note…] [#internal]` (SPEC §2.3). The
 * note's first or last word `#internal`, `#内部` or `内部` marks it internal and is not kept.
 *
 * Tokens are compared after NFKC, so full-width letters, digits, `％` and spaces typed with a
 * Chinese input method work, and `，、：；,:;` separate tokens like spaces do. The note keeps the
 * characters as typed (only trimmed, and stripped of the separators before it). Nothing is
 * inferred: `done` does not set 100 %, a bare number is note text, and a percent counts only
 * right after the code.
 *
 * @example
 * parseProgressCommand('nj-01，40%，正常，已完成初稿')
 * // { kind: 'report', code: 'NJ-01', percent: 40, status: 'on_track', note: '已完成初稿' }
 * parseProgressCommand('NJ-01') // { kind: 'modal', code: 'NJ-01' }
 * parseProgressCommand('NJ-01 150%') // { kind: 'invalid', problem: { key: 'progress.percentRange' } }
 */
export function parseProgressCommand(text: string): ProgressCommand {
  if (HELP_WORDS.has(fold(text).toLowerCase())) return { kind: 'help' };
  const first = tokenAt(text, 0);
  if (!first) return { kind: 'modal' };
  const typedCode = fold(first.text);
  if (!ITEM_CODE.test(typedCode)) return { kind: 'invalid', problem: { key: 'progress.badCode', params: { text: echo(first.text) } } };

  const report: ProgressReport = { code: typedCode.toUpperCase() };
  let cursor = first.end;
  const percent = percentAt(text, cursor);
  if (percent && 'problem' in percent) return { kind: 'invalid', problem: percent.problem };
  if (percent) {
    report.percent = percent.percent;
    cursor = percent.end;
  }
  const status = statusAt(text, cursor);
  if (status) {
    report.status = status.status;
    cursor = status.end;
  }
  const rest = text.slice(cursor);
  let noteStart = 0;
  while (noteStart < rest.length && isSeparator(rest.charAt(noteStart))) noteStart++;
  const { note, internal } = takeInternalMarker(rest.slice(noteStart).trimEnd());
  if (note.length > MAX_NOTE_LENGTH) {
    return { kind: 'invalid', problem: { key: 'progress.noteTooLong', params: { max: MAX_NOTE_LENGTH, length: note.length } } };
  }
  if (note) report.note = note;
  if (note && internal) report.internal = true;

  if (report.percent === undefined && report.status === undefined && report.note === undefined) return { kind: 'modal', code: report.code };
  return { kind: 'report', ...report };
}
