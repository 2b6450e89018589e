/**
 * A realistic AKS cluster as the Kubernetes API shows it, matching the ARM emulator's `aksCluster()`
 * lab: the same node names, IPs and VMSS instance ids (read from the lab), so a diagnosis that
 * joins ARM and Kubernetes data lines up.
 */
import { aksCluster, type AksLab } from '../arm/state.js';
import { syncEndpoints, suffixFor, type AccessRule, type KubeState, type TokenIdentity } from './state.js';
import type { WireContainerPort, WireDeployment, WireNode, WireNodeNetworkConfig, WirePod } from './wire.js';

/** The three generations of the node-to-control-plane tunnel. */
export type TunnelKind = 'konnectivity-agent' | 'tunnelfront' | 'aks-link';

export interface AksKubeOptions {
  /** The ARM lab to mirror. Default: `aksCluster()`. */
  lab?: AksLab;
  /** Which tunnel deployment runs in kube-system (default konnectivity-agent), or none. */
  tunnel?: TunnelKind | 'none';
  /** Serve NodeNetworkConfigs (Azure CNI). Default: true when the lab's plugin is azure. */
  nodeNetworkConfigs?: boolean;
}

export interface AksKube {
  state: KubeState;
  /** Token of the diagnosing identity: may read everything. */
  token: string;
  /** A token whose every request is refused with 403. */
  forbiddenToken: string;
  nodeNames: string[];
  nodeIps: string[];
}

export const AKSDIAG_USER = 'aksdiag-reader';
export const DEFAULT_TOKEN = 'kube-emulator-token';
export const FORBIDDEN_TOKEN = 'kube-forbidden-token';

/** Labels and ports of each tunnel kind (names as AKS deploys them). */
export const TUNNEL_SHAPES: Record<
  TunnelKind,
  { labels: Record<string, string>; ports: WireContainerPort[] }
> = {
  'konnectivity-agent': { labels: { app: 'konnectivity-agent' }, ports: [] },
  tunnelfront: { labels: { component: 'tunnel' }, ports: [] },
  'aks-link': { labels: { app: 'aks-link' }, ports: [] },
};

const running = (ready = true): WirePod['status'] => ({
  phase: 'Running',
  conditions: [
    { type: 'Initialized', status: 'True' },
    { type: 'Ready', status: ready ? 'True' : 'False' },
    { type: 'ContainersReady', status: ready ? 'True' : 'False' },
    { type: 'PodScheduled', status: 'True' },
  ],
});

export interface PodSpecInput {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  node: string;
  ip: string;
  containers: { name: string; ports?: WireContainerPort[] }[];
  hostNetwork?: boolean;
  ready?: boolean;
  hostIp?: string;
  owner?: { kind: string; name: string };
}

/** A running pod (Ready unless `ready: false`). */
export function makePod(p: PodSpecInput): WirePod {
  const status = running(p.ready ?? true);
  status.podIP = p.ip;
  if (p.hostIp) status.hostIP = p.hostIp;
  status.containerStatuses = p.containers.map((c) => ({
    name: c.name,
    ready: p.ready ?? true,
    restartCount: 0,
  }));
  return {
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: `uid-${suffixFor(`${p.namespace}/${p.name}`, 10)}`,
      labels: p.labels,
      ...(p.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', ...p.owner, controller: true }] } : {}),
    },
    spec: {
      nodeName: p.node,
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      containers: p.containers.map((c) => ({
        name: c.name,
        image: `mcr.microsoft.com/${c.name}:latest`,
        ...(c.ports ? { ports: c.ports } : {}),
      })),
    },
    status,
  };
}

/** A deployment and its pods, placed on the given nodes in turn. Pod IPs come from `ipFor`. */
export function makeDeployment(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  containers: { name: string; ports?: WireContainerPort[] }[],
  nodes: string[],
  ipFor: (node: string, i: number) => string,
): { deployment: WireDeployment; pods: WirePod[] } {
  const rs = `${name}-${suffixFor(name, 9).slice(0, 9)}`;
  const pods = nodes.map((node, i) =>
    makePod({
      namespace,
      name: `${rs}-${suffixFor(`${rs}-${i}`)}`,
      labels: { ...labels, 'pod-template-hash': rs.slice(name.length + 1) },
      node,
      ip: ipFor(node, i),
      containers,
      owner: { kind: 'ReplicaSet', name: rs },
    }),
  );
  const deployment: WireDeployment = {
    metadata: { name, namespace, labels },
    spec: {
      replicas: nodes.length,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers } },
    },
    status: { replicas: nodes.length, readyReplicas: nodes.length, availableReplicas: nodes.length },
  };
  return { deployment, pods };
}

