/**
 * The KubeSnapshot the cluster checks judge, read once per run: from the live API (KubeReader) or
 * from kubectl's JSON returned by command invoke (private clusters, or an API server this
 * machine cannot reach). Both paths end in `snapshotFromObjects`, so the checks cannot tell them apart.
 */
import { z } from 'zod';
import { shellQuote } from '../engine/fix.js';
import { hostName } from '../checks/params.js';
import type { KubeAccessReview, KubeEndpoints, KubeSnapshot } from '../domain/kube.js';
import { AksdiagError, describeError } from '../errors.js';
import type { KubeObjects } from './command-invoke.js';
import type { KubeReader } from './connect.js';
import { detectTunnel } from './tunnel.js';

/** The RBAC denial from the paste, to be asked of the cluster as a SubjectAccessReview. */
export interface AccessQuestion {
  user: string;
  verb: string;
  resource: string;
  /** '' for the core group. */
  apiGroup: string;
  namespace: string | null;
}

/** What this run needs beyond the cluster-wide lists. */
export interface SnapshotRequest {
  /** Services the paste names (namespace null: any namespace); their endpoints are read. */
  services: { namespace: string | null; name: string }[];
  /** Load balancer IPs from the paste: the Services behind them get their endpoints read too. */
  loadBalancerIps: string[];
  access: AccessQuestion | null;
  /** From ARM: networkProfile.networkDataplane and networkPolicy. */
  dataplane: string | null;
  policyEngine: string | null;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** Pure: the objects read (either way) plus the access answer → the snapshot. */
export function snapshotFromObjects(
  objects: Omit<KubeObjects, 'missingResourceTypes' | 'otherKinds'>,
  request: SnapshotRequest,
  access: KubeAccessReview | { error: string } | null,
): KubeSnapshot {
  const endpoints: Record<string, KubeEndpoints | null> = {};
  for (const s of objects.services) endpoints[key(s.namespace, s.name)] = null;
  for (const e of objects.endpoints) endpoints[key(e.namespace, e.service)] = e;
  return {
    pods: objects.pods,
    services: objects.services,
    endpoints,
    networkPolicies: objects.networkPolicies,
    nodes: objects.nodes,
    tunnel: detectTunnel(objects.deployments, objects.pods),
    nodeNetworkConfigs: objects.nodeNetworkConfigs,
    access: request.access && access && !('error' in access) ? { ...request.access, ...access } : null,
    ...(request.access && access && 'error' in access ? { accessError: access.error } : {}),
    ...(request.access && !access ? { accessError: 'the cluster gave no answer to the access review' } : {}),
    dataplane: request.dataplane,
    policyEngine: request.policyEngine,
  };
}

/** The Services whose endpoints a run reads: kube-dns always, plus what the paste points at. */
function wantedServices(objects: Pick<KubeObjects, 'services'>, request: SnapshotRequest) {
  return objects.services.filter(
    (s) =>
      (s.namespace === 'kube-system' && s.name === 'kube-dns') ||
      request.services.some(
        (w) => w.name === s.name && (w.namespace === null || w.namespace === s.namespace),
      ) ||
      s.loadBalancerIngress.some((ip) => request.loadBalancerIps.includes(ip)),
  );
}

/** Reads the snapshot through the live API: cluster-wide lists, then endpoints of the wanted Services. */
export async function readLiveSnapshot(reader: KubeReader, request: SnapshotRequest): Promise<KubeSnapshot> {
  const [pods, services, networkPolicies, nodes, deployments, nodeNetworkConfigs] = await Promise.all([
    reader.listPods(),
    reader.listServices(),
    reader.listNetworkPolicies(),
    reader.listNodes(),
    reader.listDeployments('kube-system'),
    reader.listNodeNetworkConfigs(),
  ]);
  const wanted = wantedServices({ services }, request);
  const endpoints = (await Promise.all(wanted.map((s) => reader.getEndpoints(s.namespace, s.name)))).filter(
    (e): e is KubeEndpoints => e !== null,
  );
  const q = request.access;
  // A reader without create on subjectaccessreviews still reads everything else.
  const access = q
    ? await reader
        .canI(q.user, q.verb, q.resource, q.namespace ?? undefined, q.apiGroup || undefined)
        .catch((err: unknown) => ({ error: describeError(err) }))
    : null;
  return snapshotFromObjects(
    { pods, services, endpoints, networkPolicies, nodes, deployments, nodeNetworkConfigs },
    request,
    access,
  );
}

// ---------------------------------------------------------------------------------------------
// Command invoke

/** One kubectl call for the lists; NodeNetworkConfigs apart, since kubenet clusters lack the type. */
const GET_LISTS =
  'kubectl get pods,services,endpointslices,networkpolicies,nodes,deployments --all-namespaces -o json; ' +
  'kubectl get nodenetworkconfigs -n kube-system -o json';
const CAN_I_MARK = 'aksdiag-can-i';

/** What a paste can hold for an RBAC subject and request: validated before it nears a shell. */
const accessQuestion = z.object({
  user: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9@._:-]{0,252}$/, 'not a user or service account name'),
  verb: z.string().regex(/^[a-z]{1,32}$|^\*$/, 'not a verb'),
  resource: z.string().regex(/^[a-z][a-z0-9-]{0,62}(\/[a-z]{1,32})?$/, 'not a resource name'),
  apiGroup: z.union([z.literal(''), hostName]),
  namespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
    .nullable(),
});

/**
 * The shell command command invoke runs (it goes through a shell in the command pod): a constant,
 * plus for an RBAC question `kubectl auth can-i` with validated, quoted words. Throws
 * param-invalid for a question that does not validate.
 */
export function snapshotCommand(request: SnapshotRequest): string {
  if (!request.access) return GET_LISTS;
  const parsed = accessQuestion.safeParse(request.access);
  if (!parsed.success) {
    throw new AksdiagError(
      'param-invalid',
      `The RBAC subject or request in the paste is not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
      'Paste the exact "forbidden" error line from kubectl or the API.',
    );
  }
  const q = parsed.data;
  const resource = q.apiGroup ? `${q.resource}.${q.apiGroup}` : q.resource;
  const scope = q.namespace ? ['-n', shellQuote(q.namespace)] : ['--all-namespaces'];
  const canI = [
    'kubectl auth can-i',
    shellQuote(q.verb),
    shellQuote(resource),
    '--as',
    shellQuote(q.user),
    ...scope,
  ];
  return `${GET_LISTS}; echo ${CAN_I_MARK}; ${canI.join(' ')}`;
}

/** The access answer printed after the marker: `yes`, or `no` (kubectl exits 1). */
export function accessFromLogs(logs: string): KubeAccessReview | null {
  const at = logs.lastIndexOf(`\n${CAN_I_MARK}\n`);
  if (at < 0) return null;
  const answer =
    logs
      .slice(at + CAN_I_MARK.length + 2)
      .trim()
      .split('\n')[0]
      ?.trim() ?? '';
  // `yes`, `no`, or `no - <reason>` (Azure RBAC adds one).
  const [word, ...reason] = answer.split(' - ');
  if (word !== 'yes' && word !== 'no') return null;
  return { allowed: word === 'yes', denied: false, reason: reason.join(' - ').trim() || null };
}

/** The part of the logs before the access answer: kubectl's JSON and warnings. */
export function listsFromLogs(logs: string): string {
  const at = logs.lastIndexOf(`\n${CAN_I_MARK}\n`);
  return at < 0 ? logs : logs.slice(0, at);
}
