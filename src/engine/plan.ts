/**
 * Diagnosis + cluster inventory → the checks to run, on which targets, with which parameters.
 * Pure. Nodes named in the paste come first, then a bounded sample (stated in the plan).
 * A check whose parameters nothing supplies is listed as skipped with the reason.
 */
import { CHECKS, type CheckId } from '../checks/catalogue.js';
import type { CheckParams, CheckRequest, NodeTarget } from '../domain/checks.js';
import type { Entities } from '../domain/diagnosis.js';
import type { ClusterInventory, NodeInstance } from '../domain/inventory.js';
import type { Cause, Symptom } from '../domain/knowledge.js';
import type { KubeSnapshot } from '../domain/kube.js';
import { inAnyCidr } from './cidr.js';

/** Azure-provided DNS, which nodes use unless the VNet names custom servers. */
const AZURE_DNS = '168.63.129.16';
/** A name every AKS node must resolve (its images come from there). */
const REQUIRED_NAME = 'mcr.microsoft.com';
const PRIVATE_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '100.64.0.0/10',
  '169.254.0.0/16',
];

export interface PlanContext {
  inventory: ClusterInventory;
  /** What the paste named (empty for a sweep without a paste). */
  entities: Entities;
  /** The public IP the user's client connects from, when known. */
  clientIp?: string;
  /** What the Kubernetes API said, or null when it could not be read (its checks are skipped). */
  kube: KubeSnapshot | null;
  /** Why `kube` is null, for the skipped checks. */
  kubeUnavailable?: string;
  /** Node checks run on at most this many nodes. */
  maxNodes?: number;
}

export interface Plan {
  requests: CheckRequest[];
  skipped: { check: CheckId; reason: string }[];
  nodes: { checked: number; total: number; named: string[] };
}

type Params = CheckParams | { skip: string };

function chooseNodes(ctx: PlanContext): { nodes: NodeInstance[]; named: string[] } {
  const inv = ctx.inventory;
  const named = inv.nodes.filter(
    (n) =>
      ctx.entities.nodes.some((e) => e.name === n.name) ||
      (n.privateIp !== null && ctx.entities.ips.includes(n.privateIp)),
  );
  const rest = inv.nodes.filter((n) => !named.includes(n));
  const max = Math.max(ctx.maxNodes ?? 5, named.length);
  return { nodes: [...named, ...rest].slice(0, max), named: named.map((n) => n.name) };
}

const target = (inv: ClusterInventory, n: NodeInstance): NodeTarget => ({
  kind: 'node',
  node: n.name,
  subscription: inv.cluster.subscription,
  resourceGroup: inv.nodeResourceGroup,
  vmss: n.vmss,
  instanceId: n.instanceId,
});

const publicIp = (e: Entities) => e.ips.find((ip) => ip.includes('.') && !inAnyCidr(ip, PRIVATE_RANGES));

/** The node running a ready tunnel pod, and the tunnel's port, when the Kubernetes API told us. */
function tunnelOf(ctx: PlanContext): { node: string; port: number } | null {
  const t = ctx.kube?.tunnel;
  const pod = t?.pods.find((p) => p.ready && p.nodeName) ?? t?.pods.find((p) => p.nodeName);
  return t && pod?.nodeName ? { node: pod.nodeName, port: t.port } : null;
}

/** Which Service, pod or namespace the paste is about, for the Kubernetes checks. */
function workloadRef(ctx: PlanContext): Record<string, string> {
  const e = ctx.entities;
  // One namespace in the paste is the one it is about; several would be a guess.
  const namespace: Record<string, string> = e.namespaces.length === 1 ? { namespace: e.namespaces[0]! } : {};
  const lbIp = publicIp(e);
  if (e.services[0]) return { ...namespace, service: e.services[0] };
  if (lbIp && ctx.kube?.services.some((s) => s.loadBalancerIngress.includes(lbIp)))
    return { loadBalancerIp: lbIp };
  if (e.pods[0]) return { ...namespace, pod: e.pods[0] };
  return namespace;
}

/** Parameters of the checks that run once (ARM and Kubernetes), with what the cause fixes for them. */
function onceParams(check: CheckId, ctx: PlanContext, causeParams: CheckParams): Params {
  const inv = ctx.inventory;
  const tunnel = tunnelOf(ctx);
  switch (check) {
    case 'arm-apiserver-access':
      return ctx.clientIp ? { clientIp: ctx.clientIp } : {};
    case 'arm-nsg-flow-10250':
      return tunnel ? { fromNode: tunnel.node } : {};
    case 'arm-nsg-flow-lb': {
      const ip = publicIp(ctx.entities);
      const port = ctx.entities.ports[0];
      return ip && port
        ? { publicIp: ip, port }
        : { skip: "the service's external IP and port: paste the failing curl line" };
    }
    case 'arm-nsg-egress': {
      const dns = inv.vnetDnsServers[0];
      return dns
        ? { destination: dns, port: 53 }
        : { skip: 'no destination to judge egress to (Azure DNS is not filtered by NSGs)' };
    }
    case 'k8s-service-endpoints':
    case 'k8s-service-ports': {
      const ref = workloadRef(ctx);
      return ref['service'] || ref['loadBalancerIp']
        ? ref
        : { skip: 'no Service named in the paste (namespace and name)' };
    }
    case 'k8s-network-policies': {
      const ref = workloadRef(ctx);
      const port = ctx.entities.ports[0];
      const peerIp = publicIp(ctx.entities);
      const p = { ...causeParams, ...ref };
      if (Object.keys(ref).length === 0) return { skip: 'no Service, pod or namespace named in the paste' };
      return {
        ...p,
        ...(p['port'] === undefined && port ? { port } : {}),
        ...(peerIp && !ref['loadBalancerIp'] && p['peer'] === 'external' ? { peerIp } : {}),
      };
    }
    case 'k8s-pod-churn':
      return { skip: 'pod create/delete history lives in events, which aksdiag does not read yet' };
    default:
      return { ...causeParams };
  }
}

