/** network-policy: a default-deny NetworkPolicy in the application's namespace (ingress and egress). */
import type { Fault } from './fault.js';
import { APP } from './kube.js';

const NAME = 'default-deny-all';

export const networkPolicy: Fault = {
  id: 'network-policy',
  symptoms: [
    'service-unreachable-in-cluster',
    'lb-service-timeout',
    'outbound-egress',
    'node-cannot-reach-apiserver',
  ],
  scope: 'cluster',
  how: `Creates NetworkPolicy ${APP.namespace}/${NAME} (every pod, Ingress and Egress, no rule) in the Kubernetes API of a cluster with a policy engine (calico). The lab does not emulate the policy engine's own rules on the nodes: the Kubernetes checks judge the policy.`,
  inject: ({ world }) => {
    const k = world.kube.state;
    // Policies an applied fix added would allow the traffic again: the fault is that nothing allows it.
    k.networkPolicies = k.networkPolicies.filter(
      (p) =>
        p.metadata.namespace !== APP.namespace ||
        p.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'aksdiag',
    );
    const list = k.networkPolicies;
    if (list.some((p) => p.metadata.name === NAME)) return;
    list.push({
      metadata: { name: NAME, namespace: APP.namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    } as never);
  },
  clear: ({ world }) => {
    world.kube.state.networkPolicies = world.kube.state.networkPolicies.filter(
      (p) => p.metadata.name !== NAME,
    );
  },
};
