/** Pulls the names an engineer would act on out of a (normalised, redacted) paste. */
import type { ApiServerRef, Entities, NodeRef, RbacRef } from '../domain/diagnosis.js';
import { isSourceFile } from './events/destinations.js';

/** Lists are capped so a 1 MB log cannot produce a 1 MB answer. */
const MAX_PER_KIND = 20;

const IPV4 =
  /(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?!\.?\d)/g;
/**
 * Candidate IPv6 tokens, matched from their first ':' (so the scan does not start at every
 * hex letter) with the leading group read by the lookbehind; `isIpv6` decides.
 */
const IPV6_CANDIDATE =
  /(?<=(?<![0-9a-z:])([0-9a-f]{0,4})):[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){1,6}(?![0-9a-z:])/gi;
/** `:<port>`; the host before it is read backwards (`hostBefore`), so the scan starts only at colons. */
const COLON_PORT = /:(\d{1,5})(?!\d)/g;
const PORT_WORD = /\bport (\d{1,5})\b|\b(\d{1,5})\/(?:tcp|udp)\b/gi;
/** VMSS node: aks-<pool>-<digits>-vmss<6 base-36 chars>; availability-set node: aks-<pool>-<digits>-<n>. */
const AKS_NODE = /\baks-([a-z][a-z0-9]{0,11})-(\d{6,10})-(?:vmss([0-9a-z]{6})|(\d{1,3}))\b/gi;
/** FQDN suffixes; the DNS labels before them are read backwards (`labelsBefore`). */
const HCP_SUFFIX = /\.hcp\.([a-z0-9]{2,40})\.azmk8s\.io\b/gi;
const PRIVATE_SUFFIX = /\.privatelink\.([a-z0-9]{2,40})\.azmk8s\.io\b/gi;
const SVC_SUFFIX = /\.svc\b/gi;
/**
 * An RBAC denial in today's wording (`cannot list resource "pods" in API group ""`), the older
 * one (`cannot list configmaps in the namespace "x"`), and inside JSON with escaped quotes.
 */
