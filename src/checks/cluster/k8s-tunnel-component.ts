import { z } from 'zod';
import { type ClusterCheck, clusterFinding } from './cluster-check.js';

/** Which node-to-control-plane tunnel runs, whether any of its pods is ready, and where. */
export const k8sTunnelComponent: ClusterCheck<Record<string, never>> = {
  id: 'k8s-tunnel-component',
  params: z.object({}).strict(),
  evaluate(snapshot) {
    const tunnel = snapshot.tunnel;
    if (!tunnel) {
      return clusterFinding(
        this.id,
        'kube-system',
        'not-running',
        'problem',
        'no konnectivity-agent, aks-link or tunnelfront deployment or pod in kube-system',
      );
    }
    const values = { tunnelComponent: tunnel.kind, tunnelPort: String(tunnel.port) };
    const ready = tunnel.pods.filter((p) => p.ready && p.phase === 'Running');
    const counts = `${ready.length} of ${tunnel.pods.length} pods ready`;
    if (ready.length === 0) {
      const worst = [...tunnel.pods].sort((a, b) => b.restarts - a.restarts)[0];
      const detail = worst ? ` (${worst.name}: ${worst.phase}, ${worst.restarts} restarts)` : '';
      return clusterFinding(
        this.id,
        `kube-system/${tunnel.kind}`,
        'not-running',
        'problem',
        `${tunnel.kind}: ${counts}${detail}`,
        values,
      );
    }
    const nodes = [...new Set(ready.flatMap((p) => (p.nodeName ? [p.nodeName] : [])))].sort();
    return clusterFinding(
      this.id,
      `kube-system/${tunnel.kind}`,
      'running',
      'ok',
      `${tunnel.kind}: ${counts}${nodes.length ? ` on ${nodes.join(', ')}` : ''} (port ${tunnel.port})`,
      { ...values, ...(nodes[0] ? { node: nodes[0] } : {}) },
    );
  },
};
