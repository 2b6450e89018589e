/**
 * Azure's own evidence read with the real SDK clients from the ARM emulator: Network Watcher's NSG diagnostics
 * (a long-running POST, answered from the emulator's NSGs) and the AKS connectivity detectors (not in the SDK:
 * sent through the container service client's pipeline). The emulator's answers are held to the shapes of
 * Azure's published example and of real detector responses (test/fixtures/public/).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAzureClients, type AzureClientFactory } from '../../src/azure/clients.js';
import { categoryNameOf, detectorIdsOf, detectorResultOf } from '../../src/azure/detector-wire.js';
import { readDetectors } from '../../src/azure/detectors.js';
import { readInventory } from '../../src/azure/inventory.js';
import { readNsgDiagnostics } from '../../src/azure/network-watcher.js';
import type { DiagnosedFlow } from '../../src/domain/azure-evidence.js';
import type { ClusterInventory, ClusterRef } from '../../src/domain/inventory.js';
import {
  aksCluster,
  fakeCredential,
  securityRule,
  startArmEmulator,
  type AksLab,
  type ArmEmulator,
} from '../emulators/arm/index.js';
import { REPO_ROOT } from '../support/paths.js';

const PUBLIC = join(REPO_ROOT, 'test/fixtures/public');
const json = (path: string): unknown => JSON.parse(readFileSync(join(PUBLIC, path), 'utf8'));

let emu: ArmEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function setup(
  lab: AksLab,
): Promise<{ f: AzureClientFactory; inv: ClusterInventory; ref: ClusterRef }> {
  emu = await startArmEmulator(lab.state);
  const f = createAzureClients({
    credential: fakeCredential,
    endpoint: emu.endpoint,
    extraCaPem: emu.caPem,
    retryOptions: { maxRetries: 0 },
  });
  const ref = {
    subscription: lab.subscriptionId,
    resourceGroup: lab.resourceGroup,
    name: lab.clusterName,
    location: lab.location,
  };
  return { f, inv: await readInventory(f, ref), ref };
}

const denyKubelet = (lab: AksLab) =>
  lab.nsg.properties.securityRules.push(securityRule('deny-kubelet', 'Inbound', 'Deny', 200, '10250'));

const kubeletFlow = (inv: ClusterInventory, to: number): DiagnosedFlow => ({
  node: inv.nodes[to]!.name,
  direction: 'Inbound',
  source: inv.nodes[0]!.privateIp!,
  destination: inv.nodes[to]!.privateIp!,
  port: 10250,
});

/** Every key path of a JSON value (array items merged), to compare shapes, not values. */
function shape(v: unknown, at = ''): string[] {
  if (Array.isArray(v)) return [...new Set(v.flatMap((x) => shape(x, `${at}[]`)))];
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => [`${at}.${k}`, ...shape(x, `${at}.${k}`)]);
  return [];
}

