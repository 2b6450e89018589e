/** node-nslookup-cluster: does the cluster DNS service (CoreDNS behind kube-dns's IP) answer from the node? */
import { interpret, type Judged } from '../../interpreters/index.js';
import { ipLiteral, nodeParams } from '../params.js';
import type { NodeCheck } from './node-check.js';

/** A name every cluster serves (the default cluster domain). */
export const CLUSTER_NAME = 'kubernetes.default.svc.cluster.local';

const template: readonly string[] = [
  // Asked of the kube-dns service IP directly: the node's resolver does not use CoreDNS.
  `nslookup ${CLUSTER_NAME} {{server}} 2>&1`,
];

export const nodeNslookupCluster: NodeCheck<{ server: string }, Judged<'nslookup'>> = {
  id: 'node-nslookup-cluster',
  params: nodeParams({ server: ipLiteral }),
  template,
  interpret: (output) => interpret('nslookup', output),
};
