/**
 * Finds an AKS cluster by name across the configured subscriptions.
 *
 * Accepted forms (case-insensitive, like ARM): `<name>`, `<resourceGroup>/<name>`,
 * `<subscription>/<resourceGroup>/<name>`, or the cluster's resource id. Listing clusters needs
 * Reader (Microsoft.ContainerService/managedClusters/read) on the subscriptions searched.
 */
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { ClusterRef } from '../domain/inventory.js';
import { AksdiagError } from '../errors.js';
import {
  azureError,
  collect,
  mapLimit,
  parseResourceId,
  statusOf,
  type AzureClientFactory,
} from './clients.js';

const MAX_LISTED = 10;

export const FIND_CLUSTER_ROLE =
  'Grant the identity Reader on the subscription (or on the cluster) so it can find the cluster, and Azure Kubernetes Service Cluster User Role on the cluster.';

export interface ClusterQuery {
  name: string;
  resourceGroup?: string;
  subscription?: string;
  /** The query was the API server's FQDN (from a pasted error): match it, not the name. */
  fqdn?: boolean;
}

/** Reads `name`, `rg/name`, `sub/rg/name` or a resource id. Throws 'param-invalid' on anything else. */
export function parseClusterQuery(text: string): ClusterQuery {
  const trimmed = text.trim();
  if (trimmed.startsWith('/')) {
    const id = parseResourceId(trimmed);
    if (id && id.path.length === 2 && id.path[0]!.toLowerCase() === 'managedclusters') {
      return { subscription: id.subscription, resourceGroup: id.resourceGroup, name: id.name };
    }
  } else {
    // An API server FQDN, public or private (`<prefix>-<hash>.hcp.<region>.azmk8s.io`).
    if (/^[a-z0-9][a-z0-9.-]{0,252}\.azmk8s\.io$/i.test(trimmed)) return { name: trimmed, fqdn: true };
    const parts = trimmed.split('/');
    if (parts.every((p) => p.length > 0)) {
      if (parts.length === 1) return { name: parts[0]! };
      if (parts.length === 2) return { resourceGroup: parts[0]!, name: parts[1]! };
      if (parts.length === 3) return { subscription: parts[0]!, resourceGroup: parts[1]!, name: parts[2]! };
    }
  }
  throw new AksdiagError(
    'param-invalid',
    `"${text}" is not a cluster name.`,
    'Give the cluster as <name>, <resourceGroup>/<name> or <subscription>/<resourceGroup>/<name>.',
  );
}

interface Seen {
  subscription: string;
  resourceGroup: string;
  name: string;
  location: string;
  fqdns: string[];
}

function toSeen(subscription: string, mc: ManagedCluster): Seen | null {
  const id = mc.id ? parseResourceId(mc.id) : null;
  if (!id || !mc.name) return null;
  const fqdns = [mc.fqdn, mc.privateFqdn].filter((f): f is string => Boolean(f));
  return { subscription, resourceGroup: id.resourceGroup, name: mc.name, location: mc.location ?? '', fqdns };
}

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const label = (c: Seen): string => `${c.subscription}/${c.resourceGroup}/${c.name}`;

