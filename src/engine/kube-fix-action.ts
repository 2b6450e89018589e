/**
 * What "Apply fix" would change in the Kubernetes API, as data: the confirmed cause and the values its
 * findings filled → one typed change, or the reason there is none (the fix then stays commands to run
 * by hand). The Kubernetes counterpart of fix-action.ts; src/kube/apply-fix.ts carries it out.
 *
 * Every value is checked before it goes into an action: values can come from a paste, and a name that
 * is not a Kubernetes name, or a selector that is not a label map, must never reach a request.
 *
 * Use:
 *   const action = kubeFixActionFor(verdict.id, verdict.values, new Date());
 *   if ('unavailable' in action) → say action.unavailable;
 *   else → show describeKubeFixAction(action), and on "yes" await applyKubeFix(kc, action).
 * Pure: no I/O, and the clock comes in as `now` (a restart stamps it on the pod template).
 */
import type { CauseId } from '../domain/ids.js';

/** Set a Service's selector (merge patch), or one port's targetPort (JSON patch). */
export interface KubePatchService {
  kind: 'kube-patch-service';
  namespace: string;
  service: string;
  set: { selector: Record<string, string> } | { portIndex: number; targetPort: number };
}

/** A Role with exactly one verb on one resource, and a RoleBinding of it to one user, in one namespace. */
export interface KubeGrant {
  kind: 'kube-grant';
  namespace: string;
  user: string;
  verb: string;
  /** API group, '' for core. */
  apiGroup: string;
  /** Plural, with a subresource as `pods/exec`. */
  resource: string;
  /** Name of both the Role and the RoleBinding. */
  roleName: string;
}

/** Delete the pods a selector picks on one node; their DaemonSet starts new ones. */
export interface KubeDeletePods {
  kind: 'kube-delete-pods';
  namespace: string;
  labelSelector: Record<string, string>;
  node: string;
  /** What the pods are, in words ("kube-proxy"). */
  what: string;
}

/** `kubectl rollout restart`: stamp the pod template, so the Deployment replaces its pods. */
export interface KubeRestart {
  kind: 'kube-restart';
  namespace: string;
  deployment: string;
  /** RFC 3339, the value of kubectl.kubernetes.io/restartedAt. */
  restartedAt: string;
}

/**
 * A NetworkPolicy of its own that allows one flow to the pods another policy isolates. Policies are
 * unions, so adding one allows exactly this and leaves the user's policy as it was.
 */
export interface KubeAllowPolicy {
  kind: 'kube-allow-policy';
  namespace: string;
  name: string;
  podSelector: Record<string, string>;
  direction: 'ingress' | 'egress';
  /** TCP port on the pod (ingress) or at the destination (egress). */
  port: number;
  /** The other side as a /32; absent: any peer (only on that port). */
  peerCidr?: string;
}

export type KubeFixAction = KubePatchService | KubeGrant | KubeDeletePods | KubeRestart | KubeAllowPolicy;

/** Validation patterns. Each quantifier is bounded and none is adjacent to an overlapping one. */
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const SERVICE_NAME = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const RESOURCE = /^[a-z][a-z0-9-]{0,62}(?:\/[a-z]{1,32})?$/;
const IPV4 =
  /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;

/** Verbs a grant may carry: never a wildcard, nor the ones that grant more grants (bind, escalate, impersonate). */
const GRANTABLE_VERBS = new Set([
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
]);

/** A label key: `name` or `prefix/name`, the prefix a DNS subdomain. */
function isLabelKey(k: string): boolean {
  const slash = k.indexOf('/');
  if (slash < 0) return LABEL_NAME.test(k);
  const [prefix, name] = [k.slice(0, slash), k.slice(slash + 1)];
  return prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) && LABEL_NAME.test(name);
}

const isLabelValue = (v: unknown): v is string => typeof v === 'string' && (v === '' || LABEL_NAME.test(v));

/** A non-empty label map (at most 16 entries), or null. */
function labelMap(raw: unknown): Record<string, string> | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0 || entries.length > 16) return null;
  if (!entries.every(([k, v]) => isLabelKey(k) && isLabelValue(v))) return null;
  return Object.fromEntries(entries) as Record<string, string>;
}

