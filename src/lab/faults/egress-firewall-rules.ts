/** egress-firewall-rules: the egress Azure Firewall does not allow the API server (nodes cannot reach it). */
import { AKS_FQDN_TAG } from '../firewall-rules.js';
import { ADDR } from '../topology.js';
import type { Fault } from './fault.js';
import {
  aksTagCollection,
  ensureFirewall,
  FIREWALL_NAME,
  removeCollection,
  restoreFirewall,
} from './firewall.js';

export const egressFirewallRules: Fault = {
  id: 'egress-firewall-rules',
  symptoms: ['node-cannot-reach-apiserver'],
  scope: 'cluster',
  how: `Routes the node subnet's 0.0.0.0/0 to Azure Firewall ${FIREWALL_NAME} (${ADDR.firewall}, outboundType userDefinedRouting) in ARM, and removes its application rule with the ${AKS_FQDN_TAG} FQDN tag (the lab's tag: the API server ${ADDR.apiserverPublic}); with Azure Firewall's default deny, the nodes' connections to the API server on 443 time out. Adding that rule through ARM opens them.`,
  inject: ({ world }) => removeCollection(ensureFirewall(world), 'application', aksTagCollection().name),
  clear: ({ world, others }) =>
    restoreFirewall(world, others, (fw) => {
      const cols = (fw.properties.applicationRuleCollections ??= []);
      // A fix may already allow the tag under another collection name: then nothing is missing.
      const tagged = cols.some((c) => c.properties.rules.some((r) => r.fqdnTags?.includes(AKS_FQDN_TAG)));
      if (!tagged) cols.push(aksTagCollection());
    }),
};
