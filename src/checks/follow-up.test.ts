import { describe, expect, it } from '@jest/globals';
import type { CheckRequest, Finding } from '../domain/checks.js';
import { NIC_NSG, inventory, nsg, rule } from '../../test/support/inventory.js';
import { followUpFindings } from './follow-up.js';

const API = '20.50.60.70';
const ask = (node: string): CheckRequest => ({
  check: 'node-nc-tunnel-egress',
  target: {
    kind: 'node',
    node,
    subscription: 's',
    resourceGroup: 'MC_rg',
    vmss: 'v',
    instanceId: node.slice(-1),
  },
  params: { host: 'aks-1a2b3c4d.hcp.eastus.azmk8s.io', port: 443 },
});
const answered = (node: string, verdict: string, address?: string): Finding => ({
  check: 'node-nc-tunnel-egress',
  target: node,
  verdict,
  status: 'ok',
  evidence: `nc: connect to aks-1a2b3c4d.hcp.eastus.azmk8s.io (${API}) port 443 (tcp) timed out`,
  values: { node, ...(address ? { address } : {}) },
  notes: [],
});
/** The NIC NSG denies outbound 443 to the API server's address. */
const denying = inventory((inv) => {
  inv.nsgs[NIC_NSG] = nsg('aks-agentpool-1-nsg', 'mc_rg', 'nic', [
    rule({
      name: 'deny-api',
      priority: 200,
      direction: 'Outbound',
      destinationAddressPrefixes: [`${API}/32`],
      destinationPortRanges: ['443'],
    }),
  ]);
});

describe('followUpFindings', () => {
  it('judges the NSGs on the exact flow a node could not open, once per address and port', () => {
    const requests = [ask('n0'), ask('n1')];
    const findings = [answered('n0', 'timeout', API), answered('n1', 'timeout', API)];
    const out = followUpFindings(requests, findings, denying);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      check: 'arm-nsg-tunnel-egress',
      verdict: 'denied',
      values: { nsg: 'aks-agentpool-1-nsg', nsgResourceGroup: 'mc_rg', priority: '199', blockedAddress: API },
    });
    expect(out[0]!.evidence).toContain('deny-api');
  });

  it('says allowed when no NSG is in the way, so the blocker is elsewhere (a firewall, a route)', () => {
    const out = followUpFindings([ask('n0')], [answered('n0', 'timeout', API)], inventory());
    expect(out.map((f) => [f.check, f.verdict])).toEqual([['arm-nsg-tunnel-egress', 'allowed']]);
  });

  it('adds nothing when the connection opened or the address is not known', () => {
    expect(followUpFindings([ask('n0')], [answered('n0', 'open', API)], denying)).toEqual([]);
    expect(followUpFindings([ask('n0')], [answered('n0', 'timeout')], denying)).toEqual([]);
  });
});
