/**
 * Carries out a FixAction after a person confirmed it: an ARM change (an NSG allow rule, the API server's
 * authorized IP ranges, the VNet's DNS servers, the cluster's SNAT ports, a private DNS zone link, a node
 * reimage) or an opted-in node script.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import { NODE_FIXES } from '../checks/node-fixes/index.js';
import { renderScript } from '../checks/node-script.js';
import type { AzureFirewall } from '@azure/arm-network';
import type { AzureFixAction, FirewallAllow } from '../engine/fix-action.js';
import { AksdiagError } from '../errors.js';
import { runNodeScript } from './run-command.js';
import { type AzureClientFactory, azureError } from './clients.js';

/** What to grant when ARM refuses, by the role in deploy/azure/roles that holds the action. */
const GRANT = {
  nsg: 'Grant the identity the aksdiag NSG Fixer role (networkSecurityGroups/securityRules/write) on that resource group, or apply the fix by hand.',
  cluster:
    'Grant the identity the aksdiag Cluster Fixer role (managedClusters/write) on the cluster, or apply the fix by hand.',
  vnet: "Grant the identity the aksdiag VNet DNS Fixer role (virtualNetworks/write) on the VNet's resource group, or apply the fix by hand.",
  link: "Grant the identity the aksdiag Private DNS Linker role on the zone's resource group and the VNet's, or link it by hand.",
  firewall:
    "Grant the identity the aksdiag Firewall Fixer role (azureFirewalls/write) on the firewall's resource group, or add the rule by hand.",
  reimage:
    'Grant the identity the aksdiag Node Reimager role (virtualMachines/reimage/action) on the node resource group, or run az vmss reimage by hand.',
};

/** How often to poll a long-running ARM operation (tests poll fast). */
const POLL = (o: { pollMs?: number }) => (o.pollMs !== undefined ? { updateIntervalInMs: o.pollMs } : {});

/** One ARM change; a refusal or failure becomes a coded error saying what could not be done and why. */
async function armChange(what: string, grant: string, change: () => Promise<unknown>): Promise<void> {
  try {
    await change();
  } catch (err) {
    throw azureError(err, what, grant);
  }
}

/** AKS takes a cluster whole (as `az aks update` does): read it, change one part, write it back. */
async function updateCluster(
  azure: AzureClientFactory,
  at: { subscription: string; resourceGroup: string; cluster: string },
  edit: (mc: ManagedCluster) => void,
): Promise<void> {
  const clusters = (await azure.containers(at.subscription)).managedClusters;
  const mc = await clusters.get(at.resourceGroup, at.cluster);
  edit(mc);
  await clusters.createOrUpdate(at.resourceGroup, at.cluster, mc);
}

/**
 * Adds the rule to its collection (created when missing, at the wanted priority or the next one no
 * collection of that kind uses: Azure refuses two at one priority). A rule of the same name is replaced.
 */
function addFirewallRule(fw: AzureFirewall, a: FirewallAllow): void {
  const r = a.rule;
  if ('fqdnTag' in r)
    upsertRule((fw.applicationRuleCollections ??= []), a.collection, {
      name: r.name,
      sourceAddresses: [r.source],
      protocols: [{ protocolType: 'Https', port: 443 }],
      fqdnTags: [r.fqdnTag],
    });
  else
    upsertRule((fw.networkRuleCollections ??= []), a.collection, {
      name: r.name,
      protocols: ['TCP'],
      sourceAddresses: [r.source],
      destinationAddresses: [r.destination],
      destinationPorts: [String(r.port)],
    });
}

interface RuleCollection<R> {
  name?: string;
  priority?: number;
  action?: { type?: string };
  rules?: R[];
}

function upsertRule<R extends { name?: string }>(
  list: RuleCollection<R>[],
  wanted: FirewallAllow['collection'],
  rule: R,
): void {
  const found = list.find((c) => c.name === wanted.name);
  if (found) found.rules = [...(found.rules ?? []).filter((x) => x.name !== rule.name), rule];
  else
    list.push({
      name: wanted.name,
      priority: freePriority(list, wanted.priority),
      action: { type: 'Allow' },
      rules: [rule],
    });
}

function freePriority(collections: readonly { priority?: number }[], wanted: number): number {
  const taken = new Set(collections.map((c) => c.priority));
  let p = wanted;
  while (taken.has(p)) p++;
  return p;
}

