import { describe, expect, it } from 'vitest';
import { escape, escapeShort, fitMrkdwn, link, reportSummary, shorten } from '../../src/slack/blocks/text.js';

describe('escapeShort: escaped first, then cut within the limit, never inside an entity', () => {
  it.each([
    ['short text is only escaped', 'a & b <c>', 100, 'a &amp; b &lt;c&gt;'],
    ['1,000 & become at most the limit, whole entities only', '&'.repeat(1000), 3000, `${'&amp;'.repeat(599)}…`],
    ['a cut falls before an entity that would not fit', `${'x'.repeat(7)}&`, 10, `${'x'.repeat(7)}…`],
    ['at a space when one is near', 'aaaa bbbb cccc dddd', 12, 'aaaa bbbb…'],
    ['an emoji is not split (UTF-16 units counted)', '😀'.repeat(10), 6, '😀😀…'],
    ['Chinese text counts one unit a character', '进度'.repeat(10), 5, '进度进度…'],
  ])('%s', (_name, text, max, expected) => {
    const result = escapeShort(text, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});

describe('shorten (plain text)', () => {
  it.each([
    ['fits', 'abc', 3, 'abc'],
    ['cut with an ellipsis', 'abcdef', 4, 'abc…'],
    ['never splits a surrogate pair', `a${'😀'.repeat(3)}`, 4, 'a😀…'],
  ])('%s', (_name, text, max, expected) => {
    expect(shorten(text, max)).toBe(expected);
  });
});

describe('fitMrkdwn: the last guard on a whole mrkdwn text', () => {
  it.each([
    ['fits as it is', 'a <@U1> b', 20, 'a <@U1> b'],
    ['does not cut inside a mention', `${'x'.repeat(6)}<@U0123456>`, 10, `${'x'.repeat(6)}…`],
    ['does not cut inside an entity', `${'x'.repeat(7)}&amp;`, 10, `${'x'.repeat(7)}…`],
    ['does not cut a link in half', `ab <https://example.org|Evidence>`, 20, 'ab …'],
    ['keeps a whole entity before the cut', `x&amp;${'y'.repeat(20)}`, 10, 'x&amp;yyy…'],
  ])('%s', (_name, text, max, expected) => {
    const result = fitMrkdwn(text, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});

describe('link: only http(s) becomes a Slack link', () => {
  it.each([
    ['an https address', 'https://docs.example.org/plan?a=1&b=2', '<https://docs.example.org/plan?a=1&b=2|Evidence>'],
    ['a | cannot end the address early', 'https://example.org/a|<!channel>', '<https://example.org/a%7C%3C!channel%3E|Evidence>'],
    ['!channel stays text', '<!channel>', '&lt;!channel&gt;'],
    ['javascript: stays text', 'javascript:alert(1)', 'javascript:alert(1)'],
  ])('%s', (_name, url, expected) => {
    expect(link(url, 'Evidence')).toBe(expected);
  });
});

it('reportSummary escapes the note within its share, or writes it plain for a fallback', () => {
  expect(reportSummary('en', { percent: 40, status: 'on_track', note: '<!channel> & more' })).toBe('40% · On track · &lt;!channel&gt; &amp; more');
  expect(reportSummary('en', { note: '<!channel> & more' }, 300, shorten)).toBe('<!channel> & more');
  expect(reportSummary('en', { note: '&'.repeat(1000) }, 1500).length).toBeLessThanOrEqual(1500);
  expect(escape('&<>')).toBe('&amp;&lt;&gt;');
});
