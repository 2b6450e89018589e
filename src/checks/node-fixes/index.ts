/**
 * The node-level fixes aksdiag can run after a person confirms (and only when AKSDIAG_NODE_FIXES is on):
 * constant scripts with validated parameters, like the node checks. AKS does not support changing node
 * settings by hand; the supported fix is the ARM one (an NSG rule) or re-imaging the node, which the
 * confirmation says.
 */
import { z } from 'zod';
import { iptablesChain, nodeParams, ruleNumber, type NodeScriptParams } from '../params.js';
import type { ScriptTemplate } from '../node-script.js';

export interface NodeFix<P extends NodeScriptParams = NodeScriptParams> {
  readonly id: 'ufw-allow-10250' | 'iptables-delete-rule';
  readonly params: z.ZodType<P>;
  readonly template: ScriptTemplate;
  /** One line for the confirmation dialog. */
  describe(params: P): string;
}

export const ufwAllow10250: NodeFix<Record<string, never>> = {
  id: 'ufw-allow-10250',
  params: nodeParams({}),
  template: ['ufw allow 10250/tcp comment aksdiag-kubelet'],
  describe: () => 'run `ufw allow 10250/tcp` on the node',
};

export const iptablesDeleteRule: NodeFix<{ chain: string; ruleNumber: number }> = {
  id: 'iptables-delete-rule',
  params: nodeParams({ chain: iptablesChain, ruleNumber }),
  // The rule is printed first so the output (and the audit) shows what was removed.
  template: ['iptables -w 5 -S {{chain}} {{ruleNumber}}', 'iptables -w 5 -D {{chain}} {{ruleNumber}}'],
  describe: (p) => `delete rule ${p.ruleNumber} of iptables chain ${p.chain} on the node`,
};

export const NODE_FIXES = {
  'ufw-allow-10250': ufwAllow10250,
  'iptables-delete-rule': iptablesDeleteRule,
} as const;
