/**
 * The fault lab in one object: `startLab()` removes what a previous run left, builds the namespaces,
 * starts the stand-ins (kubelet, pods, CoreDNS, DNS servers, API server, internet hosts), the ARM and
 * Kubernetes emulators wired to them (a VMSS run-command really runs the script in the node's namespace, a
 * reimage really resets the node) and a managed identity endpoint; `inject`/`clear` change what is wrong;
 * `stop()` leaves nothing behind.
 * The daemon (`aksdiag lab up`) holds one; the end-to-end tests start one in-process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aksCluster, startArmEmulator } from '../../test/emulators/arm/index.js';
import {
  AKSDIAG_USER,
  aksKubeState,
  kubeconfigFor,
  runKubectlScript,
  startKubeEmulator,
} from '../../test/emulators/kube/index.js';
import { inAnyCidr } from '../engine/cidr.js';
import { AksdiagError } from '../errors.js';
import { LAB_CLUSTER, labHandle, type Lab } from './handle.js';
import { buildFabric, buildNode } from './build.js';
import { dnsServer } from './dns.js';
import { ALICE_EXEC } from './faults/missing-role-binding.js';
import { startIdentityEndpoint, LAB_TOKEN, type IdentityEndpoint } from './identity.js';
import { cleanupLab } from './cleanup.js';
import { installNodeImageCheck } from './node-image-check.js';
import { LAB_DIR, runScriptOnNode } from './node-shell.js';
import { preflight } from './preflight.js';
import { reimageNode } from './reimage.js';
import { podIpsOn, startProcesses } from './processes.js';
import { run } from './sh.js';
import { resolvConf, syncAll, type LabWorld } from './sync.js';
import { ADDR, labNodes, MAX_NODES, NS } from './topology.js';

/** Run-command scripts are killed after this long (Azure's own limit is 90 minutes). */
const SCRIPT_TIMEOUT_MS = 120_000;

export interface LabOptions {
  nodes?: number;
  /** PATH to look for the tools on (the caller's environment). */
  path?: string;
}

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
    local: { firewallApplied: null, kubeProxyDown: [] },
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
    const fqdn = world.arm.managedCluster.cluster.properties.fqdn ?? '';
    for (const node of world.nodes) {
      await buildNode(node, podIpsOn(world, node), resolvConf(world));
      installNodeImageCheck(node.name, fqdn);
    }
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
      // The operation succeeds once the node is back; the handle then re-syncs (onWrite).
      reimageExecutor: async (ctx) => {
        const node = world.nodes.find((n) => n.name === ctx.computerName);
        if (!node) throw new Error(`no lab node ${ctx.computerName}`);
        await reimageNode(node);
      },
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

export { LAB_CLUSTER, type ActiveFault, type Lab, type LabStatus } from './handle.js';