function makeNode(lab: AksLab, name: string, ip: string, instanceId: string, index: number): WireNode {
  // AKS writes the node resource group lower-cased into providerID.
  const providerID =
    `azure:///subscriptions/${lab.subscriptionId}/resourceGroups/${lab.nodeResourceGroup.toLowerCase()}` +
    `/providers/Microsoft.Compute/virtualMachineScaleSets/${lab.vmssName}/virtualMachines/${instanceId}`;
  const pool = lab.managedCluster.cluster.properties.agentPoolProfiles?.[0]?.name ?? 'nodepool1';
  return {
    metadata: {
      name,
      labels: {
        agentpool: pool,
        'kubernetes.azure.com/agentpool': pool,
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'Standard_DS2_v2',
      },
    },
    spec: { providerID, podCIDR: `10.244.${index}.0/24` },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.33.2',
        osImage: 'Ubuntu 22.04.5 LTS',
        kernelVersion: '5.15.0-1089-azure',
      },
    },
  };
}

/** A dynamic-IP-allocation NNC: one network container with `batch` IPs from the node subnet. */
export function makeNodeNetworkConfig(
  lab: AksLab,
  node: string,
  index: number,
  batch = 16,
): WireNodeNetworkConfig {
  const prefix = lab.subnet.properties.addressPrefix ?? '10.224.0.0/16';
  const ips = Array.from({ length: batch }, (_, k) => `10.224.${1 + index}.${k + 4}`);
  return {
    metadata: { name: node, namespace: 'kube-system', labels: { managed: 'true', owner: node } },
    spec: { requestedIPCount: batch, ipsNotInUse: [] },
    status: {
      assignedIPCount: batch,
      status: 'Updated',
      scaler: {
        batchSize: batch,
        releaseThresholdPercent: 150,
        requestThresholdPercent: 50,
        maxIPCount: 250,
      },
      networkContainers: [
        {
          id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
          assignmentMode: 'dynamic',
          type: 'vnet',
          primaryIP: `10.224.0.${4 + index}`,
          subnetName: lab.subnetName,
          subnetAddressSpace: prefix,
          ipAssignments: ips.map((ip, k) => ({ name: `ip-${index}-${k}`, ip })),
          defaultGateway: '10.224.0.1',
          version: 1,
          nodeIP: `10.224.0.${4 + index}`,
          subcriptionID: lab.subscriptionId,
          vnetID: lab.vnetName,
          subnetID: lab.subnetName,
          status: 'NCUpdateSuccess',
        },
      ],
    },
  };
}

const DEFAULT_ACCESS: AccessRule[] = [
  { user: AKSDIAG_USER, verbs: ['get', 'list', 'watch'], resources: ['*'] },
  {
    user: 'alice@contoso.com',
    verbs: ['get', 'list', 'watch'],
    resources: ['pods', 'pods/log'],
    namespaces: ['shop'],
  },
];

/**
 * The default lab cluster: nodes `aks-nodepool1-12345678-vmss000000..2` at 10.224.0.4..6, CoreDNS
 * (k8s-app=kube-dns) behind kube-dns 10.0.0.10, kube-proxy on every node, konnectivity-agent (two
 * replicas on the first node), and app `web` (deployment + ClusterIP service + LoadBalancer
 * service) in namespace `shop`. Pod IPs come from the overlay pod CIDR 10.244.<node>.0/24.
 */
