/**
 * What the paste itself says its addresses are. `kubectl get svc` and `kubectl describe svc`
 * name each Service's ClusterIP and, for a LoadBalancer, its external IP; an engineer who pastes
 * them and then "curl 20.1.2.3 timed out" has told us that 20.1.2.3 is a load balancer's
 * frontend, whatever its range. A paste about a load balancer or a ClusterIP also gives a
 * failure that names no address its subject.
 */
import { DNS_FAILURES, type NetEvent, type Role } from '../../domain/events.js';
import { pasteTopicRole } from './vantage.js';

export interface PasteContext {
  /** Address (or redacted address) → what the paste's own tables say it is. */
  roles: Map<string, Role>;
  /** What the paste is about, for failures that name no address: structure first, then words. */
  topic: Role | null;
}

/**
 * A `kubectl get svc` row, header or not (people paste one line of it): [namespace] name, type,
 * cluster IP, external IP, ports.
 */
const SVC_ROW =
  /^(?:[a-z0-9-]{1,63}\s+)?[a-z0-9][a-z0-9.-]{0,252}\s+(clusterip|nodeport|loadbalancer)\s+(\S{1,100})\s+(\S{1,300})\s+\d{1,5}(?::\d{1,5})?\/(?:tcp|udp|sctp)/;
/** `kubectl get ingress`: NAME CLASS HOSTS ADDRESS PORTS AGE (CLASS is missing before 1.19). */
/** A `kubectl get pods -o wide` row: [namespace] name, ready, status, restarts [(ago)], age, IP. */
const POD_ROW =
  /^(?:[a-z0-9-]{1,63}\s+)?[a-z0-9][a-z0-9.-]{0,252}\s+\d{1,3}\/\d{1,3}\s+[a-z]{3,30}\s+\d{1,6}(?: \([^)]{1,40}\))?\s+[0-9a-z]{1,20}\s+(\d{1,3}(?:\.\d{1,3}){3})\s/;
/**
 * `kubectl get endpoints kubernetes` (or `-A`): the `kubernetes` Service's endpoints are the API
 * server's addresses as the cluster's pods reach it (what 10.0.0.1 forwards to).
 */
const KUBERNETES_ENDPOINTS =
  /^(?:default\s+)?kubernetes\s+((?:\d{1,3}(?:\.\d{1,3}){3}:\d{1,5},?){1,10})(?:\s|$)/;
const DESCRIBE_NAME = /^name:\s+(\S{1,253})\s*$/;
/** `Endpoints: 10.244.1.5:8080,10.244.2.7:8080` in kubectl describe service: the pods behind it. */
const DESCRIBE_ENDPOINTS = /^\s*endpoints:\s+((?:\d{1,3}(?:\.\d{1,3}){3}:\d{1,5},?){1,20})/;
const GET_INGRESS_HEADER = /^(namespace\s+)?name\s+(?:class\s+)?hosts\s+address\s+ports/;
const DESCRIBE_LB_INGRESS = /^\s*loadbalancer ingress:\s+(\S{1,253})/;
const DESCRIBE_IP = /^\s*ips?:\s+([0-9a-fx.:]{3,45})\s*$/;
const DESCRIBE_TYPE = /^\s*type:\s+(clusterip|nodeport|loadbalancer)\s*$/;
/** Azure's own Service annotations: the Service is behind an Azure load balancer. */
const AZURE_LB_ANNOTATION =
  /service\.beta\.kubernetes\.io\/azure-load-balancer|azure-pip-name|azure-dns-label-name/;
const NOT_AN_ADDRESS = /^<(?:none|pending|unknown)>$/;

/** Something in the paste that could be one of the above: most pastes have none, and skip the line loop. */
const STRUCTURE_HINT =
  /external-ip|kubernetes\s+\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d|\bready\s+status\s+restarts|endpoints:\s+\d|\s(?:loadbalancer|clusterip|nodeport)\s|\baddress\s+ports|type:\s+(?:clusterip|nodeport|loadbalancer)|loadbalancer ingress|azure-load-balancer|azure-pip-name|azure-dns-label-name/;

const words = (line: string) => line.trim().split(/\s+/);

/** `lower` is the whole lower-cased paste, `lines` the same split into lines. */
export function pasteContext(lower: string, lines: readonly string[]): PasteContext {
  const roles = new Map<string, Role>();
  const structural = STRUCTURE_HINT.test(lower) ? readStructure(lines, roles) : null;
  return { roles, topic: structural ?? pasteTopicRole(lower) };
}

