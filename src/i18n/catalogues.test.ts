/**
 * The catalogue guard: every message and every knowledge-base text exists in every language, with
 * the same placeholders, no English left by accident, and the texts Slack shows fit Block Kit's
 * limits in their longest language. Adding a symptom, cause, fix step, check, verdict word or
 * placeholder without its translations fails here, naming what is missing.
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { SYMPTOMS } from '../symptoms/index.js';
import { causeWords, placeholdersIn } from '../engine/fix.js';
import { en, type MessageId } from './catalogues/en/messages.js';
import { englishLeft, hasCjk, hasEnglishProse, mayStayEnglish } from './english-left.js';
import { ENGLISH_KNOWLEDGE, KNOWLEDGE, localizeSymptom } from './knowledge.js';
import { LANGUAGES, type Lang } from './languages.js';
import { MESSAGES, translator } from './messages.js';
import { saidInWords } from './placeholder-text.js';

const TRANSLATED = LANGUAGES.filter((l): l is Exclude<Lang, 'en'> => l !== 'en');

/** Argument names of an ICU message, nested plural and select branches included. */
function icuArguments(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if ('value' in el && typeof el.value === 'string') into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) icuArguments(option.value, into);
  }
  return into;
}

/** The literal text of an ICU message, every branch included. */
function icuLiterals(elements: MessageFormatElement[]): string {
  return elements
    .map((el) =>
      el.type === TYPE.literal
        ? el.value
        : el.type === TYPE.plural || el.type === TYPE.select
          ? Object.values(el.options)
              .map((o) => icuLiterals(o.value))
              .join(' ')
          : ' ',
    )
    .join('');
}

const parseIcu = (text: string) => parse(text, { ignoreTag: true });
const sorted = (s: Iterable<string>) => [...new Set(s)].sort();

/** Every knowledge-base text of a language, with the English it translates, by a readable key. */
function knowledgePairs(lang: Lang): { key: string; english: string; text: string | undefined }[] {
  const k = KNOWLEDGE[lang];
  const E = ENGLISH_KNOWLEDGE;
  const pairs: { key: string; english: string; text: string | undefined }[] = [];
  for (const [sid, s] of Object.entries(E.symptoms)) {
    const t = k.symptoms[sid];
    pairs.push({ key: `${sid}.title`, english: s.title, text: t?.title });
    pairs.push({ key: `${sid}.seen`, english: s.seen, text: t?.seen });
    for (const [cid, c] of Object.entries(s.causes)) {
      const tc = t?.causes[cid];
      const at = `${sid}.${cid}`;
      pairs.push({ key: `${at}.title`, english: c.title, text: tc?.title });
      pairs.push({ key: `${at}.explanation`, english: c.explanation, text: tc?.explanation });
      pairs.push({ key: `${at}.fix`, english: c.fix, text: tc?.fix });
      c.steps.forEach((step, i) =>
        pairs.push({ key: `${at}.steps[${i}]`, english: step, text: tc?.steps[i] }),
      );
    }
  }
  for (const [id, summary] of Object.entries(E.checks))
    pairs.push({ key: `checks.${id}`, english: summary, text: k.checks[id] });
  for (const word of Object.keys(E.verdicts))
    pairs.push({ key: `verdicts.${word}`, english: word, text: k.verdicts[word] });
  for (const [outcome, note] of Object.entries(E.outcomes))
    pairs.push({ key: `outcomes.${outcome}`, english: note, text: k.outcomes[outcome] });
  for (const [name, p] of Object.entries(E.placeholders)) {
    if (p.shown !== undefined && saidInWords(p.shown))
      pairs.push({ key: `placeholders.${name}.shown`, english: p.shown, text: k.placeholders[name]?.shown });
    // A bare command needs no translation; a hint in words does.
    if (p.find !== undefined && hasEnglishProse(p.find))
      pairs.push({ key: `placeholders.${name}.find`, english: p.find, text: k.placeholders[name]?.find });
  }
  return pairs;
}