export async function findCluster(
  factory: AzureClientFactory,
  subscriptions: string[],
  name: string,
): Promise<ClusterRef> {
  const query = parseClusterQuery(name);
  const subs = query.subscription ? [query.subscription] : [...new Set(subscriptions)];
  if (subs.length === 0) {
    throw new AksdiagError(
      'config-invalid',
      'No Azure subscriptions are configured to search for the cluster.',
      'Configure the subscriptions aksdiag may search, or give the cluster as <subscription>/<resourceGroup>/<name>.',
    );
  }

  const results = await mapLimit(subs, 4, async (sub) => {
    try {
      const list = await collect((await factory.containers(sub)).managedClusters.list());
      return { sub, clusters: list.flatMap((mc) => toSeen(sub, mc) ?? []), error: null };
    } catch (err) {
      const mapped = azureError(err, `list the AKS clusters in subscription ${sub}`, FIND_CLUSTER_ROLE);
      // A bad credential or throttling stops the search; a subscription we cannot see is noted.
      if (mapped instanceof AksdiagError && mapped.code !== 'azure-permission') throw mapped;
      if (!(mapped instanceof AksdiagError) && statusOf(err) !== 404) throw mapped;
      return { sub, clusters: [] as Seen[], error: mapped };
    }
  });

  const seen = results.flatMap((r) => r.clusters);
  const matches = seen.filter((c) =>
    query.fqdn
      ? c.fqdns.some((f) => eq(f, query.name))
      : eq(c.name, query.name) &&
        (query.resourceGroup === undefined || eq(c.resourceGroup, query.resourceGroup)),
  );

  if (matches.length === 1) {
    const m = matches[0]!;
    return {
      subscription: m.subscription,
      resourceGroup: m.resourceGroup,
      name: m.name,
      location: m.location,
    };
  }

  if (matches.length > 1) {
    const candidates = matches.map(label);
    const byRg = new Set(matches.map((m) => m.resourceGroup.toLowerCase())).size === matches.length;
    throw new AksdiagError(
      'cluster-ambiguous',
      `More than one cluster is named "${query.name}": ${candidates.join(', ')}.`,
      byRg
        ? `Say which one as <resourceGroup>/<name> (e.g. ${matches[0]!.resourceGroup}/${matches[0]!.name}) or <subscription>/<resourceGroup>/<name>.`
        : `Say which one as <subscription>/<resourceGroup>/<name> (e.g. ${candidates[0]}).`,
    );
  }

  const denied = results.filter(
    (r) => r.error instanceof AksdiagError && r.error.code === 'azure-permission',
  );
  const missing = results.filter((r) => r.error !== null && !denied.includes(r));
  if (seen.length === 0 && denied.length > 0) {
    // Nothing visible at all and some subscriptions refused: the cause is the permission.
    throw denied[0]!.error as AksdiagError;
  }
  const shown = seen.slice(0, MAX_LISTED).map((c) => `${c.resourceGroup}/${c.name}`);
  const more = seen.length > MAX_LISTED ? ` and ${seen.length - MAX_LISTED} more` : '';
  const wanted = query.resourceGroup ? `${query.resourceGroup}/${query.name}` : query.name;
  const notes = [
    ...(denied.length > 0
      ? [`no permission to list clusters in ${denied.map((r) => r.sub).join(', ')}`]
      : []),
    ...(missing.length > 0 ? [`not found: subscription ${missing.map((r) => r.sub).join(', ')}`] : []),
  ];
  throw new AksdiagError(
    'cluster-not-found',
    `No AKS cluster ${query.fqdn ? 'with API server' : 'named'} "${wanted}" in subscription${subs.length === 1 ? '' : 's'} ${subs.join(', ')}. ` +
      (seen.length > 0 ? `Clusters seen: ${shown.join(', ')}${more}.` : 'No clusters were visible there.') +
      (notes.length > 0 ? ` (${notes.join('; ')}.)` : ''),
    denied.length > 0
      ? `Check the name, or: ${FIND_CLUSTER_ROLE}`
      : 'Check the name, or add the subscription that holds the cluster to the configured ones.',
  );
}

/** Every cluster the identity can see in the subscriptions, as `resourceGroup/name`, for a picker. */
export async function listClusters(factory: AzureClientFactory, subscriptions: string[]): Promise<string[]> {
  const lists = await mapLimit([...new Set(subscriptions)], 4, async (sub) => {
    try {
      return (await collect((await factory.containers(sub)).managedClusters.list())).flatMap(
        (mc) => toSeen(sub, mc) ?? [],
      );
    } catch (err) {
      throw azureError(err, `list the AKS clusters in subscription ${sub}`, FIND_CLUSTER_ROLE);
    }
  });
  return lists
    .flat()
    .map((c) => `${c.resourceGroup}/${c.name}`)
    .sort();
}
