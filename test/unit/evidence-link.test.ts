import { describe, expect, it } from 'vitest';
import { checkEvidenceLink, MAX_EVIDENCE_LINK_LENGTH } from '../../src/domain/evidence-link.js';

const notWeb = { ok: false, problem: { key: 'progress.evidenceNotWeb' } };

describe('checkEvidenceLink: http(s) URLs of at most 2,000 characters (SPEC §2.9)', () => {
  it.each([
    ['https', 'https://docs.example.org/plan', { ok: true, url: 'https://docs.example.org/plan' }],
    ['http, trimmed', '  http://intranet.example.org/a?b=1&c=2  ', { ok: true, url: 'http://intranet.example.org/a?b=1&c=2' }],
    ['upper-case scheme, normalised', 'HTTPS://Example.ORG', { ok: true, url: 'https://example.org/' }],
    ['Chinese path, percent-encoded as a browser opens it', 'https://example.org/报告.pdf', { ok: true, url: 'https://example.org/%E6%8A%A5%E5%91%8A.pdf' }],
    ['| is encoded so that it cannot end a Slack link', 'https://example.org/a|b', { ok: true, url: 'https://example.org/a%7Cb' }],
    ['!channel', '!channel', notWeb],
    ['<!channel>', '<!channel>', notWeb],
    ['javascript:', 'javascript:alert(document.cookie)', notWeb],
    ['data:', 'data:text/html,<script>alert(1)</script>', notWeb],
    ['mailto:', 'mailto:someone@example.org', notWeb],
    ['no scheme', 'docs.example.org/plan', notWeb],
    ['a scheme without slashes', 'https:docs.example.org', notWeb],
    ['a space inside', 'https://example.org/a b', notWeb],
    ['a NUL inside', 'https://example.org/a\u0000b', notWeb],
    ['a newline inside', 'https://example.org/a\nb', notWeb],
    ['no host', 'http://', notWeb],
  ])('%s', (_name, text, expected) => {
    expect(checkEvidenceLink(text)).toEqual(expected);
  });

  it('refuses 100,000 characters, and a link that grows past the limit once encoded', () => {
    expect(checkEvidenceLink(`https://example.org/${'a'.repeat(100_000)}`)).toEqual({
      ok: false,
      problem: { key: 'progress.evidenceTooLong', params: { max: MAX_EVIDENCE_LINK_LENGTH, length: 100_020 } },
    });
    const chinese = `https://example.org/${'报'.repeat(300)}`;
    expect(chinese.length).toBeLessThan(MAX_EVIDENCE_LINK_LENGTH);
    expect(checkEvidenceLink(chinese)).toMatchObject({ ok: false, problem: { key: 'progress.evidenceTooLong', params: { length: 20 + 300 * 9 } } });
    const longest = `https://example.org/${'a'.repeat(MAX_EVIDENCE_LINK_LENGTH - 20)}`;
    expect(checkEvidenceLink(longest)).toEqual({ ok: true, url: longest });
  });
});
