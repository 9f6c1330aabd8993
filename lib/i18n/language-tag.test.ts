import { describe, expect, it } from 'vitest';
import { pickLocale } from './dictionaries';
import { languageFromAcceptLanguage, normalizeLanguageTag } from './language-tag';

describe('normalizeLanguageTag', () => {
  it.each([
    ['zh', 'zh'],
    ['zh-CN', 'zh'],
    ['zh-cn', 'zh'],
    ['zh_CN', 'zh'],
    ['zh-Hans', 'zh'],
    ['zh-Hant-TW', 'zh'],
    ['zh-TW', 'zh'],
    ['zh-HK', 'zh'],
    ['cmn-Hans-CN', 'zh'],
    ['yue', 'zh'],
    [' en ', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['en-Latn-US-u-ca-gregory', 'en'],
  ])('%s → %s', (tag, language) => {
    expect(normalizeLanguageTag(tag)).toBe(language);
  });

  it.each([
    'fr',
    'fr-FR',
    'ja-JP',
    '',
    'zh--CN',
    'english',
    'chinese',
    '*',
    'zh\u0000',
    'en\uD83D',
    'zh😀',
    'z'.repeat(40),
  ])('refuses %j', (tag) => {
    expect(normalizeLanguageTag(tag)).toBeNull();
  });
});

describe('Accept-Language', () => {
  it('takes the most preferred supported tag, ties in header order', () => {
    expect(languageFromAcceptLanguage('fr-FR,en-US;q=0.8,zh-CN;q=0.9')).toBe('zh');
    expect(languageFromAcceptLanguage('en-GB, zh-TW')).toBe('en');
    expect(languageFromAcceptLanguage('zh-Hant-HK;q=0.5, en;q=0')).toBe('zh');
    expect(languageFromAcceptLanguage('de, *;q=0.1')).toBeNull();
    expect(languageFromAcceptLanguage(null)).toBeNull();
    expect(languageFromAcceptLanguage('garbage;;;q=x,,,')).toBeNull();
  });

  it('the dashboard uses the same reading', () => {
    expect(pickLocale(undefined, 'zh-Hant-TW,en;q=0.9')).toBe('zh');
    expect(pickLocale(undefined, 'en_US')).toBe('en');
    expect(pickLocale(undefined, 'ja')).toBe('zh');
  });
});
