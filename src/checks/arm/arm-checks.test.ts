import type { ClusterInventory } from '../../domain/inventory.js';
import { NIC_NSG, SUBNET_NSG, inventory, rule } from '../../../test/support/inventory.js';
import { CHECKS, type CheckId } from '../catalogue.js';
import { ARM_CHECKS } from './index.js';

const run = (id: CheckId, inv: ClusterInventory, params: unknown = {}) => {
  const check = ARM_CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`no ARM check ${id}`);
  const finding = check.run(inv, params);
  expect(CHECKS[id].verdicts).toContain(finding.verdict);
  return finding;
};

describe('ARM checks', () => {
  it('covers every catalogue check whose target is arm, once', () => {
    const arm = (Object.keys(CHECKS) as CheckId[]).filter((id) => CHECKS[id].target === 'arm').sort();
    expect(ARM_CHECKS.map((c) => c.id).sort()).toEqual(arm);
  });

  it('arm-apiserver-access: private, open, and the client inside or outside the ranges', () => {
    expect(
      run(
        'arm-apiserver-access',
        inventory((i) => (i.access.privateCluster = true)),
      ).verdict,
    ).toBe('private');
    expect(run('arm-apiserver-access', inventory()).verdict).toBe('no-ranges');
    const ranged = inventory((i) => (i.access.authorizedIpRanges = ['198.51.100.0/24']));
    expect(run('arm-apiserver-access', ranged).verdict).toBe('ranges-set');
    expect(run('arm-apiserver-access', ranged, { clientIp: '198.51.100.7' }).verdict).toBe('ip-authorized');
    const out = run('arm-apiserver-access', ranged, { clientIp: '203.0.113.50' });
    expect(out).toMatchObject({
      verdict: 'ip-not-authorized',
      status: 'problem',
      values: { clientIp: '203.0.113.50', authorizedRanges: '198.51.100.0/24' },
    });
    expect(() => run('arm-apiserver-access', ranged, { clientIp: '1.2.3.4; rm -rf /' })).toThrow();
  });

  it("arm-outbound-ips: the cluster's own egress IP outside the ranges", () => {
    const f = run(
      'arm-outbound-ips',
      inventory((i) => (i.access.authorizedIpRanges = ['198.51.100.0/24'])),
    );
    expect(f).toMatchObject({
      verdict: 'egress-not-authorized',
      status: 'problem',
      values: { egressIp: '203.0.113.9' },
    });
    expect(
      run(
        'arm-outbound-ips',
        inventory((i) => (i.access.authorizedIpRanges = ['203.0.113.0/24'])),
      ).verdict,
    ).toBe('egress-authorized');
  });

  it('arm-route-table: 0.0.0.0/0 to a virtual appliance', () => {
    const inv = inventory((i) => {
      i.routeTables = [
        {
          id: '/rt/fw',
          name: 'aks-egress',
          resourceGroup: 'rg-net',
          routes: [
            {
              name: 'to-fw',
              addressPrefix: '0.0.0.0/0',
              nextHopType: 'VirtualAppliance',
              nextHopIpAddress: '10.10.1.4',
            },
          ],
        },
      ];
      i.subnets[0]!.routeTableId = '/rt/fw';
    });
    expect(run('arm-route-table', inv)).toMatchObject({
      verdict: 'firewall-route',
      values: { firewallIp: '10.10.1.4', subnetPrefix: '10.224.0.0/16' },
    });
    expect(run('arm-route-table', inventory()).verdict).toBe('no-firewall-route');
  });

  it('arm-route-table: names the Azure Firewall whose private IP is the next hop, for the fix', () => {
    const routed = (firewalls: ClusterInventory['firewalls']) =>
      inventory((i) => {
        i.routeTables = [
          {
            id: '/rt/fw',
            name: 'aks-egress',
            resourceGroup: 'rg-net',
            routes: [
              {
                name: 'to-fw',
                addressPrefix: '0.0.0.0/0',
                nextHopType: 'VirtualAppliance',
                nextHopIpAddress: '10.10.1.4',
              },
            ],
          },
        ];
        i.subnets[0]!.routeTableId = '/rt/fw';
        if (firewalls) i.firewalls = firewalls;
      });
    const hub = { id: '/fw/hub', name: 'fw-hub', resourceGroup: 'rg-hub', privateIps: ['10.10.1.4'] };
    const other = { id: '/fw/other', name: 'fw-other', resourceGroup: 'rg-hub', privateIps: ['10.20.1.4'] };
    const found = run('arm-route-table', routed([other, hub]));
    expect(found.values).toMatchObject({
      firewallName: 'fw-hub',
      firewallResourceGroup: 'rg-hub',
      firewallIp: '10.10.1.4',
      subnetPrefix: '10.224.0.0/16',
    });
    expect(found.evidence).toContain('Azure Firewall rg-hub/fw-hub');
    // An appliance that is not an Azure Firewall aksdiag can see: the route is still reported, unnamed.
    const unnamed = run('arm-route-table', routed([other]));
    expect(unnamed.verdict).toBe('firewall-route');
    expect(unnamed.values).not.toHaveProperty('firewallName');
  });

  it('arm-nsg-flow-10250: a custom deny on the subnet NSG, with a free priority that beats it', () => {
    expect(run('arm-nsg-flow-10250', inventory()).verdict).toBe('allowed');
    const inv = inventory((i) =>
      i.nsgs[SUBNET_NSG]!.rules.push(
        rule({ name: 'deny-kubelet', priority: 200, destinationPortRanges: ['10250'] }),
      ),
    );
    expect(run('arm-nsg-flow-10250', inv)).toMatchObject({
      verdict: 'denied',
      status: 'problem',
      values: { nsg: 'nodes-nsg', nsgResourceGroup: 'rg-net', priority: '199' },
    });
  });

  it("arm-nsg-flow-lb: the subnet NSG's DenyAllInBound drops Internet traffic the NIC NSG allows", () => {
    const inv = inventory((i) =>
      i.nsgs[NIC_NSG]!.rules.push(
        rule({
          name: 'k8s-azure-lb_allow_IPv4_abc',
          priority: 500,
          access: 'Allow',
          sourceAddressPrefixes: ['Internet'],
          destinationAddressPrefixes: ['20.1.2.3'],
          destinationPortRanges: ['80'],
        }),
      ),
    );
    const f = run('arm-nsg-flow-lb', inv, { publicIp: '20.1.2.3', port: 80 });
    expect(f).toMatchObject({
      verdict: 'denied',
      values: { nsg: 'nodes-nsg', publicIp: '20.1.2.3', port: '80', priority: '4096' },
    });
    expect(f.evidence).toContain('DenyAllInBound');
    expect(run('arm-nsg-flow-lb', inv).status).toBe('could-not-check');
  });

  it('arm-lb-outbound-ports: automatic allocation on a large pool is low', () => {
    expect(run('arm-lb-outbound-ports', inventory()).verdict).toBe('ports-ok');
    const big = run(
      'arm-lb-outbound-ports',
      inventory((i) => (i.pools[0]!.count = 120)),
    );
    expect(big).toMatchObject({
      verdict: 'ports-low',
      values: { outboundPorts: '4000', outboundIpCount: '8' },
    });
    expect(
      run(
        'arm-lb-outbound-ports',
        inventory((i) => (i.network.outboundType = 'userDefinedRouting')),
      ).verdict,
    ).toBe('not-load-balancer');
  });

  it('arm-subnet-capacity: Azure CNI pods outgrow a /24', () => {
    const small = inventory((i) => {
      i.subnets[0]!.addressPrefixes = ['10.224.0.0/24'];
      i.pools[0]!.count = 10;
    });
    expect(run('arm-subnet-capacity', small)).toMatchObject({
      verdict: 'subnet-full',
      values: { subnet: 'nodes', vnet: 'vnet-aks' },
    });
    expect(
      run(
        'arm-subnet-capacity',
        inventory((i) => (i.network.pluginMode = 'overlay')),
      ).verdict,
    ).toBe('subnet-ok');
    // AKS-managed VNet: the pool has no vnetSubnetID, its nodes' NICs name the subnet.
    const managed = inventory((i) => {
      i.subnets[0]!.addressPrefixes = ['10.224.0.0/24'];
      i.pools[0]!.count = 10;
      i.pools[0]!.subnetId = null;
    });
    expect(run('arm-subnet-capacity', managed).verdict).toBe('subnet-full');
  });

  it('arm-vnet-dns: custom DNS servers on the VNet', () => {
    expect(
      run(
        'arm-vnet-dns',
        inventory((i) => (i.vnetDnsServers = ['10.50.0.4'])),
      ).values,
    ).toMatchObject({ dnsServer: '10.50.0.4' });
    expect(run('arm-vnet-dns', inventory()).verdict).toBe('azure-dns');
  });
});
