/**
 * The fault lab in one object: `startLab()` removes what a previous run left, builds the namespaces,
 * starts the stand-ins (kubelet, pods, CoreDNS, DNS servers, API server, internet hosts), the ARM and
 * Kubernetes emulators wired to them (a VMSS run-command really runs the script in the node's namespace)
 * and a managed identity endpoint; `inject`/`clear` change what is wrong; `stop()` leaves nothing behind.
 * The daemon (`aksdiag lab up`) holds one; the end-to-end tests start one in-process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aksCluster, startArmEmulator, type ArmEmulator } from '../../test/emulators/arm/index.js';
import {
  AKSDIAG_USER,
  aksKubeState,
  kubeconfigFor,
  runKubectlScript,
  startKubeEmulator,
  type KubeEmulator,
} from '../../test/emulators/kube/index.js';
import { inAnyCidr } from '../engine/cidr.js';
import { AksdiagError } from '../errors.js';
import { buildFabric, buildNode } from './build.js';
import { dnsServer, startDns } from './dns.js';
import { ALICE_EXEC } from './faults/missing-role-binding.js';
import { findFault, FAULT_IDS, type Fault } from './faults/index.js';
import { startIdentityEndpoint, LAB_TOKEN, type IdentityEndpoint } from './identity.js';
import { startListeners, type Listen } from './listeners.js';
import { cleanupLab } from './cleanup.js';
import { LAB_DIR, runScriptOnNode } from './node-shell.js';
import { preflight } from './preflight.js';
import { run } from './sh.js';
import { resolvConf, syncAll, type LabWorld } from './sync.js';
import { ADDR, KUBELET_PORT, labNodes, MAX_NODES, NS, PUBLIC_PORTS, type LabNode } from './topology.js';

export const LAB_CLUSTER = 'aks-lab';
/** Run-command scripts are killed after this long (Azure's own limit is 90 minutes). */
const SCRIPT_TIMEOUT_MS = 120_000;

export interface LabOptions {
  nodes?: number;
  /** PATH to look for the tools on (the caller's environment). */
  path?: string;
}

export interface ActiveFault {
  id: string;
  node?: string;
  how: string;
}

export interface LabStatus {
  cluster: string;
  resourceGroup: string;
  subscription: string;
  nodes: { name: string; ip: string; podCidr: string }[];
  client: string;
  faults: ActiveFault[];
  /** NSG rules the VNet could not enforce (unknown service tags). */
  notes: string[];
  env: Record<string, string>;
}

export interface Lab {
  readonly world: LabWorld;
  readonly arm: ArmEmulator;
  readonly api: KubeEmulator;
  /** What `aksdiag check` needs: `AKSDIAG_*` and the managed identity endpoint. */
  readonly env: Record<string, string>;
  inject(id: string, opts?: { node?: string }): Promise<ActiveFault>;
  clear(id: string): Promise<void>;
  clearAll(): Promise<void>;
  status(): LabStatus;
  stop(): Promise<void>;
}

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

const podIpsOn = (world: LabWorld, node: LabNode) =>
  world.kube.state.pods
    .filter((p) => p.spec.nodeName === node.name && !p.spec.hostNetwork && p.status.podIP)
    .map((p) => p.status.podIP!);

const corednsIpsOn = (world: LabWorld, node: LabNode) =>
  world.kube.state.pods
    .filter((p) => p.spec.nodeName === node.name && p.metadata.labels?.['k8s-app'] === 'kube-dns')
    .map((p) => p.status.podIP!);

/** The cluster both emulators serve: kubenet (host-local IPAM) with calico policies, a customer VNet. */
function makeWorld(count: number): LabWorld {
  const arm = aksCluster({
    nodeCount: count,
    networkPlugin: 'kubenet',
    byoVnet: true,
    outboundIp: ADDR.outboundIp,
  });
  arm.managedCluster.cluster.properties.networkProfile!.networkPolicy = 'calico';
  // AKS's rule for the LoadBalancer Service shop/web-public, on the NIC NSG (a customer VNet has none on the subnet).
  arm.nsg.properties.securityRules.push({
    name: 'a1b2c3d4e5f6-TCP-80-Internet',
    properties: {
      protocol: 'Tcp',
      sourcePortRange: '*',
      destinationPortRange: '80',
      sourceAddressPrefix: 'Internet',
      destinationAddressPrefix: ADDR.lbFrontend,
      access: 'Allow',
      priority: 500,
      direction: 'Inbound',
    },
  });
  const kube = aksKubeState({ lab: arm });
  kube.state.auth.tokens[LAB_TOKEN] = { user: AKSDIAG_USER, groups: ['system:authenticated'] };
  kube.state.auth.access.push(ALICE_EXEC);
  const names = arm.vmss.instances.map((i) => i.vm.properties.osProfile!.computerName);
  return {
    arm,
    kube,
    nodes: labNodes(names),
    local: { firewallDenies: [], privateZoneUnlinked: false, kubeProxyDown: [] },
    azureDns: dnsServer(NS.azureDns, ADDR.azureDns),
  };
}

/** Can this machine (the lab's client, 203.0.113.50) reach the API server? Not when private or not authorized. */
function clientReachesApi(world: LabWorld): boolean {
  const access = world.arm.managedCluster.cluster.properties.apiServerAccessProfile ?? {};
  if (access.enablePrivateCluster) return false;
  const ranges = access.authorizedIPRanges ?? [];
  return ranges.length === 0 || inAnyCidr(ADDR.client, ranges);
}

