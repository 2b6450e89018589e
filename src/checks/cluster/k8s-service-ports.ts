import { z } from 'zod';
import type { KubeContainerPort } from '../../domain/kube.js';
import {
  type ClusterCheck,
  cannotJudge,
  clusterFinding,
  describeRef,
  findService,
  podsOf,
  qualified,
  serviceRef,
} from './cluster-check.js';

const params = z.object(serviceRef).strict();

const portText = (p: KubeContainerPort) => `${p.containerPort}/${p.protocol}${p.name ? ` "${p.name}"` : ''}`;

/**
 * Does each Service port's targetPort land on a port the selected pods declare? A named
 * targetPort must name a container port (else kube-proxy has nowhere to send); a numeric one not
 * among the declared ports is judged a mismatch only when the containers declare ports at all.
 */
export const k8sServicePorts: ClusterCheck<z.infer<typeof params>> = {
  id: 'k8s-service-ports',
  params,
  evaluate(snapshot, ref) {
    const service = findService(snapshot, ref);
    if (!service)
      return cannotJudge(this.id, ref.service ?? 'service', `no Service ${describeRef(ref)} found`);
    const name = qualified(service);
    const pods = podsOf(snapshot, service);
    if (pods.length === 0) return cannotJudge(this.id, name, `no pod behind ${name} to compare ports with`);
    const declared = pods.flatMap((p) => p.containerPorts);
    const base = { service: service.name, namespace: service.namespace };
    for (const [index, sp] of service.ports.entries()) {
      const sameProtocol = declared.filter((c) => c.protocol === sp.protocol);
      const distinct = [...new Map(sameProtocol.map((c) => [c.containerPort, c])).values()];
      const hit =
        typeof sp.targetPort === 'string'
          ? sameProtocol.some((c) => c.name === sp.targetPort)
          : sameProtocol.some((c) => c.containerPort === sp.targetPort);
      if (hit) continue;
      if (typeof sp.targetPort === 'number' && declared.length === 0) {
        return cannotJudge(
          this.id,
          name,
          `the pods behind ${name} declare no container ports to compare with`,
        );
      }
      const values: Record<string, string> = {
        ...base,
        targetPort: String(sp.targetPort),
        portIndex: String(index),
        // Only one port the pods could mean: name it, so the fix needs no guess.
        ...(distinct.length === 1 ? { containerPort: String(distinct[0]!.containerPort) } : {}),
      };
      const listens = distinct.length ? distinct.map(portText).join(', ') : 'none';
      return clusterFinding(
        this.id,
        name,
        'port-mismatch',
        'problem',
        `${name} port ${sp.port}/${sp.protocol} targets ${typeof sp.targetPort === 'string' ? `"${sp.targetPort}"` : sp.targetPort}, but its pods declare ${listens}`,
        values,
      );
    }
    const pairs = service.ports.map((p) => `${p.port}->${p.targetPort}`).join(', ');
    return clusterFinding(
      this.id,
      name,
      'ports-match',
      'ok',
      `${name} ports ${pairs} match the ports its ${pods.length} pod${pods.length > 1 ? 's' : ''} declare`,
      base,
    );
  },
};
