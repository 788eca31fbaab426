import { describe, expect, it } from 'vitest';
import { alternativeName, channelNameFor, MAX_CHANNEL_NAME_LENGTH, normaliseChannelName } from '../../src/domain/channel-name.js';

// What the fake Slack's conversations.create accepts, which is what Slack accepts.
const SLACK_NAME = /^[\p{Ll}\p{Lo}\p{Lm}\p{M}\p{N}_-]+$/u;
const valid = (name: string) => SLACK_NAME.test(name) && name.length <= MAX_CHANNEL_NAME_LENGTH && !/^[-_]+$/.test(name);

const long = 'A'.repeat(100);

describe('channelNameFor', () => {
  it.each([
    ['the code, prefixed and lower-cased', 'JS-NJ', null, 'zr-js-nj'],
    ['a code with doubled dashes', 'JS--NJ', null, 'zr-js-nj'],
    ['a code of digits', '320100', null, 'zr-320100'],
    ['a long code, cut to 80', long, null, `zr-${'a'.repeat(77)}`],
    ['the import’s channel as given', 'JS-NJ', 'zr-nanjing', 'zr-nanjing'],
    ['the import’s channel lower-cased', 'JS-NJ', 'ZR-NanJing', 'zr-nanjing'],
    ['without a leading #', 'JS-NJ', '#zr-nj', 'zr-nj'],
    ['spaces and periods become dashes', 'JS-NJ', 'Nanjing City. Office', 'nanjing-city-office'],
    ['repeats collapse and ends are trimmed', 'JS-NJ', '--a -- b..c--', 'a-b-c'],
    ['underscores stay', 'JS-NJ', 'js_nj', 'js_nj'],
    ['Chinese is kept', 'JS-NJ', '南京市纪委', '南京市纪委'],
    ['Chinese punctuation becomes a dash', 'JS-NJ', '南京（市）纪委·监督', '南京-市-纪委-监督'],
    ['full-width letters and spaces become ordinary', 'JS-NJ', 'ＺＲ　ＮＪ', 'zr-nj'],
    ['an emoji becomes a dash', 'JS-NJ', 'nj🚀team', 'nj-team'],
    ['a long given name, cut to 80 without a trailing dash', 'JS-NJ', `${'b'.repeat(79)} c`, 'b'.repeat(79)],
    ['nothing usable: the code instead', 'JS-NJ', '#. ..', 'zr-js-nj'],
    ['only punctuation: the code instead', 'JS-NJ', '__', 'zr-js-nj'],
    ['empty: the code instead', 'JS-NJ', '', 'zr-js-nj'],
  ] as const)('%s', (_name, code, channel, expected) => {
    const name = channelNameFor({ code, channel_name: channel });
    expect(name).toBe(expected);
    expect(valid(name)).toBe(true);
  });
});

describe('alternativeName', () => {
  it.each([
    ['a dash and the number', 'zr-js-nj', 2, 'zr-js-nj-2'],
    ['two digits', 'zr-js-nj', 10, 'zr-js-nj-10'],
    ['Chinese', '南京市纪委', 3, '南京市纪委-3'],
    ['shortened to stay within 80', 'c'.repeat(80), 2, `${'c'.repeat(78)}-2`],
    ['no doubled dash where the cut lands on one', `${'d'.repeat(76)}-xxx`, 12, `${'d'.repeat(76)}-12`],
  ] as const)('%s', (_name, name, n, expected) => {
    const alternative = alternativeName(name, n);
    expect(alternative).toBe(expected);
    expect(valid(alternative)).toBe(true);
  });
});

describe('normaliseChannelName', () => {
  it('never splits a character made of two UTF-16 units', () => {
    const name = normaliseChannelName(`${'e'.repeat(79)}𠀀`);
    expect(name).toBe('e'.repeat(79));
  });
});
