/**
 * Azure's own evidence beside aksdiag's: Network Watcher's answer for the same NSG flow (agreeing, disagreeing,
 * deciding what aksdiag could not, not available) and the AKS connectivity detectors' summary.
 */
import type { AzureEvidence, FlowDiagnosis } from '../../domain/azure-evidence.js';
import type { ClusterInventory } from '../../domain/inventory.js';
import { NIC_NSG, SUBNET_NSG, inventory, rule } from '../../../test/support/inventory.js';
import { ARM_CHECKS } from './index.js';

const run = (id: string, inv: ClusterInventory, params: unknown = {}) => {
  const check = ARM_CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`no ARM check ${id}`);
  return check.run(inv, params);
};

/** Node 0 (10.224.0.4) runs the tunnel; 10250 to node 1 and node 2. */
const kubelet = (to: number, access: 'Allow' | 'Deny', rule = 'deny-kubelet'): FlowDiagnosis => ({
  flow: {
    node: `aks-nodepool1-1-vmss00000${to}`,
    direction: 'Inbound',
    source: '10.224.0.4',
    destination: `10.224.0.${4 + to}`,
    port: 10250,
  },
  access,
  nsgs: [
    { nsg: 'nodes-nsg', resourceGroup: 'rg-net', appliedTo: 'subnet', rule, action: access },
    {
      nsg: 'aks-agentpool-1-nsg',
      resourceGroup: 'MC_rg',
      appliedTo: 'nic',
      rule: 'AllowVnetInBound',
      action: 'Allow',
    },
  ],
});

const withEvidence = (azure: AzureEvidence, deny = true) =>
  inventory((i) => {
    if (deny)
      i.nsgs[SUBNET_NSG]!.rules.push(
        rule({ name: 'deny-kubelet', priority: 200, destinationPortRanges: ['10250'] }),
      );
    i.azure = azure;
  });

const watcher = (results: FlowDiagnosis[]): AzureEvidence => ({
  networkWatcher: {
    available: true,
    watcher: 'NetworkWatcherRG/NetworkWatcher_eastus',
    results,
    failures: [],
  },
});

