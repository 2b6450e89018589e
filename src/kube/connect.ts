/**
 * The thin Kubernetes edge: @kubernetes/client-node 2.x (one object argument per call, the body
 * returned) wrapped into reads that return aksdiag's plain types, with every failure mapped to a
 * coded AksdiagError and every call bounded by a timeout so a dead API server never hangs a check.
 */
import {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
  NetworkingV1Api,
  Observable,
  type ConfigurationOptions,
  type ObservableMiddleware,
} from '@kubernetes/client-node';
import {
  endpointsFromEndpoints,
  endpointsFromSlices,
  toDeployment,
  toNetworkPolicy,
  toNode,
  toNodeNetworkConfig,
  toPod,
  toService,
} from './convert.js';
import { apiStatusOf, toKubeError, type KubeOperation } from './map-error.js';
import { buildKubeConfig, type KubeConnectOptions } from './kubeconfig.js';
import { labelSelectorString } from '../engine/label-selector.js';
import { detectTunnel } from './tunnel.js';
import type {
  KubeAccessReview,
  KubeDeployment,
  KubeEndpoints,
  KubeNetworkPolicy,
  KubeNode,
  KubeNodeNetworkConfig,
  KubePod,
  KubeService,
  TunnelComponent,
} from '../domain/kube.js';
import type { WNodeNetworkConfig } from './wire.js';

export type { KubeConnectOptions } from './kubeconfig.js';

/** NodeNetworkConfig CRD (Azure CNI): acn.azure.com/v1alpha, namespaced in kube-system. */
export const NNC = {
  group: 'acn.azure.com',
  version: 'v1alpha',
  plural: 'nodenetworkconfigs',
  namespace: 'kube-system',
};

export interface PodQuery {
  /** A selector string (`app=web,tier!=db`) or a label map. */
  labelSelector?: string | Record<string, string>;
  /** Only pods scheduled on this node (`fieldSelector=spec.nodeName=`). */
  nodeName?: string;
}

/** Read-only access to one cluster's API. Every method throws AksdiagError on failure. */
export interface KubeReader {
  readonly server: string;
  listPods(namespace?: string, query?: PodQuery): Promise<KubePod[]>;
  listServices(namespace?: string): Promise<KubeService[]>;
  /** null when the service does not exist. */
  getService(namespace: string, name: string): Promise<KubeService | null>;
  /** EndpointSlices when there are any, else the Endpoints object; null when neither exists. */
  getEndpoints(namespace: string, service: string): Promise<KubeEndpoints | null>;
  listNetworkPolicies(namespace?: string): Promise<KubeNetworkPolicy[]>;
  listNodes(): Promise<KubeNode[]>;
  listDeployments(namespace?: string): Promise<KubeDeployment[]>;
  /** konnectivity-agent / tunnelfront / aks-link, whichever runs in kube-system; null when none. */
  tunnelComponent(): Promise<TunnelComponent | null>;
  /** Empty when the NodeNetworkConfig CRD is not installed (kubenet, or no dynamic IP allocation). */
  listNodeNetworkConfigs(): Promise<KubeNodeNetworkConfig[]>;
  /** SubjectAccessReview: may `user` do `verb` on `resource` (`pods/exec` for a subresource)? */
  canI(
    user: string,
    verb: string,
    resource: string,
    namespace?: string,
    group?: string,
  ): Promise<KubeAccessReview>;
}

interface Page<T> {
  items?: T[];
  metadata?: { _continue?: string; continue?: string };
}

const PAGE_SIZE = 500;

function timeoutOptions(ms: number): ConfigurationOptions {
  // The object-parameter API runs observable middleware (ObjectParamAPI → ObservableAPI).
  const timeout: ObservableMiddleware = {
    pre: (ctx) => {
      ctx.setSignal(AbortSignal.timeout(ms));
      return new Observable(Promise.resolve(ctx));
    },
    post: (res) => new Observable(Promise.resolve(res)),
  };
  return { middleware: [timeout], middlewareMergeStrategy: 'append' };
}

