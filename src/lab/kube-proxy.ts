/**
 * A kube-proxy stand-in: the iptables rules kube-proxy (iptables mode) writes on every node, computed from
 * the Kubernetes emulator's Services and Endpoints, and applied in each node namespace. So a Service whose
 * selector matches no pod really refuses connections (kube-proxy's REJECT), a wrong targetPort is really
 * DNATed to a port nobody listens on, and `node-kube-proxy-rules` reads real `iptables-save` output.
 *
 * Shapes follow kube-proxy's: `KUBE-SERVICES` matches ClusterIP:port (and a LoadBalancer's ingress IP) and
 * jumps to `KUBE-SVC-<hash>`, which picks a `KUBE-SEP-<hash>` at random; the SEP DNATs to the endpoint. A
 * Service without ready endpoints gets a REJECT in the filter table's `KUBE-SERVICES` instead. A load
 * balancer's traffic only goes to endpoints on the node it arrives at (the lab's load balancer sends to one
 * node, like externalTrafficPolicy: Local), so replies need no masquerading.
 */
import { createHash } from 'node:crypto';
import type { WireEndpoints, WireService } from '../../test/emulators/kube/index.js';

export interface KubeProxyRules {
  /** A whole nat table for `iptables-restore` (the lab's nodes have nothing else in nat). */
  nat: string;
  /** The filter table's KUBE-SERVICES chain, for `iptables-restore --noflush` (the rest of filter is the node's own). */
  filter: string;
}

/** kube-proxy's chain suffix: base32 of a SHA-256, 16 characters. */
function hashName(prefix: string, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[digest[i]! % 32];
  return `${prefix}-${out}`;
}

interface Endpoint {
  ip: string;
  port: number;
  nodeName?: string;
}

function endpointsFor(svc: WireService, portName: string | undefined, all: WireEndpoints[]): Endpoint[] {
  const ep = all.find(
    (e) => e.metadata.name === svc.metadata.name && e.metadata.namespace === svc.metadata.namespace,
  );
  const out: Endpoint[] = [];
  for (const subset of ep?.subsets ?? []) {
    const port =
      subset.ports?.find((p) => (p.name ?? '') === (portName ?? '')) ??
      (subset.ports?.length === 1 ? subset.ports[0] : undefined);
    if (!port) continue;
    for (const a of subset.addresses ?? [])
      out.push({ ip: a.ip, port: port.port, ...(a.nodeName ? { nodeName: a.nodeName } : {}) });
  }
  return out;
}

/** The rules of every Service with a cluster IP, as kube-proxy writes them on `node`. */
export function kubeProxyRules(
  node: string,
  services: WireService[],
  endpoints: WireEndpoints[],
): KubeProxyRules {
  const natChains = new Set<string>(['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']);
  const nat: string[] = [];
  const reject: string[] = [];
  for (const svc of services) {
    const ip = svc.spec.clusterIP;
    if (!ip || ip === 'None') continue;
    const ns = svc.metadata.namespace ?? 'default';
    for (const sp of svc.spec.ports ?? []) {
      const proto = (sp.protocol ?? 'TCP').toLowerCase();
      const portName = `${ns}/${svc.metadata.name}${sp.name ? `:${sp.name}` : ''}`;
      const eps = endpointsFor(svc, sp.name, endpoints);
      // kube-proxy's own order: destination, protocol, comment, then the port match.
      const rule = (dst: string, comment: string, target: string) =>
        `-A KUBE-SERVICES -d ${dst}/32 -p ${proto} -m comment --comment "${portName}${comment}" -m ${proto} --dport ${sp.port} -j ${target}`;
      const lbIps = (svc.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : []));
      if (eps.length === 0) {
        for (const dst of [ip, ...lbIps])
          reject.push(rule(dst, ' has no endpoints', 'REJECT --reject-with icmp-port-unreachable'));
        continue;
      }
      const svcChain = hashName('KUBE-SVC', `${portName}${proto}`);
      natChains.add(svcChain);
      nat.push(rule(ip, ' cluster IP', svcChain));
      const local = eps.filter((e) => e.nodeName === node);
      const extChain = hashName('KUBE-EXT', `${portName}${proto}`);
      if (lbIps.length > 0 && local.length > 0) natChains.add(extChain);
      for (const lb of lbIps) {
        if (local.length > 0) nat.push(rule(lb, ' loadbalancer IP', extChain));
        else reject.push(rule(lb, ' has no local endpoints', 'DROP'));
      }
      const sepOf = (e: Endpoint) => hashName('KUBE-SEP', `${portName}${proto}${e.ip}:${e.port}`);
      const pick = (chain: string, list: Endpoint[]) =>
        list.forEach((e, i) => {
          const left = list.length - i;
          const random =
            left > 1 ? ` -m statistic --mode random --probability ${(1 / left).toFixed(11)}` : '';
          nat.push(
            `-A ${chain} -m comment --comment "${portName} -> ${e.ip}:${e.port}"${random} -j ${sepOf(e)}`,
          );
        });
      pick(svcChain, eps);
      if (lbIps.length > 0 && local.length > 0) pick(extChain, local);
      for (const e of eps) {
        const sep = sepOf(e);
        if (natChains.has(sep)) continue;
        natChains.add(sep);
        nat.push(
          `-A ${sep} -s ${e.ip}/32 -m comment --comment "${portName}" -j KUBE-MARK-MASQ`,
          `-A ${sep} -p ${proto} -m comment --comment "${portName}" -m ${proto} -j DNAT --to-destination ${e.ip}:${e.port}`,
        );
      }
    }
  }
  const natDoc = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ...[...natChains].map((c) => `:${c} - [0:0]`),
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
    ...nat,
    'COMMIT',
    '',
  ].join('\n');
  const filterDoc = ['*filter', ':KUBE-SERVICES - [0:0]', ...reject, 'COMMIT', ''].join('\n');
  return { nat: natDoc, filter: filterDoc };
}

/** Jumps into the filter table's KUBE-SERVICES that kube-proxy keeps in place (ufw's disable flushes them). */
const PORTALS_JUMP = [
  '-m',
  'conntrack',
  '--ctstate',
  'NEW',
  '-m',
  'comment',
  '--comment',
  'kubernetes service portals',
  '-j',
  'KUBE-SERVICES',
];
export const FILTER_JUMPS: readonly (readonly string[])[] = ['OUTPUT', 'FORWARD'].map((chain) => [
  chain,
  ...PORTALS_JUMP,
]);
