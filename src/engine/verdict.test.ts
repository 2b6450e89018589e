import type { Finding } from '../domain/checks.js';
import { tunnel10250 } from '../symptoms/tunnel-10250.js';
import { nodeCannotReachApiserver } from '../symptoms/node-cannot-reach-apiserver.js';
import { judgeCauses } from './verdict.js';

const finding = (
  check: Finding['check'],
  target: string,
  verdict: string,
  values: Record<string, string> = {},
): Finding => ({
  check,
  target,
  verdict,
  status: verdict === 'could-not-check' ? 'could-not-check' : 'ok',
  evidence: `${check} on ${target}: ${verdict}`,
  values,
  notes: [],
});

const statusOf = (verdicts: ReturnType<typeof judgeCauses>) =>
  Object.fromEntries(verdicts.map((v) => [v.id, v.status]));

describe('judgeCauses', () => {
  it('confirms ufw on one node, rules out what the other checks cleared, and fills the fix from the finding', () => {
    const findings = [
      finding('node-ufw-status', 'aks-nodepool1-12345678-vmss000000', 'inactive'),
      finding('node-ufw-status', 'aks-nodepool1-12345678-vmss000001', 'blocks-port', {
        vmss: 'aks-nodepool1-12345678-vmss',
        instanceId: '1',
      }),
      finding('node-iptables-input', 'aks-nodepool1-12345678-vmss000000', 'allows-port'),
      finding('node-iptables-input', 'aks-nodepool1-12345678-vmss000001', 'allows-port'),
      finding('arm-nsg-flow-10250', 'aks-agentpool-12345678-nsg', 'allowed'),
    ];
    const verdicts = judgeCauses(tunnel10250, findings, { nodeResourceGroup: 'MC_rg-lab_aks-lab_eastus' });
    expect(statusOf(verdicts)).toEqual({
      'nsg-blocks-10250': 'ruled-out',
      'egress-port-blocked': 'unknown',
      'ufw-blocks-10250': 'confirmed',
      'iptables-drops-10250': 'ruled-out',
      'snat-exhaustion': 'unknown',
    });
    const ufw = verdicts.find((v) => v.id === 'ufw-blocks-10250');
    expect(ufw?.evidence.map((f) => f.target)).toEqual(['aks-nodepool1-12345678-vmss000001']);
    expect(ufw?.fix).toContain(
      'az vmss reimage -g MC_rg-lab_aks-lab_eastus -n aks-nodepool1-12345678-vmss --instance-ids 1',
    );
  });

  it("fills a node's failed tunnel connection with the tunnel's port from the cluster, never from another node", () => {
    const findings = [
      finding('k8s-tunnel-component', 'kube-system', 'running', {
        tunnelComponent: 'konnectivity-agent',
        tunnelPort: '443',
      }),
      finding('node-nc-tunnel-egress', 'aks-nodepool1-12345678-vmss000000', 'timeout', { instanceId: '0' }),
      finding('node-nc-tunnel-egress', 'aks-nodepool1-12345678-vmss000001', 'open', {
        instanceId: '1',
        chain: 'INPUT',
      }),
    ];
    const egress = judgeCauses(tunnel10250, findings).find((v) => v.id === 'egress-port-blocked')!;
    expect(egress.status).toBe('confirmed');
    expect(egress.fix).toContain('--destination-port-ranges 443');
    expect(egress.fix).toContain('rollout restart deployment konnectivity-agent');
    expect(egress.values).toMatchObject({ instanceId: '0' });
    expect(egress.values).not.toHaveProperty('chain');
  });

  it('does not rule a cause out when a node could not be checked', () => {
    const findings = [
      finding('node-ufw-status', 'aks-nodepool1-12345678-vmss000000', 'inactive'),
      finding('node-ufw-status', 'aks-nodepool1-12345678-vmss000002', 'could-not-check'),
    ];
    expect(statusOf(judgeCauses(tunnel10250, findings))['ufw-blocks-10250']).toBe('unknown');
  });

  it('needs every confirming condition: a timeout to the API server is not a firewall when the egress IP is not authorized', () => {
    const timeout = finding('node-nc-apiserver', 'aks-nodepool1-12345678-vmss000000', 'timeout');
    const notAuthorized = finding('arm-outbound-ips', 'aks-lab', 'egress-not-authorized', {
      egressIp: '203.0.113.9',
    });
    const verdicts = statusOf(judgeCauses(nodeCannotReachApiserver, [timeout, notAuthorized]));
    expect(verdicts['client-ip-not-authorized']).toBe('confirmed');
    expect(verdicts['egress-firewall-rules']).toBe('unknown');
    const authorized = finding('arm-outbound-ips', 'aks-lab', 'egress-authorized');
    expect(
      statusOf(judgeCauses(nodeCannotReachApiserver, [timeout, authorized]))['egress-firewall-rules'],
    ).toBe('confirmed');
  });

  it('leaves every cause unknown with no findings', () => {
    expect(new Set(Object.values(statusOf(judgeCauses(tunnel10250, []))))).toEqual(new Set(['unknown']));
  });
});
