/**
 * Every cause in the knowledge base, through `aksdiag check` with the real SDK clients against the
 * ARM and Kubernetes emulators: set up the fault → the cause is confirmed and no other cause of the
 * symptom is; the healthy cluster → the cause is ruled out. Node scripts are answered with output
 * the real tools printed (test/fixtures); the fault lab (namespaces, real tools) does the same
 * with the tools running for real.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { SYMPTOMS } from '../../src/symptoms/index.js';
import {
  type AksLab,
  type RunCommandExecutor,
  aksCluster,
  defaultSecurityRules,
  startArmEmulator,
  securityRule,
} from '../emulators/arm/index.js';
import {
  AKSDIAG_USER,
  type AksKube,
  aksKubeState,
  kubeconfigFor,
  runKubectlScript,
  startKubeEmulator,
} from '../emulators/kube/index.js';
import { runCli } from '../support/cli.js';
import { loadFixture } from '../support/fixtures.js';
import { setNotReady } from '../support/kube-snapshot.js';

/** What a node script is, told from the script itself (the executor sees only the text). */
type NodeTool =
  | 'ufw'
  | 'iptables'
  | 'nc-kubelet'
  | 'nc-apiserver'
  | 'nslookup-apiserver'
  | 'nslookup-external'
  | 'nslookup-cluster'
  | 'curl'
  | 'ipam'
  | 'kube-proxy'
  | 'resolv-conf';

function toolOf(script: string): NodeTool | null {
  if (script.includes('ufw status')) return 'ufw';
  if (script.includes('aksdiag-service-rules')) return 'kube-proxy';
  if (script.includes('iptables -w 5 -L INPUT')) return 'iptables';
  if (script.includes('crictl pods')) return 'ipam';
  if (script.includes('curl -v')) return 'curl';
  if (script.includes('nc -v')) return script.includes('10250') ? 'nc-kubelet' : 'nc-apiserver';
  if (script.includes('nslookup')) {
    if (script.includes('mcr.microsoft.com')) return 'nslookup-external';
    return script.includes('azmk8s.io') ? 'nslookup-apiserver' : 'nslookup-cluster';
  }
  if (script.includes('/etc/resolv.conf')) return 'resolv-conf';
  return null;
}

const fixture = (kind: Parameters<typeof loadFixture>[0], name: string) => loadFixture(kind, name).text;
const KUBE_PROXY_FACTS =
  'aksdiag-iptables-version: iptables v1.8.9 (nf_tables)\naksdiag-cilium: absent\naksdiag-kube-proxy: running\n';

/** A healthy node: every port open, no host firewall, names resolve, kube-proxy's rules in place. */
const HEALTHY: Record<NodeTool, () => string> = {
  ufw: () => fixture('ufw-status', 'inactive'),
  iptables: () => fixture('iptables-list', 'empty-policy-accept'),
  'nc-kubelet': () => fixture('nc', 'open-10250'),
  'nc-apiserver': () => fixture('nc', 'open-443'),
  'nslookup-apiserver': () => fixture('nslookup', 'resolved-non-authoritative'),
  'nslookup-external': () => fixture('nslookup', 'resolved-explicit-server'),
  'nslookup-cluster': () => fixture('nslookup', 'resolved-explicit-server'),
  curl: () => fixture('curl', 'telnet-open-10250'),
  ipam: () => 'ipam-store: host-local\nallocated: 20\nsandboxes: 25\nleaked: 0\nleaked-sample:\n',
  'kube-proxy': () =>
    `${KUBE_PROXY_FACTS}aksdiag-proxy-mode: iptables\naksdiag-service-rules: 1\naksdiag-rule: -A KUBE-SERVICES -d 10.0.120.15/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-WEB\naksdiag-endpoints: 2\naksdiag-reject-rules: 0\n`,
  'resolv-conf': () => fixture('resolv-conf', 'azure-dns'),
};

interface Scenario {
  symptom: string;
  cause: string;
  args?: string[];
  /** Shapes the cluster for both runs (what the scenario needs to be checkable at all). */
  base?: (c: Cluster) => void;
  /** Breaks it. */
  fault: (c: Cluster) => void;
}

interface Cluster {
  lab: AksLab;
  kube: AksKube;
  node: Partial<Record<NodeTool, string>>;
  args: string[];
}

const REFUSED =
  'curl: (7) Failed to connect to web.shop.svc.cluster.local port 80 after 3 ms: Connection refused';
