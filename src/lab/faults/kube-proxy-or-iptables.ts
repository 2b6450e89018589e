/** kube-proxy-or-iptables: kube-proxy on one node stopped programming Services (its rules are gone). */
import type { Fault } from './fault.js';
import { setReady } from './fault.js';

export const kubeProxyOrIptables: Fault = {
  id: 'kube-proxy-or-iptables',
  symptoms: ['service-unreachable-in-cluster'],
  scope: 'node',
  how: "Stops the kube-proxy stand-in on the node: its KUBE-SERVICES rules are flushed and not rewritten, and its kube-proxy pod is not ready in the Kubernetes API; a Service's ClusterIP then leads nowhere from that node.",
  inject: ({ world, node }) => {
    world.local.kubeProxyDown = [...new Set([...world.local.kubeProxyDown, node.name])];
    setReady(proxyPods(world, node.name), false);
  },
  clear: ({ world, node }) => {
    world.local.kubeProxyDown = world.local.kubeProxyDown.filter((n) => n !== node.name);
    setReady(proxyPods(world, node.name), true);
  },
};

function proxyPods(w: Parameters<Fault['inject']>[0]['world'], node: string) {
  return w.kube.state.pods.filter(
    (p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec.nodeName === node,
  );
}
