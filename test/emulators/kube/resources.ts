/**
 * The resource kinds the emulator serves: where they live in the URL space, what kind names the
 * server puts on them, and which field selectors each supports (as the real API server does).
 */
import type { KubeState } from './state.js';
import type { ObjectMeta, WirePod } from './wire.js';

export interface ResourceKind {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** The state's array, or undefined when the API is not installed (served as 404). */
  items(state: KubeState): { metadata: ObjectMeta }[] | undefined;
  fields: Record<string, (obj: never) => string | undefined>;
}

const META_FIELDS = {
  'metadata.name': (o: { metadata: ObjectMeta }) => o.metadata.name,
  'metadata.namespace': (o: { metadata: ObjectMeta }) => o.metadata.namespace,
};

export const RESOURCE_KINDS: ResourceKind[] = [
  {
    group: '',
    version: 'v1',
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    items: (s) => s.namespaces,
    fields: META_FIELDS,
  },
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    kind: 'Pod',
    namespaced: true,
    items: (s) => s.pods,
    fields: {
      ...META_FIELDS,
      'spec.nodeName': (p: WirePod) => p.spec.nodeName,
      'status.phase': (p: WirePod) => p.status.phase,
      'status.podIP': (p: WirePod) => p.status.podIP,
    },
  },
  {
    group: '',
    version: 'v1',
    plural: 'services',
    kind: 'Service',
    namespaced: true,
    items: (s) => s.services,
    fields: META_FIELDS,
  },
  {
    group: '',
    version: 'v1',
    plural: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    items: (s) => s.endpoints,
    fields: META_FIELDS,
  },
  {
    group: '',
    version: 'v1',
    plural: 'nodes',
    kind: 'Node',
    namespaced: false,
    items: (s) => s.nodes,
    fields: META_FIELDS,
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    plural: 'endpointslices',
    kind: 'EndpointSlice',
    namespaced: true,
    items: (s) => s.endpointSlices,
    fields: META_FIELDS,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'networkpolicies',
    kind: 'NetworkPolicy',
    namespaced: true,
    items: (s) => s.networkPolicies,
    fields: META_FIELDS,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    items: (s) => s.deployments,
    fields: META_FIELDS,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'roles',
    kind: 'Role',
    namespaced: true,
    items: (s) => (s.roles ??= []),
    fields: META_FIELDS,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'rolebindings',
    kind: 'RoleBinding',
    namespaced: true,
    items: (s) => (s.roleBindings ??= []),
    fields: META_FIELDS,
  },
  {
    group: 'acn.azure.com',
    version: 'v1alpha',
    plural: 'nodenetworkconfigs',
    kind: 'NodeNetworkConfig',
    namespaced: true,
    items: (s) => s.nodeNetworkConfigs,
    fields: META_FIELDS,
  },
];

export const apiVersionOf = (k: ResourceKind): string => (k.group ? `${k.group}/${k.version}` : k.version);

/** Finds the kind for a URL's group, version and plural. */
export function findKind(group: string, version: string, plural: string): ResourceKind | undefined {
  return RESOURCE_KINDS.find((k) => k.group === group && k.version === version && k.plural === plural);
}
