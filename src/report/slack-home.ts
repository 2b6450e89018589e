/**
 * The App Home tab, in the user's language: their recent diagnoses and where each stands, the
 * channels' bound clusters and languages, the recent fixes with who applied them (from the audit
 * log), and the settings that apply to them. Pure: the listener gathers the data. Bounded: a few
 * sections of at most 3,000 characters each, far under the 100 blocks a view holds; every text
 * from outside escaped.
 */
import { localizeSymptom, symptomTitle } from '../i18n/knowledge.js';
import { LANGUAGE_NAMES, type Lang, isLang } from '../i18n/languages.js';
import { type Translator, translator } from '../i18n/messages.js';
import type { ChannelSettings, DiagnosisStatus } from '../store/types.js';
import { SYMPTOMS } from '../symptoms/index.js';
import {
  type Block,
  DIAGNOSE_SHORTCUT,
  MAX_SECTION,
  context,
  header,
  linesWithin,
  name,
  section,
} from './slack-kit.js';
import { escapeOwn, say } from './slack-say.js';

/** The most of each list shown. */
export const HOME_LIMITS = { recent: 10, channels: 30, fixes: 10 } as const;
/** A view holds at most 100 blocks. */
export const MAX_VIEW_BLOCKS = 100;

export interface HomeDiagnosis {
  /** ISO 8601. */
  at: string;
  channel: string;
  symptom: string | null;
  cluster: string | null;
  status: DiagnosisStatus;
  /** The causes its last check confirmed. */
  confirmed: string[];
}

export interface HomeFix {
  at: string;
  who: string;
  /** The change as the audit log recorded it. */
  what: string;
  applied: boolean;
}

export interface HomeData {
  /** When it was built (ISO 8601). */
  now: string;
  recent: HomeDiagnosis[];
  channels: ChannelSettings[];
  fixes: HomeFix[];
  language: { lang: Lang; source: 'locale' | 'channel' | 'bot' | 'default' };
  /** Whether this user may apply fixes from Slack; null when fixes cannot be applied from Slack at all. */
  mayApply: boolean | null;
}

/** `2030-01-01 09:30 UTC`: the same in every language (a stored time, escaped all the same). */
const when = (iso: string) => name(`${iso.slice(0, 16).replace('T', ' ')} UTC`);

/** A Slack id from a signed payload becomes a mention; anything else is shown as text. */
const channelRef = (c: string) => (/^[CGD][A-Z0-9]{2,40}$/.test(c) ? `<#${c}>` : name(c));
const userRef = (u: string) => (/^[UW][A-Z0-9]{2,40}$/.test(u) ? `<@${u}>` : name(u));

const causeTitle = (symptom: string | null, cause: string, lang: Lang) => {
  const s = SYMPTOMS.find((x) => x.id === symptom);
  return (s && localizeSymptom(s, lang).causes.find((c) => c.id === cause)?.title) ?? cause;
};

function statusText(d: HomeDiagnosis, tr: Translator): string {
  const cluster = `\`${name(d.cluster ?? '?')}\``;
  switch (d.status) {
    case 'running':
      return say(tr, 'slack.home.status.running', { cluster });
    case 'failed':
      return say(tr, 'slack.home.status.failed', { cluster });
    case 'checked':
      return d.confirmed.length
        ? say(tr, 'slack.home.status.found', {
            cluster,
            causes: d.confirmed.map((c) => name(causeTitle(d.symptom, c, tr.lang))).join('; '),
          })
        : say(tr, 'slack.home.status.clean', { cluster });
    default:
      return escapeOwn(tr.t(`slack.home.status.${d.status}`));
  }
}

/** A heading and its lines (or the words for none), as blocks. */
function part(title: string, lines: string[], none: string, tr: Translator): Block[] {
  return [header(title), section(lines.length ? linesWithin(lines, MAX_SECTION - 50, tr) : none)];
}

export function homeView(data: HomeData, lang: Lang): { type: 'home'; blocks: Block[] } {
  const tr = translator(lang);
  const { t } = tr;
  const shortcut = { shortcut: DIAGNOSE_SHORTCUT.name };
  const recent = data.recent.slice(0, HOME_LIMITS.recent).map((d) => {
    const title = d.symptom ? (symptomTitle(d.symptom, lang) ?? d.symptom) : t('slack.progress.everything');
    return `• ${when(d.at)} · ${channelRef(d.channel)} · *${name(title)}* — ${statusText(d, tr)}`;
  });
  const channels = data.channels.slice(0, HOME_LIMITS.channels).map((c) => {
    const settings = [
      c.cluster ? say(tr, 'slack.home.cluster', { cluster: `\`${name(c.cluster)}\`` }) : null,
      c.lang
        ? // (A stored value that is no language, `toString` say, is shown as typed, not looked up.)
          say(tr, 'slack.home.language', { language: name(isLang(c.lang) ? LANGUAGE_NAMES[c.lang] : c.lang) })
        : null,
    ].filter((x): x is string => x !== null);
    return `• ${channelRef(c.channel)}: ${settings.join(' · ')}`;
  });
  const fixes = data.fixes.slice(0, HOME_LIMITS.fixes).map((f) => {
    const result = escapeOwn(t(f.applied ? 'slack.home.fixApplied' : 'slack.home.fixFailed'));
    return `• ${when(f.at)} · ${userRef(f.who)} · ${name(f.what)} · *${result}*`;
  });
  const language = say(tr, 'slack.home.yourLanguage', {
    language: LANGUAGE_NAMES[data.language.lang],
    source: escapeOwn(
      t(
        data.language.source === 'locale'
          ? 'slack.source.locale'
          : data.language.source === 'bot'
            ? 'slack.source.bot'
            : 'slack.source.default',
      ),
    ),
  });
  const settings = [
    language,
    ...(data.language.source === 'locale' ? [] : [escapeOwn(t('slack.home.channelLanguage'))]),
    escapeOwn(
      t(
        data.mayApply === null
          ? 'slack.home.fixesOff'
          : data.mayApply
            ? 'slack.home.mayApply'
            : 'slack.home.mayNotApply',
      ),
    ),
  ];
  const blocks: Block[] = [
    header('aksdiag'),
    context(say(tr, 'slack.home.asOf', { when: when(data.now) })),
    ...part(t('slack.home.recent'), recent, say(tr, 'slack.home.noRecent', shortcut), tr),
    { type: 'divider' },
    ...part(t('slack.home.channels'), channels, say(tr, 'slack.home.noChannels'), tr),
    { type: 'divider' },
    ...part(t('slack.home.fixes'), fixes, escapeOwn(t('slack.home.noFixes')), tr),
    { type: 'divider' },
    header(t('slack.home.settings')),
    section(settings.join('\n')),
  ];
  return { type: 'home', blocks: blocks.slice(0, MAX_VIEW_BLOCKS) };
}
