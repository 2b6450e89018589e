/** egress-firewall-blocks: egress goes through an Azure Firewall whose rules do not allow the external endpoint. */
import { ADDR } from '../topology.js';
import type { Fault } from './fault.js';
import {
  ensureFirewall,
  externalApiCollection,
  FIREWALL_NAME,
  removeCollection,
  restoreFirewall,
} from './firewall.js';

export const egressFirewallBlocks: Fault = {
  id: 'egress-firewall-blocks',
  symptoms: ['outbound-egress'],
  scope: 'cluster',
  how: `Routes the node subnet's 0.0.0.0/0 to Azure Firewall ${FIREWALL_NAME} (${ADDR.firewall}, outboundType userDefinedRouting) in ARM, whose classic rules allow what AKS needs but not the external API ${ADDR.externalApi} (its network rule collection is removed); the firewall namespace enforces the ARM rules with Azure Firewall's default deny, so connections time out. A rule allowing it, added through ARM, opens it.`,
  inject: ({ world }) => removeCollection(ensureFirewall(world), 'network', externalApiCollection().name),
  clear: ({ world, others }) =>
    restoreFirewall(world, others, (fw) => {
      const cols = (fw.properties.networkRuleCollections ??= []);
      if (!cols.some((c) => c.name === externalApiCollection().name)) cols.push(externalApiCollection());
    }),
};
