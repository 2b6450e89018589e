/**
 * `aksdiag` answers in the reader's language: --lang, else LC_ALL / LC_MESSAGES / LANG, else
 * English. Run in-process through `main`, on a real paste from the corpus.
 */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { englishLeft, hasCjk, mayStayEnglish } from '../../src/i18n/english-left.js';
import { KNOWLEDGE } from '../../src/i18n/knowledge.js';
import type { Lang } from '../../src/i18n/languages.js';
import { loadFixture } from '../support/fixtures.js';
import { loadCorpus } from '../support/corpus.js';

async function run(argv: string[], stdin?: string, env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdin: Readable.from(stdin === undefined ? [] : [stdin]),
    stdinIsTTY: stdin === undefined,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env,
  });
  return { code, out, err };
}

// Azure/AKS#18: `kubectl logs` refused on 10250, as pasted (with its line wraps).
const paste = loadCorpus().find((i) => i.id === 'tunnel-10250-013')!.text;

const TRANSLATED: Exclude<Lang, 'en'>[] = ['ja', 'fr', 'nl', 'ko'];

describe.each(TRANSLATED)('aksdiag explain --lang %s', (lang) => {
  it('prints the whole answer in that language: title, causes, fixes, notes', async () => {
    const english = await run(['explain'], paste);
    const { code, out } = await run(['explain', '--lang', lang], paste);
    expect(code).toBe(0);
    // The same diagnosis: the same symptom and causes, in the same order.
    const ids = (text: string) => [...text.matchAll(/^ ?\d+\. ([a-z0-9-]+):/gm)].map((m) => m[1]);
    expect(out.split('\n')[0]).toMatch(/^tunnel-10250 {2}/);
    expect(ids(out)).toEqual(ids(english.out));
    expect(ids(out).length).toBeGreaterThan(3);
    // Every line that says something in English says it in this language instead; commands, ids
    // and what the paste named stay as they are.
    // (a hint's `<marker>: ` comes off first: a bare command after it may stay).
    const said = english.out
      .split('\n')
      .filter((l) => l.trim() !== '' && !mayStayEnglish(l.replace(/^\s*<[^<>]+>: /, ''), lang));
    expect(said.length).toBeGreaterThan(40);
    const kept = said.filter((line) => out.includes(line.trim()));
    expect(kept).toEqual([]);
    const left = out.split('\n').filter((l) => englishLeft(l, lang).length > 0);
    expect(left).toEqual([]);
    if (lang === 'ja' || lang === 'ko') expect(hasCjk(out)).toBe(true);
    // The refusal rules silent drops out, said in this language; the NSG cause is marked with it.
    expect(out).toContain(KNOWLEDGE[lang].outcomes['refused']!);
    expect(out).toMatch(new RegExp(`nsg-blocks-10250: .*${KNOWLEDGE[lang].verdicts['refused']}`));
    // Commands keep their exact text, with the values the paste gave.
    expect(out).toContain('az vmss reimage -g <node-resource-group> -n');
    expect(out).toContain('kubectl -n kube-system rollout restart deployment <tunnel-deployment>');
  });

  it('keeps the language-neutral JSON and adds the words in this language under text', async () => {
    const en = JSON.parse((await run(['explain', '--json'], paste)).out);
    const d = JSON.parse((await run(['explain', '--json', '--lang', lang], paste)).out);
    expect(d.lang).toBe(lang);
    expect(d.symptom).toBe(en.symptom);
    expect(d.causes.map((c: { id: string }) => c.id)).toEqual(en.causes.map((c: { id: string }) => c.id));
    // The English fields stay for tools; the reader's words sit beside them.
    expect(d.title).toBe(en.title);
    expect(d.causes[0].title).toBe(en.causes[0].title);
    expect(d.text.title).toBe(KNOWLEDGE[lang].symptoms['tunnel-10250']!.title);
    for (const c of d.causes) {
      expect(c.text.title).not.toBe(c.title);
      expect(c.text.explanation).toBe(KNOWLEDGE[lang].symptoms['tunnel-10250']!.causes[c.id]!.explanation);
      expect(c.text.fixSteps.map((s: { command?: string }) => s.command)).toEqual(
        c.fixSteps.map((s: { command?: string }) => s.command),
      );
      for (const k of c.checks) expect(k.text.summary).toBe(KNOWLEDGE[lang].checks[k.id]);
    }
    expect(d.text.outcomeNote).toBe(KNOWLEDGE[lang].outcomes['refused']);
  });
});

