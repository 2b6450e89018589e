/** cluster-dns-failure: the CoreDNS pods fail their readiness probe, so kube-dns has no endpoints. */
import type { Fault } from './fault.js';
import { setReady } from './fault.js';

export const clusterDnsFailure: Fault = {
  id: 'cluster-dns-failure',
  symptoms: ['outbound-dns'],
  scope: 'cluster',
  how: "Marks the CoreDNS pods not ready (restarting) in the Kubernetes API; kube-dns loses its endpoints and kube-proxy's rules on the nodes REJECT 10.0.0.10:53, so in-cluster lookups fail while the nodes still resolve names. It models a failure a restart clears (a wedged process): `kubectl -n kube-system rollout restart deployment coredns` replaces the pods with ready ones.",
  inject: ({ world }) => setReady(corednsPods(world), false),
  clear: ({ world }) => setReady(corednsPods(world), true),
};

function corednsPods(w: Parameters<Fault['inject']>[0]['world']) {
  return w.kube.state.pods.filter(
    (p) => p.metadata.namespace === 'kube-system' && p.metadata.labels?.['k8s-app'] === 'kube-dns',
  );
}