describe.each(TRANSLATED)('the %s catalogue', (lang) => {
  const pairs = knowledgePairs(lang);

  it('has every knowledge-base text', () => {
    expect(pairs.filter((p) => p.text === undefined || p.text.trim() === '').map((p) => p.key)).toEqual([]);
  });

  it('has nothing the knowledge base does not (a renamed id, an extra step)', () => {
    const k = KNOWLEDGE[lang];
    const E = ENGLISH_KNOWLEDGE;
    const extra: string[] = [];
    for (const [sid, s] of Object.entries(k.symptoms)) {
      const es = E.symptoms[sid];
      if (!es) extra.push(sid);
      for (const [cid, c] of Object.entries(s.causes)) {
        const ec = es?.causes[cid];
        if (!ec) extra.push(`${sid}.${cid}`);
        else if (c.steps.length !== ec.steps.length) extra.push(`${sid}.${cid}.steps (${c.steps.length})`);
      }
    }
    for (const group of ['checks', 'verdicts', 'outcomes', 'placeholders'] as const)
      for (const id of Object.keys(k[group])) if (!(id in E[group])) extra.push(`${group}.${id}`);
    expect(extra).toEqual([]);
  });

  it('keeps the placeholders of every knowledge-base text', () => {
    const differ = pairs
      .filter((p) => p.text !== undefined)
      .filter((p) => sorted(placeholdersIn(p.english)).join() !== sorted(placeholdersIn(p.text ?? '')).join())
      .map((p) => p.key);
    expect(differ).toEqual([]);
  });

  it('has every message, with the same ICU arguments as English', () => {
    const ids = Object.keys(en) as MessageId[];
    expect(sorted(Object.keys(MESSAGES[lang]))).toEqual(sorted(ids));
    const differ = ids.filter(
      (id) =>
        sorted(icuArguments(parseIcu(en[id]))).join() !==
        sorted(icuArguments(parseIcu(MESSAGES[lang][id]))).join(),
    );
    expect(differ).toEqual([]);
  });

  it('leaves no English prose behind', () => {
    const texts = [
      ...pairs.map((p) => ({ key: p.key, english: p.english, text: p.text ?? '' })),
      ...(Object.keys(en) as MessageId[]).map((id) => ({
        key: id,
        english: icuLiterals(parseIcu(en[id])),
        text: icuLiterals(parseIcu(MESSAGES[lang][id])),
      })),
    ];
    const left = texts.flatMap((x) => {
      const words = englishLeft(x.text, lang);
      const prose = hasEnglishProse(x.english);
      const problems = [
        ...(x.text.trim() === x.english.trim() && !mayStayEnglish(x.text, lang) ? ['same as English'] : []),
        ...(words.length ? [`English words: ${words.join(' ')}`] : []),
        ...((lang === 'ja' || lang === 'ko') && prose && !hasCjk(x.text)
          ? ['no Japanese or Korean in it']
          : []),
      ];
      return problems.length ? [`${x.key}: ${problems.join('; ')}`] : [];
    });
    expect(left).toEqual([]);
  });
});

describe('English in the catalogues', () => {
  it('is read from the knowledge base itself, so a new symptom needs only its translations', () => {
    expect(Object.keys(ENGLISH_KNOWLEDGE.symptoms)).toEqual(SYMPTOMS.map((s) => s.id));
  });

  it('is found by the heuristic when a translation keeps it', () => {
    expect(englishLeft('Ajoutez la règle to the NSG before the deny rule', 'fr')).toEqual([
      'to',
      'the',
      'before',
      'the',
    ]);
    expect(englishLeft('Voeg de regel toe in de NSG; het is klaar', 'nl')).toEqual([]);
    expect(
      englishLeft('`kubectl get pods -A` <nsg-name> {policy} az network nsg list -o table', 'ja'),
    ).toEqual([]);
  });

  it('lets a translation be word for word the English only for shared words and commands', () => {
    expect(mayStayEnglish('Likely causes:', 'fr')).toBe(false);
    expect(mayStayEnglish('ports', 'fr')).toBe(true);
    expect(mayStayEnglish('ports', 'ja')).toBe(false);
    expect(mayStayEnglish('Kubernetes', 'ko')).toBe(true);
    expect(mayStayEnglish('az aks list -o table', 'nl')).toBe(true);
  });
});

/**
 * Block Kit limits (api.slack.com/reference/block-kit): a header's plain text 150 characters, a
 * section's text 3,000, a button's and an option's text 75. What a reply shows whole: the symptom
 * title as a header; a cause title as a header after a short prefix ("Found: "); a cause's title
 * with its explanation, or with its whole fix (every value still a marker, the longest form), as one
 * section; the list of a symptom's cause titles as one section; status and verdict words as
 * options or buttons.
 */
const LIMITS = { header: 150, headerPrefix: 20, section: 3000, option: 75 } as const;

describe.each(LANGUAGES)('Slack texts in %s', (lang) => {
  const { t } = translator(lang);

  it('fit Block Kit limits in this language', () => {
    const over: string[] = [];
    const check = (what: string, text: string, limit: number) => {
      if (text.length > limit) over.push(`${what}: ${text.length} > ${limit}`);
    };
    for (const source of SYMPTOMS) {
      const s = localizeSymptom(source, lang);
      check(`${s.id} title (header)`, s.title, LIMITS.header);
      check(
        `${s.id} causes (section)`,
        s.causes.map((c, i) => `${i + 1}. ${c.title}`).join('\n'),
        LIMITS.section,
      );
      for (const c of s.causes) {
        const words = causeWords(c, {}, lang);
        check(`${s.id}.${c.id} title (header)`, c.title, LIMITS.header - LIMITS.headerPrefix);
        check(`${s.id}.${c.id} explanation (section)`, `*${c.title}*\n${c.explanation}`, LIMITS.section);
        check(`${s.id}.${c.id} fix (section)`, `*${c.title}*\n\`\`\`${words.fix}\`\`\``, LIMITS.section);
      }
    }
    for (const status of ['confirmed', 'ruled-out', 'unknown'] as const)
      check(`status ${status} (option)`, t(`status.${status}`), LIMITS.option);
    for (const [word, label] of Object.entries(KNOWLEDGE[lang].verdicts))
      check(`verdict ${word} (option)`, label, LIMITS.option);
    expect(over).toEqual([]);
  });
});