/** Parameters of node checks, per node; null when the check needs no per-node variation. */
function nodeParams(check: CheckId, ctx: PlanContext, node: NodeInstance, all: NodeInstance[]): Params {
  const inv = ctx.inventory;
  const apiserver = inv.privateFqdn ?? inv.fqdn;
  switch (check) {
    case 'node-nc-kubelet': {
      // To the node running the tunnel when the API told us (the path the tunnel's traffic takes);
      // otherwise to the next node, so every sampled node is both a source and a destination once.
      const tunnelNode = inv.nodes.find((n) => n.name === tunnelOf(ctx)?.node);
      const next = all[(all.indexOf(node) + 1) % all.length];
      const to = tunnelNode && tunnelNode !== node ? tunnelNode : next;
      return to && to !== node && to.privateIp
        ? { host: to.privateIp }
        : { skip: 'needs two nodes with known IPs' };
    }
    case 'node-nc-tunnel-egress':
      return apiserver
        ? { host: apiserver, port: tunnelOf(ctx)?.port ?? 443 }
        : { skip: 'the API server FQDN is unknown' };
    case 'node-nc-apiserver':
      return apiserver ? { host: apiserver } : { skip: 'the API server FQDN is unknown' };
    case 'node-nslookup-apiserver':
      return apiserver ? { name: apiserver } : { skip: 'the API server FQDN is unknown' };
    case 'node-nslookup-cluster':
      return inv.network.dnsServiceIp
        ? { server: inv.network.dnsServiceIp }
        : { skip: 'the cluster DNS service IP is unknown' };
    case 'node-nslookup-external':
      return { name: REQUIRED_NAME, server: inv.vnetDnsServers[0] ?? AZURE_DNS };
    case 'node-curl-endpoint': {
      const host = publicIp(ctx.entities);
      const port = ctx.entities.ports[0];
      return host && port
        ? { scheme: 'telnet', host, port }
        : { skip: 'the failing endpoint: paste the error that names it' };
    }
    case 'node-kube-proxy-rules': {
      const ref = workloadRef(ctx);
      const svc = ctx.kube?.services.find(
        (s) => s.name === ref['service'] && (!ref['namespace'] || s.namespace === ref['namespace']),
      );
      const port = svc?.ports[0]?.port;
      return svc?.clusterIP && svc.clusterIP !== 'None' && port
        ? { clusterIp: svc.clusterIP, port }
        : { skip: "needs the Service's cluster IP: name the Service, with the Kubernetes API readable" };
    }
    default:
      return {};
  }
}

/** Parameters a cause fixes for a check (a policy's direction, say); the first cause to name one wins. */
function causeParamsOf(causes: Cause[], check: CheckId): CheckParams {
  return causes.find((c) => c.checks.includes(check) && c.checkParams?.[check])?.checkParams?.[check] ?? {};
}

export function planChecks(symptom: Symptom, ctx: PlanContext): Plan {
  const checks = [...new Set(symptom.causes.flatMap((c) => c.checks))];
  const { nodes, named } = chooseNodes(ctx);
  const plan: Plan = {
    requests: [],
    skipped: [],
    nodes: { checked: nodes.length, total: ctx.inventory.nodes.length, named },
  };
  for (const check of checks) {
    // Follow-ups are judged from the first round's findings, not planned.
    if ('after' in CHECKS[check]) continue;
    const kind = CHECKS[check].target;
    if (kind === 'cluster' && !ctx.kube) {
      plan.skipped.push({
        check,
        reason: ctx.kubeUnavailable ?? 'the Kubernetes API is not readable in this run',
      });
      continue;
    }
    if (kind !== 'node') {
      const params = onceParams(check, ctx, causeParamsOf(symptom.causes, check));
      if ('skip' in params) plan.skipped.push({ check, reason: String(params.skip) });
      else plan.requests.push({ check, target: { kind }, params });
      continue;
    }
    for (const node of nodes) {
      const params = nodeParams(check, ctx, node, nodes);
      if ('skip' in params) {
        plan.skipped.push({ check, reason: String(params.skip) });
        break;
      }
      plan.requests.push({ check, target: target(ctx.inventory, node), params });
    }
  }
  return plan;
}
