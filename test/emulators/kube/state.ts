/**
 * The Kubernetes API emulator's state: plain arrays of wire-shaped objects plus who may call.
 * Tests build it with `aksKubeState()` and then modify it; the emulator serves it by reference,
 * so a change is seen by the next request. After changing a service selector or pod labels, call
 * `syncEndpoints()` to do what the endpoints and EndpointSlice controllers would.
 */
import type {
  WireDeployment,
  WireEndpoints,
  WireEndpointSlice,
  WireNamespace,
  WireNetworkPolicy,
  WireNode,
  WireNodeNetworkConfig,
  WirePod,
  WireRole,
  WireRoleBinding,
  WireService,
  WireServicePort,
} from './wire.js';

/** Who a bearer token is. `forbidden`: every request with it gets 403 (RBAC says no to everything). */
export interface TokenIdentity {
  user: string;
  groups?: string[];
  forbidden?: boolean;
  /** Check this token's reads against `auth.access` too (403 for what the allow-list lacks). */
  enforceAccess?: boolean;
}

/** One allow-list entry for (Self)SubjectAccessReview. `'*'` matches anything. */
export interface AccessRule {
  /** User name, or `'*'`. */
  user: string;
  verbs: string[];
  /** Resources, with subresources as `pods/exec`; `'*'` for all. */
  resources: string[];
  /** API groups (`''` = core). Default: any. */
  apiGroups?: string[];
  /** Namespaces the rule applies in. Default: all namespaces and cluster-scoped requests. */
  namespaces?: string[];
  /** Only these object names (a Role's resourceNames). Default: any. */
  names?: string[];
  /** Where the rule comes from, for an access review's reason (a RoleBinding); default the allow-list. */
  grantedBy?: string;
}

export interface KubeState {
  namespaces: WireNamespace[];
  pods: WirePod[];
  services: WireService[];
  endpoints: WireEndpoints[];
  endpointSlices: WireEndpointSlice[];
  networkPolicies: WireNetworkPolicy[];
  nodes: WireNode[];
  deployments: WireDeployment[];
  /** Roles and RoleBindings created through the API; they grant on top of `auth.access`. */
  roles?: WireRole[];
  roleBindings?: WireRoleBinding[];
  /** Absent: the NodeNetworkConfig CRD is not installed (kubenet), so its URLs answer 404. */
  nodeNetworkConfigs?: WireNodeNetworkConfig[];
  /** API groups the server does not serve (404), e.g. `['discovery.k8s.io']` for a pre-1.21 server. */
  disabledGroups?: string[];
  auth: {
    tokens: Record<string, TokenIdentity>;
    access: AccessRule[];
  };
}

export function emptyKubeState(): KubeState {
  return {
    namespaces: [],
    pods: [],
    services: [],
    endpoints: [],
    endpointSlices: [],
    networkPolicies: [],
    nodes: [],
    deployments: [],
    auth: { tokens: {}, access: [] },
  };
}

// ---------------------------------------------------------------------------------------------
// Label selectors (shared with the emulator's query handling)

export function matchesLabels(
  selector: Record<string, string>,
  labels: Record<string, string> = {},
): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

const isReady = (pod: WirePod): boolean =>
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/** A deterministic five-character suffix, like the random ones Kubernetes generates. */
export function suffixFor(seed: string, length = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length) || Math.imul(h + i + 1, 2654435761) >>> 0;
  }
  return out;
}

function resolveTargetPort(svcPort: WireServicePort, pods: WirePod[]): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  for (const p of pods) {
    for (const c of p.spec.containers) {
      const hit = c.ports?.find((cp) => cp.name === target);
      if (hit) return hit.containerPort;
    }
  }
  return undefined;
}

/**
 * Rebuilds Endpoints and EndpointSlices for every service with a selector, from the pods that
 * match it and have an IP (what kube-controller-manager does). Selector-less services keep theirs.
 */
export function syncEndpoints(state: KubeState): void {
  const managed = new Set(
    state.services.filter((s) => s.spec.selector).map((s) => `${s.metadata.namespace}/${s.metadata.name}`),
  );
  const key = (ns: string | undefined, name: string | undefined) => `${ns}/${name}`;
  state.endpoints = state.endpoints.filter((e) => !managed.has(key(e.metadata.namespace, e.metadata.name)));
  state.endpointSlices = state.endpointSlices.filter(
    (s) => !managed.has(key(s.metadata.namespace, s.metadata.labels?.['kubernetes.io/service-name'])),
  );
  for (const svc of state.services) {
    const selector = svc.spec.selector;
    if (!selector) continue;
    const ns = svc.metadata.namespace ?? 'default';
    const name = svc.metadata.name;
    const pods = state.pods.filter(
      (p) =>
        p.metadata.namespace === ns &&
        matchesLabels(selector, p.metadata.labels) &&
        p.status.podIP &&
        (p.status.phase === 'Running' || p.status.phase === 'Pending'),
    );
    const ports = (svc.spec.ports ?? []).flatMap((sp) => {
      const port = resolveTargetPort(sp, pods);
      return port === undefined
        ? []
        : [{ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' }];
    });
    const address = (p: WirePod) => ({
      ip: p.status.podIP!,
      ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns },
    });
    const ready = pods.filter(isReady).map(address);
    const notReady = pods.filter((p) => !isReady(p)).map(address);
    state.endpoints.push({
      metadata: { name, namespace: ns, labels: { ...svc.metadata.labels } },
      ...(pods.length > 0
        ? {
            subsets: [
              {
                ...(ready.length ? { addresses: ready } : {}),
                ...(notReady.length ? { notReadyAddresses: notReady } : {}),
                ports,
              },
            ],
          }
        : {}),
    });
    state.endpointSlices.push({
      metadata: {
        name: `${name}-${suffixFor(`${ns}/${name}`)}`,
        namespace: ns,
        labels: {
          'kubernetes.io/service-name': name,
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
        },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, controller: true }],
      },
      addressType: 'IPv4',
      endpoints: pods.map((p) => ({
        addresses: [p.status.podIP!],
        conditions: { ready: isReady(p), serving: isReady(p), terminating: false },
        ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
        targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns },
      })),
      ports,
    });
  }
}
