import { describe, expect, it } from '@jest/globals';
import { phraseTrie } from './phrase-trie.js';

const flat = (phrases: string[]): RegExp =>
  new RegExp(
    [...phrases]
      .sort((a, b) => b.length - a.length)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('|'),
    'gi',
  );

describe('phraseTrie', () => {
  it('finds the longest phrase at each position, as a flat alternation sorted longest first does', () => {
    const phrases = [
      'timed out',
      'timeout',
      'time',
      'dns request timed out',
      'i/o timeout',
      'a.b',
      '(7)',
      'délai',
    ];
    const text =
      'DNS request timed out. dial tcp: i/o timeout; time; timed out; a.b axb curl: (7) x; Délai dépassé';
    const trie = new RegExp(phraseTrie(phrases), 'gi');
    expect(text.match(trie)).toEqual(text.match(flat(phrases)));
    expect(text.match(trie)).toEqual([
      'DNS request timed out',
      'i/o timeout',
      'time',
      'timed out',
      'a.b',
      '(7)',
      'Délai',
    ]);
  });

  it('treats every phrase as literal text and ignores empty ones', () => {
    const trie = new RegExp(`^${phraseTrie(['a+b', '', '[x]'])}$`);
    expect(trie.test('a+b')).toBe(true);
    expect(trie.test('aab')).toBe(false);
    expect(trie.test('[x]')).toBe(true);
    expect(trie.test('x')).toBe(false);
  });
});