function parseJson(text: string | undefined): unknown {
  if (!text || text.length > 4096) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** An integer from `lo` to `hi` written in plain digits, or null. */
function int(text: string | undefined, lo: number, hi: number): number | null {
  if (!text || !/^[0-9]{1,6}$/.test(text)) return null;
  const n = Number(text);
  return n >= lo && n <= hi ? n : null;
}

/** A Kubernetes user name as a binding subject: printable, no blanks, not a system identity. */
function isUser(u: string | undefined): u is string {
  return !!u && u.length <= 253 && /^[\x21-\x7e]{1,253}$/.test(u) && !u.startsWith('system:');
}

/** One line a person reads in the confirmation dialog before saying yes. */
export function describeKubeFixAction(a: KubeFixAction): string {
  switch (a.kind) {
    case 'kube-patch-service':
      return 'selector' in a.set
        ? `Set the selector of Service ${a.namespace}/${a.service} to ${labelText(a.set.selector)}`
        : `Set targetPort of port #${a.set.portIndex} of Service ${a.namespace}/${a.service} to ${a.set.targetPort}`;
    case 'kube-grant':
      return `Create Role ${a.namespace}/${a.roleName} allowing "${a.verb}" on ${a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource}, and bind it to ${a.user} (RoleBinding ${a.roleName})`;
    case 'kube-delete-pods':
      return `Delete the ${a.what} pod on node ${a.node} (${a.namespace}, ${labelText(a.labelSelector)}); its DaemonSet starts a new one`;
    case 'kube-restart':
      return `Restart Deployment ${a.namespace}/${a.deployment} (rollout restart: its pods are replaced one by one)`;
    case 'kube-allow-policy': {
      const flow =
        a.direction === 'ingress'
          ? `ingress on TCP ${a.port} from ${a.peerCidr ?? 'any source'}`
          : `egress to ${a.peerCidr ?? 'any destination'} on TCP ${a.port}`;
      return `Add NetworkPolicy ${a.namespace}/${a.name} allowing ${flow} for the pods ${labelText(a.podSelector)} (the existing policies stay as they are)`;
    }
  }
}

const labelText = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

const byHand = (why: string) => ({ unavailable: `${why}: run the commands shown` });

/**
 * The change for a confirmed cause, or why there is none. `now` stamps a restart (kube-restart).
 * Causes whose fix is not a Kubernetes change answer `unavailable` (see fixActionFor for ARM ones).
 */
export function kubeFixActionFor(
  cause: CauseId,
  v: Readonly<Record<string, string>>,
  now: Date,
): KubeFixAction | { unavailable: string } {
  const namespace = v['namespace'] ?? '';
  const nsOk = DNS_LABEL.test(namespace);
  switch (cause) {
    case 'no-endpoints-selector-mismatch': {
      const service = v['service'] ?? '';
      const patch = parseJson(v['selectorPatch']) as { spec?: { selector?: unknown } } | null;
      const keys = patch && typeof patch === 'object' ? Object.keys(patch) : [];
      const specKeys = patch?.spec && typeof patch.spec === 'object' ? Object.keys(patch.spec) : [];
      const selector = keys.length === 1 && specKeys.length === 1 ? labelMap(patch?.spec?.selector) : null;
      if (!nsOk || !SERVICE_NAME.test(service))
        return byHand('the Service (namespace and name) is not known');
      if (!selector)
        return byHand("the selector the Service should have is not clear (the pods' labels differ)");
      return { kind: 'kube-patch-service', namespace, service, set: { selector } };
    }
    case 'target-port-mismatch': {
      const service = v['service'] ?? '';
      const portIndex = int(v['portIndex'], 0, 99);
      const targetPort = int(v['containerPort'], 1, 65535);
      if (!nsOk || !SERVICE_NAME.test(service) || portIndex === null)
        return byHand('the Service and its port are not known');
      if (targetPort === null) return byHand('which container port the Service should target is not clear');
      return { kind: 'kube-patch-service', namespace, service, set: { portIndex, targetPort } };
    }
    case 'missing-role-binding': {
      const { user, verb = '', resource = '', apiGroup = '', roleName = '' } = v;
      if (!v['namespace'])
        return byHand('the denial is cluster-wide, which needs a ClusterRole and ClusterRoleBinding');
      if (!nsOk || !isUser(user) || !RESOURCE.test(resource) || !DNS_SUBDOMAIN.test(roleName))
        return byHand('the user, resource or namespace of the denial is not known');
      if (apiGroup !== '' && !DNS_SUBDOMAIN.test(apiGroup))
        return byHand('the API group of the denial is not a valid name');
      if (!GRANTABLE_VERBS.has(verb)) return byHand(`"${verb.slice(0, 40)}" is not a verb aksdiag grants`);
      // Grants on RBAC objects would let the user grant themselves anything: a person decides those.
      if (apiGroup === 'rbac.authorization.k8s.io')
        return byHand('granting rights over RBAC objects is left to a person');
      return { kind: 'kube-grant', namespace, user, verb, apiGroup, resource, roleName };
    }
    case 'kube-proxy-or-iptables': {
      const node = v['node'] ?? '';
      if (!DNS_SUBDOMAIN.test(node) || node.length > 253) return byHand('the node is not known');
      return {
        kind: 'kube-delete-pods',
        namespace: 'kube-system',
        labelSelector: { component: 'kube-proxy' },
        node,
        what: 'kube-proxy',
      };
    }
    case 'cluster-dns-failure':
      return {
        kind: 'kube-restart',
        namespace: 'kube-system',
        deployment: 'coredns',
        restartedAt: now.toISOString().replace(/\.[0-9]{3}Z$/, 'Z'),
      };
    case 'network-policy': {
      const podSelector = labelMap(parseJson(v['policyPods']));
      const direction = v['direction'];
      const port = int(v['port'], 1, 65535);
      const peerIp = v['peerIp'];
      if (!nsOk || !podSelector) return byHand('the pods the policy isolates are not known');
      if ((direction !== 'ingress' && direction !== 'egress') || port === null)
        return byHand('the blocked flow (direction and port) is not known');
      if (peerIp !== undefined && !IPV4.test(peerIp))
        return byHand('the peer address is not an IPv4 address');
      if (direction === 'egress' && peerIp === undefined)
        return byHand('the destination of the blocked egress is not known');
      return {
        kind: 'kube-allow-policy',
        namespace,
        name: `aksdiag-allow-${direction}-${port}`,
        podSelector,
        direction,
        port,
        ...(peerIp ? { peerCidr: `${peerIp}/32` } : {}),
      };
    }
    default:
      return {
        unavailable: 'aksdiag has no change of its own to make for this cause: run the commands shown',
      };
  }
}
