import { describe, expect, it } from 'vitest';
import { escape, escapeShort, fitLines, fitMrkdwn, link, mention, reportSummary, shorten } from '../../../src/slack/blocks/text.js';

describe('escape and escapeShort', () => {
  it('turns a person’s markup into text, so <!channel> and & are shown, not acted on', () => {
    expect(escape('<!channel> R&D > all')).toBe('&lt;!channel&gt; R&amp;D &gt; all');
    expect(escapeShort('a & b', 100)).toBe('a &amp; b');
  });

  it('cuts after escaping, within the limit, never mid-entity', () => {
    const cut = escapeShort('&'.repeat(1000), 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.slice(0, -1)).toMatch(/^(&amp;)+$/);
  });
});

describe('shorten', () => {
  it('leaves short text alone, and cuts long text to the limit with "…", not splitting a surrogate pair', () => {
    expect(shorten('整改', 10)).toBe('整改');
    const emoji = shorten('😀'.repeat(100), 11);
    expect(emoji.length).toBeLessThanOrEqual(11);
    expect(emoji).toBe(`${'😀'.repeat(5)}…`);
    const words = shorten('alpha beta gamma delta epsilon', 20);
    expect(words.length).toBeLessThanOrEqual(20);
    expect(words).toBe('alpha beta gamma…');
  });
});

describe('fitMrkdwn', () => {
  it('does not cut through a mention, link or entity', () => {
    const text = `${'x'.repeat(95)} <@U0123456789> more`;
    const fitted = fitMrkdwn(text, 100);
    expect(fitted.length).toBeLessThanOrEqual(100);
    expect(fitted).not.toContain('<@U');
    expect(fitMrkdwn(`${'x'.repeat(97)}&amp; tail`, 100)).toBe(`${'x'.repeat(97)}…`);
    expect(fitMrkdwn('short', 100)).toBe('short');
  });
});

describe('mention and link', () => {
  it('mentions a user id, links only http(s) addresses, and escapes the label', () => {
    expect(mention('U09DEP')).toBe('<@U09DEP>');
    expect(link('https://example.org/r.pdf', 'A & <B>')).toBe('<https://example.org/r.pdf|A &amp; &lt;B&gt;>');
    expect(link('javascript:alert(1)', 'x')).not.toMatch(/^</);
    expect(link('<!channel>', 'x')).toBe('&lt;!channel&gt;');
  });
});

describe('reportSummary', () => {
  it('joins the given parts in the reader’s language, escaping the note', () => {
    expect(reportSummary('en', { percent: 40, status: 'at_risk', note: 'R&D <!here>' })).toBe('40% · At risk · R&amp;D &lt;!here&gt;');
    const zh = reportSummary('zh-CN', { percent: 40, status: 'at_risk', note: '进展' });
    expect(zh.startsWith('40% · ')).toBe(true);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toContain('At risk');
    expect(reportSummary('en', { percent: 0 })).toBe('0%');
    expect(reportSummary('en', { note: 'n'.repeat(1000) }, 50).length).toBeLessThanOrEqual(50);
  });
});

describe('fitLines', () => {
  it('keeps whole lines that fit and counts the rest, never cutting the count off', () => {
    const more = (n: number) => `… and ${n} more`;
    const lines = Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(30, 'x'));
    const fitted = fitLines(['*Head*'], lines, 50, more, 100);
    expect(fitted.length).toBeLessThanOrEqual(100);
    expect(fitted.split('\n')).toEqual(['*Head*', lines[0], lines[1], '… and 48 more']);
    expect(fitLines([], ['a', 'b'], 2, more, 100)).toBe('a\nb');
    expect(fitLines([], ['a', 'b'], 5, more, 100)).toBe('a\nb\n… and 3 more');
  });
});
