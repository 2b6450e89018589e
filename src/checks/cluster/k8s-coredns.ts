import { z } from 'zod';
import { type ClusterCheck, clusterFinding } from './cluster-check.js';

/** CoreDNS pods (k8s-app=kube-dns) ready, and the kube-dns Service's endpoints. */
export const k8sCoredns: ClusterCheck<Record<string, never>> = {
  id: 'k8s-coredns',
  params: z.object({}).strict(),
  evaluate(snapshot) {
    const pods = snapshot.pods.filter(
      (p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns',
    );
    const ready = pods.filter((p) => p.ready && p.phase === 'Running');
    const service = snapshot.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns');
    const endpoints = snapshot.endpoints['kube-system/kube-dns'];
    const readyAddresses = endpoints?.addresses.filter((a) => a.ready).length ?? null;
    const values: Record<string, string> = service?.clusterIP ? { dnsServiceIp: service.clusterIP } : {};
    const counts = `coredns: ${ready.length} of ${pods.length} pods ready`;
    if (ready.length === 0 || readyAddresses === 0) {
      const worst = [...pods].sort((a, b) => b.restarts - a.restarts)[0];
      const detail =
        ready.length === 0
          ? worst
            ? ` (${worst.name}: ${worst.phase}, ${worst.restarts} restarts)`
            : ''
          : '; the kube-dns Service has no ready endpoint';
      return clusterFinding(this.id, 'kube-system/coredns', 'not-ready', 'problem', counts + detail, values);
    }
    const eps = readyAddresses === null ? '' : `, kube-dns has ${readyAddresses} ready endpoints`;
    return clusterFinding(this.id, 'kube-system/coredns', 'ready', 'ok', counts + eps, values);
  },
};
