import { describe, expect, it } from 'vitest';
import { didYouMean, suggest } from '../../../src/schema/suggest.js';

describe('suggest', () => {
  const fields = ['nodeSizing', 'diskSize', 'region', 'area', 'az', 'tags'];
  const cases: Record<string, { reason: string; word: string; candidates?: string[]; want: string | undefined }> = {
    OneEdit: { reason: 'a dropped letter', word: 'nodeSizng', want: 'nodeSizing' },
    Swap: { reason: 'two letters swapped', word: 'regoin', want: 'region' },
    Case: { reason: 'case only', word: 'DISKSIZE', want: 'diskSize' },
    ShortWordOneEdit: { reason: 'short words tolerate one edit', word: 'ax', want: 'az' },
    ShortWordFar: { reason: 'but not two', word: 'ha', want: undefined },
    Far: { reason: 'unrelated words get no suggestion', word: 'flavour', want: undefined },
    Kinds: { reason: 'kinds', word: 'Rediss', candidates: ['PostgreSQL', 'Redis', 'Stack'], want: 'Redis' },
    NotItself: { reason: 'an exact match is not a suggestion', word: 'tags', candidates: ['tags'], want: undefined },
  };
  it.each(Object.entries(cases))('%s', (_n, c) => {
    expect(suggest(c.word, c.candidates ?? fields), c.reason).toBe(c.want);
  });

  it('formats a ready-to-append hint', () => {
    expect(didYouMean('nodeSizng', fields)).toBe('; did you mean "nodeSizing"?');
    expect(didYouMean('zzz', fields)).toBe('');
  });
});