async function waitListening(ns: string, host: string, port: number): Promise<void> {
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

async function startProcesses(world: LabWorld): Promise<void> {
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

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  preflight(opts.path);
  const count = opts.nodes ?? 3;
  if (!Number.isInteger(count) || count < 2 || count > MAX_NODES) {
    throw new AksdiagError('config-invalid', `--nodes must be 2 to ${MAX_NODES}.`, 'Pick a smaller lab.');
  }
  await cleanupLab();
  mkdirSync(LAB_DIR, { recursive: true });
  const world = makeWorld(count);
  const cleanups: (() => Promise<void>)[] = [];
  try {
    await buildFabric();
    for (const node of world.nodes) await buildNode(node, podIpsOn(world, node), resolvConf(world));
    // The load balancer's backend: node 0 receives the frontend's traffic.
    await run(['ip', '-n', NS.vnet, 'route', 'add', `${ADDR.lbFrontend}/32`, 'via', world.nodes[0]!.ip]);
    await startProcesses(world);
    const notes = await syncAll(world);

    const api = await startKubeEmulator(world.kube.state, { tls: true });
    cleanups.push(() => api.stop());
    api.hang(() => !clientReachesApi(world));
    world.arm.managedCluster.userKubeconfig = kubeconfigFor(api, { token: world.kube.token }, LAB_CLUSTER);
    const arm = await startArmEmulator(world.arm.state, {
      runCommandExecutor: async (ctx) => {
        const node = world.nodes.find((n) => n.name === ctx.computerName);
        if (!node) throw new Error(`no lab node ${ctx.computerName}`);
        const r = await runScriptOnNode(node.name, ctx.script.join('\n'), SCRIPT_TIMEOUT_MS);
        return { stdout: r.stdout, stderr: r.stderr };
      },
      commandInvokeExecutor: async (ctx) => runKubectlScript(world.kube.state, ctx.command),
    });
    cleanups.push(() => arm.stop());
    const identity: IdentityEndpoint = await startIdentityEndpoint();
    cleanups.push(() => identity.stop());
    const caFile = join(LAB_DIR, 'arm-ca.pem');
    writeFileSync(caFile, arm.caPem);
    const env: Record<string, string> = {
      AKSDIAG_SUBSCRIPTIONS: world.arm.subscriptionId,
      AKSDIAG_ARM_ENDPOINT: arm.endpoint,
      AKSDIAG_ARM_CA_FILE: caFile,
      AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.2',
      AKSDIAG_KUBE_TIMEOUT_SECONDS: '3',
      AKSDIAG_NODE_DEADLINE_SECONDS: '120',
      ...identity.env,
    };
    return labHandle(world, arm, api, env, notes, cleanups);
  } catch (err) {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await cleanupLab();
    throw err;
  }
}

function labHandle(
  world: LabWorld,
  arm: ArmEmulator,
  api: KubeEmulator,
  env: Record<string, string>,
  notes: string[],
  cleanups: (() => Promise<void>)[],
): Lab {
  const active = new Map<string, { fault: Fault; node: LabNode }>();
  let syncNotes = notes;
  const lookup = (id: string): Fault => {
    const fault = findFault(id);
    if (!fault) {
      throw new AksdiagError(
        'param-invalid',
        `No lab fault ${id}.`,
        `Known faults: ${FAULT_IDS.join(', ')}.`,
      );
    }
    return fault;
  };
  const pickNode = (name?: string): LabNode => {
    if (name === undefined) return world.nodes[1] ?? world.nodes[0]!;
    const n = world.nodes.find((x) => x.name === name || x.instanceId === name);
    if (!n)
      throw new AksdiagError(
        'param-invalid',
        `No lab node ${name}.`,
        `Nodes: ${world.nodes.map((x) => x.name).join(', ')}.`,
      );
    return n;
  };
  const describe = (id: string, f: Fault, node: LabNode): ActiveFault => ({
    id,
    ...(f.scope === 'node' ? { node: node.name } : {}),
    how: f.how,
  });
  const others = (id: string) => new Set([...active.keys()].filter((k) => k !== id));
  return {
    world,
    arm,
    api,
    env,
    async inject(id, opts = {}) {
      const fault = lookup(id);
      const current = active.get(id);
      if (current) return describe(id, fault, current.node);
      const node = pickNode(opts.node);
      await fault.inject({ world, node, others: others(id) });
      active.set(id, { fault, node });
      syncNotes = await syncAll(world);
      return describe(id, fault, node);
    },
    async clear(id) {
      lookup(id);
      const current = active.get(id);
      if (!current) return;
      await current.fault.clear({ world, node: current.node, others: others(id) });
      active.delete(id);
      syncNotes = await syncAll(world);
    },
    async clearAll() {
      for (const id of [...active.keys()].reverse()) await this.clear(id);
    },
    status: () => ({
      cluster: LAB_CLUSTER,
      resourceGroup: world.arm.resourceGroup,
      subscription: world.arm.subscriptionId,
      nodes: world.nodes.map((n) => ({ name: n.name, ip: n.ip, podCidr: n.podCidr })),
      client: ADDR.client,
      faults: [...active.entries()].map(([id, a]) => describe(id, a.fault, a.node)),
      notes: syncNotes,
      env,
    }),
    async stop() {
      for (const c of cleanups.reverse()) await c().catch(() => {});
      await cleanupLab();
    },
  };
}
