/** The "Apply fix" confirmation, in the approver's language: the exact change, the same by hand, and the support warning. */
import type { types } from '@slack/bolt';
import type { FixAction } from '../engine/fix-action.js';
import type { Lang } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';
import { describeChange } from '../report/fix-change.js';
import { escapeOwn, say } from '../report/slack-say.js';
import { slackText } from '../report/slack-text.js';

export const APPLY_VIEW = 'aksdiag_apply_fix';

/** A modal's title, submit and close texts: Slack takes 24 characters at most. */
export const MODAL_LABEL_MAX = 24;
const label = (text: string) => ({ type: 'plain_text' as const, text: text.slice(0, MODAL_LABEL_MAX) });

/**
 * `token`: the one-time token of this confirmation, its only `private_metadata`. `fix`: the cause's
 * fix as commands, filled from the findings, already in `lang`.
 */
export function fixModal(
  token: string,
  cluster: string | null,
  action: FixAction,
  fix: string,
  lang: Lang = 'en',
): types.ModalView {
  const tr = translator(lang);
  const { t } = tr;
  const warning =
    action.kind === 'node-script' ? `:warning: ${escapeOwn(t('slack.modal.nodeWarning'))} ` : '';
  const where = cluster ? slackText(cluster, 200) : escapeOwn(t('slack.modal.theCluster'));
  return {
    type: 'modal',
    callback_id: APPLY_VIEW,
    private_metadata: token,
    title: label(t('slack.modal.title')),
    submit: label(t('slack.modal.submit')),
    close: label(t('slack.modal.cancel')),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${say(tr, 'slack.modal.willChange', { cluster: where })}\n${slackText(describeChange(action, lang), 1500)}`,
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${escapeOwn(t('slack.modal.byHand'))}*\n\`\`\`${slackText(fix, 2700)}\`\`\``,
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${warning}${escapeOwn(t('slack.modal.after'))}` }],
      },
    ],
  };
}

/** A modal that only says something (a refused confirmation), in `lang`. */
export function noticeModal(text: string, lang: Lang = 'en'): types.ModalView {
  const { t } = translator(lang);
  return {
    type: 'modal',
    title: label(t('slack.modal.title')),
    close: label(t('slack.modal.close')),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