export function connectKube(options: KubeConnectOptions): KubeReader {
  const kc: KubeConfig = buildKubeConfig(options);
  const server = kc.getCurrentCluster()?.server ?? options.server;
  const opts = timeoutOptions(options.timeoutMs ?? 15_000);
  const core = kc.makeApiClient(CoreV1Api);
  const discovery = kc.makeApiClient(DiscoveryV1Api);
  const networking = kc.makeApiClient(NetworkingV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const authz = kc.makeApiClient(AuthorizationV1Api);

  async function call<T>(op: KubeOperation, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toKubeError(err, op, server);
    }
  }
  /** Like `call`, but a 404 (object or API not there) gives `fallback`. */
  async function orElse<T, F>(op: KubeOperation, fallback: F, fn: () => Promise<T>): Promise<T | F> {
    try {
      return await fn();
    } catch (err) {
      if (apiStatusOf(err)?.code === 404) return fallback;
      throw toKubeError(err, op, server);
    }
  }
  /** All pages of a list (`limit` + `continue`), so a large cluster is read in bounded chunks. */
  async function listAll<T>(fetch: (cont: string | undefined) => Promise<Page<T>>): Promise<T[]> {
    const out: T[] = [];
    let cont: string | undefined;
    do {
      const page = await fetch(cont);
      out.push(...(page.items ?? []));
      cont = page.metadata?._continue ?? page.metadata?.continue ?? undefined;
    } while (cont);
    return out;
  }
  const scoped = (op: KubeOperation, namespace?: string): KubeOperation =>
    namespace ? { ...op, namespace } : op;

  const reader: KubeReader = {
    server,
    listPods: (namespace, query = {}) => {
      const labelSelector =
        typeof query.labelSelector === 'string'
          ? query.labelSelector
          : labelSelectorString(query.labelSelector ?? {});
      const q = {
        limit: PAGE_SIZE,
        ...(labelSelector ? { labelSelector } : {}),
        ...(query.nodeName ? { fieldSelector: `spec.nodeName=${query.nodeName}` } : {}),
      };
      return call(scoped({ verb: 'list', resource: 'pods' }, namespace), async () =>
        (
          await listAll((_continue) =>
            namespace
              ? core.listNamespacedPod({ namespace, ...q, _continue }, opts)
              : core.listPodForAllNamespaces({ ...q, _continue }, opts),
          )
        ).map(toPod),
      );
    },
    listServices: (namespace) =>
      call(scoped({ verb: 'list', resource: 'services' }, namespace), async () =>
        (
          await listAll((_continue) =>
            namespace
              ? core.listNamespacedService({ namespace, limit: PAGE_SIZE, _continue }, opts)
              : core.listServiceForAllNamespaces({ limit: PAGE_SIZE, _continue }, opts),
          )
        ).map(toService),
      ),
    getService: async (namespace, name) => {
      const svc = await orElse({ verb: 'get', resource: 'services', namespace }, null, () =>
        core.readNamespacedService({ namespace, name }, opts),
      );
      return svc ? toService(svc) : null;
    },
    getEndpoints: async (namespace, service) => {
      const slices = await orElse(
        { verb: 'list', resource: 'endpointslices', group: 'discovery.k8s.io', namespace },
        [],
        async () =>
          (
            await discovery.listNamespacedEndpointSlice(
              { namespace, labelSelector: `kubernetes.io/service-name=${service}` },
              opts,
            )
          ).items,
      );
      if (slices.length > 0) return endpointsFromSlices(namespace, service, slices);
      const ep = await orElse({ verb: 'get', resource: 'endpoints', namespace }, null, () =>
        core.readNamespacedEndpoints({ namespace, name: service }, opts),
      );
      return ep ? endpointsFromEndpoints(ep) : null;
    },
    listNetworkPolicies: (namespace) =>
      call(
        scoped({ verb: 'list', resource: 'networkpolicies', group: 'networking.k8s.io' }, namespace),
        async () =>
          (
            await listAll((_continue) =>
              namespace
                ? networking.listNamespacedNetworkPolicy({ namespace, limit: PAGE_SIZE, _continue }, opts)
                : networking.listNetworkPolicyForAllNamespaces({ limit: PAGE_SIZE, _continue }, opts),
            )
          ).map(toNetworkPolicy),
      ),
    listNodes: () =>
      call({ verb: 'list', resource: 'nodes' }, async () =>
        (await listAll((_continue) => core.listNode({ limit: PAGE_SIZE, _continue }, opts))).map(toNode),
      ),
    listDeployments: (namespace) =>
      call(scoped({ verb: 'list', resource: 'deployments', group: 'apps' }, namespace), async () =>
        (
          await listAll((_continue) =>
            namespace
              ? apps.listNamespacedDeployment({ namespace, limit: PAGE_SIZE, _continue }, opts)
              : apps.listDeploymentForAllNamespaces({ limit: PAGE_SIZE, _continue }, opts),
          )
        ).map(toDeployment),
      ),
    tunnelComponent: async () => {
      const [deployments, pods] = await Promise.all([
        reader.listDeployments('kube-system'),
        reader.listPods('kube-system'),
      ]);
      return detectTunnel(deployments, pods);
    },
    listNodeNetworkConfigs: async () => {
      const items = await orElse(
        { verb: 'list', resource: NNC.plural, group: NNC.group, namespace: NNC.namespace },
        [] as WNodeNetworkConfig[],
        () =>
          listAll<WNodeNetworkConfig>(
            (_continue) =>
              custom.listNamespacedCustomObject(
                {
                  group: NNC.group,
                  version: NNC.version,
                  namespace: NNC.namespace,
                  plural: NNC.plural,
                  limit: PAGE_SIZE,
                  _continue,
                },
                opts,
              ) as Promise<Page<WNodeNetworkConfig>>,
          ),
      );
      return items.map(toNodeNetworkConfig);
    },
    canI: async (user, verb, resource, namespace, group) => {
      const [res, subresource] = resource.split('/', 2) as [string, string | undefined];
      const review = await call(
        { verb: 'create', resource: 'subjectaccessreviews', group: 'authorization.k8s.io' },
        () =>
          authz.createSubjectAccessReview(
            {
              body: {
                apiVersion: 'authorization.k8s.io/v1',
                kind: 'SubjectAccessReview',
                spec: {
                  user,
                  resourceAttributes: {
                    verb,
                    resource: res,
                    ...(subresource ? { subresource } : {}),
                    ...(namespace ? { namespace } : {}),
                    ...(group ? { group } : {}),
                  },
                },
              },
            },
            opts,
          ),
      );
      return {
        allowed: review.status?.allowed === true,
        denied: review.status?.denied === true,
        reason: review.status?.reason ?? review.status?.evaluationError ?? null,
      };
    },
  };
  return reader;
}
