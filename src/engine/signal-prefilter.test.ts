import { loadCorpus } from '../../test/support/corpus.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { flatten, normalize } from './normalize.js';
import { buildSignalIndex, literalsIn, literalsOf, mayMatch } from './signal-prefilter.js';

describe('the leading literals of a pattern', () => {
  it.each([
    [
      'took too long to respond|err_connection_timed_out',
      ['took too long to respond', 'err_connection_timed_out'],
    ],
    ['this site can.t be reached', ['this site can']],
    ['\\bnodenetworkconfigs?\\b|\\bget nnc\\b', ['nodenetworkconfig', 'get nnc']],
    ['(?:etimedout|econnreset)\\b', ['etimedout', 'econnreset']],
    ['\\*\\* server can.t find', ['** server can']],
    ['(?<![\\d.])curl: \\(28\\) ', ['curl: (28) ']],
    ['snat (?:port )?exhaustion|outbound ports? (?:per|exhaust)', ['snat ', 'outbound port']],
  ])('%s', (source, literals) => {
    expect(literalsOf(source)).toEqual(literals);
  });

  it.each(['\\d{1,3}\\.\\d{1,3}\\.0\\.10:53', '(?:azure )?firewall blocked', 'ab|cdef', 'x{3}yz'])(
    'none that every match must start with: %s',
    (source) => {
      expect(literalsOf(source)).toBeNull();
    },
  );
});

describe('the prefilter on real pastes', () => {
  it('never rules out a signal that matches (every corpus paste, every signal)', () => {
    const patterns = SYMPTOMS.flatMap((s) => s.signals.map((x) => x.pattern));
    const index = buildSignalIndex(patterns);
    const missed: string[] = [];
    let ruledOut = 0;
    for (const item of loadCorpus()) {
      const flat = flatten(normalize(item.text).text);
      const found = literalsIn(index, flat.toLowerCase());
      for (const p of patterns) {
        const may = mayMatch(index, p, found);
        if (!may) ruledOut++;
        if (!may && p.test(flat)) missed.push(`${item.id}: ${p.source.slice(0, 60)}`);
      }
    }
    expect(missed).toEqual([]);
    // And it does rule most of them out: that is what it is for.
    expect(ruledOut).toBeGreaterThan(loadCorpus().length * patterns.length * 0.5);
  });
});
