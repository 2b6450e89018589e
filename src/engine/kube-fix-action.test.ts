import { describe, expect, it } from '@jest/globals';
import { describeKubeFixAction, kubeFixActionFor } from './kube-fix-action.js';

const NOW = new Date('2026-11-05T10:20:30.456Z');
const svc = { namespace: 'shop', service: 'web' };

describe('kubeFixActionFor', () => {
  it('sets a Service selector from the finding, and refuses a patch that is not just a label map', () => {
    const ok = kubeFixActionFor(
      'no-endpoints-selector-mismatch',
      { ...svc, selectorPatch: '{"spec":{"selector":{"app":"web","app.kubernetes.io/part-of":"shop"}}}' },
      NOW,
    );
    expect(ok).toEqual({
      kind: 'kube-patch-service',
      ...svc,
      set: { selector: { app: 'web', 'app.kubernetes.io/part-of': 'shop' } },
    });
    expect(describeKubeFixAction(ok as never)).toBe(
      'Set the selector of Service shop/web to app=web,app.kubernetes.io/part-of=shop',
    );
    for (const selectorPatch of [
      undefined,
      'not json',
      '{"spec":{"selector":{}}}',
      '{"spec":{"selector":{"app":"web"},"type":"NodePort"}}',
      '{"spec":{"selector":{"app":"web; rm -rf /"}}}',
      '{"spec":{"selector":{"a b":"web"}}}',
      '{"metadata":{"name":"x"},"spec":{"selector":{"app":"web"}}}',
    ]) {
      const r = kubeFixActionFor(
        'no-endpoints-selector-mismatch',
        { ...svc, ...(selectorPatch ? { selectorPatch } : {}) },
        NOW,
      );
      expect({ selectorPatch, r }).toEqual({ selectorPatch, r: { unavailable: expect.any(String) } });
    }
    expect(
      kubeFixActionFor(
        'no-endpoints-selector-mismatch',
        { namespace: 'Shop', service: 'web', selectorPatch: '{"spec":{"selector":{"app":"web"}}}' },
        NOW,
      ),
    ).toEqual({ unavailable: expect.stringContaining('Service') });
  });

  it('sets targetPort only to a container port in range, at a known port index', () => {
    expect(
      kubeFixActionFor('target-port-mismatch', { ...svc, portIndex: '1', containerPort: '8080' }, NOW),
    ).toEqual({ kind: 'kube-patch-service', ...svc, set: { portIndex: 1, targetPort: 8080 } });
    const bads: Record<string, string>[] = [
      { portIndex: '0', containerPort: '70000' },
      { portIndex: '-1', containerPort: '8080' },
      { portIndex: '0' },
      { portIndex: '0x1', containerPort: '8080' },
    ];
    for (const bad of bads)
      expect(kubeFixActionFor('target-port-mismatch', { ...svc, ...bad }, NOW)).toHaveProperty('unavailable');
  });

  it('grants exactly the denied verb in the namespace, never RBAC rights, wildcards or system users', () => {
    const denial = {
      user: 'alice@contoso.com',
      verb: 'create',
      resource: 'pods/exec',
      apiGroup: '',
      roleName: 'pods-exec-create',
      namespace: 'shop',
    };
    const grant = kubeFixActionFor('missing-role-binding', denial, NOW);
    expect(grant).toEqual({ kind: 'kube-grant', ...denial });
    expect(describeKubeFixAction(grant as never)).toBe(
      'Create Role shop/pods-exec-create allowing "create" on pods/exec, and bind it to alice@contoso.com (RoleBinding pods-exec-create)',
    );
    const { namespace: _ns, ...clusterWide } = denial;
    expect(kubeFixActionFor('missing-role-binding', clusterWide, NOW)).toEqual({
      unavailable: expect.stringContaining('ClusterRole'),
    });
    for (const change of [
      { verb: '*' },
      { verb: 'escalate' },
      { verb: 'impersonate' },
      { apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
      { user: 'system:anonymous' },
      { user: 'alice bob' },
      { resource: '*' },
      { roleName: 'Pods_Exec' },
    ])
      expect({ change, r: kubeFixActionFor('missing-role-binding', { ...denial, ...change }, NOW) }).toEqual({
        change,
        r: { unavailable: expect.any(String) },
      });
  });

  it("restarts kube-proxy on the finding's node, and CoreDNS stamped with the given time", () => {
    const proxy = kubeFixActionFor('kube-proxy-or-iptables', { node: 'aks-nodepool1-1-vmss000001' }, NOW);
    expect(proxy).toEqual({
      kind: 'kube-delete-pods',
      namespace: 'kube-system',
      labelSelector: { component: 'kube-proxy' },
      node: 'aks-nodepool1-1-vmss000001',
      what: 'kube-proxy',
    });
    expect(kubeFixActionFor('kube-proxy-or-iptables', { node: 'x,component!=y' }, NOW)).toHaveProperty(
      'unavailable',
    );
    expect(kubeFixActionFor('kube-proxy-or-iptables', {}, NOW)).toHaveProperty('unavailable');
    const restart = kubeFixActionFor('cluster-dns-failure', {}, NOW);
    expect(restart).toEqual({
      kind: 'kube-restart',
      namespace: 'kube-system',
      deployment: 'coredns',
      restartedAt: '2026-11-05T10:20:30Z',
    });
  });

  it('allows one blocked flow with a policy of its own, and only when the flow is known', () => {
    const blocked = {
      namespace: 'shop',
      policy: 'default-deny-all',
      policyPods: '{"app":"web"}',
      direction: 'ingress',
      port: '8080',
    };
    const allow = kubeFixActionFor('network-policy', blocked, NOW);
    expect(allow).toEqual({
      kind: 'kube-allow-policy',
      namespace: 'shop',
      name: 'aksdiag-allow-ingress-8080',
      podSelector: { app: 'web' },
      direction: 'ingress',
      port: 8080,
    });
    expect(describeKubeFixAction(allow as never)).toBe(
      'Add NetworkPolicy shop/aksdiag-allow-ingress-8080 allowing ingress on TCP 8080 from any source for the pods app=web (the existing policies stay as they are)',
    );
    expect(
      kubeFixActionFor(
        'network-policy',
        { ...blocked, direction: 'egress', port: '443', peerIp: '198.51.100.50' },
        NOW,
      ),
    ).toMatchObject({ direction: 'egress', peerCidr: '198.51.100.50/32' });
    for (const change of [
      { direction: 'egress' },
      { port: undefined },
      { policyPods: undefined },
      { peerIp: '198.51.100.0/24' },
    ]) {
      const values = Object.fromEntries(
        Object.entries({ ...blocked, ...change }).filter(([, v]) => v !== undefined),
      ) as Record<string, string>;
      expect(kubeFixActionFor('network-policy', values, NOW)).toHaveProperty('unavailable');
    }
  });

  it('has no Kubernetes change for causes fixed elsewhere', () => {
    expect(kubeFixActionFor('nsg-blocks-10250', {}, NOW)).toHaveProperty('unavailable');
  });
});