const LB_TIMEOUT = 'curl: (28) Failed to connect to 203.0.113.20 port 80 after 21045 ms: Timeout was reached';
const EGRESS_TIMEOUT =
  'pod shop/web-1 in namespace "shop": curl: (28) Failed to connect to 198.51.100.50 port 443 after 10001 ms: Timeout was reached';
const FORBIDDEN =
  'Error from server (Forbidden): pods "web-1" is forbidden: User "alice@contoso.com" cannot create resource "pods/exec" in API group "" in the namespace "shop"';
const KUBELET_TIMEOUT = 'Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout';
const APISERVER_FROM_POD =
  'namespace "shop": Get "https://10.0.0.1:443/api/v1/namespaces/shop/pods": dial tcp 10.0.0.1:443: i/o timeout';

const policyEngine = (c: Cluster) => {
  c.lab.managedCluster.cluster.properties.networkProfile!.networkPolicy = 'azure';
};
const np = (c: Cluster, name: string, spec: Record<string, unknown>) =>
  c.kube.state.networkPolicies.push({ metadata: { name, namespace: 'shop' }, spec } as never);
const inboundRule = (name: string, port: string, access: 'Allow' | 'Deny', priority: number, dst = '*') =>
  securityRule(name, 'Inbound', access, priority, port, dst);

