/** ufw-blocks-10250: someone enabled ufw on one node with its default deny-incoming and only SSH allowed. */
import { onNode } from '../node-shell.js';
import type { Fault } from './fault.js';

export const ufwBlocks10250: Fault = {
  id: 'ufw-blocks-10250',
  symptoms: ['tunnel-10250'],
  scope: 'node',
  goneAfterReimage: true,
  how: 'Runs `ufw allow 22/tcp` and `ufw --force enable` on the node (its own /etc/ufw, its own iptables): default deny incoming, so 10250 is dropped there; clearing runs `ufw --force reset` (inactive again).',
  async inject({ node }) {
    await onNode(node.name, ['ufw', 'allow', '22/tcp']);
    await onNode(node.name, ['ufw', '--force', 'enable']);
  },
  async clear({ node }) {
    await onNode(node.name, ['ufw', '--force', 'reset']);
  },
};
