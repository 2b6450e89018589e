import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../domain/checks.js';
import type { KubeSnapshot } from '../../domain/kube.js';
import { setNotReady, snapshotOf } from '../../../test/support/kube-snapshot.js';
import { aksKubeState, type WireNetworkPolicy } from '../../../test/emulators/kube/index.js';
import { aksCluster } from '../../../test/emulators/arm/index.js';
import { CHECKS, type CheckId } from '../catalogue.js';
import { CLUSTER_CHECKS } from './index.js';

const run = (id: CheckId, snapshot: KubeSnapshot, params: unknown = {}): Finding => {
  const check = CLUSTER_CHECKS.find((c) => c.id === id);
  if (!check) throw new Error(`no cluster check ${id}`);
  const finding = check.run(snapshot, params);
  // Every verdict is one the catalogue (and so the knowledge base's proofs) knows.
  expect([...CHECKS[id].verdicts, 'unknown']).toContain(finding.verdict);
  expect(finding.status === 'could-not-check').toBe(finding.verdict === 'unknown');
  return finding;
};

const lab = () => aksKubeState();
const NODE0 = 'aks-nodepool1-12345678-vmss000000';
const NODE1 = 'aks-nodepool1-12345678-vmss000001';

function policy(name: string, spec: WireNetworkPolicy['spec'], namespace = 'shop'): WireNetworkPolicy {
  return { metadata: { name, namespace }, spec };
}

