/** The "Apply fix" confirmation: the exact change, the same by hand, and the support warning. */
import type { types } from '@slack/bolt';
import type { CauseVerdict } from '../engine/verdict.js';
import { describeFixAction, NODE_SUPPORT_WARNING, type FixAction } from '../engine/fix-action.js';
import { slackText } from '../report/slack-text.js';

export const APPLY_VIEW = 'aksdiag_apply_fix';

/** `token`: the one-time token of this confirmation, its only `private_metadata`. */
export function fixModal(
  token: string,
  cluster: string | null,
  action: FixAction,
  verdict: CauseVerdict,
): types.ModalView {
  const warning = action.kind === 'node-script' ? `:warning: ${NODE_SUPPORT_WARNING} ` : '';
  return {
    type: 'modal',
    callback_id: APPLY_VIEW,
    private_metadata: token,
    title: { type: 'plain_text', text: 'Apply fix' },
    submit: { type: 'plain_text', text: 'Apply' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*This will change ${slackText(cluster ?? 'the cluster', 200)}:*\n${slackText(describeFixAction(action), 1500)}`,
        },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*The same by hand*\n\`\`\`${slackText(verdict.fix, 2800)}\`\`\`` },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${warning}The checks run again afterwards and the thread says whether the cause is gone. Every attempt is audited.`,
          },
        ],
      },
    ],
  };
}
