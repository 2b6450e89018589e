/**
 * Which cluster an alert is about, and which channel it goes to. The cluster comes from an AKS
 * resource id (Azure's alert target, or a label such as Container insights' ClusterId), else
 * from the configured cluster and resource-group labels, compared without case.
 */
import type { AlertCluster } from './model.js';
import type { AlertSettings, ClusterPattern } from './settings.js';

// `/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>`,
// as Azure writes it (alert targets come lowercased), with anything after it ignored.
const AKS_ID =
  /^\/subscriptions\/([^/]{1,64})\/resourcegroups\/([^/]{1,90})\/providers\/microsoft\.containerservice\/managedclusters\/([^/]{1,63})(?:\/|$)/i;
/** What a cluster name can be (letters, digits, `-`, `_`); anything else in a label is not one. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const RG = /^[A-Za-z0-9._()-]{1,90}$/;

export function clusterOfId(id: string, from: string): AlertCluster | null {
  const m = AKS_ID.exec(id.trim());
  if (!m) return null;
  const [, subscription, resourceGroup, name] = m as unknown as [string, string, string, string];
  return { name, resourceGroup, subscription, query: `${subscription}/${resourceGroup}/${name}`, from };
}

/** The value of the first of `names` that `labels` carries (label names compared without case). */
function labelValue(labels: Record<string, string>, names: string[]): [string, string] | null {
  const lower = new Map(
    Object.entries(labels).map(([k, v]) => [k.toLowerCase(), [k, v] as [string, string]]),
  );
  for (const n of names) {
    const hit = lower.get(n);
    if (hit && hit[1].trim()) return [hit[0], hit[1].trim()];
  }
  return null;
}

export function clusterOf(
  labels: Record<string, string>,
  targets: string[],
  s: Pick<AlertSettings, 'clusterLabels' | 'resourceGroupLabels'>,
): AlertCluster | null {
  for (const t of targets) {
    const c = clusterOfId(t, 'target');
    if (c) return c;
  }
  const named = labelValue(labels, s.clusterLabels);
  if (named) {
    const [label, value] = named;
    const byId = clusterOfId(value, label);
    if (byId) return byId;
    if (NAME.test(value)) {
      const rg = labelValue(labels, s.resourceGroupLabels);
      return rg && RG.test(rg[1])
        ? { name: value, resourceGroup: rg[1], query: `${rg[1]}/${value}`, from: label }
        : { name: value, query: value, from: label };
    }
  }
  for (const [label, value] of Object.entries(labels)) {
    const byId = clusterOfId(value, label);
    if (byId) return byId;
  }
  return null;
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** True when `p` names `c`: every part the route gives must be known and equal. */
function matches(p: ClusterPattern, c: AlertCluster): boolean {
  if (!same(p.name, c.name)) return false;
  if (p.resourceGroup !== undefined && !same(p.resourceGroup, c.resourceGroup)) return false;
  if (p.subscription !== undefined && !same(p.subscription, c.subscription)) return false;
  return true;
}

const specificity = (p: ClusterPattern) => (p.subscription ? 3 : p.resourceGroup ? 2 : 1);

export type Route = { channel: string; by: 'route' | 'default' };

/** The most specific route that names the cluster, else the default channel, else null. */
export function routeOf(
  cluster: AlertCluster | null,
  s: Pick<AlertSettings, 'routes' | 'defaultChannel'>,
): Route | null {
  const hit = cluster
    ? s.routes
        .filter((r) => matches(r.cluster, cluster))
        .sort((a, b) => specificity(b.cluster) - specificity(a.cluster))[0]
    : undefined;
  if (hit) return { channel: hit.channel, by: 'route' };
  return s.defaultChannel ? { channel: s.defaultChannel, by: 'default' } : null;
}
