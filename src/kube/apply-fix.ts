/**
 * Carries out a KubeFixAction (src/engine/kube-fix-action.ts) through the Kubernetes API, after a
 * person confirmed it:
 *
 *   applyKubeFix(kc: KubeConfig, action: KubeFixAction, options?: { timeoutMs?: number }): Promise<string>
 *
 * resolves with one line saying what changed, and throws a coded AksdiagError otherwise: 403 →
 * 'kube-permission' naming the RBAC permission the identity lacks; no answer → 'kube-unreachable';
 * the object gone or changed meanwhile → 'param-invalid' with what to look at. `kc` is built as for
 * reading (buildKubeConfig in kubeconfig.ts), with an identity that may write.
 */
import {
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  NetworkingV1Api,
  Observable,
  PatchStrategy,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type V1NetworkPolicy,
} from '@kubernetes/client-node';
import type { KubeFixAction } from '../engine/kube-fix-action.js';
import { labelSelectorString } from '../engine/label-selector.js';
import { AksdiagError } from '../errors.js';
import { apiStatusOf, toKubeError, type KubeOperation } from './map-error.js';

/** Marks what aksdiag created, so a person can find (and remove) it later. */
const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'aksdiag' };

function timeout(ms: number): ConfigurationOptions {
  const mw: ObservableMiddleware = {
    pre: (ctx) => {
      ctx.setSignal(AbortSignal.timeout(ms));
      return new Observable(Promise.resolve(ctx));
    },
    post: (res) => new Observable(Promise.resolve(res)),
  };
  return { middleware: [mw], middlewareMergeStrategy: 'append' };
}

