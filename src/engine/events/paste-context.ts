/**
 * What the paste itself says its addresses are. `kubectl get svc` and `kubectl describe svc`
 * name each Service's ClusterIP and, for a LoadBalancer, its external IP; an engineer who pastes
 * them and then "curl 20.1.2.3 timed out" has told us that 20.1.2.3 is a load balancer's
 * frontend, whatever its range. A paste about a load balancer or a ClusterIP also gives a
 * failure that names no address its subject.
 */
import type { NetEvent, Role } from '../../domain/events.js';
import { topicRole } from './vantage.js';

export interface PasteContext {
  /** Address (or redacted address) → what the paste's own tables say it is. */
  roles: Map<string, Role>;
  /** What the paste is about, for failures that name no address: structure first, then words. */
  topic: Role | null;
}

/** `kubectl get svc` header, with or without `-A`'s NAMESPACE column. */
const GET_SVC_HEADER = /^(namespace\s+)?name\s+type\s+cluster-ip\s+external-ip\s+port\(s\)/;
/** `kubectl get ingress`: NAME CLASS HOSTS ADDRESS PORTS AGE (CLASS is missing before 1.19). */
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
  /external-ip|\baddress\s+ports|type:\s+(?:clusterip|nodeport|loadbalancer)|loadbalancer ingress|azure-load-balancer|azure-pip-name|azure-dns-label-name/;

const words = (line: string) => line.trim().split(/\s+/);

/** `lower` is the whole lower-cased paste, `lines` the same split into lines. */
export function pasteContext(lower: string, lines: readonly string[]): PasteContext {
  const roles = new Map<string, Role>();
  const structural = STRUCTURE_HINT.test(lower) ? readStructure(lines, roles) : null;
  return { roles, topic: structural ?? topicRole(lower) };
}

/** Fills `roles` from the paste's tables and describe output; returns its subject if one shows. */
function readStructure(lines: readonly string[], roles: Map<string, Role>): Role | null {
  let structural: Role | null = null;
  let table: 'svc' | 'ingress' | null = null;
  let offset = 0;
  let describingService = false;
  for (const line of lines) {
    const svcHeader = GET_SVC_HEADER.exec(line.trim());
    const ingressHeader = svcHeader ? null : GET_INGRESS_HEADER.exec(line.trim());
    if (svcHeader || ingressHeader) {
      table = svcHeader ? 'svc' : 'ingress';
      offset = (svcHeader ?? ingressHeader)![1] ? 1 : 0;
      continue;
    }
    const cells = table ? words(line) : [];
    if (table === 'svc' && cells.length >= 5 + offset) {
      const [type, clusterIp, external] = cells.slice(1 + offset, 4 + offset);
      if (clusterIp && !NOT_AN_ADDRESS.test(clusterIp)) roles.set(clusterIp, 'cluster-ip');
      if (type === 'loadbalancer' && external && !NOT_AN_ADDRESS.test(external)) {
        for (const ip of external.split(',')) roles.set(ip, 'load-balancer');
        structural = 'load-balancer';
      }
      continue;
    }
    if (table === 'ingress' && cells.length >= 4 + offset) {
      const address = cells[cells.length - 3];
      if (address && !NOT_AN_ADDRESS.test(address)) {
        for (const ip of address.split(',')) roles.set(ip, 'load-balancer');
        structural = 'load-balancer';
      }
      continue;
    }
    table = null;
    const type = DESCRIBE_TYPE.exec(line)?.[1];
    if (type) describingService = true;
    if (type === 'loadbalancer' || AZURE_LB_ANNOTATION.test(line)) structural = 'load-balancer';
    const lbIngress = DESCRIBE_LB_INGRESS.exec(line);
    if (lbIngress) roles.set(lbIngress[1]!, 'load-balancer');
    const ip = DESCRIBE_IP.exec(line);
    if (ip && describingService) roles.set(ip[1]!, 'cluster-ip');
  }
  return structural;
}

/**
 * Gives each event the role the paste's own tables say its destination has (they know best: a
 * load balancer's frontend can be a private address, and its NodePort a node's), else the
 * paste's subject when the address alone says little.
 */
export function refineRoles(events: NetEvent[], context: PasteContext): void {
  for (const e of events) {
    const address = e.dest.ip ?? e.dest.host;
    const known = address === undefined ? undefined : context.roles.get(address);
    if (known) e.role = known;
    else if (e.role === 'unknown' && context.topic) e.role = context.topic;
    else if (e.role === 'private-ip' && context.topic === 'cluster-ip') e.role = 'cluster-ip';
  }
}

export const PASTE_CONTEXT_REGEXES: readonly RegExp[] = [
  STRUCTURE_HINT,
  GET_SVC_HEADER,
  GET_INGRESS_HEADER,
  DESCRIBE_LB_INGRESS,
  DESCRIBE_IP,
  DESCRIBE_TYPE,
  AZURE_LB_ANNOTATION,
  NOT_AN_ADDRESS,
];
