/**
 * Turns what the Kubernetes client throws into coded AksdiagErrors: refused credentials and RBAC
 * denials become 'kube-permission' (naming the permission that is missing), a server that cannot
 * be reached or does not answer becomes 'kube-unreachable' (pointing private clusters at command
 * invoke). Errors that are neither (bugs) are returned unchanged so they are not disguised.
 */
import { AksdiagError } from '../errors.js';

/** What the failing call tried to do, in RBAC terms. */
export interface KubeOperation {
  verb: string;
  resource: string;
  /** API group, '' or absent for core. */
  group?: string;
  namespace?: string;
}

/** The API server's `Status` body, when the error carried one. */
export interface KubeStatus {
  code: number;
  reason: string | null;
  message: string | null;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

export const PRIVATE_CLUSTER_HINT =
  'If the cluster is private, or its authorized IP ranges leave this machine out, the API server cannot be reached from here: ' +
  'run kubectl inside the cluster with command invoke (az aks command invoke, managedClusters.runCommand) instead.';

/** `code` and the parsed `body` of a client-node ApiException (its body is a raw JSON string). */
export function apiStatusOf(err: unknown): KubeStatus | null {
  if (!err || typeof err !== 'object') return null;
  const { code, body } = err as { code?: unknown; body?: unknown };
  if (typeof code !== 'number' || code < 100 || code > 599) return null;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = { message: body.trim() || null };
    }
  }
  const b = (parsed && typeof parsed === 'object' ? parsed : {}) as { reason?: unknown; message?: unknown };
  return {
    code,
    reason: typeof b.reason === 'string' ? b.reason : null,
    message: typeof b.message === 'string' ? b.message : null,
  };
}

/** The network-level cause (ECONNREFUSED, a timeout ...), looking through `cause` chains. */
export function networkCauseOf(err: unknown): string | null {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, name, cause } = e as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
    e = cause;
  }
  return null;
}

function describeOperation(op: KubeOperation): { what: string; scope: string } {
  const what = op.group ? `${op.resource}.${op.group}` : op.resource;
  return { what, scope: op.namespace ? `in namespace ${op.namespace}` : 'cluster-wide' };
}

function permissionHint(op: KubeOperation): string {
  const { what, scope } = describeOperation(op);
  const role = op.namespace
    ? `kubectl create role aksdiag-read -n ${op.namespace} --verb=${op.verb} --resource=${what} ` +
      `and kubectl create rolebinding aksdiag-read -n ${op.namespace} --role=aksdiag-read --user=<identity>`
    : `kubectl create clusterrole aksdiag-read --verb=${op.verb} --resource=${what} ` +
      `and kubectl create clusterrolebinding aksdiag-read --clusterrole=aksdiag-read --user=<identity>`;
  return (
    `The identity lacks "${op.verb}" on ${what} ${scope}. Grant it (${role}), ` +
    'or with Azure RBAC for Kubernetes assign a role that includes it, such as "Azure Kubernetes Service RBAC Reader".'
  );
}

/** Maps an error from a Kubernetes call; `server` is the API server URL, for the message. */
export function toKubeError(err: unknown, op: KubeOperation, server: string): unknown {
  if (err instanceof AksdiagError) return err;
  const { what, scope } = describeOperation(op);
  const status = apiStatusOf(err);
  if (status?.code === 401) {
    return new AksdiagError(
      'kube-permission',
      `The Kubernetes API at ${server} refused the credentials (401 Unauthorized) for ${op.verb} ${what}.`,
      'The token is missing, wrong or expired: fetch fresh cluster user credentials (az aks get-credentials), or for ' +
        'Entra ID clusters a token for the AKS server application 6dae42f8-4368-4678-94ff-3960e28e3630.',
      { cause: err },
    );
  }
  if (status?.code === 403) {
    const detail = status.message ? `: ${status.message}` : '';
    return new AksdiagError(
      'kube-permission',
      `The Kubernetes API refused ${op.verb} ${what} ${scope} (403 Forbidden)${detail}.`,
      permissionHint(op),
      { cause: err },
    );
  }
  if (status) {
    const text = [status.reason, status.message].filter(Boolean).join(': ');
    return new AksdiagError(
      'kube-unreachable',
      `The Kubernetes API at ${server} answered ${status.code}${text ? ` (${text})` : ''} for ${op.verb} ${what}.`,
      'The API server is up but failing: retry shortly; if it persists check the cluster (az aks show, powerState) and AKS service health.',
      { cause: err },
    );
  }
  const net = networkCauseOf(err);
  if (net) {
    return new AksdiagError(
      'kube-unreachable',
      `Could not reach the Kubernetes API at ${server} (${net}) for ${op.verb} ${what}.`,
      PRIVATE_CLUSTER_HINT,
      { cause: err },
    );
  }
  return err;
}