const RBAC =
  /user \\?"([^"\\]{1,256})\\?" cannot ([a-z]{1,32}) (?:resource \\?"([^"\\]{1,128})\\?"(?: in api group \\?"([^"\\]{0,128})\\?")?|([a-z][a-z0-9./-]{0,127}))(?: in the namespace \\?"([a-z0-9-]{1,63})\\?")?/gi;
/**
 * Escalation prevention names what the subject tried to grant and does not hold:
 * `user "x" (groups=[...]) is attempting to grant RBAC permissions not currently held:
 * {APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}`. The first verb stands
 * for the rest (the fix grants the verb named).
 */
const RBAC_ESCALATION =
  /user \\?"([^"\\]{1,256})\\?" (?:\(groups=\[(?:"[^"\n]{1,253}"[ ,]{0,2}){0,30}\]\) )?is attempting to grant rbac permissions not currently held:\s{0,20}\{apigroups:\["([^"\]]{0,128})"\], resources:\["([^"\]]{1,128})"\](?:, resourcenames:\[[^\]\n]{0,500}\])?, verbs:\["([a-z*]{1,32})"/gi;
const CONTAINER_LOGS = /\/containerlogs\/([a-z0-9-]{1,63})\/([a-z0-9][a-z0-9.-]{0,252})\//gi;
const QUOTED_POD = /\bpods? "([a-z0-9][a-z0-9.-]{0,252})"/gi;
const QUOTED_SERVICE = /\bservices? "([a-z0-9][a-z0-9-]{0,62})"/gi;
const SERVICE_NS_NAME = /\bservice ([a-z0-9][a-z0-9-]{0,62})\/([a-z0-9][a-z0-9-]{0,62})\b/gi;
const QUOTED_NAMESPACE = /\bnamespace "([a-z0-9][a-z0-9-]{0,62})"/gi;
const KUBECTL_LINE = /\bkubectl [^\n]{1,2000}/gi;

const isLabelChar = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '-' || (c >= 'A' && c <= 'Z');

/** Up to `max` DNS labels that end right before `end` (nearest last), each 1-63 label characters. */
export function labelsBefore(text: string, end: number, max: number): string[] {
  const labels: string[] = [];
  let stop = end;
  while (labels.length < max) {
    let start = stop;
    while (start > 0 && stop - start < 64 && isLabelChar(text[start - 1] ?? '')) start--;
    if (start === stop || stop - start > 63) break;
    labels.unshift(text.slice(start, stop).toLowerCase());
    if (text[start - 1] !== '.') break;
    stop = start - 1;
  }
  return labels;
}

/** The host written right before a `:port` (a name with a dot, an IP, `[v6]`, localhost or an AKS node), or null. */
export function hostBefore(text: string, colon: number): string | null {
  if (text[colon - 1] === ']') {
    const open = text.lastIndexOf('[', colon - 1);
    return open >= 0 && colon - open <= 47 ? text.slice(open, colon) : null;
  }
  const labels = labelsBefore(text, colon, 127);
  const host = labels.join('.');
  // A clock time (03:14:15), a log prefix or a source position (memcache.go:265) is not a host.
  if (isSourceFile(host)) return null;
  if (labels.length > 1 || /^(?:localhost|aks-)/i.test(host)) return host;
  return null;
}

export function isIpv6(token: string): boolean {
  const doubles = token.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = token.split(':');
  if (doubles === 0 && groups.length !== 8) return false;
  return groups.every((g) => g.length <= 4);
}

class Collector<T> {
  private readonly seen = new Set<string>();
  readonly items: T[] = [];
  add(key: string, item: T): void {
    if (this.items.length >= MAX_PER_KIND || this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(item);
  }
}

/** `aks-nodepool1-12345678-vmss00000a` → VMSS `aks-nodepool1-12345678-vmss`, instance 10. */
export function parseNodeName(name: string): NodeRef | null {
  const m = new RegExp(`^(?:${AKS_NODE.source})$`, 'i').exec(name);
  return m ? toNodeRef(m) : null;
}

function toNodeRef(m: RegExpExecArray): NodeRef {
  const name = m[0].toLowerCase();
  const pool = (m[1] ?? '').toLowerCase();
  const suffix = m[3];
  if (!suffix) return { name, pool };
  return { name, pool, vmss: name.slice(0, -6), instanceId: String(parseInt(suffix, 36)) };
}

function apiServerRef(fqdn: string, label: string, region: string, isPrivate: boolean): ApiServerRef {
  // The first label is <dnsPrefix>-<8 hex hash>; drop the hash when it is there.
  const hash = /-[0-9a-f]{8}$/i.exec(label);
  const dnsPrefix = hash ? label.slice(0, hash.index) : label;
  return {
    fqdn: fqdn.toLowerCase(),
    dnsPrefix: dnsPrefix.toLowerCase(),
    region: region.toLowerCase(),
    private: isPrivate,
  };
}

/** Flags that take a value in kubectl, so the value is not read as a pod name. */
const KUBECTL_VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '-c',
  '--container',
  '-l',
  '--selector',
  '-f',
  '--filename',
  '--context',
  '--kubeconfig',
  '--since',
  '--tail',
  '--image',
  '--limits',
  '-o',
  '--output',
]);
const KUBECTL_POD_VERBS = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp']);

function readKubectl(line: string, pods: Collector<string>, namespaces: Collector<string>): void {
  const tokens = line.split(/\s+/).slice(1, 40);
  let verb: string | undefined;
  let podTaken = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (t === '--') break;
    const eq = t.indexOf('=');
    const flag = t.startsWith('-') ? (eq > 0 ? t.slice(0, eq) : t) : undefined;
    if (flag === '-n' || flag === '--namespace') {
      const value = eq > 0 ? t.slice(eq + 1) : tokens[++i];
      if (value && /^[a-z0-9][a-z0-9-]{0,62}$/.test(value)) namespaces.add(value, value);
      continue;
    }
    if (flag) {
      if (eq < 0 && KUBECTL_VALUE_FLAGS.has(flag)) i++;
      continue;
    }
    if (!verb) {
      verb = t;
      continue;
    }
    if (!podTaken && KUBECTL_POD_VERBS.has(verb)) {
      podTaken = true;
      const [kind, name] = t.includes('/') ? t.split('/', 2) : ['pod', t];
      if (name && ['pod', 'pods', 'po'].includes(kind ?? '') && /^[a-z0-9][a-z0-9.-]{0,252}$/.test(name))
        pods.add(name, name);
    }
  }
}