/** Resolves with one line saying what changed; throws a coded error saying why not. */
export async function applyKubeFix(
  kc: KubeConfig,
  action: KubeFixAction,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const server = kc.getCurrentCluster()?.server ?? 'the cluster';
  const opts = timeout(options.timeoutMs ?? 15_000);
  // client-node sends a PATCH as a JSON patch unless the Content-Type header says otherwise.
  const as = (type: PatchStrategy) => setHeaderOptions('Content-Type', type, opts);
  async function call<T>(op: KubeOperation, fn: () => Promise<T>, gone?: string): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const status = apiStatusOf(err);
      if (gone && status?.code === 404)
        throw new AksdiagError('param-invalid', `${gone} no longer exists.`, 'Run the checks again.', {
          cause: err,
        });
      if (status?.code === 422 || status?.code === 409 || status?.code === 400)
        throw new AksdiagError(
          'param-invalid',
          `The Kubernetes API refused to ${op.verb} ${op.resource}${op.namespace ? ` in ${op.namespace}` : ''}: ${status.message ?? status.reason ?? status.code}.`,
          'The object changed since the checks ran: run them again, or apply the fix by hand.',
          { cause: err },
        );
      throw toKubeError(err, op, server);
    }
  }

  switch (action.kind) {
    case 'kube-patch-service': {
      const { namespace, service: name } = action;
      const core = kc.makeApiClient(CoreV1Api);
      const op = { verb: 'patch', resource: 'services', namespace };
      const what = `Service ${namespace}/${name}`;
      if ('selector' in action.set) {
        // A merge patch replaces the whole selector map only where keys are given; null drops the rest.
        const current = await call(
          { verb: 'get', resource: 'services', namespace },
          () => core.readNamespacedService({ namespace, name }, opts),
          what,
        );
        const selector: Record<string, string | null> = Object.fromEntries(
          Object.keys(current.spec?.selector ?? {}).map((k) => [k, null]),
        );
        Object.assign(selector, action.set.selector);
        await call(
          op,
          () =>
            core.patchNamespacedService(
              { namespace, name, body: { spec: { selector } } },
              as(PatchStrategy.MergePatch),
            ),
          what,
        );
        return `selector of ${what} set to ${labelSelectorString(action.set.selector)}`;
      }
      const { portIndex, targetPort } = action.set;
      // `test` first: if the ports changed since the checks ran, the patch fails instead of hitting another port.
      const current = await call(
        { verb: 'get', resource: 'services', namespace },
        () => core.readNamespacedService({ namespace, name }, opts),
        what,
      );
      const port = current.spec?.ports?.[portIndex];
      if (!port)
        throw new AksdiagError(
          'param-invalid',
          `${what} has no port #${portIndex} any more.`,
          'Run the checks again.',
        );
      await call(
        op,
        () =>
          core.patchNamespacedService(
            {
              namespace,
              name,
              body: [
                { op: 'test', path: `/spec/ports/${portIndex}/port`, value: port.port },
                { op: 'replace', path: `/spec/ports/${portIndex}/targetPort`, value: targetPort },
              ],
            },
            as(PatchStrategy.JsonPatch),
          ),
        what,
      );
      return `targetPort of ${what} port ${port.port} set to ${targetPort}`;
    }
    case 'kube-grant': {
      const { namespace, roleName: name, user, verb, apiGroup, resource } = action;
      const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
      const group = 'rbac.authorization.k8s.io';
      await call({ verb: 'create', resource: 'roles', group, namespace }, () =>
        rbac.createNamespacedRole(
          {
            namespace,
            body: {
              apiVersion: `${group}/v1`,
              kind: 'Role',
              metadata: { name, namespace, labels: MANAGED_BY },
              rules: [{ apiGroups: [apiGroup], resources: [resource], verbs: [verb] }],
            },
          },
          opts,
        ),
      );
      await call({ verb: 'create', resource: 'rolebindings', group, namespace }, () =>
        rbac.createNamespacedRoleBinding(
          {
            namespace,
            body: {
              apiVersion: `${group}/v1`,
              kind: 'RoleBinding',
              metadata: { name, namespace, labels: MANAGED_BY },
              subjects: [{ kind: 'User', name: user, apiGroup: group }],
              roleRef: { apiGroup: group, kind: 'Role', name },
            },
          },
          opts,
        ),
      );
      return `Role ${namespace}/${name} (${verb} ${resource}) created and bound to ${user}`;
    }
    case 'kube-delete-pods': {
      const { namespace, node } = action;
      const core = kc.makeApiClient(CoreV1Api);
      const labelSelector = labelSelectorString(action.labelSelector);
      // As kubectl delete -l does: list, then delete each by name (needs delete, not deletecollection).
      const pods = await call({ verb: 'list', resource: 'pods', namespace }, () =>
        core.listNamespacedPod({ namespace, labelSelector, fieldSelector: `spec.nodeName=${node}` }, opts),
      );
      const names = pods.items.flatMap((p) => (p.metadata?.name ? [p.metadata.name] : []));
      if (names.length === 0)
        throw new AksdiagError(
          'param-invalid',
          `No ${action.what} pod (${labelSelector}) runs on node ${node}.`,
          'Check the DaemonSet (kubectl -n kube-system get ds) and the node; run the checks again.',
        );
      for (const name of names)
        await call({ verb: 'delete', resource: 'pods', namespace }, () =>
          core.deleteNamespacedPod({ namespace, name }, opts),
        );
      return `${action.what} pod ${names.join(', ')} on ${node} deleted; its DaemonSet starts a new one`;
    }
    case 'kube-restart': {
      const { namespace, deployment: name } = action;
      const apps = kc.makeApiClient(AppsV1Api);
      // What kubectl rollout restart sends: a new annotation on the pod template.
      await call(
        { verb: 'patch', resource: 'deployments', group: 'apps', namespace },
        () =>
          apps.patchNamespacedDeployment(
            {
              namespace,
              name,
              body: {
                spec: {
                  template: {
                    metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': action.restartedAt } },
                  },
                },
              },
            },
            as(PatchStrategy.StrategicMergePatch),
          ),
        `Deployment ${namespace}/${name}`,
      );
      return `Deployment ${namespace}/${name} restarted (restartedAt ${action.restartedAt})`;
    }
    case 'kube-allow-policy': {
      const { namespace, name, port, peerCidr } = action;
      const peers = peerCidr ? [{ ipBlock: { cidr: peerCidr } }] : undefined;
      const rule = { ports: [{ protocol: 'TCP', port }] };
      const body: V1NetworkPolicy = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, namespace, labels: MANAGED_BY },
        spec: {
          podSelector: { matchLabels: action.podSelector },
          ...(action.direction === 'ingress'
            ? { policyTypes: ['Ingress'], ingress: [{ ...rule, ...(peers ? { _from: peers } : {}) }] }
            : { policyTypes: ['Egress'], egress: [{ ...rule, ...(peers ? { to: peers } : {}) }] }),
        },
      };
      await call({ verb: 'create', resource: 'networkpolicies', group: 'networking.k8s.io', namespace }, () =>
        kc.makeApiClient(NetworkingV1Api).createNamespacedNetworkPolicy({ namespace, body }, opts),
      );
      return `NetworkPolicy ${namespace}/${name} created`;
    }
  }
}
