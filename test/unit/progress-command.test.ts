import { describe, expect, it } from 'vitest';
import {
  MAX_NOTE_LENGTH,
  normalizeCode,
  parseProgressCommand,
  STATUS_WORDS,
  type ProgressCommand,
} from '../../src/domain/progress-command.js';

const report = (fields: Omit<Extract<ProgressCommand, { kind: 'report' }>, 'kind'>): ProgressCommand => ({ kind: 'report', ...fields });
const invalid = (key: string, params: Record<string, string | number>) => ({ kind: 'invalid', problem: { key, params } });
const outOfRange = { kind: 'invalid', problem: { key: 'progress.percentRange' } };

describe('/progress grammar', () => {
  it.each<[string, string, unknown]>([
    // Modal and help
    ['nothing opens the modal', '', { kind: 'modal' }],
    ['only whitespace opens the modal', '  \u3000 \n', { kind: 'modal' }],
    ['only separators open the modal', '，；、 ,', { kind: 'modal' }],
    ['a code alone opens the modal for it', 'NJ-01', { kind: 'modal', code: 'NJ-01' }],
    ['a code with separators after it is a code alone', 'NJ-01 ，', { kind: 'modal', code: 'NJ-01' }],
    ['a lower-case code is upper-cased', '  nj-01  ', { kind: 'modal', code: 'NJ-01' }],
    ['a full-width code', 'ＮＪ－０１', { kind: 'modal', code: 'NJ-01' }],
    ['a code with dots and underscores', 'nj.2026_01', { kind: 'modal', code: 'NJ.2026_01' }],
    ['help', 'help', { kind: 'help' }],
    ['HELP in any case', ' Help ', { kind: 'help' }],
    ['full-width help', 'ＨＥＬＰ', { kind: 'help' }],
    ['帮助', '帮助', { kind: 'help' }],
    ['?', '?', { kind: 'help' }],
    ['full-width ？', '？', { kind: 'help' }],

    // Internal notes: the marker is the note's first or last word, and is not kept
    ['#internal at the end', 'NJ-01 40% at-risk budget not approved #internal', report({ code: 'NJ-01', percent: 40, status: 'at_risk', note: 'budget not approved', internal: true })],
    ['#internal first, any case', 'NJ-01 #Internal budget not approved', report({ code: 'NJ-01', note: 'budget not approved', internal: true })],
    ['内部 at the end after a Chinese comma', 'NJ-01 滞后 经费未批，内部', report({ code: 'NJ-01', status: 'at_risk', note: '经费未批', internal: true })],
    ['内部 first', 'NJ-01 40% 内部 经费未批', report({ code: 'NJ-01', percent: 40, note: '经费未批', internal: true })],
    ['full-width ＃内部', 'NJ-01 经费未批 ＃内部', report({ code: 'NJ-01', note: '经费未批', internal: true })],
    ['内部 inside a word is text', 'NJ-01 内部审核已完成', report({ code: 'NJ-01', note: '内部审核已完成' })],
    ['内部 in the middle is text', 'NJ-01 送 内部 审核', report({ code: 'NJ-01', note: '送 内部 审核' })],
    ['a marker without a note marks nothing', 'NJ-01 40% #internal', report({ code: 'NJ-01', percent: 40 })],
    ['a marker alone opens the modal', 'NJ-01 内部', { kind: 'modal', code: 'NJ-01' }],

    // Full reports
    ['code, percent, status and note', 'NJ-01 40% on-track drafted the plan', report({ code: 'NJ-01', percent: 40, status: 'on_track', note: 'drafted the plan' })],
    ['Chinese commas between every token', 'NJ-01，40%，正常，已完成初稿', report({ code: 'NJ-01', percent: 40, status: 'on_track', note: '已完成初稿' })],
    ['full-width percent sign', 'NJ-01 40％ 正常 已完成初稿', report({ code: 'NJ-01', percent: 40, status: 'on_track', note: '已完成初稿' })],
    ['full-width colons, lower-case code', 'nj-01：40% 滞后：资料未到', report({ code: 'NJ-01', percent: 40, status: 'at_risk', note: '资料未到' })],
    ['all full-width, ideographic spaces', 'ＮＪ－０１　４０％　正常', report({ code: 'NJ-01', percent: 40, status: 'on_track' })],
    ['、 and ； as separators', 'NJ-01、60%；受阻；等待审批', report({ code: 'NJ-01', percent: 60, status: 'blocked', note: '等待审批' })],
    ['ASCII , : ; as separators', 'NJ-01,60%:blocked;waiting for sign-off', report({ code: 'NJ-01', percent: 60, status: 'blocked', note: 'waiting for sign-off' })],
    ['extra spaces everywhere', '   NJ-01    40%     正常      初稿   ', report({ code: 'NJ-01', percent: 40, status: 'on_track', note: '初稿' })],
    ['the note keeps its own Chinese punctuation', 'NJ-01 40% 正常，已完成初稿，待审：明天报送。', report({ code: 'NJ-01', percent: 40, status: 'on_track', note: '已完成初稿，待审：明天报送。' })],
    ['the note is not NFKC-folded', 'NJ-01 正常 完成第１阶段（ＡＢ）', report({ code: 'NJ-01', status: 'on_track', note: '完成第１阶段（ＡＢ）' })],
    ['the note keeps its newlines', 'NJ-01 40%\n第一，调研\n第二，起草\n', report({ code: 'NJ-01', percent: 40, note: '第一，调研\n第二，起草' })],

    // Percent
    ['percent alone', 'NJ-01 40%', report({ code: 'NJ-01', percent: 40 })],
    ['0%', 'NJ-01 0%', report({ code: 'NJ-01', percent: 0 })],
    ['100%', 'NJ-01 100%', report({ code: 'NJ-01', percent: 100 })],
    ['full-width ０％', 'NJ-01 ０％', report({ code: 'NJ-01', percent: 0 })],
    ['a space before the percent sign', 'NJ-01 40 % 正常', report({ code: 'NJ-01', percent: 40, status: 'on_track' })],
    ['an ideographic space before ％', 'NJ-01 ４０　％', report({ code: 'NJ-01', percent: 40 })],
    ['leading zeros', 'NJ-01 040%', report({ code: 'NJ-01', percent: 40 })],
    ['-0% is 0', 'NJ-01 -0%', report({ code: 'NJ-01', percent: 0 })],
    ['percent glued to a status word', 'NJ-01 40%正常', report({ code: 'NJ-01', percent: 40, status: 'on_track' })],
    ['100% glued to 完成, then a note', 'NJ-01 100%完成，已报送', report({ code: 'NJ-01', percent: 100, status: 'done', note: '已报送' })],
    ['101%', 'NJ-01 101%', outOfRange],
    ['150%', 'NJ-01 150%', outOfRange],
    ['-5%', 'NJ-01 -5%', outOfRange],
    ['−5% with a minus sign', 'NJ-01 −5%', outOfRange],
    ['a huge number', 'NJ-01 99999999999999999999%', outOfRange],
    ['full-width １５０％', 'NJ-01 １５０％', outOfRange],
    ['150 % with a space', 'NJ-01 150 %', outOfRange],
    ['40.5% is not whole', 'NJ-01 40.5%', invalid('progress.badPercent', { text: '40.5%' })],
    ['40.0% is not written whole', 'NJ-01 40.0%', invalid('progress.badPercent', { text: '40.0%' })],
    ['40.5 % with a space', 'NJ-01 40.5 %', invalid('progress.badPercent', { text: '40.5 %' })],
    ['1e2%', 'NJ-01 1e2%', invalid('progress.badPercent', { text: '1e2%' })],
    ['+40%', 'NJ-01 +40%', invalid('progress.badPercent', { text: '+40%' })],
    ['abc%', 'NJ-01 abc%', invalid('progress.badPercent', { text: 'abc%' })],
    ['a lone percent sign', 'NJ-01 % 正常', invalid('progress.badPercent', { text: '%' })],
    ['words before the percent', 'NJ-01 进度40%', invalid('progress.badPercent', { text: '进度40%' })],
    ['a bare number is note text', 'NJ-01 3 meetings held', report({ code: 'NJ-01', note: '3 meetings held' })],
    ['a number then a separator then % is note text', 'NJ-01 40，%', report({ code: 'NJ-01', note: '40，%' })],
    ['a percent inside a word is note text', 'NJ-01 50%的材料已提交', report({ code: 'NJ-01', note: '50%的材料已提交' })],
    ['a percent after the status is note text', 'NJ-01 正常 40%', report({ code: 'NJ-01', status: 'on_track', note: '40%' })],
    ['a percent after a note word is note text', 'NJ-01 drafted 40%', report({ code: 'NJ-01', note: 'drafted 40%' })],
    ['百分之 is not a percent', 'NJ-01 百分之四十', report({ code: 'NJ-01', note: '百分之四十' })],

    // Status
    ['on_track', 'NJ-01 on_track', report({ code: 'NJ-01', status: 'on_track' })],
    ['ONTRACK', 'NJ-01 ONTRACK', report({ code: 'NJ-01', status: 'on_track' })],
    ['on track as two words', 'NJ-01 50% On Track fine', report({ code: 'NJ-01', percent: 50, status: 'on_track', note: 'fine' })],
    ['at-risk', 'NJ-01 At-Risk', report({ code: 'NJ-01', status: 'at_risk' })],
    ['at_risk', 'NJ-01 at_risk', report({ code: 'NJ-01', status: 'at_risk' })],
    ['at risk of delay', 'NJ-01 at risk of delay', report({ code: 'NJ-01', status: 'at_risk', note: 'of delay' })],
    ['on tracking is a note', 'NJ-01 on tracking', report({ code: 'NJ-01', note: 'on tracking' })],
    ['BLOCKED', 'NJ-01 BLOCKED', report({ code: 'NJ-01', status: 'blocked' })],
    ['受阻', 'NJ-01 受阻', report({ code: 'NJ-01', status: 'blocked' })],
    ['done does not set 100%', 'NJ-01 done', report({ code: 'NJ-01', status: 'done' })],
    ['完成', 'NJ-01 完成', report({ code: 'NJ-01', status: 'done' })],
    ['已完成', 'NJ-01 已完成', report({ code: 'NJ-01', status: 'done' })],
    ['已完成初稿 is a note, not a status', 'NJ-01 已完成初稿', report({ code: 'NJ-01', note: '已完成初稿' })],
    ['donE with full-width letters', 'NJ-01 ｄｏｎｅ', report({ code: 'NJ-01', status: 'done' })],
    ['an en dash in on–track', 'NJ-01 on–track', report({ code: 'NJ-01', status: 'on_track' })],
    ['a second status word is note text', 'NJ-01 正常 完成', report({ code: 'NJ-01', status: 'on_track', note: '完成' })],
    ['the status before the percent makes the percent note text', 'NJ-01 done 100%', report({ code: 'NJ-01', status: 'done', note: '100%' })],

    // Codes
    ['a percent first is not a code', '40%', invalid('progress.badCode', { text: '40%' })],
    ['a status first is not a code', '正常 NJ-01', invalid('progress.badCode', { text: '正常' })],
    ['a code must start with a letter or digit', '-NJ 40%', invalid('progress.badCode', { text: '-NJ' })],
    ['a code glued to Chinese text', 'NJ-01正常', invalid('progress.badCode', { text: 'NJ-01正常' })],
    ['a 64-character code', `${'A'.repeat(64)} done`, report({ code: 'A'.repeat(64), status: 'done' })],
    ['a 65-character code', `${'A'.repeat(65)} done`, invalid('progress.badCode', { text: 'A'.repeat(65) })],
    ['a long bad code is echoed shortened', `${'码'.repeat(200)}`, invalid('progress.badCode', { text: `${'码'.repeat(79)}…` })],
    ['a shortened echo does not split an emoji', `${'😀'.repeat(100)} 40%`, invalid('progress.badCode', { text: `${'😀'.repeat(79)}…` })],
    ['an em dash in a code', 'NJ—01 done', report({ code: 'NJ-01', status: 'done' })],
    ['a ß does not pass as SS', 'naß 40%', invalid('progress.badCode', { text: 'naß' })],
    ['the code is checked before the percent', 'NJ#1 150%', invalid('progress.badCode', { text: 'NJ#1' })],
    ['help with more words is a code', 'help me', report({ code: 'HELP', note: 'me' })],

    // Note length
    ['a note of the maximum length', `NJ-01 ${'字'.repeat(MAX_NOTE_LENGTH)}`, report({ code: 'NJ-01', note: '字'.repeat(MAX_NOTE_LENGTH) })],
    ['a note one over the maximum', `NJ-01 ${'字'.repeat(MAX_NOTE_LENGTH + 1)}`, invalid('progress.noteTooLong', { max: 3000, length: 3001 })],
    ['trailing whitespace does not count', `NJ-01 ${'字'.repeat(MAX_NOTE_LENGTH)}   \n`, report({ code: 'NJ-01', note: '字'.repeat(MAX_NOTE_LENGTH) })],
  ])('%s', (_name, text, expected) => {
    expect(parseProgressCommand(text)).toStrictEqual(expected);
  });

});

describe('normalizeCode', () => {
  it.each([
    ['nj-01', 'NJ-01'],
    [' ｎｊ－０１\u3000', 'NJ-01'],
    ['Nj.2026_a', 'NJ.2026_A'],
  ])('%s → %s', (text, code) => {
    expect(normalizeCode(text)).toBe(code);
  });
});

describe('STATUS_WORDS', () => {
  it('covers every status in both languages, and every word parses to its status', () => {
    for (const [status, words] of Object.entries(STATUS_WORDS)) {
      expect(words.en.length).toBeGreaterThan(0);
      expect(words['zh-CN'].length).toBeGreaterThan(0);
      for (const word of [...words.en, ...words['zh-CN']]) {
        expect(parseProgressCommand(`X-1 ${word}`)).toStrictEqual({ kind: 'report', code: 'X-1', status });
      }
    }
  });
});
