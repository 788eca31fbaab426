/** Longest evidence link, in characters, as typed and as normalised (SPEC §2.9). */
export const MAX_EVIDENCE_LINK_LENGTH = 2000;

export type EvidenceLinkCheck =
  | { ok: true; url: string }
  | { ok: false; problem: { key: 'progress.evidenceNotWeb' } | { key: 'progress.evidenceTooLong'; params: { max: number; length: number } } };

/**
 * The address normalised as a browser would open it (WHATWG URL), with `|` percent-encoded so that
 * it cannot end a Slack link's address; `null` unless it is an absolute http(s) URL with a host.
 */
function normalise(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return null;
  // The parser percent-encodes spaces, quotes, < and > but leaves |, which Slack reads as the label's start.
  return url.href.replace(/\|/g, '%7C');
}

/**
 * Checks an evidence link: an `http://` or `https://` URL of at most 2,000 characters, nothing
 * else (`!channel`, `javascript:…`, a file path). The link is kept as normalised, so that what
 * is stored is exactly what a Slack link will open.
 *
 * @example
 * checkEvidenceLink(' https://example.org/报告.pdf ') // { ok: true, url: 'https://example.org/%E6%8A%A5%E5%91%8A.pdf' }
 * checkEvidenceLink('javascript:alert(1)') // { ok: false, problem: { key: 'progress.evidenceNotWeb' } }
 */
export function checkEvidenceLink(text: string): EvidenceLinkCheck {
  const typed = text.trim();
  if (typed.length > MAX_EVIDENCE_LINK_LENGTH) return { ok: false, problem: { key: 'progress.evidenceTooLong', params: { max: MAX_EVIDENCE_LINK_LENGTH, length: typed.length } } };
  // Control characters would be dropped silently by the URL parser: refused rather than guessed.
  if (!/^https?:\/\//i.test(typed) || /[\u0000-\u001f\u007f-\u009f\s]/.test(typed)) return { ok: false, problem: { key: 'progress.evidenceNotWeb' } };
  const url = normalise(typed);
  if (!url) return { ok: false, problem: { key: 'progress.evidenceNotWeb' } };
  if (url.length > MAX_EVIDENCE_LINK_LENGTH) return { ok: false, problem: { key: 'progress.evidenceTooLong', params: { max: MAX_EVIDENCE_LINK_LENGTH, length: url.length } } };
  return { ok: true, url };
}

/** The address to put in a Slack link, or `null` when it is not one that may be linked (a link stored before the rule, say). */
export function safeLink(text: string): string | null {
  const checked = checkEvidenceLink(text);
  return checked.ok ? checked.url : null;
}
