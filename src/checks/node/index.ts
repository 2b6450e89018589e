/**
 * Every node check, in one explicit registry (a guard test holds it equal to the catalogue's node checks).
 * Adding a node check: a module in this folder, a line here.
 */
import { nodeAksCheckNetwork } from './node-aks-check-network.js';
import { nodeCurlEndpoint } from './node-curl-endpoint.js';
import { nodeIpamStore } from './node-ipam-store.js';
import { nodeIptablesInput } from './node-iptables-input.js';
import { nodeKubeProxyRules } from './node-kube-proxy-rules.js';
import { nodeNcApiserver } from './node-nc-apiserver.js';
import { nodeNcKubelet } from './node-nc-kubelet.js';
import { nodeNcTunnelEgress } from './node-nc-tunnel-egress.js';
import { nodeNslookupApiserver } from './node-nslookup-apiserver.js';
import { nodeNslookupCluster } from './node-nslookup-cluster.js';
import { nodeNslookupExternal } from './node-nslookup-external.js';
import { nodeResolvConf } from './node-resolv-conf.js';
import { nodeUfwStatus } from './node-ufw-status.js';
import type { NodeCheck, NodeCheckId } from './node-check.js';

export type { NodeCheck, NodeCheckId, NodeCheckVerdict } from './node-check.js';
export { NODE_CHECK_IDS, renderNodeCheck } from './node-check.js';

/** Type-erased, for the registry: each module keeps its precise parameter and verdict types. */
export type AnyNodeCheck = NodeCheck;

export const NODE_CHECKS = {
  'node-nc-kubelet': nodeNcKubelet,
  'node-ufw-status': nodeUfwStatus,
  'node-iptables-input': nodeIptablesInput,
  'node-nc-tunnel-egress': nodeNcTunnelEgress,
  'node-nc-apiserver': nodeNcApiserver,
  'node-nslookup-apiserver': nodeNslookupApiserver,
  'node-nslookup-cluster': nodeNslookupCluster,
  'node-nslookup-external': nodeNslookupExternal,
  'node-resolv-conf': nodeResolvConf,
  'node-curl-endpoint': nodeCurlEndpoint,
  'node-ipam-store': nodeIpamStore,
  'node-kube-proxy-rules': nodeKubeProxyRules,
  'node-aks-check-network': nodeAksCheckNetwork,
} as const satisfies { [K in NodeCheckId]: NodeCheck };

export function nodeCheck(id: NodeCheckId): AnyNodeCheck {
  return NODE_CHECKS[id] as AnyNodeCheck;
}