describe("Network Watcher's NSG diagnostics", () => {
  it("asks about each node's own NIC and reads Azure's verdict and deciding rule", async () => {
    const lab = aksCluster();
    denyKubelet(lab);
    const { f, inv } = await setup(lab);
    const flows = [kubeletFlow(inv, 1), { ...kubeletFlow(inv, 2), port: 443 }];
    const ev = await readNsgDiagnostics(f, inv, flows, { pollMs: 10 });
    expect(ev).toMatchObject({
      available: true,
      watcher: 'NetworkWatcherRG/NetworkWatcher_eastus',
      failures: [],
    });
    if (!ev?.available) throw new Error('unavailable');
    expect(ev.results.map((r) => [r.flow.port, r.access])).toEqual([
      [10250, 'Deny'],
      [443, 'Allow'],
    ]);
    expect(ev.results[0]!.nsgs[0]).toEqual({
      nsg: lab.nsgName,
      resourceGroup: lab.nodeResourceGroup,
      appliedTo: 'subnet',
      rule: 'deny-kubelet',
      action: 'Deny',
    });
    // What went over the wire: the spec's request shape, on the VMSS instance's NIC, one call per NIC.
    const posts = emu!.requests.filter(
      (r) => r.method === 'POST' && /networkConfigurationDiagnostic$/i.test(r.path),
    );
    expect(posts).toHaveLength(2);
    // Asked side by side: find the call for node 1's NIC.
    const bodies = posts.map((p) => p.body as { targetResourceId: string; profiles: unknown[] });
    const body = bodies.find((b) => /\/virtualMachines\/1\//.test(b.targetResourceId))!;
    expect(body.targetResourceId).toMatch(
      /\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/aks-nodepool1-12345678-vmss\/virtualMachines\/1\/networkInterfaces\/[^/]+$/,
    );
    const example = json('azure-specs/NetworkWatcherNetworkConfigurationDiagnostic.json') as {
      parameters: { parameters: { profiles: unknown[] } };
    };
    expect(shape(body.profiles)).toEqual(shape(example.parameters.parameters.profiles));
    expect(body.profiles[0]).toEqual({
      direction: 'Inbound',
      protocol: 'TCP',
      source: inv.nodes[0]!.privateIp,
      destination: inv.nodes[1]!.privateIp,
      destinationPort: '10250',
    });
  });

  it("the emulator answers in the shape of Azure's published example", async () => {
    const lab = aksCluster();
    const { f, inv } = await setup(lab);
    await readNsgDiagnostics(f, inv, [kubeletFlow(inv, 1)], { pollMs: 10 });
    const result = emu!.requests.find((r) => /operationResults/i.test(r.path) && r.status === 200);
    expect(result).toBeDefined();
    const example = json('azure-specs/NetworkWatcherNetworkConfigurationDiagnostic.json') as {
      responses: { '200': { body: unknown } };
    };
    // Replay the result URL to see its body as Azure would send it.
    const res = await fetchJson(`${emu!.endpoint}${result!.path}?${result!.query}`);
    expect(shape(res)).toEqual(shape(example.responses['200'].body));
  });

  it('no Network Watcher in the region, or no right to run it: not available, with the reason', async () => {
    const none = aksCluster({ networkWatcher: false });
    const a = await setup(none);
    expect(await readNsgDiagnostics(a.f, a.inv, [kubeletFlow(a.inv, 1)], { pollMs: 10 })).toEqual({
      available: false,
      reason: expect.stringMatching(
        /^no Network Watcher in eastus \(Azure creates NetworkWatcher_eastus in NetworkWatcherRG/,
      ),
    });
    await emu!.stop();

    const denied = aksCluster();
    const b = await setup(denied);
    emu!.deny('Microsoft.Network/networkWatchers/networkConfigurationDiagnostic/action', (r) =>
      /networkConfigurationDiagnostic$/i.test(r.path),
    );
    const ev = await readNsgDiagnostics(b.f, b.inv, [kubeletFlow(b.inv, 1), kubeletFlow(b.inv, 2)], {
      pollMs: 10,
    });
    expect(ev).toMatchObject({ available: false });
    expect(ev?.available === false && ev.reason).toMatch(
      /^the identity may not run NSG diagnostics \(Microsoft\.Network\/networkWatchers\/networkConfigurationDiagnostic\/action.*AuthorizationFailed/,
    );
  });

  it('asks nothing when no NSG check is planned', async () => {
    const { f, inv } = await setup(aksCluster());
    expect(await readNsgDiagnostics(f, inv, [])).toBeUndefined();
    expect(emu!.requests.filter((r) => /networkWatchers/i.test(r.path))).toEqual([]);
  });
});

async function fetchJson(url: string): Promise<unknown> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: emu!.caPem, headers: { authorization: 'Bearer x' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString('utf8')));
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('AKS connectivity detectors', () => {
  it('reads the real responses Azure sent (vscode-aks-tools samples): the category and its detectors', () => {
    const category = json('aks-detectors/aks-category-connectivity.json');
    expect(categoryNameOf(category)).toBe('Connectivity Issues');
    expect(detectorIdsOf(category)).toHaveLength(18);
    expect(detectorIdsOf(category)).toEqual(expect.arrayContaining(['snat-usage', 'user-defined-routing']));
    expect(detectorResultOf(json('aks-detectors/cluster-subnet.json'), 'x')).toEqual({
      id: 'cluster-subnet',
      name: 'Cluster Subnet',
      level: 'success',
      insights: [],
    });
  });

  it('runs the category and each detector, through the SDK pipeline, and follows the cluster: UDR warns', async () => {
    const lab = aksCluster();
    const { f, ref } = await setup(lab);
    const healthy = await readDetectors(f, ref, { endpoint: emu!.endpoint });
    expect(healthy).toMatchObject({ available: true, categoryName: 'Connectivity Issues', failed: [] });
    if (!healthy.available) throw new Error('unavailable');
    expect(healthy.portalUrl).toContain(
      `/#resource/subscriptions/${lab.subscriptionId}/resourceGroups/${lab.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${lab.clusterName}/aksDiagnostics`,
    );
    expect(healthy.detectors.every((d) => d.level === 'success')).toBe(true);
    // The SDK's bearer token went with it, and the api-version the portal uses.
    const get = emu!.requests.find((r) => /\/detectors\/aks-category-connectivity$/.test(r.path));
    expect(get?.query).toBe('api-version=2024-08-01');

    lab.managedCluster.cluster.properties.networkProfile!.outboundType = 'userDefinedRouting';
    const udr = await readDetectors(f, ref, { endpoint: emu!.endpoint });
    expect(udr.available && udr.detectors.find((d) => d.id === 'user-defined-routing')).toMatchObject({
      level: 'warning',
      insights: [expect.stringMatching(/^Warning: Cluster egress pathway is set to user defined routing/)],
    });
  });

  it("the emulator's responses have the real responses' shape", async () => {
    const lab = aksCluster();
    await setup(lab);
    const base = `${emu!.endpoint}/subscriptions/${lab.subscriptionId}/resourceGroups/${lab.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${lab.clusterName}/detectors`;
    const category = await fetchJson(`${base}/aks-category-connectivity?api-version=2024-08-01`);
    const real = json('aks-detectors/aks-category-connectivity.json');
    expect(shape(category)).toEqual(shape(real));
    const one = await fetchJson(`${base}/cluster-subnet?api-version=2024-08-01`);
    expect(shape(one)).toEqual(shape(json('aks-detectors/cluster-subnet.json')));
  });

  it('a 403 is not available with the permission named; a detector that fails is listed as not run', async () => {
    const lab = aksCluster();
    lab.managedCluster.detectors = { 'snat-usage': undefined };
    const { f, ref } = await setup(lab);
    const partial = await readDetectors(f, ref, { endpoint: emu!.endpoint });
    expect(partial.available && partial.failed).toEqual([expect.stringMatching(/^snat-usage \(HTTP 500/)]);
    emu!.deny('Microsoft.ContainerService/managedClusters/detectors/read', (r) =>
      /\/detectors\//.test(r.path),
    );
    const denied = await readDetectors(f, ref, { endpoint: emu!.endpoint });
    expect(denied).toMatchObject({ available: false, portalUrl: expect.stringContaining('aksDiagnostics') });
    expect(!denied.available && denied.reason).toMatch(
      /^the identity may not read detectors \(Microsoft\.ContainerService\/managedClusters\/detectors\/read\)/,
    );
  });
});
