/** `/aksdiag`: help, `bind <cluster>`, and `<cluster> [error text]` to run the checks. */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { parseClusterQuery } from '../../azure/find-cluster.js';
import { diagnose } from '../../engine/diagnose.js';
import { redact } from '../../engine/redact.js';
import { metadata } from '../../report/slack-blocks.js';
import type { ThreadDiagnosis } from '../../store/types.js';
import type { Bot } from '../context.js';
import { type Outcome, type Who, onCommand, shown, slackText, tell } from '../guard.js';
import { textPart } from '../payloads.js';
import { startRun } from '../threads.js';

/** mrkdwn: a literal `<` is written `&lt;`, or Slack reads `<cluster>` as markup. */
export const HELP = [
  '*aksdiag* diagnoses AKS networking errors. Paste an error in a channel I am in (or DM me), or:',
  '• `/aksdiag &lt;cluster&gt;`: check a cluster for every known problem',
  '• `/aksdiag &lt;cluster&gt; &lt;error text&gt;`: check it for the problem that error shows',
  '• `/aksdiag bind &lt;cluster&gt;`: make it this channel\'s default cluster for the "Run checks" button',
  '• `/aksdiag help`: this text',
  'A cluster is `&lt;name&gt;`, `&lt;resourceGroup&gt;/&lt;name&gt;` or `&lt;subscription&gt;/&lt;resourceGroup&gt;/&lt;name&gt;`.',
].join('\n');

const NOT_A_CLUSTER =
  'is not a cluster. Give it as `&lt;name&gt;`, `&lt;resourceGroup&gt;/&lt;name&gt;` or `&lt;subscription&gt;/&lt;resourceGroup&gt;/&lt;name&gt;`.';

/** True when `query` names a cluster the way `/aksdiag` takes one. */
function isCluster(query: string): boolean {
  try {
    parseClusterQuery(query);
    return query.length <= 300;
  } catch {
    return false;
  }
}

async function bind(bot: Bot, who: Who, cluster: string, client: WebClient): Promise<Outcome> {
  if (!isCluster(cluster)) {
    await tell(client, who, `\`${shown(cluster)}\` ${NOT_A_CLUSTER}`);
    return { result: 'refused: not a cluster' };
  }
  await bot.store.bind(who.team, who.channel, cluster);
  await tell(client, who, `This channel's default cluster is now \`${shown(cluster)}\`.`);
  return { result: 'bound' };
}

async function check(bot: Bot, who: Who, cluster: string, text: string, client: WebClient): Promise<Outcome> {
  const runner = bot.deps.runner;
  if (!runner) {
    await tell(client, who, 'Live checks are off: set AKSDIAG_SUBSCRIPTIONS to let aksdiag check clusters.');
    return { result: 'refused: live checks are off' };
  }
  const paste = textPart(text).text;
  const d = paste ? diagnose(paste) : null;
  const id = bot.newId();
  const what = d?.symptom ? (d.title ?? d.symptom) : 'every known problem';
  const head = await client.chat.postMessage({
    channel: who.channel,
    text: `<@${who.user}> asked to check \`${shown(cluster)}\` for ${slackText(what, 200)}.`,
    metadata: metadata(id, d?.symptom ?? null, d?.confidence ?? 0, { cluster }),
  });
  const diag: ThreadDiagnosis = {
    id,
    team: who.team,
    channel: who.channel,
    threadTs: head.ts ?? '',
    replyTs: head.ts ?? '',
    text: paste ? redact(paste).text : '',
    symptom: d?.symptom ?? null,
    cluster,
  };
  await bot.store.save(diag);
  // Audited as it starts; the thread tells how it ends.
  await startRun(bot, client, runner, diag, cluster);
  return { result: 'started', what: `run checks on ${cluster}`, diagnosis: id };
}

export function register(app: App, bot: Bot): void {
  onCommand(app, bot, async (who, text, client) => {
    const [first = '', ...rest] = text.trim().split(/\s+/);
    if (first === '' || first === 'help') {
      await tell(client, who, HELP);
      return null;
    }
    if (first === 'bind') return bind(bot, who, rest[0] ?? '', client);
    if (!isCluster(first)) {
      await tell(client, who, `\`${shown(first)}\` ${NOT_A_CLUSTER}\n\n${HELP}`);
      return { result: 'refused: not a cluster' };
    }
    return check(bot, who, first, rest.join(' '), client);
  });
}
