/**
 * Label and field selectors as the API server parses them from `?labelSelector=` / `?fieldSelector=`.
 * Label: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas.
 * Field: `path=v`, `path==v`, `path!=v` for the paths a kind supports; others are a 400, as on a
 * real server ("field label not supported").
 */

export class SelectorError extends Error {}

type LabelTest = (labels: Record<string, string>) => boolean;

/** Splits on commas that are not inside parentheses. */
function splitTerms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

function labelTerm(term: string): LabelTest {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (m) {
    const [, key, op, list] = m as unknown as [string, string, string, string];
    const values = list.split(',').map((v) => v.trim());
    return op === 'in'
      ? (l) => key in l && values.includes(l[key]!)
      : (l) => !(key in l) || !values.includes(l[key]!);
  }
  m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string];
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^(!?)([\w./-]+)$/.exec(term);
  if (m) {
    const [, not, key] = m as unknown as [string, string, string];
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw new SelectorError(`unable to parse requirement: ${term}`);
}

export function parseLabelSelector(text: string | null): LabelTest {
  if (!text) return () => true;
  const tests = splitTerms(text).map(labelTerm);
  return (labels) => tests.every((t) => t(labels));
}

export function parseFieldSelector(
  text: string | null,
  supported: Record<string, (obj: never) => string | undefined>,
): (obj: unknown) => boolean {
  if (!text) return () => true;
  const tests = splitTerms(text).map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid field selector: ${term}`);
    const [, path, op, value] = m as unknown as [string, string, string, string];
    const get = supported[path];
    if (!get) throw new SelectorError(`field label not supported: ${path}`);
    return (obj: unknown) => {
      const actual = get(obj as never) ?? '';
      return op === '!=' ? actual !== value : actual === value;
    };
  });
  return (obj) => tests.every((t) => t(obj));
}
