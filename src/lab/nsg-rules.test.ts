import { describe, expect, it } from '@jest/globals';
import { fromAzureRule } from '../engine/nsg-flow.js';
import { complement, nsgFilterTable } from './nsg-rules.js';

const rule = (over: Record<string, unknown>) =>
  fromAzureRule({
    name: 'r',
    protocol: 'Tcp',
    access: 'Deny',
    priority: 300,
    direction: 'Inbound',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    sourcePortRange: '*',
    destinationPortRange: '10250',
    ...over,
  });

describe('complement', () => {
  it('of nothing is everything, of everything nothing', () => {
    expect(complement([])).toEqual(['0.0.0.0/0']);
    expect(complement(['0.0.0.0/0'])).toEqual([]);
  });
  it('covers exactly the addresses outside, with aligned blocks', () => {
    expect(complement(['10.0.0.0/8', '128.0.0.0/1'])).toEqual([
      '0.0.0.0/5',
      '8.0.0.0/7',
      '11.0.0.0/8',
      '12.0.0.0/6',
      '16.0.0.0/4',
      '32.0.0.0/3',
      '64.0.0.0/2',
    ]);
    expect(complement(['10.224.0.0/16', '10.224.0.0/12'])).toContain('10.240.0.0/12');
  });
});

describe('nsgFilterTable', () => {
  const table = (rules: ReturnType<typeof rule>[], subnet = false) =>
    nsgFilterTable({
      nsgs: { nic: { name: 'nic-nsg', rules }, ...(subnet ? { sub: { name: 'sub-nsg', rules: [] } } : {}) },
      nodes: [{ vnetIf: 'n0', subnetNsg: subnet ? 'sub' : null, nicNsg: 'nic' }],
      virtualNetwork: ['10.224.0.0/16'],
    });

  it('a deny is a DROP ahead of the default rules; allow is RETURN (on to the next NSG)', () => {
    const { restore } = table([rule({})]);
    const lines = restore.split('\n');
    const deny = lines.findIndex((l) => l.includes('--dport 10250') && l.endsWith('-j DROP'));
    const vnetAllow = lines.findIndex((l) => l.includes('AllowVnetInBound') && l.endsWith('-j RETURN'));
    expect(deny).toBeGreaterThan(0);
    expect(vnetAllow).toBeGreaterThan(deny);
    const out = lines.filter((l) => l.startsWith('-A NSG0-OUT'));
    expect(out.at(-1)).toMatch(/DenyAllOutBound 65500" -j DROP$/);
  });

  it('enters through the subnet NSG, then the NIC NSG; leaves the other way round', () => {
    const { restore } = table([], true);
    const jumps = restore.split('\n').filter((l) => /^-A (IN|OUT)-n0/.test(l));
    expect(jumps).toEqual([
      '-A OUT-n0 -j NSG0-OUT',
      '-A OUT-n0 -j NSG1-OUT',
      '-A IN-n0 -j NSG1-IN',
      '-A IN-n0 -j NSG0-IN',
    ]);
  });

  it('expands tags and port lists; * protocol with ports means TCP and UDP', () => {
    const { restore } = table([
      rule({
        protocol: '*',
        sourceAddressPrefix: 'VirtualNetwork',
        destinationPortRange: undefined,
        destinationPortRanges: ['53', '1000-2000'],
        access: 'Allow',
      }),
    ]);
    expect(restore).toContain('-p tcp -s 10.224.0.0/16 -m multiport --dports 53,1000:2000');
    expect(restore).toContain('-p udp -s 10.224.0.0/16 -m multiport --dports 53,1000:2000');
  });

  it('leaves out a rule whose tag has no addresses here, and says so', () => {
    const { restore, notes } = table([rule({ sourceAddressPrefix: 'AzureCloud' })]);
    expect(restore).not.toContain('--dport 10250');
    expect(notes).toEqual(['nic-nsg/r: AzureCloud has no addresses in the lab']);
  });
});
