import { z } from 'zod';
import type {
  KubeNetworkPolicy,
  KubeNetworkPolicyPeer,
  KubeNetworkPolicyRule,
  KubePod,
  KubeSnapshot,
} from '../../domain/kube.js';
import { inAnyCidr } from '../../engine/cidr.js';
import { matchesSelector } from '../../engine/label-selector.js';
import { ipv4Literal, tcpPort } from '../params.js';
import {
  type ClusterCheck,
  cannotJudge,
  clusterFinding,
  describeRef,
  findService,
  kubeName,
  podsOf,
  qualified,
  serviceRef,
} from './cluster-check.js';

const params = z
  .object({
    direction: z.enum(['ingress', 'egress']),
    /** Who is on the other side: something outside the cluster, or some pod inside it. */
    peer: z.enum(['external', 'cluster']),
    ...serviceRef,
    pod: kubeName.optional(),
    /** The port on the pod (ingress) or at the destination (egress). */
    port: tcpPort.optional(),
    /** The other side's IP, when known (the client, or the destination). */
    peerIp: ipv4Literal.optional(),
  })
  .strict();
type Params = z.infer<typeof params>;

/** Three answers: a rule surely allows the flow, surely does not, or it depends on who the peer is. */
type Tri = 'yes' | 'maybe' | 'no';
const best = (xs: Tri[]): Tri => (xs.includes('yes') ? 'yes' : xs.includes('maybe') ? 'maybe' : 'no');

function peerMatches(peer: KubeNetworkPolicyPeer, p: Params): Tri {
  if (peer.ipBlock) {
    const { cidr, except } = peer.ipBlock;
    if (p.peerIp) return inAnyCidr(p.peerIp, [cidr]) && !inAnyCidr(p.peerIp, except) ? 'yes' : 'no';
    return cidr === '0.0.0.0/0' && except.length === 0 ? 'yes' : 'maybe';
  }
  // Pod and namespace selectors only ever match pods: never a peer outside the cluster.
  return p.peer === 'external' ? 'no' : 'maybe';
}

function portMatches(rule: KubeNetworkPolicyRule, pod: KubePod, p: Params): Tri {
  if (rule.ports.length === 0) return 'yes';
  return best(
    rule.ports.map((rp): Tri => {
      if (rp.protocol !== 'TCP') return 'no';
      if (rp.port === null) return 'yes';
      if (p.port === undefined) return 'maybe';
      if (typeof rp.port === 'number')
        return p.port >= rp.port && p.port <= (rp.endPort ?? rp.port) ? 'yes' : 'no';
      // A named port means the pod's container port of that name (ingress only).
      const named = pod.containerPorts.find((c) => c.name === rp.port);
      return p.direction === 'ingress' && named?.containerPort === p.port ? 'yes' : 'no';
    }),
  );
}

function ruleAllows(rule: KubeNetworkPolicyRule, pod: KubePod, p: Params): Tri {
  const peers: Tri = rule.peers.length === 0 ? 'yes' : best(rule.peers.map((peer) => peerMatches(peer, p)));
  const ports = portMatches(rule, pod, p);
  if (peers === 'no' || ports === 'no') return 'no';
  return peers === 'yes' && ports === 'yes' ? 'yes' : 'maybe';
}

interface PodJudgement {
  pod: KubePod;
  policies: KubeNetworkPolicy[];
  result: Tri;
  /** The policy whose rule allowed the flow. */
  allowedBy: string | null;
}

function judgePod(snapshot: KubeSnapshot, pod: KubePod, p: Params): PodJudgement {
  const type = p.direction === 'ingress' ? 'Ingress' : 'Egress';
  const policies = snapshot.networkPolicies.filter(
    (np) =>
      np.namespace === pod.namespace &&
      np.policyTypes.includes(type) &&
      matchesSelector(np.podSelector, pod.labels),
  );
  // Not selected by any policy for this direction: the pod is not isolated.
  if (policies.length === 0) return { pod, policies, result: 'yes', allowedBy: null };
  let result: Tri = 'no';
  for (const np of policies) {
    const r = best(
      (p.direction === 'ingress' ? np.ingress : np.egress).map((rule) => ruleAllows(rule, pod, p)),
    );
    if (r === 'yes') return { pod, policies, result: 'yes', allowedBy: np.name };
    if (r === 'maybe') result = 'maybe';
  }
  return { pod, policies, result, allowedBy: null };
}

