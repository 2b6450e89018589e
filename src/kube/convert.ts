/**
 * Kubernetes JSON (from client-node or from `kubectl get -o json`) → aksdiag's plain types.
 * Defensive throughout: command-invoke output is text from a cluster, so a missing or oddly typed
 * field becomes a default instead of a crash.
 */
import type {
  KubeDeployment,
  KubeEndpoints,
  KubeLabelSelector,
  KubeNetworkPolicy,
  KubeNetworkPolicyRule,
  KubeNode,
  KubeNodeNetworkConfig,
  KubeNodeVm,
  KubePod,
  KubeService,
} from '../domain/kube.js';
import type {
  WAddress,
  WDeployment,
  WEndpoints,
  WEndpointSlice,
  WNetworkPolicy,
  WNode,
  WNodeNetworkConfig,
  WPeer,
  WPod,
  WPolicyPort,
  WSelector,
  WService,
} from './wire.js';

const arr = <T>(x: T[] | undefined | null): T[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const record = (x: unknown): Record<string, string> =>
  x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.entries(x).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};
const conditionTrue = (conds: { type?: string; status?: string }[] | undefined, type: string): boolean =>
  arr(conds).some((c) => c.type === type && c.status === 'True');

export function toSelector(s: WSelector | undefined): KubeLabelSelector {
  return {
    matchLabels: record(s?.matchLabels),
    matchExpressions: arr(s?.matchExpressions).map((e) => ({
      key: e.key ?? '',
      operator: e.operator ?? '',
      values: arr(e.values).filter((v) => typeof v === 'string'),
    })),
  };
}

export function toPod(p: WPod): KubePod {
  const owner =
    arr(p.metadata?.ownerReferences).find((o) => o.controller) ?? arr(p.metadata?.ownerReferences)[0];
  return {
    namespace: p.metadata?.namespace ?? 'default',
    name: p.metadata?.name ?? '',
    labels: record(p.metadata?.labels),
    nodeName: str(p.spec?.nodeName),
    phase: p.status?.phase ?? 'Unknown',
    podIP: str(p.status?.podIP),
    hostNetwork: p.spec?.hostNetwork === true,
    ready: conditionTrue(p.status?.conditions, 'Ready'),
    restarts: arr(p.status?.containerStatuses).reduce((n, c) => n + (num(c.restartCount) ?? 0), 0),
    containerPorts: arr(p.spec?.containers).flatMap((c) =>
      arr(c.ports).flatMap((cp) =>
        num(cp.containerPort) === null
          ? []
          : [
              {
                container: c.name ?? '',
                name: str(cp.name),
                containerPort: cp.containerPort as number,
                protocol: cp.protocol ?? 'TCP',
              },
            ],
      ),
    ),
    owner: owner?.kind && owner.name ? { kind: owner.kind, name: owner.name } : null,
  };
}

export function toService(s: WService): KubeService {
  const selector = record(s.spec?.selector);
  return {
    namespace: s.metadata?.namespace ?? 'default',
    name: s.metadata?.name ?? '',
    type: s.spec?.type ?? 'ClusterIP',
    clusterIP: str(s.spec?.clusterIP),
    selector: Object.keys(selector).length > 0 ? selector : null,
    ports: arr(s.spec?.ports).map((p) => ({
      name: str(p.name),
      port: num(p.port) ?? 0,
      targetPort:
        typeof p.targetPort === 'number' || typeof p.targetPort === 'string'
          ? p.targetPort
          : (num(p.port) ?? 0),
      protocol: p.protocol ?? 'TCP',
      nodePort: num(p.nodePort),
    })),
    loadBalancerIngress: arr(s.status?.loadBalancer?.ingress).flatMap((i) => {
      const v = str(i.ip) ?? str(i.hostname);
      return v ? [v] : [];
    }),
  };
}

const toPorts = (ports: { name?: string; port?: number; protocol?: string }[] | undefined) =>
  arr(ports).map((p) => ({ name: str(p.name), port: num(p.port) ?? 0, protocol: p.protocol ?? 'TCP' }));

const podOf = (ref: { kind?: string; name?: string } | undefined): string | null =>
  ref?.kind === 'Pod' ? str(ref.name) : null;

export function endpointsFromSlices(
  namespace: string,
  service: string,
  slices: WEndpointSlice[],
): KubeEndpoints {
  const seenPorts = new Map<string, { name: string | null; port: number; protocol: string }>();
  for (const p of slices.flatMap((s) => toPorts(s.ports)))
    seenPorts.set(`${p.name}/${p.port}/${p.protocol}`, p);
  return {
    namespace,
    service,
    source: 'endpointslices',
    addresses: slices.flatMap((s) =>
      arr(s.endpoints).flatMap((e) =>
        arr(e.addresses).map((ip) => ({
          ip,
          // EndpointSlice: an unset `ready` means ready (discovery.k8s.io/v1 EndpointConditions).
          ready: e.conditions?.ready !== false,
          nodeName: str(e.nodeName),
          pod: podOf(e.targetRef),
        })),
      ),
    ),
    ports: [...seenPorts.values()],
  };
}

