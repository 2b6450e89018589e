/**
 * The lab's long-running stand-ins, started inside their namespaces: each node's kubelet (10250), its pods'
 * container ports and CoreDNS (dnsmasq on the CoreDNS pods' addresses, forwarding to the node's resolver),
 * the API server's ports, the internet hosts, Azure DNS and the customer DNS server. Returns once every
 * listener accepts connections.
 */
import { dnsServer, startDns } from './dns.js';
import { startListeners, type Listen } from './listeners.js';
import { run } from './sh.js';
import type { LabWorld } from './sync.js';
import { ADDR, KUBELET_PORT, NS, PUBLIC_PORTS, type LabNode } from './topology.js';

/** What each node's pods listen on (CoreDNS's DNS ports are served by its dnsmasq stand-in instead). */
function podListens(world: LabWorld, node: LabNode): Listen[] {
  return world.kube.state.pods
    .filter((p) => p.spec.nodeName === node.name && !p.spec.hostNetwork && p.status.podIP)
    .flatMap((p) =>
      p.spec.containers.flatMap((c) =>
        (c.ports ?? [])
          .filter((port) => (port.protocol ?? 'TCP') === 'TCP' && port.containerPort !== 53)
          .map((port) => ({ host: p.status.podIP!, port: port.containerPort })),
      ),
    );
}

export const podIpsOn = (world: LabWorld, node: LabNode) =>
  world.kube.state.pods
    .filter((p) => p.spec.nodeName === node.name && !p.spec.hostNetwork && p.status.podIP)
    .map((p) => p.status.podIP!);

const corednsIpsOn = (world: LabWorld, node: LabNode) =>
  world.kube.state.pods
    .filter((p) => p.spec.nodeName === node.name && p.metadata.labels?.['k8s-app'] === 'kube-dns')
    .map((p) => p.status.podIP!);

export async function waitListening(ns: string, host: string, port: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await run(['ip', 'netns', 'exec', ns, 'nc', '-z', '-w', '1', host, String(port)], {
      allowFailure: true,
    });
    if (r.code === 0) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port} in ${ns}`);
    await new Promise((r2) => setTimeout(r2, 50));
  }
}

export async function startProcesses(world: LabWorld): Promise<void> {
  for (const node of world.nodes) {
    startListeners(node.name, 'kubelet', [{ host: '0.0.0.0', port: KUBELET_PORT }]);
    const pods = podListens(world, node);
    if (pods.length > 0) startListeners(node.name, 'pods', pods);
    const coredns = corednsIpsOn(world, node);
    if (coredns.length > 0) {
      // CoreDNS: the cluster's names from the Services, everything else forwarded to the node's resolver.
      const records = Object.fromEntries(
        world.kube.state.services.map((s) => [
          `${s.metadata.name}.${s.metadata.namespace}.svc.cluster.local`,
          s.spec.clusterIP ?? '',
        ]),
      );
      startDns(dnsServer(node.name, coredns[0]!), records, {
        listen: coredns,
        localDomains: ['cluster.local'],
      });
    }
  }
  const api = PUBLIC_PORTS.filter((p) => p !== 80).map((port) => ({ host: '0.0.0.0', port }));
  startListeners(NS.apiserver, 'kube-apiserver', api);
  startListeners(
    NS.internet,
    'internet',
    [ADDR.externalApi, ADDR.mcr].flatMap((host) => PUBLIC_PORTS.map((port) => ({ host, port }))),
  );
  startDns(world.azureDns, {});
  startDns(dnsServer(NS.customDns, ADDR.customDns), { 'dc1.corp.contoso.test': ADDR.customDns });
  const waits = [
    ...world.nodes.map((n) => waitListening(n.name, '127.0.0.1', KUBELET_PORT)),
    ...world.nodes.flatMap((n) => podListens(world, n).map((l) => waitListening(n.name, l.host, l.port))),
    ...api.map((l) => waitListening(NS.apiserver, '127.0.0.1', l.port)),
    waitListening(NS.internet, ADDR.externalApi, 443),
  ];
  await Promise.all(waits);
}