/** The pods the flow is about, and the pod port for ingress through a Service. */
function subjects(
  snapshot: KubeSnapshot,
  p: Params,
): { pods: KubePod[]; scope: string; port?: number; selector?: Record<string, string> } | string {
  if (p.service || p.loadBalancerIp) {
    const service = findService(snapshot, p);
    if (!service) return `no Service ${describeRef(p)} found`;
    const pods = podsOf(snapshot, service);
    const sp = service.ports.find((x) => x.port === p.port || x.nodePort === p.port) ?? service.ports[0];
    // Policies see the pod's port after the Service's translation, so judge the target port.
    const target = sp?.targetPort;
    const port =
      typeof target === 'number'
        ? target
        : pods.flatMap((pod) => pod.containerPorts).find((c) => c.name === target)?.containerPort;
    return {
      pods,
      scope: `the pods of ${qualified(service)}`,
      ...(port !== undefined ? { port } : {}),
      ...(service.selector ? { selector: service.selector } : {}),
    };
  }
  if (p.pod) {
    const pods = snapshot.pods.filter(
      (x) => x.name === p.pod && (!p.namespace || x.namespace === p.namespace),
    );
    return pods.length === 1 ? { pods, scope: `pod ${qualified(pods[0]!)}` } : `no single pod ${p.pod} found`;
  }
  if (p.namespace) {
    return {
      pods: snapshot.pods.filter((x) => x.namespace === p.namespace),
      scope: `the pods of namespace ${p.namespace}`,
    };
  }
  return 'no service, pod or namespace named to judge policies for';
}

/** Do network policies that select the pods let this flow through? */
export const k8sNetworkPolicies: ClusterCheck<Params> = {
  id: 'k8s-network-policies',
  params,
  evaluate(snapshot, raw) {
    const found = subjects(snapshot, raw);
    if (typeof found === 'string') return cannotJudge(this.id, 'cluster', found);
    const p: Params =
      found.port !== undefined && raw.direction === 'ingress' ? { ...raw, port: found.port } : raw;
    const pods = found.pods.filter((x) => !x.hostNetwork);
    const target = found.scope;
    if (pods.length === 0) return cannotJudge(this.id, target, `no pods in ${target}`);
    const flow = `${p.direction} ${p.port !== undefined ? `TCP ${p.port}` : 'traffic'} ${
      p.direction === 'ingress' ? 'from' : 'to'
    } ${p.peerIp ?? (p.peer === 'external' ? 'outside the cluster' : 'other pods')}`;
    const enforced =
      (snapshot.policyEngine !== null && snapshot.policyEngine !== 'none') ||
      snapshot.pods.some((x) => /^(calico-node|cilium)-/.test(x.name));
    if (!enforced) {
      return clusterFinding(
        this.id,
        target,
        'allows',
        'ok',
        `no network policy engine runs (networkPolicy unset, no calico-node or cilium pods): policies are not enforced`,
      );
    }
    const judged = pods.map((pod) => judgePod(snapshot, pod, p));
    const blocked = judged.find((j) => j.result === 'no');
    if (blocked) {
      const np = blocked.policies[0]!;
      const names = blocked.policies.map((x) => x.name).join(', ');
      return clusterFinding(
        this.id,
        target,
        'blocks',
        'problem',
        `networkpolicy ${names} in ${np.namespace} selects pod ${blocked.pod.name}; no rule allows ${flow}`,
        {
          namespace: np.namespace,
          policy: np.name,
          // The flow itself, so a fix can allow exactly it (kube-fix-action: an added policy).
          direction: p.direction,
          ...(found.selector ? { policyPods: JSON.stringify(found.selector) } : {}),
          ...(p.port !== undefined ? { port: String(p.port) } : {}),
          ...(p.peerIp ? { peerIp: p.peerIp } : {}),
        },
      );
    }
    const unsure = judged.find((j) => j.result === 'maybe');
    if (unsure) {
      return cannotJudge(
        this.id,
        target,
        `networkpolicy ${unsure.policies.map((x) => x.name).join(', ')} allows ${flow} only for some peers or ports; which ones this flow has is not known`,
      );
    }
    const by = [...new Set(judged.flatMap((j) => (j.allowedBy ? [j.allowedBy] : [])))];
    return clusterFinding(
      this.id,
      target,
      'allows',
      'ok',
      by.length
        ? `networkpolicy ${by.join(', ')} allows ${flow} for ${target}`
        : `no network policy selects ${target} for ${p.direction}`,
      { namespace: pods[0]!.namespace },
    );
  },
};