export function endpointsFromEndpoints(e: WEndpoints): KubeEndpoints {
  const address = (ready: boolean) => (a: WAddress) => ({
    ip: a.ip ?? '',
    ready,
    nodeName: str(a.nodeName),
    pod: podOf(a.targetRef),
  });
  const subsets = arr(e.subsets);
  return {
    namespace: e.metadata?.namespace ?? 'default',
    service: e.metadata?.name ?? '',
    source: 'endpoints',
    addresses: subsets.flatMap((s) => [
      ...arr(s.addresses).map(address(true)),
      ...arr(s.notReadyAddresses).map(address(false)),
    ]),
    ports: subsets.flatMap((s) => toPorts(s.ports)),
  };
}

function toRule(peers: WPeer[] | undefined, ports: WPolicyPort[] | undefined): KubeNetworkPolicyRule {
  return {
    peers: arr(peers).map((p) => ({
      podSelector: p.podSelector ? toSelector(p.podSelector) : null,
      namespaceSelector: p.namespaceSelector ? toSelector(p.namespaceSelector) : null,
      ipBlock: p.ipBlock?.cidr ? { cidr: p.ipBlock.cidr, except: arr(p.ipBlock.except) } : null,
    })),
    ports: arr(ports).map((p) => ({
      protocol: p.protocol ?? 'TCP',
      port: typeof p.port === 'number' || typeof p.port === 'string' ? p.port : null,
      endPort: num(p.endPort),
    })),
  };
}

export function toNetworkPolicy(n: WNetworkPolicy): KubeNetworkPolicy {
  const ingress = arr(n.spec?.ingress).map((r) => toRule(r.from ?? r._from, r.ports));
  const egress = arr(n.spec?.egress).map((r) => toRule(r.to, r.ports));
  // Unset policyTypes: Ingress always, Egress when egress rules exist (networking.k8s.io/v1 doc).
  const policyTypes = arr(n.spec?.policyTypes).length
    ? arr(n.spec?.policyTypes)
    : ['Ingress', ...(egress.length ? ['Egress'] : [])];
  return {
    namespace: n.metadata?.namespace ?? 'default',
    name: n.metadata?.name ?? '',
    podSelector: toSelector(n.spec?.podSelector),
    policyTypes,
    ingress,
    egress,
  };
}

const PROVIDER_ID =
  /^azure:\/\/\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/([^/]+)\/virtualMachines\/([^/]+)$/i;

/** `azure:///subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachineScaleSets/<vmss>/virtualMachines/<id>`. */
export function parseProviderId(providerID: string | null | undefined): KubeNodeVm | null {
  const m = PROVIDER_ID.exec(providerID ?? '');
  if (!m) return null;
  const [, subscription, resourceGroup, vmss, instanceId] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  return { subscription, resourceGroup, vmss, instanceId };
}

export function toNode(n: WNode): KubeNode {
  const readyCond = arr(n.status?.conditions).find((c) => c.type === 'Ready');
  const labels = record(n.metadata?.labels);
  return {
    name: n.metadata?.name ?? '',
    internalIp: str(arr(n.status?.addresses).find((a) => a.type === 'InternalIP')?.address),
    ready: readyCond?.status === 'True',
    readyReason: str(readyCond?.reason),
    pool: labels['kubernetes.azure.com/agentpool'] ?? labels['agentpool'] ?? null,
    providerID: str(n.spec?.providerID),
    vm: parseProviderId(n.spec?.providerID),
    unschedulable: n.spec?.unschedulable === true,
  };
}

export function toDeployment(d: WDeployment): KubeDeployment {
  return {
    namespace: d.metadata?.namespace ?? 'default',
    name: d.metadata?.name ?? '',
    selector: toSelector(d.spec?.selector),
    replicas: num(d.spec?.replicas),
    readyReplicas: num(d.status?.readyReplicas) ?? (d.status ? 0 : null),
  };
}

export function toNodeNetworkConfig(n: WNodeNetworkConfig): KubeNodeNetworkConfig {
  const ncs = arr(n.status?.networkContainers);
  const listed = ncs.reduce((sum, nc) => sum + arr(nc.ipAssignments).length, 0);
  const ncStatuses = ncs.flatMap((nc) => (nc.status ? [nc.status] : []));
  return {
    node: n.metadata?.name ?? '',
    requestedIPCount: num(n.spec?.requestedIPCount) ?? 0,
    allocatedIPCount: num(n.status?.assignedIPCount) ?? listed,
    ipsNotInUse: arr(n.spec?.ipsNotInUse).length,
    status: str(n.status?.status),
    ncStatuses,
    subnetFull: ncStatuses.includes('NCUpdateSubnetFullError'),
    subnet: str(ncs[0]?.subnetName),
    subnetAddressSpace: str(ncs[0]?.subnetAddressSpace),
    maxIPCount: num(n.status?.scaler?.maxIPCount),
    batchSize: num(n.status?.scaler?.batchSize),
  };
}
