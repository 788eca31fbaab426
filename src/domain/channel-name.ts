/** Slack's limit on a channel name's length. */
export const MAX_CHANNEL_NAME_LENGTH = 80;

const PREFIX = 'zr-';

// Slack takes lowercase letters of any script (so 南京 stays), marks, digits, `-` and `_`; a run of
// anything else (capitals without a lowercase form, spaces, periods, `#`, punctuation) becomes one `-`.
const NOT_ALLOWED = /[^\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}_-]+/gu;

/** Cuts to at most `max` UTF-16 units (Slack's count) without splitting a character in two. */
function truncate(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}

/**
 * Text turned into a valid Slack channel name, or '' when nothing usable is left.
 *
 * @example
 * normaliseChannelName(' #ZR JS.NJ ') // 'zr-js-nj'
 */
export function normaliseChannelName(text: string): string {
  // NFKC turns full-width letters, digits and spaces (ＮＪ，　) into their ordinary forms first.
  const name = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(NOT_ALLOWED, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = truncate(name, MAX_CHANNEL_NAME_LENGTH).replace(/-+$/, '');
  // A name of punctuation alone is refused by Slack (invalid_name_punctuation).
  return /^[-_]*$/.test(cut) ? '' : cut;
}

/**
 * The name of a unit's channel: the import's `channel` when it gives one that yields a valid name,
 * else `zr-` and the unit code in lower case.
 *
 * @example
 * channelNameFor({ code: 'JS-NJ', channel_name: null })        // 'zr-js-nj'
 * channelNameFor({ code: 'JS-NJ', channel_name: '南京 纪委' })   // '南京-纪委'
 */
export function channelNameFor(unit: { code: string; channel_name: string | null }): string {
  const given = unit.channel_name === null ? '' : normaliseChannelName(unit.channel_name);
  return given || normaliseChannelName(`${PREFIX}${unit.code}`);
}

/**
 * The `n`th name to try when `name` cannot be used (taken by an archived channel or by one the bot
 * cannot see): `name-n`, shortened so that the whole stays within 80 characters.
 *
 * @example
 * alternativeName('zr-js-nj', 2) // 'zr-js-nj-2'
 */
export function alternativeName(name: string, n: number): string {
  const suffix = `-${n}`;
  const base = truncate(name, MAX_CHANNEL_NAME_LENGTH - suffix.length).replace(/-+$/, '');
  return `${base}${suffix}`;
}
