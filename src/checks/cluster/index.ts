/** Every Kubernetes check, in one explicit list. */
import { type RunnableClusterCheck, runnable } from './cluster-check.js';
import { k8sAccessReview } from './k8s-access-review.js';
import { k8sCoredns } from './k8s-coredns.js';
import { k8sKubeProxy } from './k8s-kube-proxy.js';
import { k8sNetworkPolicies } from './k8s-network-policies.js';
import { k8sNnc } from './k8s-nnc.js';
import { k8sServiceEndpoints } from './k8s-service-endpoints.js';
import { k8sServicePorts } from './k8s-service-ports.js';
import { k8sTunnelComponent } from './k8s-tunnel-component.js';

/**
 * k8s-pod-churn is not here: pod create/delete history lives in events, which a snapshot does not
 * hold, so the planner lists it as skipped with that reason.
 */
export const CLUSTER_CHECKS: readonly RunnableClusterCheck[] = [
  runnable(k8sNetworkPolicies),
  runnable(k8sTunnelComponent),
  runnable(k8sServiceEndpoints),
  runnable(k8sServicePorts),
  runnable(k8sKubeProxy),
  runnable(k8sCoredns),
  runnable(k8sNnc),
  runnable(k8sAccessReview),
];