describe('which language the CLI answers in', () => {
  const firstCause = (out: string) => out.split('\n').find((l) => l.startsWith(' 1. ')) ?? '';
  const french = KNOWLEDGE.fr.symptoms['tunnel-10250']!.title;

  it('follows LANG when there is no --lang: fr_FR.UTF-8 answers in French', async () => {
    const { out } = await run(['explain'], paste, { LANG: 'fr_FR.UTF-8' });
    expect(out.split('\n')[1]).toBe(french);
    expect(firstCause(out)).toMatch(/^ 1\. [a-z0-9-]+: /);
  });

  it('takes LC_ALL over LC_MESSAGES over LANG, and --lang over all of them', async () => {
    const titleIn = async (argv: string[], env: Record<string, string>) =>
      (await run(argv, paste, env)).out.split('\n')[1];
    expect(await titleIn(['explain'], { LANG: 'fr_FR.UTF-8', LC_MESSAGES: 'nl_NL.UTF-8' })).toBe(
      KNOWLEDGE.nl.symptoms['tunnel-10250']!.title,
    );
    expect(await titleIn(['explain'], { LANG: 'fr_FR.UTF-8', LC_ALL: 'ko_KR.UTF-8' })).toBe(
      KNOWLEDGE.ko.symptoms['tunnel-10250']!.title,
    );
    expect(await titleIn(['explain', '--lang=ja'], { LC_ALL: 'fr_FR.UTF-8' })).toBe(
      KNOWLEDGE.ja.symptoms['tunnel-10250']!.title,
    );
  });

  it('answers in English for a locale it does not speak, or C', async () => {
    const english = (await run(['explain'], paste)).out;
    expect((await run(['explain'], paste, { LANG: 'de_DE.UTF-8' })).out).toBe(english);
    expect((await run(['explain'], paste, { LC_ALL: 'C', LANG: 'fr_FR.UTF-8' })).out).toBe(english);
  });

  it('refuses a --lang it does not speak with one line naming the ones it does, and reads nothing', async () => {
    const { code, out, err } = await run(['explain', '--lang', 'de'], paste);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('aksdiag: aksdiag does not speak "de": use one of en, ja, fr, nl, or ko\n');
  });

  it('says usage errors in the chosen language', async () => {
    const { code, err } = await run(['interpret', 'ufw-status', '--port', '0', '--lang', 'ja'], 'x');
    expect(code).toBe(2);
    expect(err).toContain('1 から 65535 の TCP ポートを指定してください');
    const empty = await run(['explain', '--lang', 'nl'], '   ');
    expect(empty.err).toBe('aksdiag: de invoer is leeg: geef de fouttekst als argumenten of via stdin\n');
  });

  it('says a tool verdict in the chosen language and keeps its word in --json', async () => {
    const ufw = loadFixture('ufw-status', 'ssh-only-verbose');
    const { out } = await run(['interpret', 'ufw-status', '--port', '10250', '--lang', 'fr'], ufw.text);
    expect(out.split('\n')[0]).toMatch(/^ufw-status \(port 10250\): bloque le port \[blocks-port\]/);
    const json = JSON.parse(
      (await run(['interpret', 'ufw-status', '--port', '10250', '--json', '--lang', 'ko'], ufw.text)).out,
    );
    expect(json).toMatchObject({ verdict: 'blocks-port', lang: 'ko', text: { verdict: '포트 차단' } });
  });
});