const SCENARIOS: Scenario[] = [
  {
    symptom: 'apiserver-unreachable',
    cause: 'client-ip-not-authorized',
    base: (c) => {
      c.lab.managedCluster.cluster.properties.apiServerAccessProfile = {
        authorizedIPRanges: ['198.51.100.0/24'],
      };
      c.args.push('--client-ip', '198.51.100.7');
    },
    fault: (c) => (c.args[c.args.length - 1] = '203.0.113.50'),
  },
  {
    symptom: 'apiserver-unreachable',
    cause: 'private-cluster',
    fault: (c) =>
      (c.lab.managedCluster.cluster.properties.apiServerAccessProfile = { enablePrivateCluster: true }),
  },
  {
    symptom: 'node-cannot-reach-apiserver',
    cause: 'egress-firewall-rules',
    fault: (c) => (c.node['nc-apiserver'] = fixture('nc', 'timeout-443')),
  },
  {
    symptom: 'node-cannot-reach-apiserver',
    cause: 'network-policy',
    base: (c) => {
      policyEngine(c);
      c.args.push('--text', APISERVER_FROM_POD);
    },
    fault: (c) =>
      np(c, 'egress-dns-only', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
      }),
  },
  {
    symptom: 'node-cannot-reach-apiserver',
    cause: 'client-ip-not-authorized',
    base: (c) =>
      (c.lab.managedCluster.cluster.properties.apiServerAccessProfile = {
        authorizedIPRanges: ['203.0.113.0/24'],
      }),
    fault: (c) =>
      (c.lab.managedCluster.cluster.properties.apiServerAccessProfile = {
        authorizedIPRanges: ['198.51.100.0/24'],
      }),
  },
  {
    symptom: 'node-cannot-reach-apiserver',
    cause: 'private-dns',
    fault: (c) => (c.node['nslookup-apiserver'] = fixture('nslookup', 'nxdomain')),
  },
  {
    symptom: 'tunnel-10250',
    cause: 'nsg-blocks-10250',
    base: (c) => c.args.push('--text', KUBELET_TIMEOUT),
    fault: (c) => c.lab.nsg.properties.securityRules.push(inboundRule('deny-kubelet', '10250', 'Deny', 300)),
  },
  {
    symptom: 'tunnel-10250',
    cause: 'egress-port-blocked',
    fault: (c) => (c.node['nc-apiserver'] = fixture('nc', 'timeout-443')),
  },
  {
    symptom: 'tunnel-10250',
    cause: 'ufw-blocks-10250',
    fault: (c) => (c.node.ufw = fixture('ufw-status', 'ssh-only-verbose')),
  },
  {
    symptom: 'tunnel-10250',
    cause: 'iptables-drops-10250',
    fault: (c) => (c.node.iptables = fixture('iptables-list', 'ssh-accept-drop-10250')),
  },
  {
    symptom: 'tunnel-10250',
    cause: 'snat-exhaustion',
    base: (c) =>
      (c.lab.managedCluster.cluster.properties.networkProfile!.loadBalancerProfile!.allocatedOutboundPorts = 4000),
    fault: (c) =>
      (c.lab.managedCluster.cluster.properties.networkProfile!.loadBalancerProfile!.allocatedOutboundPorts = 256),
  },
  {
    symptom: 'pod-ip-exhaustion',
    cause: 'ipam-leak',
    fault: (c) =>
      (c.node.ipam =
        'ipam-store: host-local\nallocated: 40\nsandboxes: 31\nleaked: 12\nleaked-sample: 10.244.1.7 10.244.1.9\n'),
  },
  {
    symptom: 'pod-ip-exhaustion',
    cause: 'subnet-exhausted',
    fault: (c) => {
      c.lab.managedCluster.cluster.properties.networkProfile!.networkPluginMode = undefined as never;
      c.lab.subnet.properties.addressPrefix = '10.224.0.0/27';
    },
  },
  {
    symptom: 'service-unreachable-in-cluster',
    cause: 'no-endpoints-selector-mismatch',
    base: (c) => c.args.push('--text', REFUSED),
    fault: (c) =>
      (c.kube.state.services.find((s) => s.metadata.name === 'web')!.spec.selector = { app: 'web-v2' }),
  },
  {
    symptom: 'service-unreachable-in-cluster',
    cause: 'target-port-mismatch',
    base: (c) => c.args.push('--text', REFUSED),
    fault: (c) =>
      (c.kube.state.services.find((s) => s.metadata.name === 'web')!.spec.ports![0]!.targetPort = 9090),
  },
  {
    symptom: 'service-unreachable-in-cluster',
    cause: 'network-policy',
    base: (c) => {
      policyEngine(c);
      c.args.push('--text', REFUSED);
    },
    fault: (c) => np(c, 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
  },
  {
    symptom: 'service-unreachable-in-cluster',
    cause: 'kube-proxy-or-iptables',
    base: (c) => c.args.push('--text', REFUSED),
    fault: (c) =>
      (c.node['kube-proxy'] =
        `${KUBE_PROXY_FACTS}aksdiag-proxy-mode: iptables\naksdiag-service-rules: 0\naksdiag-endpoints: 0\naksdiag-reject-rules: 0\n`),
  },
  {
    symptom: 'lb-service-timeout',
    cause: 'subnet-nsg-missing-rule',
    base: (c) => {
      // BYO VNet: AKS's NSG on the NICs carries the rule it added for the service.
      c.lab.nsg.properties.securityRules.push(
        inboundRule('a-web-public-80', '80', 'Allow', 500, '203.0.113.20'),
      );
      c.args.push('--text', LB_TIMEOUT);
    },
    fault: (c) => {
      // A customer NSG on the subnet with only the default rules: Internet inbound denied at 65500.
      const rg = c.lab.state.subscriptions[c.lab.subscriptionId]!.resourceGroups[c.lab.vnetResourceGroup]!;
      const id = `/subscriptions/${c.lab.subscriptionId}/resourceGroups/${c.lab.vnetResourceGroup}/providers/Microsoft.Network/networkSecurityGroups/nsg-snet-aks`;
      rg.networkSecurityGroups = {
        ...rg.networkSecurityGroups,
        'nsg-snet-aks': {
          location: c.lab.location,
          properties: { securityRules: [], defaultSecurityRules: defaultSecurityRules(id) },
        },
      };
      c.lab.subnet.properties.networkSecurityGroup = { id };
    },
  },
  {
    symptom: 'lb-service-timeout',
    cause: 'network-policy',
    base: (c) => {
      policyEngine(c);
      c.lab.nsg.properties.securityRules.push(
        inboundRule('a-web-public-80', '80', 'Allow', 500, '203.0.113.20'),
      );
      c.args.push('--text', LB_TIMEOUT);
    },
    fault: (c) =>
      np(c, 'only-ingress-nginx', {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
            ],
          },
        ],
      }),
  },
  {
    symptom: 'rbac-forbidden',
    cause: 'missing-role-binding',
    base: (c) => {
      c.args.push('--text', FORBIDDEN);
      c.kube.state.auth.access.push({
        user: 'alice@contoso.com',
        verbs: ['create'],
        resources: ['pods/exec'],
      });
    },
    fault: (c) => c.kube.state.auth.access.pop(),
  },
  {
    symptom: 'outbound-dns',
    cause: 'cluster-dns-failure',
    fault: (c) => setNotReady(c.kube.state, (p) => p.metadata.labels?.['k8s-app'] === 'kube-dns'),
  },
  {
    symptom: 'outbound-dns',
    cause: 'upstream-dns-failure',
    fault: (c) => (c.node['nslookup-external'] = fixture('nslookup', 'timeout')),
  },
  {
    symptom: 'outbound-dns',
    cause: 'custom-dns-misconfigured',
    base: (c) => (c.lab.vnet.properties.dhcpOptions = { dnsServers: ['10.224.0.200'] }),
    fault: (c) => (c.node['nslookup-external'] = fixture('nslookup', 'servfail')),
  },
  {
    symptom: 'outbound-egress',
    cause: 'egress-firewall-blocks',
    base: (c) => c.args.push('--text', EGRESS_TIMEOUT),
    fault: (c) => (c.node.curl = fixture('curl', 'telnet-timeout')),
  },
  {
    symptom: 'outbound-egress',
    cause: 'network-policy',
    base: (c) => {
      policyEngine(c);
      c.args.push('--text', EGRESS_TIMEOUT);
    },
    fault: (c) =>
      np(c, 'egress-in-cluster-only', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: {} }] }],
      }),
  },
  {
    symptom: 'outbound-egress',
    cause: 'snat-exhaustion',
    base: (c) => {
      c.args.push('--text', EGRESS_TIMEOUT);
      c.lab.managedCluster.cluster.properties.networkProfile!.loadBalancerProfile!.allocatedOutboundPorts = 4000;
    },
    fault: (c) =>
      (c.lab.managedCluster.cluster.properties.networkProfile!.loadBalancerProfile!.allocatedOutboundPorts = 256),
  },
  {
    symptom: 'outbound-egress',
    cause: 'endpoint-down',
    base: (c) => c.args.push('--text', EGRESS_TIMEOUT),
    fault: (c) => (c.node.curl = fixture('curl', 'refused')),
  },
];

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function run(s: Scenario, broken: boolean): Promise<Record<string, string>> {
  const byo = s.cause === 'subnet-nsg-missing-rule' || s.symptom === 'lb-service-timeout';
  const lab = aksCluster({ byoVnet: byo });
  const kube = aksKubeState({ lab });
  kube.state.auth.tokens['emulator-token'] = { user: AKSDIAG_USER, groups: ['system:authenticated'] };
  const c: Cluster = { lab, kube, node: {}, args: [] };
  s.base?.(c);
  if (broken) s.fault(c);
  const api = await startKubeEmulator(kube.state, { tls: true });
  cleanups.push(() => api.stop());
  const executor: RunCommandExecutor = async (ctx) => {
    const tool = toolOf(ctx.script.join('\n'));
    return { stdout: tool ? (c.node[tool] ?? HEALTHY[tool]()) : '', stderr: '' };
  };
  const arm = await startArmEmulator(lab.state, {
    runCommandExecutor: executor,
    commandInvokeExecutor: async (ctx) => runKubectlScript(kube.state, ctx.command),
  });
  cleanups.push(() => arm.stop());
  lab.managedCluster.userKubeconfig = kubeconfigFor(api, { token: kube.token });
  const { code, out, err } = await runCli(arm, lab.subscriptionId, [
    'check',
    'aks-lab',
    '--symptom',
    s.symptom,
    ...c.args,
    '--json',
  ]);
  if (code !== 0) throw new Error(`aksdiag check exited ${code}: ${err}`);
  const report = JSON.parse(out) as { causes: { id: string; status: string }[] };
  return Object.fromEntries(report.causes.map((x) => [x.id, x.status]));
}

describe('every cause, confirmed by its fault and ruled out without it', () => {
  it('covers every cause of every symptom except pod churn (needs event history)', () => {
    const all = SYMPTOMS.flatMap((s) => s.causes.map((c) => `${s.id}/${c.id}`)).sort();
    const covered = SCENARIOS.map((s) => `${s.symptom}/${s.cause}`).sort();
    expect(all.filter((id) => !covered.includes(id))).toEqual(['pod-ip-exhaustion/pod-churn-outpaces-gc']);
  });

  it.each(SCENARIOS.map((s) => [`${s.symptom} / ${s.cause}`, s] as const))('%s', async (_name, s) => {
    const broken = await run(s, true);
    expect(broken[s.cause]).toBe('confirmed');
    const others = Object.entries(broken).filter(([id, st]) => id !== s.cause && st === 'confirmed');
    expect(others).toEqual([]);
    const healthy = await run(s, false);
    expect(healthy[s.cause]).toBe('ruled-out');
  });
});
