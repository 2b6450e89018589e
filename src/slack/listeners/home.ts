/**
 * App Home's Home tab, published each time the user opens it: their recent diagnoses, the
 * channels' settings, recent fixes from the audit log, and their own settings, in their language.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CheckReport } from '../../run/check-cluster.js';
import { type HomeData, HOME_LIMITS, homeView } from '../../report/slack-home.js';
import { DAY_MS, type ThreadDiagnosis } from '../../store/types.js';
import type { Bot } from '../context.js';
import { mayApply, onHomeOpened } from '../guard.js';
import type { Chosen } from '../language.js';

/** Fixes this far back are looked for in the audit log (and at most this many entries read). */
const FIXES_SINCE_MS = 30 * DAY_MS;
const AUDIT_READ = 2000;

const confirmedIn = (d: ThreadDiagnosis): string[] =>
  d.report
    ? (JSON.parse(d.report) as CheckReport[]).flatMap((r) =>
        r.causes.filter((c) => c.status === 'confirmed').map((c) => c.id),
      )
    : [];

/** The team's recent fixes: applied or failed, newest first; an entry's diagnosis says which team it was in. */
async function recentFixes(bot: Bot, team: string): Promise<HomeData['fixes']> {
  const since = new Date(bot.now().getTime() - FIXES_SINCE_MS);
  const log = await bot.store.auditLog({ since, limit: AUDIT_READ });
  const fixes: HomeData['fixes'] = [];
  for (const e of log.reverse()) {
    if (fixes.length >= HOME_LIMITS.fixes) break;
    const applied = e.result.startsWith('applied');
    if (!applied && !e.result.startsWith('failed')) continue;
    const d = e.diagnosis ? await bot.store.get(e.diagnosis) : null;
    if (d?.team !== team) continue;
    fixes.push({ at: e.at, who: e.who, what: e.what, applied });
  }
  return fixes;
}

async function gather(
  bot: Bot,
  client: WebClient,
  at: { team: string; user: string },
  chosen: Chosen,
): Promise<HomeData> {
  const [recent, channels, fixes, may] = await Promise.all([
    bot.store.recent(at.team, at.user, HOME_LIMITS.recent),
    bot.store.channels(at.team, HOME_LIMITS.channels),
    recentFixes(bot, at.team),
    bot.deps.fixer ? mayApply(bot, client, at.user) : Promise.resolve(null),
  ]);
  return {
    now: bot.now().toISOString(),
    recent: recent.map((d) => ({
      at: d.at ?? '',
      channel: d.channel,
      symptom: d.symptom,
      cluster: d.cluster,
      status: d.status ?? (d.report ? 'checked' : 'diagnosed'),
      confirmed: confirmedIn(d),
    })),
    channels,
    fixes,
    language: { lang: chosen.lang, source: chosen.source === 'channel' ? 'default' : chosen.source },
    mayApply: may,
  };
}

export function register(app: App, bot: Bot): void {
  onHomeOpened(app, bot, async (at, client, chosen) => {
    const view = homeView(await gather(bot, client, at, chosen), chosen.lang);
    await client.views.publish({ user_id: at.user, view: view as never });
    bot.log('home-published', { user: at.user, lang: chosen.lang });
  });
}