/** Resolves with one line saying what changed; throws a coded error saying why not. */
export async function applyFixAction(
  azure: AzureClientFactory,
  action: AzureFixAction,
  options: { nodeDeadlineMs?: number; pollMs?: number } = {},
): Promise<string> {
  switch (action.kind) {
    case 'nsg-allow': {
      const r = action.rule;
      await armChange(`add rule ${r.name} to NSG ${action.nsg}`, GRANT.nsg, async () =>
        (await azure.network(action.subscription)).securityRules.createOrUpdate(
          action.resourceGroup,
          action.nsg,
          r.name,
          {
            protocol: r.protocol,
            sourcePortRange: '*',
            destinationPortRange: r.port,
            sourceAddressPrefix: r.source,
            destinationAddressPrefix: r.destination,
            access: 'Allow',
            priority: r.priority,
            direction: r.direction,
            description: 'Added by aksdiag after a person confirmed the fix',
          },
        ),
      );
      return `rule ${r.name} (priority ${r.priority}) added to NSG ${action.nsg}`;
    }
    case 'authorize-ip':
      await armChange(`update the authorized IP ranges of ${action.cluster}`, GRANT.cluster, () =>
        updateCluster(azure, action, (mc) => {
          mc.apiServerAccessProfile = { ...mc.apiServerAccessProfile, authorizedIPRanges: action.ranges };
        }),
      );
      return `authorized IP ranges of ${action.cluster} set to ${action.ranges.join(', ')}`;
    case 'outbound-ports':
      await armChange(`change the outbound ports of ${action.cluster}`, GRANT.cluster, () =>
        updateCluster(azure, action, (mc) => {
          const profile = mc.networkProfile?.loadBalancerProfile ?? {};
          mc.networkProfile = {
            ...mc.networkProfile,
            loadBalancerProfile: {
              ...profile,
              allocatedOutboundPorts: action.ports,
              managedOutboundIPs: { ...profile.managedOutboundIPs, count: action.ipCount },
            },
          };
        }),
      );
      return `each node of ${action.cluster} now gets ${action.ports} SNAT ports on ${action.ipCount} outbound IP${action.ipCount === 1 ? '' : 's'}`;
    case 'vnet-dns-default': {
      const vnets = (await azure.network(action.subscription)).virtualNetworks;
      await armChange(`set the DNS servers of VNet ${action.vnet}`, GRANT.vnet, async () => {
        // A VNet PUT replaces the whole resource: read it, empty only the DNS servers, write it back.
        const vnet = await vnets.get(action.resourceGroup, action.vnet);
        vnet.dhcpOptions = { ...vnet.dhcpOptions, dnsServers: [] };
        await vnets.beginCreateOrUpdateAndWait(action.resourceGroup, action.vnet, vnet, POLL(options));
      });
      return `VNet ${action.vnet} uses Azure-provided DNS again; restart the nodes (or wait for their DHCP lease to renew) so they pick it up`;
    }
    case 'firewall-allow': {
      const firewalls = (await azure.network(action.subscription)).azureFirewalls;
      await armChange(`add a rule to Azure Firewall ${action.firewall}`, GRANT.firewall, async () => {
        // A firewall is written whole: read it, add the one rule, write it back.
        const fw = await firewalls.get(action.resourceGroup, action.firewall);
        addFirewallRule(fw, action);
        await firewalls.beginCreateOrUpdateAndWait(action.resourceGroup, action.firewall, fw, POLL(options));
      });
      return `rule ${action.rule.name} added to rule collection ${action.collection.name} of Azure Firewall ${action.firewall}`;
    }
    case 'private-dns-link':
      await armChange(`link private DNS zone ${action.zone} to the VNet`, GRANT.link, async () =>
        (await azure.privateDns(action.subscription)).virtualNetworkLinks.beginCreateOrUpdateAndWait(
          action.resourceGroup,
          action.zone,
          action.link,
          { location: 'global', virtualNetwork: { id: action.vnetId }, registrationEnabled: false },
          POLL(options),
        ),
      );
      return `private DNS zone ${action.zone} linked to VNet ${action.vnetId.split('/').pop()}`;
    case 'vmss-reimage': {
      const t = action.target;
      await armChange(`reimage ${t.node}`, GRANT.reimage, async () =>
        (await azure.compute(t.subscription)).virtualMachineScaleSetVMs.beginReimageAndWait(
          t.resourceGroup,
          t.vmss,
          t.instanceId,
          POLL(options),
        ),
      );
      return `${t.node} reimaged: it is back on the AKS node image`;
    }
    case 'node-script': {
      const fix = NODE_FIXES[action.fix];
      const script = renderScript(fix.template, fix.params.parse(action.params));
      const result = await runNodeScript(azure, action.target, script, {
        deadlineMs: options.nodeDeadlineMs ?? 300_000,
        ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      });
      if (result.kind === 'could-not-check')
        throw new AksdiagError(
          result.code === 'azure-permission' ? 'azure-permission' : 'node-no-answer',
          `Could not run the fix on ${action.target.node}: ${result.reason}`,
          result.evidence ?? 'Try again, or run the command by hand.',
        );
      if (result.exitCode !== undefined && result.exitCode !== 0)
        throw new AksdiagError(
          'param-invalid',
          `The fix on ${action.target.node} exited ${result.exitCode}: ${result.stdout.trim().split('\n').slice(-3).join(' ')}`,
          'Run the command by hand and read its output.',
        );
      return `${action.summary} on ${action.target.node}`;
    }
  }
}
