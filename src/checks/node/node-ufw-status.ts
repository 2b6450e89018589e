/** node-ufw-status: is ufw active on the node, and does it let TCP 10250 in? */
import { interpret, type Judged } from '../../interpreters/index.js';
import { nodeParams } from '../params.js';
import { scriptFacts, type NodeCheck } from './node-check.js';

export const KUBELET_PORT = 10250;

const template: readonly string[] = [
  // AKS images ship ufw inactive; an image without it cannot block anything with it. Say so rather than let
  // "command not found" read as an unknown.
  'if ! command -v ufw >/dev/null 2>&1; then',
  "  echo 'aksdiag-ufw: not-installed'",
  '  return 0',
  'fi',
  // verbose: also the default incoming policy, which decides when no rule does. (Rule numbers for
  // `ufw delete <n>` come from `ufw status numbered`, re-read right before a delete.)
  'ufw status verbose 2>&1',
];

export const nodeUfwStatus: NodeCheck<Record<string, never>, Judged<'ufw-status'>> = {
  id: 'node-ufw-status',
  params: nodeParams({}),
  template,
  interpret(output) {
    if (scriptFacts(output).get('ufw') === 'not-installed') {
      return {
        kind: 'ufw-status',
        verdict: 'inactive',
        evidence: 'aksdiag-ufw: not-installed',
        notes: ['ufw is not installed on the node, so it cannot block the port'],
        port: KUBELET_PORT,
      };
    }
    return interpret('ufw-status', output, { port: KUBELET_PORT });
  },
};
