/**
 * The fault lab, fixes: for each lab fault whose fix aksdiag can apply, the fix goes through the code
 * path the bot takes after a person confirms (fixActionFor → applyFix, the real SDK against the lab's
 * ARM emulator); the namespaces follow ARM, and the check that confirmed the cause now passes,
 * with the packets agreeing.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CauseId } from '../../src/domain/ids.js';
import { type FixAction, fixActionFor } from '../../src/engine/fix-action.js';
import type { Lab } from '../../src/lab/lab.js';
import { NODE_PATHS, nodeDir } from '../../src/lab/node-shell.js';
import { inNs } from '../../src/lab/sh.js';
import { ADDR, NS } from '../../src/lab/topology.js';
import { applyLabFix, checkLab, reaches, statuses, useSharedLab } from '../lab/support.js';

const KUBELET_TIMEOUT = 'Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout';
const LB_TIMEOUT = 'curl: (28) Failed to connect to 203.0.113.20 port 80 after 21045 ms: Timeout was reached';
const EGRESS_TIMEOUT =
  'pod shop/web-1 in namespace "shop": curl: (28) Failed to connect to 198.51.100.50 port 443 after 10001 ms: Timeout was reached';
const FROM_POD =
  'namespace "shop": Get "https://10.0.0.1:443/api/v1/namespaces/shop/pods": dial tcp 10.0.0.1:443: i/o timeout';
const NODE0 = 'aks-nodepool1-12345678-vmss000000';

interface FixScenario {
  fault: CauseId;
  symptom: string;
  args: string[];
  /** Node-level fixes opted in, as AKSDIAG_NODE_FIXES=on does for the bot (default: off). */
  nodeFixes?: boolean;
  /** The kind of change the bot offers for it. */
  kind: FixAction['kind'];
  /** Whether the traffic the cause blocks gets through (`node`: where the fault was injected). */
  passes: (lab: Lab, node?: string) => Promise<boolean>;
}

/** From another node to `node`'s kubelet, the tunnel's path. */
const kubeletOf = (lab: Lab, node?: string) => {
  const to = lab.world.nodes.find((n) => n.name === node)!;
  const from = lab.world.nodes.find((n) => n.name !== node)!;
  return reaches(from.name, to.ip, 10250);
};

/** Whether the node resolves a public name the cluster needs (through the DNS servers DHCP gave it). */
const resolvesOn = async (node: string) =>
  (await inNs(node, ['nslookup', '-timeout=2', 'mcr.microsoft.com'], { allowFailure: true })).code === 0;

/** How many source ports the outbound load balancer (the edge namespace's SNAT) gives a node's TCP flows. */
async function snatPorts(lab: Lab, node: string): Promise<number> {
  const ip = lab.world.nodes.find((n) => n.name === node)!.ip;
  const rules = (await inNs(NS.edge, ['iptables', '-t', 'nat', '-S', 'POSTROUTING'])).stdout;
  const line = rules.split('\n').find((l) => l.includes(`-s ${ip}/32`) && l.includes('-p tcp'));
  const m = /:(\d+)-(\d+)/.exec(line ?? '');
  return m ? Number(m[2]) - Number(m[1]) + 1 : 0;
}

/** Whether the node's kubenet IPAM store holds exactly the addresses of the pods running there. */
function ipamMatchesPods(lab: Lab, node: string): boolean {
  const dir = join(nodeDir(node), NODE_PATHS.varLib, 'cni', 'networks', 'kubenet');
  const stored = readdirSync(dir).filter((f) => /^[0-9.]{7,15}$/.test(f));
  const running = lab.world.kube.state.pods.filter(
    (p) => p.spec.nodeName === node && p.status.phase === 'Running' && !p.spec.hostNetwork && p.status.podIP,
  );
  return stored.length === running.length;
}

