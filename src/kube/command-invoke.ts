/**
 * For private clusters the API server is not reachable from outside, so aksdiag runs
 * `kubectl get ... -o json` inside the cluster with command invoke (managedClusters.runCommand)
 * and reads its `logs`. This parses that text into the same plain types the live reader returns.
 * The logs can hold several JSON documents (one per kubectl call) and kubectl's warnings around
 * them; kubectl's own error lines become the same coded errors as the live API's.
 */
import { AksdiagError } from '../errors.js';
import {
  endpointsFromEndpoints,
  endpointsFromSlices,
  toDeployment,
  toNetworkPolicy,
  toNode,
  toNodeNetworkConfig,
  toPod,
  toService,
} from './convert.js';
import { PRIVATE_CLUSTER_HINT } from './map-error.js';
import type {
  KubeDeployment,
  KubeEndpoints,
  KubeNetworkPolicy,
  KubeNode,
  KubeNodeNetworkConfig,
  KubePod,
  KubeService,
} from '../domain/kube.js';
import type { WEndpointSlice } from './wire.js';

/** Everything found in the output, by kind. */
export interface KubeObjects {
  pods: KubePod[];
  services: KubeService[];
  endpoints: KubeEndpoints[];
  networkPolicies: KubeNetworkPolicy[];
  nodes: KubeNode[];
  deployments: KubeDeployment[];
  nodeNetworkConfigs: KubeNodeNetworkConfig[];
  /** Resource types kubectl said the server does not have (e.g. `nnc` on a kubenet cluster). */
  missingResourceTypes: string[];
  /** Kinds present in the output that aksdiag does not read. */
  otherKinds: string[];
}

/**
 * Top-level `{...}` documents in `text`, skipping whatever is between them. A stray `{` in a
 * warning line that never closes is skipped by rescanning from just after it.
 */
function jsonDocuments(text: string): unknown[] {
  const docs: unknown[] = [];
  let from = 0;
  while (from < text.length) {
    let depth = 0;
    let start = -1;
    let inString = false;
    let i = from;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"' && depth > 0) inString = true;
      else if (ch === '{') {
        if (depth === 0) start = i;
        depth++;
      } else if (ch === '}' && depth > 0 && --depth === 0) {
        try {
          docs.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          // Not JSON after all (braces in a warning line): keep scanning.
        }
      }
    }
    if (depth === 0) break;
    from = start + 1;
  }
  return docs;
}

function kubectlError(output: string): AksdiagError | null {
  const forbidden = /Error from server \(Forbidden\):?\s*(.*)/.exec(output);
  if (forbidden) {
    return new AksdiagError(
      'kube-permission',
      `kubectl in command invoke was refused: ${forbidden[1]!.trim()}`,
      'Command invoke runs kubectl as the caller (or the clusterToken identity): grant that identity read access in the ' +
        'cluster, e.g. "Azure Kubernetes Service RBAC Reader" or a binding to the "view" ClusterRole.',
    );
  }
  if (/error: You must be logged in to the server|Error from server \(Unauthorized\)/.test(output)) {
    return new AksdiagError(
      'kube-permission',
      'kubectl in command invoke was not authenticated (Unauthorized).',
      'For Entra ID clusters pass a clusterToken for the AKS server application 6dae42f8-4368-4678-94ff-3960e28e3630.',
    );
  }
  // Line by line: an unanchored `.*|.*` alternation would backtrack polynomially (recheck).
  const unreachable = output
    .split('\n')
    .find(
      (l) =>
        l.includes('Unable to connect to the server:') ||
        /^The connection to the server \S+ was refused/.test(l),
    );
  if (unreachable) {
    return new AksdiagError(
      'kube-unreachable',
      `kubectl in command invoke: ${unreachable.trim()}`,
      PRIVATE_CLUSTER_HINT,
    );
  }
  return null;
}

type Item = { kind?: string; metadata?: { namespace?: string; labels?: Record<string, string> } };

/** Flattens `List`/`PodList` documents into items, filling a missing item kind from the list's. */
function itemsOf(doc: unknown): Item[] {
  if (!doc || typeof doc !== 'object') return [];
  const d = doc as Item & { items?: unknown };
  if (Array.isArray(d.items)) {
    const listKind = d.kind && d.kind !== 'List' ? d.kind.replace(/List$/, '') : undefined;
    return d.items
      .filter((i): i is Item => !!i && typeof i === 'object')
      .map((i) => (i.kind || !listKind ? i : { ...i, kind: listKind }));
  }
  return [d];
}

/** Parses the `logs` of a command invoke that ran `kubectl get ... -o json`. */
export function fromCommandInvokeJson(output: string): KubeObjects {
  const out: KubeObjects = {
    pods: [],
    services: [],
    endpoints: [],
    networkPolicies: [],
    nodes: [],
    deployments: [],
    nodeNetworkConfigs: [],
    missingResourceTypes: [],
    otherKinds: [],
  };
  for (const m of output.matchAll(/the server doesn't have a resource type "([^"]+)"/g))
    out.missingResourceTypes.push(m[1]!);
  const docs = jsonDocuments(output);
  if (docs.length === 0) {
    const err = kubectlError(output);
    if (err) throw err;
    if (out.missingResourceTypes.length > 0) return out;
    throw new AksdiagError(
      'kube-unreachable',
      `Command invoke returned no kubectl JSON: ${output.trim().slice(0, 200) || '(empty output)'}`,
      'Could not read the cluster through command invoke: check the command ran (exitCode, reason) and used -o json.',
    );
  }
  const slices = new Map<string, WEndpointSlice[]>();
  for (const item of docs.flatMap(itemsOf)) {
    switch (item.kind) {
      case 'Pod':
        out.pods.push(toPod(item));
        break;
      case 'Service':
        out.services.push(toService(item));
        break;
      case 'Endpoints':
        out.endpoints.push(endpointsFromEndpoints(item));
        break;
      case 'EndpointSlice': {
        const key = `${item.metadata?.namespace ?? 'default'}/${item.metadata?.labels?.['kubernetes.io/service-name'] ?? ''}`;
        slices.set(key, [...(slices.get(key) ?? []), item as WEndpointSlice]);
        break;
      }
      case 'NetworkPolicy':
        out.networkPolicies.push(toNetworkPolicy(item));
        break;
      case 'Node':
        out.nodes.push(toNode(item));
        break;
      case 'Deployment':
        out.deployments.push(toDeployment(item));
        break;
      case 'NodeNetworkConfig':
        out.nodeNetworkConfigs.push(toNodeNetworkConfig(item));
        break;
      default:
        if (item.kind && !out.otherKinds.includes(item.kind)) out.otherKinds.push(item.kind);
    }
  }
  for (const [key, group] of slices) {
    const [ns, svc] = key.split('/', 2) as [string, string];
    const fromSlices = endpointsFromSlices(ns, svc, group);
    // Slices win over an Endpoints object for the same service, as in the live reader.
    out.endpoints = [...out.endpoints.filter((e) => !(e.namespace === ns && e.service === svc)), fromSlices];
  }
  return out;
}
