/**
 * Which node-to-control-plane tunnel a cluster runs. AKS has used three: konnectivity-agent (443,
 * current), tunnelfront (9000) and aks-link (OpenVPN, 1194) on older clusters; all live in
 * kube-system and are opened outwards from the nodes, so the port is what egress must allow.
 * https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/tunnel-connectivity-issues
 */
import { matchesSelector } from '../engine/label-selector.js';
import type { KubeDeployment, KubePod, TunnelComponent, TunnelKind } from '../domain/kube.js';

export const TUNNEL_PORTS: Readonly<Record<TunnelKind, number>> = {
  'konnectivity-agent': 443,
  tunnelfront: 9000,
  'aks-link': 1194,
};

/** Newest first: during a migration both can exist, and the newer one is the one in use. */
const ORDER: TunnelKind[] = ['konnectivity-agent', 'aks-link', 'tunnelfront'];

/**
 * Picks the tunnel from kube-system's deployments and pods: a deployment named after the component
 * (its pods found by its selector), else pods whose names start with it. null when none runs.
 */
export function detectTunnel(deployments: KubeDeployment[], pods: KubePod[]): TunnelComponent | null {
  const system = pods.filter((p) => p.namespace === 'kube-system');
  for (const kind of ORDER) {
    const dep = deployments.find((d) => d.namespace === 'kube-system' && d.name === kind);
    const emptySelector =
      !dep ||
      (Object.keys(dep.selector.matchLabels).length === 0 && dep.selector.matchExpressions.length === 0);
    const mine =
      dep && !emptySelector
        ? system.filter((p) => matchesSelector(dep.selector, p.labels))
        : system.filter((p) => p.name.startsWith(`${kind}-`));
    if (!dep && mine.length === 0) continue;
    return {
      kind,
      port: TUNNEL_PORTS[kind],
      replicas: dep?.replicas ?? null,
      readyReplicas: dep?.readyReplicas ?? null,
      pods: mine,
      nodes: [...new Set(mine.flatMap((p) => (p.nodeName ? [p.nodeName] : [])))].sort(),
    };
  }
  return null;
}
