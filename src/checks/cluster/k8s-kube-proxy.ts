import { z } from 'zod';
import type { KubePod } from '../../domain/kube.js';
import { type ClusterCheck, clusterFinding } from './cluster-check.js';

const isKubeProxy = (p: KubePod) =>
  p.namespace === 'kube-system' &&
  (p.labels['component'] === 'kube-proxy' ||
    p.labels['k8s-app'] === 'kube-proxy' ||
    p.name.startsWith('kube-proxy-'));

const isCilium = (p: KubePod) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'cilium';

/** kube-proxy ready on every node, or replaced by Cilium (which needs no kube-proxy rules). */
export const k8sKubeProxy: ClusterCheck<Record<string, never>> = {
  id: 'k8s-kube-proxy',
  params: z.object({}).strict(),
  evaluate(snapshot) {
    const proxies = snapshot.pods.filter(isKubeProxy);
    if (proxies.length === 0 && (snapshot.dataplane === 'cilium' || snapshot.pods.some(isCilium))) {
      return clusterFinding(
        this.id,
        'kube-system',
        'replaced-by-cilium',
        'ok',
        `no kube-proxy pods; the ${snapshot.dataplane === 'cilium' ? 'cilium dataplane' : 'cilium agent'} serves Services`,
      );
    }
    for (const node of snapshot.nodes) {
      const mine = proxies.filter((p) => p.nodeName === node.name);
      if (mine.some((p) => p.ready && p.phase === 'Running')) continue;
      const pod = mine[0];
      return clusterFinding(
        this.id,
        node.name,
        'not-ready',
        'problem',
        pod
          ? `kube-proxy on ${node.name} is not ready: ${pod.name} ${pod.phase}, ${pod.restarts} restarts`
          : `no kube-proxy pod on ${node.name}`,
        { node: node.name },
      );
    }
    return clusterFinding(
      this.id,
      'kube-system',
      'ready',
      'ok',
      `kube-proxy ready on ${snapshot.nodes.length} of ${snapshot.nodes.length} nodes`,
    );
  },
};
