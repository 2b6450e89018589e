import { describe, expect, it } from '@jest/globals';
import type { WireAzureFirewall } from '../../test/emulators/arm/index.js';
import { firewallTable } from './firewall-rules.js';

const ctx = {
  records: { 'aks.hcp.eastus.azmk8s.io': '192.0.2.10', 'mcr.microsoft.com': '198.51.100.60' },
  apiserverFqdns: ['aks.hcp.eastus.azmk8s.io'],
  inside: 'in0',
};

const fw = (props: Partial<WireAzureFirewall['properties']>): WireAzureFirewall => ({
  name: 'fw',
  location: 'eastus',
  properties: { ...props },
});

describe('firewallTable', () => {
  it('with no rules lets only replies through and drops every new connection from the VNet', () => {
    const { lines } = firewallTable(fw({}), ctx);
    expect(lines[0]).toContain('RELATED,ESTABLISHED -j ACCEPT');
    expect(lines.at(-1)).toMatch(/^-A FORWARD -i in0 .*default deny.* -j DROP$/);
    expect(lines).toHaveLength(2);
  });

  it('puts network rules before application rules, each kind by priority, and resolves names', () => {
    const { lines, notes } = firewallTable(
      fw({
        applicationRuleCollections: [
          {
            name: 'aks',
            properties: {
              priority: 100,
              action: { type: 'Allow' },
              rules: [
                {
                  name: 'tag',
                  sourceAddresses: ['10.224.0.0/16'],
                  protocols: [{ protocolType: 'Https', port: 443 }],
                  fqdnTags: ['AzureKubernetesService'],
                },
              ],
            },
          },
        ],
        networkRuleCollections: [
          {
            name: 'late',
            properties: {
              priority: 500,
              action: { type: 'Allow' },
              rules: [
                {
                  name: 'api',
                  protocols: ['TCP'],
                  sourceAddresses: ['*'],
                  destinationAddresses: ['198.51.100.50', 'AzureCloud.eastus'],
                  destinationPorts: ['8000-8100'],
                },
              ],
            },
          },
          {
            name: 'early',
            properties: {
              priority: 200,
              action: { type: 'Deny' },
              rules: [
                {
                  name: 'no-dns',
                  protocols: ['UDP'],
                  sourceAddresses: ['10.224.0.0/16'],
                  destinationAddresses: ['*'],
                  destinationPorts: ['53'],
                },
              ],
            },
          },
        ],
      }),
      ctx,
    );
    expect(lines.slice(1, -1)).toEqual([
      '-A FORWARD -i in0 -s 10.224.0.0/16 -p udp --dport 53 -m comment --comment "fw early/no-dns" -j DROP',
      '-A FORWARD -i in0 -d 198.51.100.50 -p tcp --dport 8000:8100 -m comment --comment "fw late/api" -j ACCEPT',
      '-A FORWARD -i in0 -s 10.224.0.0/16 -d 192.0.2.10 -p tcp --dport 443 -m comment --comment "fw aks/tag" -j ACCEPT',
    ]);
    expect(notes).toEqual(['fw late/api: AzureCloud.eastus is not an address the lab can match (ignored)']);
  });
});