const SCENARIOS: FixScenario[] = [
  {
    fault: 'nsg-blocks-10250',
    kind: 'nsg-allow',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    passes: (lab) => reaches(NODE0, lab.world.nodes[1]!.ip, 10250),
  },
  {
    fault: 'subnet-nsg-missing-rule',
    kind: 'nsg-allow',
    symptom: 'lb-service-timeout',
    args: ['--text', LB_TIMEOUT],
    passes: () => reaches(NS.client, ADDR.lbFrontend, 80),
  },
  {
    fault: 'ufw-blocks-10250',
    kind: 'node-script',
    nodeFixes: true,
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    passes: kubeletOf,
  },
  {
    fault: 'iptables-drops-10250',
    kind: 'node-script',
    nodeFixes: true,
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    passes: kubeletOf,
  },
  {
    fault: 'client-ip-not-authorized',
    kind: 'authorize-ip',
    symptom: 'apiserver-unreachable',
    args: ['--client-ip', ADDR.client],
    passes: () => reaches(NS.client, ADDR.apiserverPublic, 443),
  },
  {
    // From the nodes: the cluster's own egress IP is what goes into the ranges.
    fault: 'client-ip-not-authorized',
    kind: 'authorize-ip',
    symptom: 'node-cannot-reach-apiserver',
    args: [],
    passes: () => reaches(NODE0, ADDR.apiserverPublic, 443),
  },
  {
    // The NSG rule that blocks the tunnel is found on the address the node tried (a follow-up check).
    fault: 'egress-port-blocked',
    kind: 'nsg-allow',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    passes: () => reaches(NODE0, ADDR.apiserverPublic, 443),
  },
  {
    fault: 'egress-firewall-blocks',
    kind: 'firewall-allow',
    symptom: 'outbound-egress',
    args: ['--text', EGRESS_TIMEOUT],
    passes: () => reaches(NODE0, ADDR.externalApi, 443),
  },
  {
    fault: 'egress-firewall-rules',
    kind: 'firewall-allow',
    symptom: 'node-cannot-reach-apiserver',
    args: [],
    passes: () => reaches(NODE0, ADDR.apiserverPublic, 443),
  },
  {
    fault: 'custom-dns-misconfigured',
    kind: 'vnet-dns-default',
    symptom: 'outbound-dns',
    args: [],
    passes: () => resolvesOn(NODE0),
  },
  {
    fault: 'snat-exhaustion',
    kind: 'outbound-ports',
    symptom: 'outbound-egress',
    args: ['--text', EGRESS_TIMEOUT],
    // The fix's 4,000 ports per node, where the fault left 256.
    passes: async (lab) => (await snatPorts(lab, NODE0)) >= 4000,
  },
  {
    fault: 'private-dns',
    kind: 'private-dns-link',
    symptom: 'node-cannot-reach-apiserver',
    args: ['--text', FROM_POD],
    // The private name resolves on the node again, to the private endpoint it reaches.
    passes: (lab) => reaches(NODE0, lab.world.arm.managedCluster.cluster.properties.privateFQDN!, 443),
  },
  // Without node fixes opted in, AKS's supported path: reimage the instance.
  {
    fault: 'ufw-blocks-10250',
    kind: 'vmss-reimage',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    passes: kubeletOf,
  },
  {
    fault: 'iptables-drops-10250',
    kind: 'vmss-reimage',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    passes: kubeletOf,
  },
  {
    fault: 'ipam-leak',
    kind: 'vmss-reimage',
    symptom: 'pod-ip-exhaustion',
    args: [],
    passes: async (lab, node) => ipamMatchesPods(lab, node!),
  },
];

let lab: Lab;
useSharedLab((l) => (lab = l));

describe('fault lab: applying the fix makes the check pass', () => {
  it.each(SCENARIOS.map((s) => [`${s.fault} (${s.symptom}): ${s.kind}`, s] as const))(
    '%s',
    async (_name, s) => {
      const { node } = await lab.inject(s.fault);
      const broken = await checkLab(lab, s.symptom, s.args);
      expect(statuses(broken)[s.fault]).toBe('confirmed');
      expect(await s.passes(lab, node)).toBe(false);

      const verdict = broken.causes.find((c) => c.id === s.fault)!;
      const action = fixActionFor(s.fault, verdict.values, { nodeFixes: s.nodeFixes ?? false });
      if ('unavailable' in action)
        throw new Error(`no fix to apply: ${action.unavailable} (values: ${JSON.stringify(verdict.values)})`);
      expect(action.kind).toBe(s.kind);
      await applyLabFix(lab, action);

      const fixed = await checkLab(lab, s.symptom, s.args);
      expect(statuses(fixed)[s.fault]).toBe('ruled-out');
      expect(await s.passes(lab, node)).toBe(true);
    },
    180_000,
  );
});
