/**
 * Carries out a FixAction after a person confirmed it: an ARM change (an NSG allow rule, the API server's
 * authorized IP ranges, the VNet's DNS servers, the cluster's SNAT ports, a node reimage) or an opted-in
 * node script.
 */
import { NODE_FIXES } from '../checks/node-fixes/index.js';
import { renderScript } from '../checks/node-script.js';
import type { AzureFixAction } from '../engine/fix-action.js';
import { AksdiagError } from '../errors.js';
import { runNodeScript } from './run-command.js';
import { type AzureClientFactory, azureError } from './clients.js';

const FIXER_ROLE =
  'Grant the identity Microsoft.Network/networkSecurityGroups/securityRules/write (the aksdiag fixer role) on that resource group, or apply the fix by hand.';

/** How often to poll a long-running ARM operation (tests poll fast). */
const POLL = (o: { pollMs?: number }) => (o.pollMs !== undefined ? { updateIntervalInMs: o.pollMs } : {});

/** Resolves with one line saying what changed; throws a coded error saying why not. */
export async function applyFixAction(
  azure: AzureClientFactory,
  action: AzureFixAction,
  options: { nodeDeadlineMs?: number; pollMs?: number } = {},
): Promise<string> {
  switch (action.kind) {
    case 'nsg-allow': {
      const r = action.rule;
      try {
        await azure
          .network(action.subscription)
          .securityRules.createOrUpdate(action.resourceGroup, action.nsg, r.name, {
            protocol: r.protocol,
            sourcePortRange: '*',
            destinationPortRange: r.port,
            sourceAddressPrefix: r.source,
            destinationAddressPrefix: r.destination,
            access: 'Allow',
            priority: r.priority,
            direction: r.direction,
            description: 'Added by aksdiag after a person confirmed the fix',
          });
      } catch (err) {
        throw azureError(err, `add rule ${r.name} to NSG ${action.nsg}`, FIXER_ROLE);
      }
      return `rule ${r.name} (priority ${r.priority}) added to NSG ${action.nsg}`;
    }
    case 'authorize-ip': {
      const clusters = azure.containers(action.subscription).managedClusters;
      try {
        const mc = await clusters.get(action.resourceGroup, action.cluster);
        // AKS takes the cluster whole (az aks update does the same): change only the ranges.
        mc.apiServerAccessProfile = { ...mc.apiServerAccessProfile, authorizedIPRanges: action.ranges };
        await clusters.createOrUpdate(action.resourceGroup, action.cluster, mc);
      } catch (err) {
        throw azureError(
          err,
          `update the authorized IP ranges of ${action.cluster}`,
          'Grant the identity Microsoft.ContainerService/managedClusters/write on the cluster, or apply the fix by hand.',
        );
      }
      return `authorized IP ranges of ${action.cluster} set to ${action.ranges.join(', ')}`;
    }
    case 'vnet-dns-default': {
      const vnets = azure.network(action.subscription).virtualNetworks;
      try {
        // A VNet PUT replaces the whole resource: read it, empty only the DNS servers, write it back.
        const vnet = await vnets.get(action.resourceGroup, action.vnet);
        vnet.dhcpOptions = { ...vnet.dhcpOptions, dnsServers: [] };
        await vnets.beginCreateOrUpdateAndWait(action.resourceGroup, action.vnet, vnet, POLL(options));
      } catch (err) {
        throw azureError(
          err,
          `set the DNS servers of VNet ${action.vnet}`,
          'Grant the identity Microsoft.Network/virtualNetworks/write on the VNet, or apply the fix by hand.',
        );
      }
      return `VNet ${action.vnet} uses Azure-provided DNS again; restart the nodes (or wait for their DHCP lease to renew) so they pick it up`;
    }
    case 'outbound-ports': {
      const clusters = azure.containers(action.subscription).managedClusters;
      try {
        const mc = await clusters.get(action.resourceGroup, action.cluster);
        const profile = mc.networkProfile?.loadBalancerProfile ?? {};
        mc.networkProfile = {
          ...mc.networkProfile,
          loadBalancerProfile: {
            ...profile,
            allocatedOutboundPorts: action.ports,
            managedOutboundIPs: { ...profile.managedOutboundIPs, count: action.ipCount },
          },
        };
        await clusters.createOrUpdate(action.resourceGroup, action.cluster, mc);
      } catch (err) {
        throw azureError(
          err,
          `change the outbound ports of ${action.cluster}`,
          'Grant the identity Microsoft.ContainerService/managedClusters/write on the cluster, or apply the fix by hand.',
        );
      }
      return `each node of ${action.cluster} now gets ${action.ports} SNAT ports on ${action.ipCount} outbound IP${action.ipCount === 1 ? '' : 's'}`;
    }
    case 'private-dns-link': {
      try {
        await azure
          .privateDns(action.subscription)
          .virtualNetworkLinks.beginCreateOrUpdateAndWait(
            action.resourceGroup,
            action.zone,
            action.link,
            { location: 'global', virtualNetwork: { id: action.vnetId }, registrationEnabled: false },
            POLL(options),
          );
      } catch (err) {
        throw azureError(
          err,
          `link private DNS zone ${action.zone} to the VNet`,
          "Grant the identity the aksdiag Private DNS Linker role on the zone's resource group (virtualNetworkLinks/write) and join on the VNet, or link it by hand.",
        );
      }
      return `private DNS zone ${action.zone} linked to VNet ${action.vnetId.split('/').pop()}`;
    }
    case 'vmss-reimage': {
      const t = action.target;
      try {
        await azure
          .compute(t.subscription)
          .virtualMachineScaleSetVMs.beginReimageAndWait(
            t.resourceGroup,
            t.vmss,
            t.instanceId,
            POLL(options),
          );
      } catch (err) {
        throw azureError(
          err,
          `reimage ${t.node}`,
          'Grant the identity Microsoft.Compute/virtualMachineScaleSets/virtualMachines/reimage/action (the aksdiag Node Reimager role) on the node resource group, or run az vmss reimage by hand.',
        );
      }
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
