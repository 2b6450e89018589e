/** `/aksdiag`: help, `bind <cluster>`, and `<cluster> [error text]` to run the checks. */
import type { App } from '@slack/bolt';
import { parseClusterQuery } from '../../azure/find-cluster.js';
import { diagnose } from '../../engine/diagnose.js';
import { redact } from '../../engine/redact.js';
import { describeError } from '../../errors.js';
import { metadata } from '../../report/slack-blocks.js';
import type { Bot } from '../context.js';
import { esc } from '../guard.js';
import type { ThreadDiagnosis } from '../../store/types.js';
import { runChecks } from '../threads.js';

export const HELP = [
  '*aksdiag* diagnoses AKS networking errors. Paste an error in a channel I am in (or DM me), or:',
  '• `/aksdiag <cluster>`: check a cluster for every known problem',
  '• `/aksdiag <cluster> <error text>`: check it for the problem that error shows',
  '• `/aksdiag bind <cluster>`: make it this channel\'s default cluster for the "Run checks" button',
  '• `/aksdiag help`: this text',
  'A cluster is `<name>`, `<resourceGroup>/<name>` or `<subscription>/<resourceGroup>/<name>`.',
].join('\n');

/** Why `query` is not a cluster, or null when it is one. */
function notACluster(query: string): string | null {
  try {
    parseClusterQuery(query);
    return null;
  } catch (err) {
    return describeError(err);
  }
}

export function register(app: App, bot: Bot): void {
  app.command('/aksdiag', async ({ command, ack, client }) => {
    await ack();
    const ephemeral = (text: string) =>
      client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, text });
    const [first = '', ...rest] = command.text.trim().split(/\s+/);
    if (first === '' || first === 'help') return void (await ephemeral(HELP));
    if (first === 'bind') {
      const cluster = rest[0] ?? '';
      const why = notACluster(cluster);
      if (why) return void (await ephemeral(`Not a cluster: ${why}`));
      await bot.store.bind(command.team_id, command.channel_id, cluster);
      return void (await ephemeral(`This channel's default cluster is now \`${esc(cluster)}\`.`));
    }
    const why = notACluster(first);
    if (why) return void (await ephemeral(`${why}\n\n${HELP}`));
    const runner = bot.deps.runner;
    if (!runner)
      return void (await ephemeral(
        'Live checks are off: set AKSDIAG_SUBSCRIPTIONS to let aksdiag check clusters.',
      ));
    const text = rest.join(' ');
    const d = text ? diagnose(text) : null;
    const id = bot.newId();
    const what = d?.symptom ? d.title : 'every known problem';
    const head = await client.chat.postMessage({
      channel: command.channel_id,
      text: `<@${command.user_id}> asked to check \`${esc(first)}\` for ${esc(what ?? '')}.`,
      metadata: metadata(id, d?.symptom ?? null, d?.confidence ?? 0, { cluster: first }),
    });
    const diag: ThreadDiagnosis = {
      id,
      team: command.team_id,
      channel: command.channel_id,
      threadTs: head.ts ?? '',
      replyTs: head.ts ?? '',
      text: text ? redact(text).text : '',
      symptom: d?.symptom ?? null,
      cluster: first,
    };
    await bot.store.save(diag);
    await runChecks(bot, client, runner, diag, first);
  });
}