export function aksKubeState(opts: AksKubeOptions = {}): AksKube {
  const lab = opts.lab ?? aksCluster();
  const instances = lab.vmss.instances.map((inst, index) => ({
    name: inst.vm.properties.osProfile?.computerName ?? `${lab.vmssName}${index}`,
    ip:
      inst.nics[0]?.properties.ipConfigurations?.[0]?.properties.privateIPAddress ?? `10.224.0.${4 + index}`,
    instanceId: inst.vm.instanceId,
  }));
  const nodeNames = instances.map((n) => n.name);
  const nodeIps = instances.map((n) => n.ip);
  const nodeIndex = (node: string) => Math.max(0, nodeNames.indexOf(node));
  const counters = new Map<string, number>();
  const podIp = (node: string) => {
    const n = (counters.get(node) ?? 10) + 1;
    counters.set(node, n);
    return `10.244.${nodeIndex(node)}.${n}`;
  };
  const first = nodeNames[0]!;
  const second = nodeNames[1] ?? first;

  const state: KubeState = {
    namespaces: ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'shop'].map((name) => ({
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
      status: { phase: 'Active' as const },
    })),
    pods: [],
    services: [],
    endpoints: [],
    endpointSlices: [],
    networkPolicies: [],
    nodes: instances.map((n, i) => makeNode(lab, n.name, n.ip, n.instanceId, i)),
    deployments: [],
    auth: {
      tokens: {
        [DEFAULT_TOKEN]: { user: AKSDIAG_USER, groups: ['system:authenticated'] },
        [FORBIDDEN_TOKEN]: { user: 'nobody@contoso.com', groups: ['system:authenticated'], forbidden: true },
      } satisfies Record<string, TokenIdentity>,
      access: DEFAULT_ACCESS.map((r) => ({ ...r })),
    },
  };

  const add = (d: { deployment: WireDeployment; pods: WirePod[] }) => {
    state.deployments.push(d.deployment);
    state.pods.push(...d.pods);
  };
  const dnsPorts: WireContainerPort[] = [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
  ];
  add(
    makeDeployment(
      'kube-system',
      'coredns',
      { 'k8s-app': 'kube-dns' },
      [{ name: 'coredns', ports: dnsPorts }],
      [first, second],
      podIp,
    ),
  );
  const tunnel = opts.tunnel ?? 'konnectivity-agent';
  if (tunnel !== 'none') {
    const shape = TUNNEL_SHAPES[tunnel];
    add(
      makeDeployment(
        'kube-system',
        tunnel,
        shape.labels,
        [{ name: tunnel, ports: shape.ports }],
        [first, first],
        podIp,
      ),
    );
  }
  add(
    makeDeployment(
      'shop',
      'web',
      { app: 'web' },
      [{ name: 'web', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
      [first, second],
      podIp,
    ),
  );
  instances.forEach((n) =>
    state.pods.push(
      makePod({
        namespace: 'kube-system',
        name: `kube-proxy-${suffixFor(n.name)}`,
        labels: { component: 'kube-proxy', tier: 'node', 'k8s-app': 'kube-proxy' },
        node: n.name,
        ip: n.ip,
        hostIp: n.ip,
        hostNetwork: true,
        containers: [{ name: 'kube-proxy' }],
        owner: { kind: 'DaemonSet', name: 'kube-proxy' },
      }),
    ),
  );

  state.services.push(
    {
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.0.0.1',
        ports: [{ name: 'https', port: 443, targetPort: 443, protocol: 'TCP' }],
      },
    },
    {
      metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.0.0.10',
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
        ],
      },
    },
    {
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.0.120.15',
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
      },
    },
    {
      metadata: { name: 'web-public', namespace: 'shop', labels: { app: 'web' } },
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.0.87.200',
        selector: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 31080 }],
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.20' }] } },
    },
  );
  // The API server's own endpoints (selector-less service): the control plane's tunnel-side address.
  state.endpoints.push({
    metadata: { name: 'kubernetes', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }],
  });
  syncEndpoints(state);

  const plugin = lab.managedCluster.cluster.properties.networkProfile?.networkPlugin ?? 'azure';
  if (opts.nodeNetworkConfigs ?? plugin === 'azure') {
    state.nodeNetworkConfigs = nodeNames.map((n, i) => makeNodeNetworkConfig(lab, n, i));
  }
  return { state, token: DEFAULT_TOKEN, forbiddenToken: FORBIDDEN_TOKEN, nodeNames, nodeIps };
}
