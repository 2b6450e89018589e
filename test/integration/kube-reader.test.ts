/**
 * src/kube's reader with the REAL @kubernetes/client-node against the Kubernetes API emulator:
 * every read, selectors, endpoints (slices and the Endpoints fallback), nodes, NodeNetworkConfigs.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { connectKube, type KubeReader } from '../../src/kube/index.js';
import {
  aksKubeState,
  makeDeployment,
  startKubeEmulator,
  syncEndpoints,
  type AksKube,
  type KubeEmulator,
  type TunnelKind,
} from '../emulators/kube/index.js';
import { aksCluster, DEFAULT_SUBSCRIPTION_ID } from '../emulators/arm/index.js';

let emu: KubeEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function setup(
  kube: AksKube = aksKubeState(),
): Promise<{ kube: AksKube; emu: KubeEmulator; k: KubeReader }> {
  emu = await startKubeEmulator(kube.state);
  const k = connectKube({ server: emu.server, token: kube.token, skipTlsVerify: true, timeoutMs: 5000 });
  return { kube, emu, k };
}

const NODE0 = 'aks-nodepool1-12345678-vmss000000';
const NODE1 = 'aks-nodepool1-12345678-vmss000001';

describe('pods', () => {
  it('lists all namespaces, one namespace, by label selector and by node', async () => {
    const { k, emu } = await setup();
    const all = await k.listPods();
    expect(new Set(all.map((p) => p.namespace))).toEqual(new Set(['kube-system', 'shop']));

    const dns = await k.listPods('kube-system', { labelSelector: 'k8s-app=kube-dns' });
    expect(dns).toHaveLength(2);
    expect(dns[0]).toMatchObject({
      namespace: 'kube-system',
      labels: expect.objectContaining({ 'k8s-app': 'kube-dns' }),
      phase: 'Running',
      ready: true,
      restarts: 0,
      hostNetwork: false,
      owner: { kind: 'ReplicaSet', name: expect.stringMatching(/^coredns-/) },
    });
    expect(dns[0]!.containerPorts).toContainEqual({
      container: 'coredns',
      name: 'dns',
      containerPort: 53,
      protocol: 'UDP',
    });
    expect(dns.map((p) => p.podIP)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^10\.244\.\d+\.\d+$/)]),
    );

    const web = await k.listPods('shop', { labelSelector: { app: 'web' } });
    expect(web.map((p) => p.nodeName).sort()).toEqual([NODE0, NODE1]);

    const onNode1 = await k.listPods(undefined, { nodeName: NODE1 });
    expect(onNode1.length).toBeGreaterThan(0);
    expect(onNode1.every((p) => p.nodeName === NODE1)).toBe(true);
    const proxy = onNode1.find((p) => p.name.startsWith('kube-proxy-'));
    expect(proxy).toMatchObject({ hostNetwork: true, podIP: '10.224.0.5' });

    // The selectors went to the server, not filtered client-side.
    const req = await emu.waitForRequest((r) => r.query.fieldSelector !== undefined);
    expect(req).toMatchObject({
      path: '/api/v1/pods',
      query: expect.objectContaining({ fieldSelector: `spec.nodeName=${NODE1}` }),
    });
    expect(emu.requests.find((r) => r.query.labelSelector === 'k8s-app=kube-dns')?.path).toBe(
      '/api/v1/namespaces/kube-system/pods',
    );
  });

  it('supports set-based selectors and reports not-ready pods', async () => {
    const kube = aksKubeState();
    kube.state.pods.find((p) => p.metadata.namespace === 'shop')!.status.conditions![1]!.status = 'False';
    const { k } = await setup(kube);
    const pods = await k.listPods(undefined, {
      labelSelector: 'app in (web,konnectivity-agent),app!=konnectivity-agent',
    });
    expect(pods.map((p) => p.labels.app)).toEqual(['web', 'web']);
    expect(pods.map((p) => p.ready).sort()).toEqual([false, true]);
    expect(await k.listPods('default')).toEqual([]);
  });
});

describe('services and endpoints', () => {
  it('reads services with selector, ports, type and LoadBalancer ingress', async () => {
    const { k } = await setup();
    const all = await k.listServices();
    expect(all.map((s) => `${s.namespace}/${s.name}`).sort()).toEqual([
      'default/kubernetes',
      'kube-system/kube-dns',
      'shop/web',
      'shop/web-public',
    ]);
    expect(await k.getService('kube-system', 'kube-dns')).toEqual({
      namespace: 'kube-system',
      name: 'kube-dns',
      type: 'ClusterIP',
      clusterIP: '10.0.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP', nodePort: null },
        { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP', nodePort: null },
      ],
      loadBalancerIngress: [],
    });
    const pub = (await k.listServices('shop')).find((s) => s.name === 'web-public');
    expect(pub).toMatchObject({ type: 'LoadBalancer', loadBalancerIngress: ['203.0.113.20'] });
    expect(pub!.ports[0]).toMatchObject({ port: 80, targetPort: 8080, nodePort: 31080 });
    expect((await k.getService('shop', 'web'))!.ports[0]!.targetPort).toBe('http');
    expect((await k.getService('default', 'kubernetes'))!.selector).toBeNull();
    expect(await k.getService('shop', 'nope')).toBeNull();
  });

  it('reads endpoints from EndpointSlices', async () => {
    const { k, emu } = await setup();
    const ep = await k.getEndpoints('shop', 'web');
    expect(ep).toMatchObject({ namespace: 'shop', service: 'web', source: 'endpointslices' });
    expect(ep!.addresses).toHaveLength(2);
    expect(ep!.addresses[0]).toMatchObject({
      ready: true,
      nodeName: NODE0,
      pod: expect.stringMatching(/^web-/),
    });
    expect(ep!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(emu.requests.map((r) => r.path)).toEqual([
      '/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices',
    ]);
  });

  it('shows no endpoints when the selector matches no pod (empty slice, no fallback)', async () => {
    const kube = aksKubeState();
    kube.state.services.find((s) => s.metadata.name === 'web')!.spec.selector = { app: 'webb' };
    syncEndpoints(kube.state);
    const { k } = await setup(kube);
    const ep = await k.getEndpoints('shop', 'web');
    expect(ep).toEqual({
      namespace: 'shop',
      service: 'web',
      source: 'endpointslices',
      addresses: [],
      ports: [],
    });
  });

  it('falls back to Endpoints when the server has no EndpointSlices, and shows empty ones as empty', async () => {
    const kube = aksKubeState();
    kube.state.disabledGroups = ['discovery.k8s.io'];
    const { k, emu } = await setup(kube);
    const ep = await k.getEndpoints('kube-system', 'kube-dns');
    expect(ep).toMatchObject({ source: 'endpoints', service: 'kube-dns' });
    expect(ep!.addresses.map((a) => a.ready)).toEqual([true, true]);
    expect(ep!.ports).toEqual(
      expect.arrayContaining([
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ]),
    );
    expect(emu.requests.map((r) => `${r.status} ${r.path}`)).toEqual([
      '404 /apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices',
      '200 /api/v1/namespaces/kube-system/endpoints/kube-dns',
    ]);

    // The API server's own (selector-less) endpoints come only as Endpoints.
    expect((await k.getEndpoints('default', 'kubernetes'))!.addresses).toEqual([
      { ip: '192.0.2.10', ready: true, nodeName: null, pod: null },
    ]);

    kube.state.pods = kube.state.pods.filter((p) => p.metadata.namespace !== 'shop');
    syncEndpoints(kube.state);
    expect(await k.getEndpoints('shop', 'web')).toEqual({
      namespace: 'shop',
      service: 'web',
      source: 'endpoints',
      addresses: [],
      ports: [],
    });
    expect(await k.getEndpoints('shop', 'missing')).toBeNull();
  });

  it('keeps not-ready addresses apart from ready ones', async () => {
    const kube = aksKubeState();
    kube.state.pods.find((p) => p.metadata.labels?.app === 'web')!.status.conditions![1]!.status = 'False';
    syncEndpoints(kube.state);
    const { k } = await setup(kube);
    expect((await k.getEndpoints('shop', 'web'))!.addresses.map((a) => a.ready).sort()).toEqual([
      false,
      true,
    ]);
    kube.state.disabledGroups = ['discovery.k8s.io'];
    expect((await k.getEndpoints('shop', 'web'))!.addresses.map((a) => a.ready)).toEqual([true, false]);
  });
});

describe('network policies', () => {
  it('reads policies with selectors, peers, ports and defaulted policyTypes', async () => {
    const kube = aksKubeState();
    kube.state.networkPolicies.push(
      {
        metadata: { name: 'deny-all', namespace: 'shop' },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
      {
        metadata: { name: 'allow-frontend', namespace: 'shop' },
        spec: {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [
            {
              from: [
                { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } },
                { ipBlock: { cidr: '10.224.0.0/16', except: ['10.224.9.0/24'] } },
              ],
              ports: [{ protocol: 'TCP', port: 8080 }],
            },
          ],
        },
      },
    );
    const { k } = await setup(kube);
    const all = await k.listNetworkPolicies();
    expect(all.map((p) => p.name)).toEqual(['deny-all', 'allow-frontend']);
    expect(all[0]).toEqual({
      namespace: 'shop',
      name: 'deny-all',
      podSelector: { matchLabels: {}, matchExpressions: [] },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    });
    expect(all[1]!.policyTypes).toEqual(['Ingress']);
    expect(all[1]!.ingress).toEqual([
      {
        peers: [
          {
            podSelector: null,
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'ingress' },
              matchExpressions: [],
            },
            ipBlock: null,
          },
          {
            podSelector: null,
            namespaceSelector: null,
            ipBlock: { cidr: '10.224.0.0/16', except: ['10.224.9.0/24'] },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8080, endPort: null }],
      },
    ]);
    expect(await k.listNetworkPolicies('kube-system')).toEqual([]);
  });
});

describe('nodes', () => {
  it('reads name, InternalIP, readiness, pool and the VMSS instance from providerID', async () => {
    const kube = aksKubeState();
    const ready = kube.state.nodes[2]!.status.conditions!.find((c) => c.type === 'Ready')!;
    Object.assign(ready, { status: 'Unknown', reason: 'NodeStatusUnknown' });
    const { k } = await setup(kube);
    const nodes = await k.listNodes();
    expect(nodes.map((n) => [n.name, n.internalIp, n.ready])).toEqual([
      [NODE0, '10.224.0.4', true],
      [NODE1, '10.224.0.5', true],
      ['aks-nodepool1-12345678-vmss000002', '10.224.0.6', false],
    ]);
    expect(nodes[1]).toMatchObject({
      pool: 'nodepool1',
      readyReason: 'KubeletReady',
      unschedulable: false,
      vm: {
        subscription: DEFAULT_SUBSCRIPTION_ID,
        resourceGroup: 'mc_rg-lab_aks-lab_eastus',
        vmss: 'aks-nodepool1-12345678-vmss',
        instanceId: '1',
      },
    });
    expect(nodes[2]!.readyReason).toBe('NodeStatusUnknown');
  });

  it('follows the ARM lab it mirrors, and leaves vm null for a non-VMSS providerID', async () => {
    const lab = aksCluster({
      nodeCount: 2,
      poolHash: '87654321',
      subscriptionId: '99999999-0000-0000-0000-000000000000',
    });
    const kube = aksKubeState({ lab });
    kube.state.nodes[1]!.spec.providerID =
      'azure:///subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';
    const { k } = await setup(kube);
    const nodes = await k.listNodes();
    expect(nodes[0]).toMatchObject({
      name: 'aks-nodepool1-87654321-vmss000000',
      vm: {
        subscription: '99999999-0000-0000-0000-000000000000',
        vmss: 'aks-nodepool1-87654321-vmss',
        instanceId: '0',
      },
    });
    expect(nodes[1]!.vm).toBeNull();
    expect(nodes[1]!.providerID).toContain('virtualMachines/vm1');
  });
});

describe('node network configs', () => {
  it('reads requested vs allocated IPs, status and subnet', async () => {
    const kube = aksKubeState();
    const nnc = kube.state.nodeNetworkConfigs![1]!;
    nnc.spec.requestedIPCount = 32;
    nnc.status!.status = 'Error';
    nnc.status!.networkContainers![0]!.status = 'NCUpdateSubnetFullError';
    const { k, emu } = await setup(kube);
    const nncs = await k.listNodeNetworkConfigs();
    expect(emu.requests[0]!.path).toBe(
      '/apis/acn.azure.com/v1alpha/namespaces/kube-system/nodenetworkconfigs',
    );
    expect(nncs[0]).toEqual({
      node: NODE0,
      requestedIPCount: 16,
      allocatedIPCount: 16,
      ipsNotInUse: 0,
      status: 'Updated',
      ncStatuses: ['NCUpdateSuccess'],
      subnetFull: false,
      subnet: 'aks-subnet',
      subnetAddressSpace: '10.224.0.0/16',
      maxIPCount: 250,
      batchSize: 16,
    });
    expect(nncs[1]).toMatchObject({
      node: NODE1,
      requestedIPCount: 32,
      allocatedIPCount: 16,
      status: 'Error',
      subnetFull: true,
      ncStatuses: ['NCUpdateSubnetFullError'],
    });
  });

  it('counts listed IPs when assignedIPCount is absent, and is empty without the CRD', async () => {
    const kube = aksKubeState();
    delete kube.state.nodeNetworkConfigs![0]!.status!.assignedIPCount;
    kube.state.nodeNetworkConfigs![0]!.status!.networkContainers![0]!.ipAssignments!.splice(10);
    const { k } = await setup(kube);
    expect((await k.listNodeNetworkConfigs())[0]!.allocatedIPCount).toBe(10);
    delete kube.state.nodeNetworkConfigs;
    expect(await k.listNodeNetworkConfigs()).toEqual([]);
    expect(
      aksKubeState({ lab: aksCluster({ networkPlugin: 'kubenet' }) }).state.nodeNetworkConfigs,
    ).toBeUndefined();
  });
});

describe('tunnel component', () => {
  it.each([
    ['konnectivity-agent', 443],
    ['tunnelfront', 9000],
    ['aks-link', 1194],
  ] as [TunnelKind, number][])('detects %s on port %i with its pods and node', async (tunnel, port) => {
    const { k } = await setup(aksKubeState({ tunnel }));
    const t = await k.tunnelComponent();
    expect(t).toMatchObject({ kind: tunnel, port, replicas: 2, readyReplicas: 2, nodes: [NODE0] });
    expect(t!.pods).toHaveLength(2);
    expect(t!.pods.every((p) => p.name.startsWith(`${tunnel}-`) && p.ready)).toBe(true);
  });

  it('is null when no tunnel runs, and finds bare pods without a deployment', async () => {
    const kube = aksKubeState({ tunnel: 'none' });
    const { k } = await setup(kube);
    expect(await k.tunnelComponent()).toBeNull();
    const { pods } = makeDeployment(
      'kube-system',
      'tunnelfront',
      { component: 'tunnel' },
      [{ name: 'tf' }],
      [NODE1],
      () => '10.244.1.99',
    );
    kube.state.pods.push(...pods);
    expect(await k.tunnelComponent()).toMatchObject({
      kind: 'tunnelfront',
      port: 9000,
      replicas: null,
      nodes: [NODE1],
    });
  });

  it('prefers konnectivity-agent while an old tunnelfront is still deployed', async () => {
    const kube = aksKubeState({ tunnel: 'konnectivity-agent' });
    const old = makeDeployment(
      'kube-system',
      'tunnelfront',
      { component: 'tunnel' },
      [{ name: 'tf' }],
      [NODE1],
      () => '10.244.1.98',
    );
    kube.state.deployments.push(old.deployment);
    kube.state.pods.push(...old.pods);
    const { k } = await setup(kube);
    expect((await k.tunnelComponent())!.kind).toBe('konnectivity-agent');
  });
});

describe('canI (SubjectAccessReview)', () => {
  it('answers allow and deny from the RBAC allow-list, with subresources and namespaces', async () => {
    const { k, emu } = await setup();
    expect(await k.canI('alice@contoso.com', 'list', 'pods', 'shop')).toMatchObject({
      allowed: true,
      denied: false,
    });
    expect(await k.canI('alice@contoso.com', 'get', 'pods/log', 'shop')).toMatchObject({ allowed: true });
    expect(await k.canI('alice@contoso.com', 'create', 'pods/exec', 'shop')).toEqual({
      allowed: false,
      denied: false,
      reason: null,
    });
    expect(await k.canI('alice@contoso.com', 'list', 'pods', 'kube-system')).toMatchObject({
      allowed: false,
    });
    expect(await k.canI('bob@contoso.com', 'list', 'deployments', 'shop', 'apps')).toMatchObject({
      allowed: false,
    });
    const sent = emu.requests.find((r) => r.method === 'POST')!;
    expect(sent.path).toBe('/apis/authorization.k8s.io/v1/subjectaccessreviews');
    expect(sent.body).toMatchObject({
      kind: 'SubjectAccessReview',
      spec: {
        user: 'alice@contoso.com',
        resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'shop' },
      },
    });
    expect(
      emu.requests.find(
        (r) =>
          (r.body as { spec?: { resourceAttributes?: { subresource?: string } } })?.spec?.resourceAttributes
            ?.subresource === 'exec',
      ),
    ).toBeDefined();
  });
});
