/**
 * Many literal phrases as one regular expression, written as a trie: `time(?:d out|out)|...`
 * instead of `timed out|timeout|...`. V8 tries a flat alternation's branches one by one at every
 * position of the text; the trie shares each prefix, so a position is ruled out after a few
 * character tests rather than one per phrase. At each node the longer phrases are tried before the
 * phrase that ends there, so the match at a position is the longest phrase there, as with a flat
 * alternation sorted longest first.
 */

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface Node {
  end: boolean;
  next: Map<string, Node>;
}

function source(node: Node): string {
  const branches = [...node.next].map(([ch, child]) => escape(ch) + source(child));
  if (branches.length === 0) return '';
  const alt = branches.join('|');
  // Ending here is the fallback: `x(?:yz)?` prefers `xyz`.
  if (node.end) return `(?:${alt})?`;
  return branches.length === 1 ? alt : `(?:${alt})`;
}

/** The regular-expression source matching any of `phrases` (literal text), longest first at each position. */
export function phraseTrie(phrases: readonly string[]): string {
  const root: Node = { end: false, next: new Map() };
  for (const phrase of phrases) {
    if (phrase === '') continue;
    let node = root;
    for (const ch of phrase) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  return `(?:${source(root)})`;
}
