import { z } from 'zod';
import { type ClusterCheck, cannotJudge, clusterFinding } from './cluster-check.js';

/** Azure CNI with dynamic IP allocation: does any node's NodeNetworkConfig report a full subnet? */
export const k8sNnc: ClusterCheck<Record<string, never>> = {
  id: 'k8s-nnc',
  params: z.object({}).strict(),
  evaluate(snapshot) {
    const nncs = snapshot.nodeNetworkConfigs;
    if (nncs.length === 0) {
      return cannotJudge(
        this.id,
        'kube-system',
        'no NodeNetworkConfigs: the cluster does not use Azure CNI dynamic IP allocation',
      );
    }
    const full = nncs.find((n) => n.subnetFull);
    if (full) {
      const subnet = full.subnet ?? '';
      return clusterFinding(
        this.id,
        full.node,
        'subnet-full',
        'problem',
        `nnc ${full.node}: NCUpdateSubnetFullError (requested ${full.requestedIPCount}, allocated ${full.allocatedIPCount}${subnet ? `, subnet ${subnet}${full.subnetAddressSpace ? ` ${full.subnetAddressSpace}` : ''}` : ''})`,
        { node: full.node, ...(subnet ? { subnet } : {}) },
      );
    }
    const requested = nncs.reduce((n, c) => n + c.requestedIPCount, 0);
    const allocated = nncs.reduce((n, c) => n + c.allocatedIPCount, 0);
    return clusterFinding(
      this.id,
      'kube-system',
      'ok',
      'ok',
      `${nncs.length} NodeNetworkConfigs, none reports a full subnet (requested ${requested}, allocated ${allocated})`,
    );
  },
};
