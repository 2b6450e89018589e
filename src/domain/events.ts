/**
 * A network event: one failed (or refused) attempt read out of a paste, whatever tool printed
 * it. The matcher reasons over these instead of over phrases: "something outside the cluster
 * timed out on the API server" is the same event in kubectl, curl, PowerShell or a browser.
 */

/** What happened to the attempt. */
export type Outcome =
  /** No answer at all: a silent drop (NSG, UDR, firewall, authorized ranges). */
  | 'timeout'
  /** Something answered with a refusal: nothing listening, wrong port, an iptables REJECT. */
  | 'refused'
  | 'reset'
  /** No route, network or host unreachable. */
  | 'unreachable'
  | 'tls-timeout'
  /** The name does not exist (or the resolver says so). */
  | 'nxdomain'
  /** The resolver did not answer. */
  | 'dns-timeout'
  /** The resolver answered with a failure (SERVFAIL, "server misbehaving", EAI_AGAIN). */
  | 'dns-failure'
  /** A Kubernetes RBAC denial. */
  | 'forbidden'
  /** A Service or upstream with nothing behind it. */
  | 'no-endpoints'
  /** The tunnel between control plane and nodes has no connected agent. */
  | 'no-agent'
  /** IP address management ran out of addresses. */
  | 'no-ips'
  /**
   * It did not work, and the paste does not say how: `could not connect to server`, or a person's
   * own words ("the external IP cannot be reached"). Never contradicts a cause.
   */
  | 'failed';

/** What the destination is to the cluster. */
export type Role =
  | 'kubelet'
  /** The control plane's tunnel to the nodes (konnectivity, tunnelfront, aks-link). */
  | 'tunnel'
  | 'apiserver'
  /** The API server through the in-cluster `kubernetes` Service (10.0.0.1, kubernetes.default). */
  | 'apiserver-service'
  | 'cluster-dns'
  | 'cluster-service'
  /** An address in a well-known default service CIDR: most likely a ClusterIP. */
  | 'cluster-ip'
  /** A pod's own address, as the paste's `kubectl get pods -o wide` or Endpoints list it. */
  | 'pod-ip'
  | 'webhook'
  | 'aggregated-api'
  | 'registry'
  /** A LoadBalancer Service's frontend or an ingress controller's IP (`EXTERNAL-IP` in `kubectl get svc`). */
  | 'load-balancer'
  /** A Service's NodePort (30000-32767) on a node's address: how it is exposed outside the cluster. */
  | 'node-port'
  | 'public-ip'
  | 'external-host'
  | 'private-ip'
  | 'local'
  | 'unknown';

/** Where the attempt was made from. */
export type Vantage = 'outside' | 'pod' | 'node' | 'control-plane' | 'unknown';

export interface Destination {
  host?: string;
  ip?: string;
  port?: number;
  path?: string;
}

export interface NetEvent {
  outcome: Outcome;
  role: Role;
  vantage: Vantage;
  dest: Destination;
  /** The line it was read from, cut to a readable length: the evidence. */
  line: string;
}

export const NETWORK_FAILURES: readonly Outcome[] = [
  'timeout',
  'refused',
  'reset',
  'unreachable',
  'tls-timeout',
];
export const SILENT_FAILURES: readonly Outcome[] = ['timeout', 'unreachable', 'tls-timeout'];
export const DNS_FAILURES: readonly Outcome[] = ['nxdomain', 'dns-timeout', 'dns-failure'];
