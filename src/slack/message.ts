/** The report's plain blocks as the Web API's types (the renderer stays free of Slack's SDK). */
import type { types } from '@slack/bolt';
import type { SlackMessage } from '../report/slack-blocks.js';

export function messageArgs(m: SlackMessage): {
  text: string;
  blocks: types.KnownBlock[];
  metadata: types.MessageMetadata;
} {
  return { text: m.text, blocks: m.blocks as unknown as types.KnownBlock[], metadata: m.metadata };
}