describe('cluster checks', () => {
  it('covers every catalogue check whose target is the cluster, except pod churn (needs events)', () => {
    const cluster = (Object.keys(CHECKS) as CheckId[]).filter((id) => CHECKS[id].target === 'cluster');
    expect(CLUSTER_CHECKS.map((c) => c.id).sort()).toEqual(
      cluster.filter((id) => id !== 'k8s-pod-churn').sort(),
    );
  });

  describe('k8s-tunnel-component', () => {
    it('names the running component, its port and the node of a ready pod', () => {
      expect(run('k8s-tunnel-component', snapshotOf(lab().state))).toMatchObject({
        verdict: 'running',
        values: { tunnelComponent: 'konnectivity-agent', tunnelPort: '443', node: NODE0 },
      });
      const old = aksKubeState({ tunnel: 'tunnelfront' });
      expect(run('k8s-tunnel-component', snapshotOf(old.state)).values).toMatchObject({
        tunnelComponent: 'tunnelfront',
        tunnelPort: '9000',
      });
    });

    it('is not-running when no tunnel exists or none of its pods is ready', () => {
      expect(run('k8s-tunnel-component', snapshotOf(aksKubeState({ tunnel: 'none' }).state)).verdict).toBe(
        'not-running',
      );
      const { state } = lab();
      setNotReady(state, (p) => p.metadata.name.startsWith('konnectivity-agent'), 14);
      const f = run('k8s-tunnel-component', snapshotOf(state));
      expect(f).toMatchObject({ verdict: 'not-running', status: 'problem' });
      expect(f.evidence).toMatch(
        /konnectivity-agent: 0 of 2 pods ready \(konnectivity-agent-\S+: Running, 14 restarts\)/,
      );
    });
  });

  describe('k8s-service-endpoints', () => {
    it('has-endpoints for a Service whose selector matches ready pods', () => {
      const f = run('k8s-service-endpoints', snapshotOf(lab().state), { namespace: 'shop', service: 'web' });
      expect(f.verdict).toBe('has-endpoints');
      expect(f.evidence).toMatch(/^shop\/web: 2 ready endpoints \(10\.244\.\d+\.\d+, 10\.244\.\d+\.\d+\)$/);
    });

    it('a selector that matches no pod: no-endpoints, and the selector the pods really carry', () => {
      const { state } = lab();
      state.services.find((s) => s.metadata.name === 'web')!.spec.selector = { app: 'web-v2' };
      const f = run('k8s-service-endpoints', snapshotOf(state), { service: 'web' });
      expect(f).toMatchObject({
        verdict: 'no-endpoints',
        status: 'problem',
        values: { selectorPatch: '{"spec":{"selector":{"app":"web"}}}' },
      });
      expect(f.evidence).toBe(
        'selector app=web-v2 of shop/web matches no pod in namespace shop (pods there carry app=web)',
      );
    });

    it('pods that match but are not ready: no-endpoints, saying so (the selector is right)', () => {
      const { state } = lab();
      setNotReady(state, (p) => p.metadata.labels?.['app'] === 'web');
      const f = run('k8s-service-endpoints', snapshotOf(state), { namespace: 'shop', service: 'web' });
      expect(f.verdict).toBe('no-endpoints');
      expect(f.values['selectorPatch']).toBeUndefined();
      expect(f.evidence).toMatch(/matches 2 pods, none ready: web-\S+ Running not ready/);
    });

    it('finds the Service behind a load balancer IP; an unknown Service is could-not-check', () => {
      const s = snapshotOf(lab().state);
      expect(run('k8s-service-endpoints', s, { loadBalancerIp: '203.0.113.20' }).target).toBe(
        'shop/web-public',
      );
      expect(run('k8s-service-endpoints', s, { namespace: 'shop', service: 'nope' }).notes).toEqual([
        'no Service shop/nope found',
      ]);
      expect(() => run('k8s-service-endpoints', s, { service: 'web; rm -rf /' })).toThrow();
    });
  });

  describe('k8s-service-ports', () => {
    it('named and numeric targetPorts that land on declared container ports match', () => {
      const s = snapshotOf(lab().state);
      expect(run('k8s-service-ports', s, { service: 'web' }).verdict).toBe('ports-match');
      expect(run('k8s-service-ports', s, { service: 'web-public' }).verdict).toBe('ports-match');
    });

    it('a targetPort the pods do not declare: port-mismatch with the port they do declare', () => {
      const { state } = lab();
      state.services.find((s) => s.metadata.name === 'web-public')!.spec.ports![0]!.targetPort = 9090;
      const f = run('k8s-service-ports', snapshotOf(state), { service: 'web-public' });
      expect(f).toMatchObject({
        verdict: 'port-mismatch',
        values: {
          service: 'web-public',
          namespace: 'shop',
          targetPort: '9090',
          containerPort: '8080',
          portIndex: '0',
        },
      });
      expect(f.evidence).toBe(
        'shop/web-public port 80/TCP targets 9090, but its pods declare 8080/TCP "http"',
      );
    });

    it('a named targetPort that names no container port is a mismatch', () => {
      const { state } = lab();
      state.services.find((s) => s.metadata.name === 'web')!.spec.ports![0]!.targetPort = 'web-http';
      expect(run('k8s-service-ports', snapshotOf(state), { service: 'web' }).verdict).toBe('port-mismatch');
    });
  });

  describe('k8s-kube-proxy', () => {
    it('ready on every node; not-ready names the node without a ready kube-proxy', () => {
      const { state } = lab();
      expect(run('k8s-kube-proxy', snapshotOf(state)).verdict).toBe('ready');
      setNotReady(state, (p) => p.metadata.name.startsWith('kube-proxy') && p.spec.nodeName === NODE1);
      expect(run('k8s-kube-proxy', snapshotOf(state))).toMatchObject({
        verdict: 'not-ready',
        values: { node: NODE1 },
      });
    });

    it('replaced-by-cilium when the dataplane is cilium and no kube-proxy runs', () => {
      const { state } = lab();
      state.pods = state.pods.filter((p) => !p.metadata.name.startsWith('kube-proxy'));
      expect(run('k8s-kube-proxy', snapshotOf(state, { dataplane: 'cilium' })).verdict).toBe(
        'replaced-by-cilium',
      );
      expect(run('k8s-kube-proxy', snapshotOf(state)).verdict).toBe('not-ready');
    });
  });

  describe('k8s-coredns', () => {
    it('ready with the kube-dns service IP; not-ready when no CoreDNS pod is ready', () => {
      const { state } = lab();
      expect(run('k8s-coredns', snapshotOf(state))).toMatchObject({
        verdict: 'ready',
        values: { dnsServiceIp: '10.0.0.10' },
      });
      setNotReady(state, (p) => p.metadata.labels?.['k8s-app'] === 'kube-dns', 31);
      const f = run('k8s-coredns', snapshotOf(state));
      expect(f.verdict).toBe('not-ready');
      expect(f.evidence).toMatch(/^coredns: 0 of 2 pods ready \(coredns-\S+: Running, 31 restarts\)$/);
    });
  });

  describe('k8s-nnc', () => {
    it('ok on a healthy Azure CNI cluster; subnet-full names the node; kubenet cannot be judged', () => {
      const { state } = lab();
      expect(run('k8s-nnc', snapshotOf(state)).verdict).toBe('ok');
      const nc = state.nodeNetworkConfigs![1]!.status!.networkContainers![0]!;
      nc.status = 'NCUpdateSubnetFullError';
      expect(run('k8s-nnc', snapshotOf(state))).toMatchObject({
        verdict: 'subnet-full',
        status: 'problem',
        values: { node: NODE1 },
      });
      const kubenet = aksKubeState({ lab: aksCluster({ networkPlugin: 'kubenet' }) });
      expect(run('k8s-nnc', snapshotOf(kubenet.state)).status).toBe('could-not-check');
    });
  });

  describe('k8s-access-review', () => {
    const question = {
      user: 'alice@contoso.com',
      verb: 'create',
      resource: 'pods/exec',
      apiGroup: '',
      namespace: 'shop',
    };
    it('denied or allowed, with the values the role-binding fix needs', () => {
      const { state } = lab();
      const denied = run(
        'k8s-access-review',
        snapshotOf(state, { access: question }, { allowed: false, denied: false, reason: null }),
      );
      expect(denied).toMatchObject({
        verdict: 'denied',
        values: { user: 'alice@contoso.com', verb: 'create', resource: 'pods/exec', namespace: 'shop' },
      });
      expect(denied.evidence).toBe(
        'SubjectAccessReview does not allow alice@contoso.com create pods/exec in namespace shop',
      );
      const allowed = snapshotOf(
        state,
        { access: question },
        { allowed: true, denied: false, reason: 'RBAC: allowed by RoleBinding "exec"' },
      );
      expect(run('k8s-access-review', allowed).verdict).toBe('allowed');
    });

    it('could-not-check without a question, or when the review itself was refused', () => {
      const { state } = lab();
      expect(run('k8s-access-review', snapshotOf(state)).status).toBe('could-not-check');
      const refused = run(
        'k8s-access-review',
        snapshotOf(state, { access: question }, { error: 'forbidden' }),
      );
      expect(refused.notes[0]).toBe('access review not made: forbidden');
    });
  });

  describe('k8s-network-policies', () => {
    const ingressExternal = {
      direction: 'ingress',
      peer: 'external',
      loadBalancerIp: '203.0.113.20',
      port: 80,
    };
    const ingressCluster = { direction: 'ingress', peer: 'cluster', namespace: 'shop', service: 'web' };

    it('allows when no policy selects the pods', () => {
      const f = run('k8s-network-policies', snapshotOf(lab().state), ingressCluster);
      expect(f).toMatchObject({
        verdict: 'allows',
        evidence: 'no network policy selects the pods of shop/web for ingress',
      });
    });

    it('a default-deny ingress policy blocks, naming the policy for the fix', () => {
      const { state } = lab();
      state.networkPolicies.push(policy('default-deny', { podSelector: {}, policyTypes: ['Ingress'] }));
      const f = run('k8s-network-policies', snapshotOf(state), ingressCluster);
      expect(f).toMatchObject({
        verdict: 'blocks',
        status: 'problem',
        values: { namespace: 'shop', policy: 'default-deny' },
      });
      expect(f.evidence).toMatch(
        /^networkpolicy default-deny in shop selects pod web-\S+; no rule allows ingress TCP 8080 from other pods$/,
      );
    });

    it('namespace-only rules: external traffic is blocked, in-cluster traffic depends on the caller', () => {
      const { state } = lab();
      state.networkPolicies.push(
        policy('from-ingress-nginx', {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [
            {
              from: [
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
              ],
            },
          ],
        }),
      );
      const s = snapshotOf(state);
      // The load balancer's port 80 becomes targetPort 8080 at the pod: that is what the policy sees.
      const ext = run('k8s-network-policies', s, ingressExternal);
      expect(ext.verdict).toBe('blocks');
      expect(ext.evidence).toContain('no rule allows ingress TCP 8080 from outside the cluster');
      expect(run('k8s-network-policies', s, ingressCluster).status).toBe('could-not-check');
    });

    it('an ipBlock rule allows the clients it covers, on the named port', () => {
      const { state } = lab();
      state.networkPolicies.push(
        policy('allow-public', {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [
            { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 'http' }] },
          ],
        }),
      );
      expect(run('k8s-network-policies', snapshotOf(state), ingressExternal)).toMatchObject({
        verdict: 'allows',
        evidence:
          'networkpolicy allow-public allows ingress TCP 8080 from outside the cluster for the pods of shop/web-public',
      });
      state.networkPolicies[0]!.spec.ingress![0]!.from = [{ ipBlock: { cidr: '198.51.100.0/24' } }];
      const narrow = snapshotOf(state);
      expect(
        run('k8s-network-policies', narrow, { ...ingressExternal, peerIp: '198.51.100.9' }).verdict,
      ).toBe('allows');
      expect(run('k8s-network-policies', narrow, { ...ingressExternal, peerIp: '192.0.2.77' }).verdict).toBe(
        'blocks',
      );
    });

    it('egress: a policy allowing only DNS blocks 443 to the API server; one allowing 443 does not', () => {
      const { state } = lab();
      state.networkPolicies.push(
        policy('dns-only', {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
          ],
        }),
      );
      const egress = { direction: 'egress', peer: 'external', namespace: 'shop', port: 443 };
      expect(run('k8s-network-policies', snapshotOf(state), egress).verdict).toBe('blocks');
      state.networkPolicies[0]!.spec.egress!.push({
        to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
        ports: [{ port: 443 }],
      });
      expect(run('k8s-network-policies', snapshotOf(state), egress).verdict).toBe('allows');
    });

    it('no policy engine on the cluster: policies are not enforced, so they allow', () => {
      const { state } = lab();
      state.networkPolicies.push(policy('default-deny', { podSelector: {}, policyTypes: ['Ingress'] }));
      const f = run('k8s-network-policies', snapshotOf(state, { policyEngine: null }), ingressCluster);
      expect(f.verdict).toBe('allows');
      expect(f.evidence).toContain('policies are not enforced');
    });

    it('nothing named to judge: could-not-check; hostile names are rejected', () => {
      const s = snapshotOf(lab().state);
      expect(run('k8s-network-policies', s, { direction: 'ingress', peer: 'cluster' }).status).toBe(
        'could-not-check',
      );
      expect(() => run('k8s-network-policies', s, { ...ingressCluster, namespace: '$(id)' })).toThrow();
      expect(() => run('k8s-network-policies', s, { ...ingressCluster, direction: 'sideways' })).toThrow();
    });
  });
});