describe('Network Watcher beside the NSG checks', () => {
  it('agrees: the evidence line carries both answers', () => {
    const f = run('arm-nsg-flow-10250', withEvidence(watcher([kubelet(1, 'Deny'), kubelet(2, 'Deny')])));
    expect(f).toMatchObject({ verdict: 'denied', status: 'problem', values: { azureNsg: 'agrees' } });
    expect(f.evidence).toContain('Deny by nodes-nsg rule deny-kubelet (priority 200)');
    expect(f.evidence).toContain('Azure Network Watcher agrees: Deny by nodes-nsg rule deny-kubelet');
  });

  it('disagrees: said first in the notes and in the evidence, aksdiag keeps its own verdict', () => {
    const f = run('arm-nsg-flow-10250', withEvidence(watcher([kubelet(1, 'Allow', 'AllowVnetInBound')])));
    expect(f).toMatchObject({
      verdict: 'denied',
      values: { azureNsg: 'disagrees', azureNsgVerdict: 'Allow' },
    });
    expect(f.evidence).toContain('Azure Network Watcher DISAGREES: Allow by');
    expect(f.notes[0]).toMatch(/Network Watcher evaluated this flow as Allow where aksdiag found it denied/);
  });

  it('a flow aksdiag allows but Azure denies is the finding, not hidden behind the last allowed flow', () => {
    const inv = withEvidence(
      watcher([kubelet(1, 'Deny', 'deny-from-tunnel'), kubelet(2, 'Allow', 'AllowVnetInBound')]),
      false,
    );
    const f = run('arm-nsg-flow-10250', inv);
    expect(f).toMatchObject({ verdict: 'allowed', values: { azureNsg: 'disagrees' } });
    expect(f.evidence).toContain('10.224.0.5:10250');
  });

  it("decides what aksdiag cannot (a service tag it has no prefixes for), with the fix's values", () => {
    const azure = watcher([
      {
        flow: {
          node: 'aks-nodepool1-1-vmss000000',
          direction: 'Outbound',
          source: '10.224.0.4',
          destination: '20.50.0.4',
          port: 53,
        },
        access: 'Deny',
        nsgs: [
          {
            nsg: 'nodes-nsg',
            resourceGroup: 'rg-net',
            appliedTo: 'subnet',
            rule: 'deny-to-dns',
            action: 'Deny',
          },
        ],
      },
    ]);
    const inv = inventory((i) => {
      i.nsgs[SUBNET_NSG]!.rules.push(
        rule({
          name: 'deny-to-dns',
          priority: 300,
          direction: 'Outbound',
          destinationAddressPrefixes: ['AzureCloud'],
          destinationPortRanges: ['53'],
        }),
      );
      i.azure = azure;
    });
    const f = run('arm-nsg-egress', inv, { destination: '20.50.0.4', port: 53 });
    expect(f).toMatchObject({
      verdict: 'denied',
      status: 'problem',
      values: { azureNsg: 'decided', nsg: 'nodes-nsg', nsgResourceGroup: 'rg-net', priority: '299' },
    });
    expect(f.notes[0]).toContain("the verdict is Azure Network Watcher's");
  });

  it('no watcher, or a 403: a clear not-available note, aksdiag answers alone', () => {
    const inv = withEvidence({
      networkWatcher: { available: false, reason: 'no Network Watcher in eastus' },
    });
    const f = run('arm-nsg-flow-10250', inv);
    expect(f).toMatchObject({ verdict: 'denied', values: { azureNsg: 'not-available' } });
    expect(f.notes).toContain('Azure Network Watcher: not available (no Network Watcher in eastus)');
    expect(f.evidence).not.toContain('Network Watcher');
  });

  it('the LoadBalancer flow from the internet and the tunnel follow-up are judged the same way', () => {
    const lbFlow: FlowDiagnosis = {
      flow: {
        node: 'aks-nodepool1-1-vmss000000',
        direction: 'Inbound',
        source: '198.51.100.200',
        destination: '20.1.2.3',
        port: 80,
      },
      access: 'Deny',
      nsgs: [
        {
          nsg: 'nodes-nsg',
          resourceGroup: 'rg-net',
          appliedTo: 'subnet',
          rule: 'DenyAllInBound',
          action: 'Deny',
        },
      ],
    };
    const inv = inventory((i) => {
      i.nsgs[NIC_NSG]!.rules.push(
        rule({
          name: 'k8s-azure-lb_allow_IPv4_abc',
          priority: 500,
          access: 'Allow',
          sourceAddressPrefixes: ['Internet'],
          destinationAddressPrefixes: ['20.1.2.3'],
          destinationPortRanges: ['80'],
        }),
      );
      i.azure = watcher([lbFlow]);
    });
    const lb = run('arm-nsg-flow-lb', inv, { publicIp: '20.1.2.3', port: 80 });
    expect(lb.values).toMatchObject({ azureNsg: 'agrees', publicIp: '20.1.2.3' });
    const tunnel = run('arm-nsg-tunnel-egress', inv, { destination: '192.0.2.10', port: 443 });
    expect(tunnel.values['azureNsg']).toBe('not-asked');
    expect(tunnel.notes.join(' ')).toContain('not asked about this flow');
  });
});

describe('arm-aks-detectors', () => {
  const portalUrl =
    'https://portal.azure.com/#resource/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-lab/aksDiagnostics';

  it('a warning detector makes the finding, named with its message, with the portal link', () => {
    const f = run(
      'arm-aks-detectors',
      inventory((i) => {
        i.azure = {
          detectors: {
            available: true,
            category: 'aks-category-connectivity',
            categoryName: 'Connectivity Issues',
            portalUrl,
            failed: [],
            detectors: [
              { id: 'cluster-dns', name: 'Cluster DNS', level: 'success', insights: [] },
              {
                id: 'user-defined-routing',
                name: 'User Defined Routing',
                level: 'warning',
                insights: ['Warning: Cluster egress pathway is set to user defined routing'],
              },
            ],
          },
        };
      }),
    );
    expect(f).toMatchObject({ verdict: 'warning', status: 'problem', values: { portalUrl } });
    expect(f.evidence).toContain('2 detectors, 0 critical, 1 warning, 1 passed');
    expect(f.notes[0]).toBe(
      'Warning: User Defined Routing - Warning: Cluster egress pathway is set to user defined routing',
    );
    expect(f.notes.at(-1)).toContain(portalUrl);
  });

  it('unavailable detectors are said, not guessed', () => {
    const f = run(
      'arm-aks-detectors',
      inventory((i) => (i.azure = { detectors: { available: false, reason: 'HTTP 403' } })),
    );
    expect(f).toMatchObject({ verdict: 'not-available', status: 'could-not-check' });
    expect(f.notes).toEqual(['AKS detectors: not available (HTTP 403)']);
  });
});