export function extractEntities(text: string): Entities {
  const ips = new Collector<string>();
  const ports = new Collector<number>();
  const nodes = new Collector<NodeRef>();
  const apiServers = new Collector<ApiServerRef>();
  const pods = new Collector<string>();
  const namespaces = new Collector<string>();
  const services = new Collector<string>();
  const rbac = new Collector<RbacRef>();

  for (const m of text.matchAll(IPV4)) ips.add(m[0], m[0]);
  for (const m of text.matchAll(IPV6_CANDIDATE)) {
    const token = `${m[1] ?? ''}${m[0]}`.toLowerCase();
    if (isIpv6(token)) ips.add(token, token);
  }
  const addPort = (s: string | undefined) => {
    const n = Number(s);
    if (Number.isInteger(n) && n >= 1 && n <= 65535) ports.add(String(n), n);
  };
  for (const m of text.matchAll(COLON_PORT)) if (hostBefore(text, m.index) !== null) addPort(m[1]);
  for (const m of text.matchAll(PORT_WORD)) addPort(m[1] ?? m[2]);
  for (const m of text.matchAll(AKS_NODE)) {
    const ref = toNodeRef(m);
    nodes.add(ref.name, ref);
  }
  for (const [suffix, isPrivate] of [
    [HCP_SUFFIX, false],
    [PRIVATE_SUFFIX, true],
  ] as const) {
    for (const m of text.matchAll(suffix)) {
      // Private FQDNs may carry a subzone label between the cluster label and "privatelink".
      const labels = labelsBefore(text, m.index, isPrivate ? 2 : 1);
      const label = labels[0];
      if (!label) continue;
      const ref = apiServerRef(`${labels.join('.')}${m[0]}`, label, m[1] ?? '', isPrivate);
      apiServers.add(ref.fqdn, ref);
    }
  }
  for (const m of text.matchAll(RBAC)) {
    const ref: RbacRef = {
      user: m[1] ?? '',
      verb: m[2] ?? '',
      resource: (m[3] ?? m[5] ?? '').toLowerCase(),
      apiGroup: m[4] ?? '',
      namespace: m[6] ?? null,
    };
    rbac.add(JSON.stringify(ref), ref);
    if (ref.namespace) namespaces.add(ref.namespace, ref.namespace);
  }
  for (const m of text.matchAll(RBAC_ESCALATION)) {
    const ref: RbacRef = {
      user: m[1] ?? '',
      verb: m[4] ?? '',
      resource: (m[3] ?? '').toLowerCase(),
      apiGroup: m[2] ?? '',
      namespace: null,
    };
    rbac.add(JSON.stringify(ref), ref);
  }
  for (const m of text.matchAll(CONTAINER_LOGS)) {
    namespaces.add(m[1] ?? '', m[1] ?? '');
    pods.add(m[2] ?? '', m[2] ?? '');
  }
  for (const m of text.matchAll(KUBECTL_LINE)) readKubectl(m[0], pods, namespaces);
  for (const m of text.matchAll(QUOTED_POD)) pods.add(m[1] ?? '', m[1] ?? '');
  for (const m of text.matchAll(QUOTED_NAMESPACE)) namespaces.add(m[1] ?? '', m[1] ?? '');
  for (const m of text.matchAll(QUOTED_SERVICE)) services.add(m[1] ?? '', m[1] ?? '');
  for (const m of text.matchAll(SERVICE_NS_NAME)) {
    namespaces.add(m[1] ?? '', m[1] ?? '');
    services.add(m[2] ?? '', m[2] ?? '');
  }
  for (const m of text.matchAll(SVC_SUFFIX)) {
    const [service, namespace] = labelsBefore(text, m.index, 2);
    if (!service || !namespace) continue;
    services.add(service, service);
    namespaces.add(namespace, namespace);
  }
  return {
    ips: ips.items,
    ports: ports.items,
    nodes: nodes.items,
    apiServers: apiServers.items,
    pods: pods.items,
    namespaces: namespaces.items,
    services: services.items,
    rbac: rbac.items,
  };
}

/** Every pattern the extractor runs, for the ReDoS test. */
export const ENTITY_PATTERNS: readonly RegExp[] = [
  IPV4,
  IPV6_CANDIDATE,
  COLON_PORT,
  PORT_WORD,
  AKS_NODE,
  HCP_SUFFIX,
  PRIVATE_SUFFIX,
  RBAC,
  CONTAINER_LOGS,
  QUOTED_POD,
  QUOTED_SERVICE,
  SERVICE_NS_NAME,
  SVC_SUFFIX,
  QUOTED_NAMESPACE,
  KUBECTL_LINE,
];
