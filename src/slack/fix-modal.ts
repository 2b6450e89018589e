/** The "Apply fix" confirmation: the exact change, the same by hand, and the support warning. */
import type { types } from '@slack/bolt';
import type { CauseVerdict } from '../engine/verdict.js';
import { describeFixAction, NODE_SUPPORT_WARNING, type FixAction } from '../engine/fix-action.js';
import { esc } from '../report/slack-blocks.js';

export const APPLY_VIEW = 'aksdiag_apply_fix';

export function fixModal(
  privateMetadata: string,
  cluster: string | null,
  action: FixAction,
  verdict: CauseVerdict,
): types.ModalView {
  const warning = action.kind === 'node-script' ? `:warning: ${NODE_SUPPORT_WARNING} ` : '';
  return {
    type: 'modal',
    callback_id: APPLY_VIEW,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Apply fix' },
    submit: { type: 'plain_text', text: 'Apply' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*This will change ${esc(cluster ?? 'the cluster')}:*\n${esc(describeFixAction(action))}`,
        },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*The same by hand*\n\`\`\`${verdict.fix.slice(0, 2800)}\`\`\`` },
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
