/**
 * The egress firewall, shared by the faults that use it: an Azure Firewall `fw-lab` in ARM (in the VNet's
 * resource group, private IP 10.224.255.4 in AzureFirewallSubnet), the node subnet's 0.0.0.0/0 routed to
 * it and outboundType userDefinedRouting. Like Azure Firewall it denies what no rule allows, so it starts
 * with the rules a healthy cluster of this lab needs; each fault removes the rule that allows its
 * destination, and clearing puts it back. The edge namespace enforces whatever ARM says the firewall's
 * rules are (sync.ts), so a rule added through ARM (a fix) opens the traffic too. The firewall and the
 * route stay while any firewall fault is active.
 */
import {
  addAzureFirewall,
  type WireAzureFirewall,
  type WireAzureFirewallApplicationRule,
  type WireAzureFirewallNetworkRule,
  type WireAzureFirewallRuleCollection,
  type WireRoute,
} from '../../../test/emulators/arm/index.js';
import { AKS_FQDN_TAG } from '../firewall-rules.js';
import { routeTable, type LabWorld } from '../sync.js';
import { ADDR, PUBLIC_PORTS } from '../topology.js';

export const FIREWALL_NAME = 'fw-lab';
export const FIREWALL_FAULTS = ['egress-firewall-blocks', 'egress-firewall-rules'] as const;
const ROUTE = 'default-to-firewall';

type NetworkCollection = WireAzureFirewallRuleCollection<WireAzureFirewallNetworkRule>;
type AppCollection = WireAzureFirewallRuleCollection<WireAzureFirewallApplicationRule>;

/** The healthy firewall's rules that the faults take away, one per fault, in their own collections. */
export function externalApiCollection(): NetworkCollection {
  return {
    name: 'app-egress',
    properties: {
      priority: 300,
      action: { type: 'Allow' },
      rules: [
        {
          name: 'external-api',
          protocols: ['TCP'],
          sourceAddresses: [ADDR.vnet],
          destinationAddresses: [ADDR.externalApi],
          destinationPorts: PUBLIC_PORTS.map(String),
        },
      ],
    },
  };
}

export function aksTagCollection(): AppCollection {
  return {
    name: 'aks-fqdn-tag',
    properties: {
      priority: 100,
      action: { type: 'Allow' },
      rules: [
        {
          name: 'aks',
          sourceAddresses: [ADDR.vnet],
          protocols: [
            { protocolType: 'Https', port: 443 },
            { protocolType: 'Http', port: 80 },
          ],
          fqdnTags: [AKS_FQDN_TAG],
        },
      ],
    },
  };
}

/** AKS's other required egress: the tunnel's ports to the API server (network) and the image registry. */
function baseline(): { network: NetworkCollection[]; app: AppCollection[] } {
  return {
    network: [
      {
        name: 'aks-network',
        properties: {
          priority: 100,
          action: { type: 'Allow' },
          rules: [
            {
              name: 'apiserver-tunnel',
              protocols: ['TCP', 'UDP'],
              sourceAddresses: [ADDR.vnet],
              destinationAddresses: [ADDR.apiserverPublic],
              destinationPorts: ['9000', '1194'],
            },
          ],
        },
      },
    ],
    app: [
      {
        name: 'aks-images',
        properties: {
          priority: 200,
          action: { type: 'Allow' },
          rules: [
            {
              name: 'mcr',
              sourceAddresses: [ADDR.vnet],
              protocols: [
                { protocolType: 'Https', port: 443 },
                { protocolType: 'Http', port: 80 },
              ],
              targetFqdns: ['mcr.microsoft.com'],
            },
          ],
        },
      },
    ],
  };
}

function groupOf(w: LabWorld) {
  return w.arm.state.subscriptions[w.arm.subscriptionId]!.resourceGroups[w.arm.vnetResourceGroup]!;
}

/** The lab's firewall, created healthy (every allowing rule in place) the first time a fault needs it. */
export function ensureFirewall(w: LabWorld): WireAzureFirewall {
  const existing = groupOf(w).azureFirewalls?.[FIREWALL_NAME];
  if (existing) return existing;
  const table = routeTable(w);
  if (!table) throw new Error('the node subnet has no route table (the lab is kubenet: it should)');
  const rules = baseline();
  const { firewall } = addAzureFirewall(
    w.arm.state,
    w.arm.subscriptionId,
    w.arm.vnetResourceGroup,
    FIREWALL_NAME,
    {
      location: w.arm.location,
      privateIp: ADDR.firewall,
      vnetId: w.arm.vnet.id!,
      networkRuleCollections: [...rules.network, externalApiCollection()],
      applicationRuleCollections: [aksTagCollection(), ...rules.app],
    },
  );
  if (!table.properties.routes.some((r) => r.name === ROUTE)) {
    const route: WireRoute = {
      name: ROUTE,
      properties: {
        addressPrefix: '0.0.0.0/0',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: ADDR.firewall,
        provisioningState: 'Succeeded',
      },
    };
    table.properties.routes.push(route);
  }
  w.arm.managedCluster.cluster.properties.networkProfile!.outboundType = 'userDefinedRouting';
  return firewall;
}

/** Removes the collection named `name` (the fault's). */
export function removeCollection(fw: WireAzureFirewall, kind: 'network' | 'application', name: string): void {
  const p = fw.properties;
  if (kind === 'network')
    p.networkRuleCollections = (p.networkRuleCollections ?? []).filter((c) => c.name !== name);
  else p.applicationRuleCollections = (p.applicationRuleCollections ?? []).filter((c) => c.name !== name);
}

/**
 * Clearing a fault: put its collection back (unless a fix already allowed the destination, in which case
 * it is left as the fix made it), or, when no other firewall fault is active, take the firewall, the route
 * and outboundType userDefinedRouting away again.
 */
export function restoreFirewall(
  w: LabWorld,
  others: ReadonlySet<string>,
  restore: (fw: WireAzureFirewall) => void,
): void {
  const group = groupOf(w);
  if (FIREWALL_FAULTS.some((id) => others.has(id))) {
    const fw = group.azureFirewalls?.[FIREWALL_NAME];
    if (fw) restore(fw);
    return;
  }
  if (group.azureFirewalls) delete group.azureFirewalls[FIREWALL_NAME];
  const table = routeTable(w);
  if (table) table.properties.routes = table.properties.routes.filter((r) => r.name !== ROUTE);
  w.arm.managedCluster.cluster.properties.networkProfile!.outboundType = 'loadBalancer';
}