/** Fills `roles` from the paste's tables and describe output; returns its subject if one shows. */
function readStructure(lines: readonly string[], roles: Map<string, Role>): Role | null {
  let structural: Role | null = null;
  let ingressTable = false;
  let offset = 0;
  let describingService = false;
  let describedName = '';
  for (const line of lines) {
    const apiServer = KUBERNETES_ENDPOINTS.exec(line.trim());
    if (apiServer) {
      for (const ep of apiServer[1]!.split(',')) if (ep) roles.set(ep.split(':')[0]!, 'apiserver-service');
      continue;
    }
    describedName = DESCRIBE_NAME.exec(line)?.[1] ?? describedName;
    const row = SVC_ROW.exec(line.trim());
    if (row) {
      const [, type, clusterIp, external] = row;
      if (clusterIp && !NOT_AN_ADDRESS.test(clusterIp)) roles.set(clusterIp, 'cluster-ip');
      if (type === 'loadbalancer' && external && !NOT_AN_ADDRESS.test(external)) {
        for (const ip of external.split(',')) roles.set(ip, 'load-balancer');
        structural = 'load-balancer';
      } else structural ??= 'cluster-ip';
      continue;
    }
    const pod = POD_ROW.exec(line.trim());
    if (pod) {
      roles.set(pod[1]!, 'pod-ip');
      continue;
    }
    const ingressHeader = GET_INGRESS_HEADER.exec(line.trim());
    if (ingressHeader) {
      ingressTable = true;
      offset = ingressHeader[1] ? 1 : 0;
      continue;
    }
    const cells = ingressTable ? words(line) : [];
    if (ingressTable && cells.length >= 4 + offset) {
      const address = cells[cells.length - 3];
      if (address && !NOT_AN_ADDRESS.test(address)) {
        for (const ip of address.split(',')) roles.set(ip, 'load-balancer');
        structural = 'load-balancer';
      }
      continue;
    }
    ingressTable = false;
    const type = DESCRIBE_TYPE.exec(line)?.[1];
    if (type) describingService = true;
    if (type === 'loadbalancer' || AZURE_LB_ANNOTATION.test(line)) structural = 'load-balancer';
    else if (type) structural ??= 'cluster-ip';
    const endpoints = DESCRIBE_ENDPOINTS.exec(line)?.[1];
    for (const ep of endpoints?.split(',') ?? [])
      if (ep) roles.set(ep.split(':')[0]!, describedName === 'kubernetes' ? 'apiserver-service' : 'pod-ip');
    const lbIngress = DESCRIBE_LB_INGRESS.exec(line);
    if (lbIngress) roles.set(lbIngress[1]!, 'load-balancer');
    const ip = DESCRIBE_IP.exec(line);
    if (ip && describingService) roles.set(ip[1]!, 'cluster-ip');
  }
  return structural;
}

/** Roles an address alone gives, which what the paste says of the same address replaces. */
const RENAMEABLE: readonly Role[] = ['cluster-ip', 'private-ip', 'public-ip', 'unknown'];

const isNodePort = (port: number | undefined) => port !== undefined && port >= 30000 && port <= 32767;

/**
 * Gives each event the role the paste's own tables say its destination has (they know best: a
 * load balancer's frontend can be a private address, and its NodePort a node's), else the
 * paste's subject when the address alone says little. Events in `saidInWords` keep the role
 * their line gave in words. Returns the events less those that could never have worked.
 */
export function refineRoles(
  events: NetEvent[],
  context: PasteContext,
  saidInWords: ReadonlySet<NetEvent> = new Set(),
): NetEvent[] {
  // A name the paste also reaches with Kubernetes API paths is the API server's, so a failed
  // lookup of it is the API server's name not resolving (k9s, Lens, scripts print both).
  const apiHosts = new Set(
    events.filter((e) => e.role === 'apiserver' && e.dest.host).map((e) => e.dest.host),
  );
  const impossible = new Set<NetEvent>();
  // One address, one role: a line that says an address is a load balancer's (or a NodePort's)
  // says it for every line that names the same address by its number alone.
  const named = new Map<string, Role>();
  for (const e of events)
    if ((e.role === 'load-balancer' || e.role === 'node-port') && e.dest.ip) named.set(e.dest.ip, e.role);
  for (const e of events) {
    if (e.dest.ip && named.has(e.dest.ip) && RENAMEABLE.includes(e.role)) e.role = named.get(e.dest.ip)!;
    if (e.dest.host && apiHosts.has(e.dest.host) && DNS_FAILURES.includes(e.outcome)) e.role = 'apiserver';
    const address = e.dest.ip ?? e.dest.host;
    const known = address === undefined ? undefined : context.roles.get(address);
    // The paste's table gives the address. A NodePort on what it lists as a ClusterIP could never
    // work (a ClusterIP listens only on the Service's port), so it says nothing about the network.
    if (known === 'cluster-ip' && isNodePort(e.dest.port)) impossible.add(e);
    else if (known && !saidInWords.has(e)) e.role = known;
    else if (e.role === 'unknown' && context.topic) e.role = context.topic;
    else if (e.role === 'private-ip' && context.topic === 'cluster-ip') e.role = 'cluster-ip';
    // A paste about a load balancer, tried from outside: a private address is its frontend
    // (an internal load balancer, MetalLB), not a pod.
    else if (
      e.role === 'private-ip' &&
      context.topic === 'load-balancer' &&
      e.vantage !== 'pod' &&
      e.vantage !== 'node'
    )
      e.role = 'load-balancer';
    // "my service is not reachable from outside the cluster": from outside, a Service (by its
    // name, or by a private address the line calls a service) is reached through what exposes
    // it (a load balancer, an ingress, a NodePort).
    else if (
      e.vantage === 'outside' &&
      ((e.role === 'cluster-service' && address === undefined) ||
        (e.role === 'private-ip' && /\bservices?\b/.test(e.line)))
    )
      e.role = context.topic === 'node-port' ? 'node-port' : 'load-balancer';
    // "trying to reach a service" in a paste about a load balancer's external IP: that Service.
    else if (
      e.role === 'cluster-service' &&
      address === undefined &&
      context.topic === 'load-balancer' &&
      e.vantage !== 'pod' &&
      e.vantage !== 'node'
    )
      e.role = 'load-balancer';
  }
  return events.filter((e) => !impossible.has(e));
}

export const PASTE_CONTEXT_REGEXES: readonly RegExp[] = [
  STRUCTURE_HINT,
  KUBERNETES_ENDPOINTS,
  DESCRIBE_NAME,
  SVC_ROW,
  POD_ROW,
  DESCRIBE_ENDPOINTS,
  GET_INGRESS_HEADER,
  DESCRIBE_LB_INGRESS,
  DESCRIBE_IP,
  DESCRIBE_TYPE,
  AZURE_LB_ANNOTATION,
  NOT_AN_ADDRESS,
];
