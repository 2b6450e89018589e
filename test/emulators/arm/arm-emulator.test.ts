/**
 * The ARM emulator driven by the REAL Azure SDK clients (modular @azure/arm-compute 25,
 * @azure/arm-containerservice 25, @azure/arm-network 39) over HTTPS with a test CA.
 * No fixed sleeps: tests wait on the emulator's request/operation events and on SDK promises.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import { afterEach, describe, expect, it } from '@jest/globals';
import { RestError } from '@azure/arm-compute';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import {
  ACTIONS,
  addAzureFirewall,
  addPrivateDnsZone,
  aksCluster,
  createArmClients,
  fakeCredential,
  RUN_COMMAND_CONFLICT_MESSAGE,
  startArmEmulator,
  type AksLab,
  type ArmClients,
  type ArmEmulator,
  type ArmEmulatorOptions,
  type RecordedRequest,
  type ReimageContext,
  type RunCommandContext,
  securityRule,
} from './index.js';
import { Throttle, type ThrottleOptions } from './throttle.js';

const FAST_RETRY = { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 };
const POLL = { updateIntervalInMs: 10 };
const SHELL = (...script: string[]) => ({ commandId: 'RunShellScript', script });

let emu: ArmEmulator | undefined;
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
});

async function setup(
  lab: AksLab = aksCluster(),
  options: ArmEmulatorOptions = {},
): Promise<{ lab: AksLab; emu: ArmEmulator; c: ArmClients }> {
  emu = await startArmEmulator(lab.state, options);
  return { lab, emu, c: createArmClients(emu, lab.subscriptionId, { retryOptions: FAST_RETRY }) };
}

/** A promise plus its resolve, for executors that a test releases. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const isRunPost = (r: { method: string; path: string }) =>
  r.method === 'POST' && /\/runCommand$/i.test(r.path);

/** A run-command POST sent by hand, to see the answer's status and headers as they came. */
function postRunCommand(
  e: ArmEmulator,
  subscription: string,
  instanceId: string,
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const path = `/subscriptions/${subscription}/resourceGroups/MC_rg-lab_aks-lab_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/${instanceId}/runCommand?api-version=2024-07-01`;
  return new Promise((resolve, reject) => {
    const req = request(
      `${e.endpoint}${path}`,
      {
        method: 'POST',
        ca: e.caPem,
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ commandId: 'RunShellScript', script: ['true'] }));
  });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('TLS', () => {
  it('serves HTTPS that a client trusts only with the test CA', async () => {
    const { lab, emu, c } = await setup();
    // Production shape: endpoint + tlsOptions.ca. Without the CA the handshake fails.
    const untrusted = new ContainerServiceClient(fakeCredential, lab.subscriptionId, {
      endpoint: emu.endpoint,
      retryOptions: { maxRetries: 0 },
    });
    await expect(untrusted.managedClusters.get('rg-lab', 'aks-lab')).rejects.toThrow(/certificate/i);
    await expect(c.containers.managedClusters.get('rg-lab', 'aks-lab')).resolves.toMatchObject({
      name: 'aks-lab',
    });
    expect(emu.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('managed clusters', () => {
  it('lists and gets clusters with the SDK flattened fields', async () => {
    const lab = aksCluster({
      privateCluster: true,
      authorizedIPRanges: ['198.51.100.0/24'],
      allocatedOutboundPorts: 1024,
    });
    const { c } = await setup(lab);

    const all = await collect(c.containers.managedClusters.list());
    const inRg = await collect(c.containers.managedClusters.listByResourceGroup('rg-lab'));
    expect(all.map((m) => m.name)).toEqual(['aks-lab']);
    expect(inRg.map((m) => m.id)).toEqual([lab.managedCluster.cluster.id]);

    // ARM paths are case-insensitive.
    const mc = await c.containers.managedClusters.get('RG-LAB', 'AKS-LAB');
    expect(mc.fqdn).toBe('aks-lab-dns-a1b2c3d4.hcp.eastus.azmk8s.io');
    expect(mc.privateFqdn).toMatch(/\.privatelink\.eastus\.azmk8s\.io$/);
    expect(mc.nodeResourceGroup).toBe('MC_rg-lab_aks-lab_eastus');
    expect(mc.enableRbac).toBe(true);
    expect(mc.apiServerAccessProfile?.authorizedIPRanges).toEqual(['198.51.100.0/24']);
    expect(mc.apiServerAccessProfile?.enablePrivateCluster).toBe(true);
    expect(mc.networkProfile).toMatchObject({
      networkPlugin: 'azure',
      networkPluginMode: 'overlay',
      outboundType: 'loadBalancer',
      serviceCidr: '10.0.0.0/16',
      dnsServiceIP: '10.0.0.10',
    });
    expect(mc.networkProfile?.loadBalancerProfile?.allocatedOutboundPorts).toBe(1024);
    expect(mc.networkProfile?.loadBalancerProfile?.effectiveOutboundIPs?.[0]?.id).toBe(lab.publicIp.id);
    expect(mc.agentPoolProfiles?.[0]).toMatchObject({
      name: 'nodepool1',
      count: 3,
      osType: 'Linux',
      mode: 'System',
    });
  });

  it('answers 404 ResourceNotFound for an unknown cluster', async () => {
    const { c } = await setup();
    const err = await c.containers.managedClusters.get('rg-lab', 'nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestError);
    expect(err).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('returns the kubeconfig a test supplies', async () => {
    const lab = aksCluster();
    lab.managedCluster.userKubeconfig = 'apiVersion: v1\nkind: Config\n# from the test\n';
    const { c } = await setup(lab);
    const creds = await c.containers.managedClusters.listClusterUserCredentials('rg-lab', 'aks-lab');
    const value = creds.kubeconfigs?.[0]?.value;
    expect(value).toBeDefined();
    expect(Buffer.from(value!).toString('utf8')).toBe(lab.managedCluster.userKubeconfig);
  });

  it('applies an authorized-IP-range fix sent as a PUT of the cluster', async () => {
    const lab = aksCluster({ authorizedIPRanges: ['198.51.100.0/24'] });
    const { c, emu } = await setup(lab);
    const mc = await c.containers.managedClusters.get('rg-lab', 'aks-lab');
    mc.apiServerAccessProfile!.authorizedIPRanges = [
      ...mc.apiServerAccessProfile!.authorizedIPRanges!,
      '203.0.113.7/32',
    ];
    const updated = await c.containers.managedClusters.createOrUpdate('rg-lab', 'aks-lab', mc, POLL);
    expect(updated.apiServerAccessProfile?.authorizedIPRanges).toEqual(['198.51.100.0/24', '203.0.113.7/32']);
    expect(lab.managedCluster.cluster.properties.apiServerAccessProfile?.authorizedIPRanges).toContain(
      '203.0.113.7/32',
    );
    expect(emu.requests.find((r) => r.method === 'PUT')).toMatchObject({
      path: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-lab/providers/Microsoft.ContainerService/managedClusters/aks-lab',
      status: 200,
    });
  });

  it('runs command invoke as an LRO and reports exitCode and logs, also for a failed command', async () => {
    const seen: string[] = [];
    const { c } = await setup(aksCluster(), {
      commandInvokeExecutor: async (ctx) => {
        seen.push(ctx.command);
        return ctx.command.includes('forbidden')
          ? {
              exitCode: 1,
              logs: 'Error from server (Forbidden)\n',
              provisioningState: 'Failed',
              reason: 'CommandFailed',
            }
          : { exitCode: 0, logs: 'NAME STATUS\naks-nodepool1-12345678-vmss000000 Ready\n' };
      },
    });
    const ok = await c.containers.managedClusters.runCommand(
      'rg-lab',
      'aks-lab',
      { command: 'kubectl get nodes' },
      POLL,
    );
    expect(ok).toMatchObject({ provisioningState: 'Succeeded', exitCode: 0 });
    expect(ok.logs).toContain('vmss000000 Ready');
    const bad = await c.containers.managedClusters.runCommand(
      'rg-lab',
      'aks-lab',
      { command: 'kubectl get forbidden' },
      POLL,
    );
    expect(bad).toMatchObject({ provisioningState: 'Failed', exitCode: 1, reason: 'CommandFailed' });
    expect(seen).toEqual(['kubectl get nodes', 'kubectl get forbidden']);
  });
});

describe('compute and network reads', () => {
  it('lists the VMSS, its instances with node names, and their NIC private IPs', async () => {
    const { lab, c } = await setup();
    const rg = lab.nodeResourceGroup;
    const scaleSets = await collect(c.compute.virtualMachineScaleSets.list(rg));
    expect(scaleSets.map((s) => [s.name, s.tags?.['aks-managed-poolName']])).toEqual([
      ['aks-nodepool1-12345678-vmss', 'nodepool1'],
    ]);

    const vms = await collect(c.compute.virtualMachineScaleSetVMs.list(rg, lab.vmssName));
    expect(vms.map((v) => [v.instanceId, v.osProfile?.computerName])).toEqual([
      ['0', 'aks-nodepool1-12345678-vmss000000'],
      ['1', 'aks-nodepool1-12345678-vmss000001'],
      ['2', 'aks-nodepool1-12345678-vmss000002'],
    ]);
    const vm1 = await c.compute.virtualMachineScaleSetVMs.get(rg, lab.vmssName, '1');
    expect(vm1.networkProfile?.networkInterfaces?.[0]?.id).toBe(lab.vmss.instances[1]!.nics[0]!.id);

    const nics = await collect(
      c.network.networkInterfaces.listVirtualMachineScaleSetVMNetworkInterfaces(rg, lab.vmssName, '2'),
    );
    expect(nics).toHaveLength(1);
    expect(nics[0]!.ipConfigurations?.[0]?.privateIPAddress).toBe('10.224.0.6');
    expect(nics[0]!.ipConfigurations?.[0]?.subnet?.id).toBe(lab.subnetId);
    expect(nics[0]!.networkSecurityGroup?.id).toBe(lab.nsg.id);

    const all = await collect(
      c.network.networkInterfaces.listVirtualMachineScaleSetNetworkInterfaces(rg, lab.vmssName),
    );
    expect(all.map((n) => n.ipConfigurations?.[0]?.privateIPAddress)).toEqual([
      '10.224.0.4',
      '10.224.0.5',
      '10.224.0.6',
    ]);
  });

  it('follows subnet to NSG and reads rules with Azure defaults', async () => {
    const { lab, c } = await setup();
    const rg = lab.nodeResourceGroup;
    const subnet = await c.network.subnets.get(rg, lab.vnetName, 'AKS-SUBNET');
    expect(subnet.addressPrefix).toBe('10.224.0.0/16');
    expect(subnet.networkSecurityGroup?.id).toBe(lab.nsg.id);

    const nsgName = subnet.networkSecurityGroup!.id!.split('/').at(-1)!;
    const nsg = await c.network.networkSecurityGroups.get(rg, nsgName);
    expect(nsg.name).toBe('aks-agentpool-12345678-nsg');
    expect(nsg.securityRules).toEqual([]);
    expect(nsg.defaultSecurityRules?.map((r) => [r.name, r.priority, r.direction, r.access])).toEqual([
      ['AllowVnetInBound', 65000, 'Inbound', 'Allow'],
      ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow'],
      ['DenyAllInBound', 65500, 'Inbound', 'Deny'],
      ['AllowVnetOutBound', 65000, 'Outbound', 'Allow'],
      ['AllowInternetOutBound', 65001, 'Outbound', 'Allow'],
      ['DenyAllOutBound', 65500, 'Outbound', 'Deny'],
    ]);
    expect((await collect(c.network.networkSecurityGroups.list(rg))).map((n) => n.name)).toEqual([nsgName]);
  });

  it('creates a security rule through PUT and rejects a clashing priority', async () => {
    const { lab, c } = await setup();
    const rg = lab.nodeResourceGroup;
    lab.nsg.properties.securityRules.push(securityRule('deny-10250', 'Inbound', 'Deny', 200, '10250'));
    const rule = {
      protocol: 'Tcp' as const,
      sourcePortRange: '*',
      destinationPortRange: '10250',
      sourceAddressPrefix: 'AzureCloud',
      destinationAddressPrefix: '*',
      access: 'Allow' as const,
      priority: 150,
      direction: 'Inbound' as const,
    };
    const created = await c.network.securityRules.createOrUpdate(rg, lab.nsgName, 'allow-10250', rule, POLL);
    expect(created).toMatchObject({
      name: 'allow-10250',
      priority: 150,
      access: 'Allow',
      provisioningState: 'Succeeded',
    });
    const rules = await collect(c.network.securityRules.list(rg, lab.nsgName));
    expect(rules.map((r) => [r.name, r.priority, r.destinationPortRange])).toEqual([
      ['deny-10250', 200, '10250'],
      ['allow-10250', 150, '10250'],
    ]);

    const clash = await c.network.securityRules
      .createOrUpdate(rg, lab.nsgName, 'other', { ...rule, priority: 200 }, POLL)
      .catch((e: unknown) => e);
    expect(clash).toMatchObject({ statusCode: 400, code: 'SecurityRuleConflict' });
  });

  it('serves the outbound load balancer, its public IP, and the kubenet route table', async () => {
    const { lab, c } = await setup(aksCluster({ networkPlugin: 'kubenet' }));
    const rg = lab.nodeResourceGroup;
    const lb = await c.network.loadBalancers.get(rg, 'kubernetes');
    expect(lb.outboundRules?.map((r) => [r.name, r.allocatedOutboundPorts])).toEqual([
      ['aksOutboundRule', 0],
    ]);
    const pipName = lb.frontendIPConfigurations![0]!.publicIPAddress!.id!.split('/').at(-1)!;
    expect((await c.network.publicIPAddresses.get(rg, pipName)).ipAddress).toBe('203.0.113.10');

    const subnet = await c.network.subnets.get(rg, lab.vnetName, lab.subnetName);
    const rtName = subnet.routeTable!.id!.split('/').at(-1)!;
    const rt = await c.network.routeTables.get(rg, rtName);
    expect(rt.routes?.map((r) => [r.addressPrefix, r.nextHopIpAddress])).toEqual([
      ['10.244.0.0/24', '10.224.0.4'],
      ['10.244.1.0/24', '10.224.0.5'],
      ['10.244.2.0/24', '10.224.0.6'],
    ]);
  });

  it('puts a BYO subnet in the cluster RG with vnetSubnetID and no subnet NSG', async () => {
    const { lab, c } = await setup(aksCluster({ byoVnet: true }));
    const mc = await c.containers.managedClusters.get('rg-lab', 'aks-lab');
    expect(mc.agentPoolProfiles?.[0]?.vnetSubnetID).toBe(lab.subnetId);
    const subnet = await c.network.subnets.get('rg-lab', 'vnet-lab', 'snet-aks');
    expect(subnet.networkSecurityGroup).toBeUndefined();
  });
});

describe('VMSS VM run command', () => {
  const rg = 'MC_rg-lab_aks-lab_eastus';
  const vmss = 'aks-nodepool1-12345678-vmss';

  it('returns the executor output in the run-command envelope, polling on the emulator URL', async () => {
    const calls: RunCommandContext[] = [];
    const { c, emu } = await setup(aksCluster(), {
      runCommandExecutor: async (ctx) => {
        calls.push(ctx);
        return { stdout: 'tcp 10250 open\n', stderr: 'warning: x\n' };
      },
    });
    const result = await c.compute.virtualMachineScaleSetVMs.runCommand(
      rg,
      vmss,
      '1',
      SHELL('nc -vz 10.224.0.5 10250'),
      POLL,
    );
    expect(result.value).toEqual([
      expect.objectContaining({
        code: 'ProvisioningState/succeeded',
        level: 'Info',
        displayStatus: 'Provisioning succeeded',
        message: 'Enable succeeded: \n[stdout]\ntcp 10250 open\n\n[stderr]\nwarning: x\n',
      }),
    ]);
    expect(calls).toEqual([
      expect.objectContaining({
        subscription: '11111111-2222-3333-4444-555555555555',
        resourceGroup: rg,
        vmss,
        instanceId: '1',
        computerName: 'aks-nodepool1-12345678-vmss000001',
        script: ['nc -vz 10.224.0.5 10250'],
      }),
    ]);
    const post = emu.requests.find(isRunPost)!;
    expect(post).toMatchObject({ method: 'POST', status: 202 });
    const polls = emu.requests.filter((r) => /\/operations\//.test(r.path));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.at(-1)!.query).toContain('monitor=true');
    expect(polls.every((r) => r.status === 200 || r.status === 202)).toBe(true);
  });

  it('keeps only the last 4,096 bytes of each stream', async () => {
    const long =
      Array.from({ length: 600 }, (_, i) => `line ${String(i).padStart(4, '0')}`).join('\n') + '\n';
    const { c } = await setup(aksCluster(), {
      runCommandExecutor: async () => ({ stdout: long, stderr: 'e'.repeat(5000) }),
    });
    const result = await c.compute.virtualMachineScaleSetVMs.runCommand(
      rg,
      vmss,
      '0',
      SHELL('iptables -L'),
      POLL,
    );
    const message = result.value![0]!.message!;
    const stdout = message.slice('Enable succeeded: \n[stdout]\n'.length, message.indexOf('\n[stderr]\n'));
    const stderr = message.slice(message.indexOf('\n[stderr]\n') + '\n[stderr]\n'.length);
    expect(Buffer.byteLength(stdout)).toBe(4096);
    expect(long.endsWith(stdout)).toBe(true);
    expect(stdout).not.toContain('line 0000');
    expect(stderr).toBe('e'.repeat(4096));
  });

  it('answers 409 Conflict to a second run on a busy VM', async () => {
    const release = deferred();
    const { c, emu } = await setup(aksCluster(), {
      runCommandExecutor: async () => {
        await release.promise;
        return { stdout: 'first\n', stderr: '' };
      },
    });
    const first = c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, '0', SHELL('sleep 30'), POLL);
    await emu.waitForOperation('started', (op) => op.vm?.instanceId === '0');

    const second = await c.compute.virtualMachineScaleSetVMs
      .runCommand(rg, vmss, '0', SHELL('true'), POLL)
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(second).toBeInstanceOf(RestError);
    expect(second).toMatchObject({
      statusCode: 409,
      code: 'Conflict',
      message: RUN_COMMAND_CONFLICT_MESSAGE,
    });
    expect(emu.requests.filter(isRunPost).map((r) => r.status)).toEqual([202, 409]);

    release.resolve();
    expect((await first).value?.[0]?.message).toContain('first');
  });

  it('runs on two VMs at the same time', async () => {
    const bothStarted = deferred();
    let started = 0;
    const { c } = await setup(aksCluster(), {
      runCommandExecutor: async (ctx) => {
        if (++started === 2) bothStarted.resolve();
        // Each run finishes only once the other has started: serialised runs would never finish.
        await bothStarted.promise;
        return { stdout: `${ctx.computerName}\n`, stderr: '' };
      },
    });
    const [a, b] = await Promise.all([
      c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, '0', SHELL('hostname'), POLL),
      c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, '2', SHELL('hostname'), POLL),
    ]);
    expect(a.value?.[0]?.message).toContain('aks-nodepool1-12345678-vmss000000');
    expect(b.value?.[0]?.message).toContain('aks-nodepool1-12345678-vmss000002');
  });

  it('is retried by the SDK after a 429 with Retry-After: 1', async () => {
    const { c, emu } = await setup();
    emu.throttleNext(1, { retryAfterSeconds: 1, match: isRunPost });
    const result = await c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, '0', SHELL('true'), POLL);
    expect(result.value?.[0]?.code).toBe('ProvisioningState/succeeded');
    expect(emu.requests.filter(isRunPost).map((r) => r.status)).toEqual([429, 202]);
  });

  it('throttles run-command POSTs above the per-subscription rate with the Compute body', async () => {
    const { c, emu } = await setup(aksCluster(), {
      throttle: { runCommandsPerSecond: 1, retryAfterSeconds: 1 },
    });
    const noRetry = createArmClients(emu, '11111111-2222-3333-4444-555555555555', {
      retryOptions: { maxRetries: 0 },
    });
    await c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, '0', SHELL('true'), POLL);
    const err = await noRetry.compute.virtualMachineScaleSetVMs
      .runCommand(rg, vmss, '1', SHELL('true'), POLL)
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 429, code: 'OperationNotAllowed' });
    expect((err as RestError).response?.headers.get('retry-after')).toBe('1');
    // Reads are not run commands: not throttled.
    await expect(c.compute.virtualMachineScaleSetVMs.get(rg, vmss, '1')).resolves.toMatchObject({
      instanceId: '1',
    });
  });

  it("throttles writes with ARM's token bucket: a burst of its size passes, then 429 until a token refills", async () => {
    const { lab, c, emu } = await setup(aksCluster(), {
      // A refill so slow that no token comes back during the test: the next one is 100 s away.
      throttle: { writeBucket: { capacity: 3, refillPerSecond: 0.01 } },
    });
    const noRetry = createArmClients(emu, lab.subscriptionId, { retryOptions: { maxRetries: 0 } });
    for (const i of ['0', '1', '2'])
      await c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, i, SHELL('true'), POLL);
    // Any write takes a token, not only run commands: a security rule PUT finds the bucket empty.
    const err = await noRetry.network.securityRules
      .createOrUpdate(
        rg,
        lab.nsgName,
        'allow-10250',
        { protocol: 'Tcp', access: 'Allow', priority: 150, direction: 'Inbound' },
        POLL,
      )
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 429 });
    expect((err as RestError).response?.headers.get('retry-after')).toBe('100');
    const writes = emu.requests.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.status)).toEqual([202, 202, 202, 429]);
    // Reads have a bucket of their own in ARM: still answered.
    await expect(c.compute.virtualMachineScaleSetVMs.get(rg, vmss, '1')).resolves.toMatchObject({
      instanceId: '1',
    });
  });

  it('counts the writes left in the bucket down on each answer, as ARM does', async () => {
    const { lab, emu } = await setup(aksCluster(), {
      throttle: { writeBucket: { capacity: 2, refillPerSecond: 0.01 } },
    });
    const answers = [];
    for (const i of ['0', '1', '2']) answers.push(await postRunCommand(emu, lab.subscriptionId, i));
    expect(answers.map((a) => [a.status, a.headers['x-ms-ratelimit-remaining-subscription-writes']])).toEqual(
      [
        [202, '1'],
        [202, '0'],
        [429, '0'],
      ],
    );
  });

  it('does not wait out Retry-After: 1200 when the caller passes an abort signal', async () => {
    const { c, emu } = await setup();
    emu.throttleNext(1, { retryAfterSeconds: 1200, match: isRunPost });
    const controller = new AbortController();
    void emu.waitForRequest((r) => r.status === 429).then(() => controller.abort());
    const err = await c.compute.virtualMachineScaleSetVMs
      .runCommand(rg, vmss, '0', SHELL('true'), {
        ...POLL,
        abortSignal: AbortSignal.any([controller.signal, AbortSignal.timeout(2000)]),
      })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AbortError' });
    expect(emu.requests.filter(isRunPost).map((r) => r.status)).toEqual([429]);
  });

  it('never reports back from a never-answer instance; an abort signal ends the wait', async () => {
    const ran = deferred();
    const { c, emu } = await setup(aksCluster(), {
      neverAnswer: [{ vmss, instanceId: '2' }],
      runCommandExecutor: async () => {
        ran.resolve();
        return { stdout: 'lost\n', stderr: '' };
      },
    });
    const controller = new AbortController();
    // Abort once the SDK has polled again after the script ran on the node and still saw InProgress.
    void ran.promise
      .then(() => {
        const after = emu.requests.length;
        return emu.waitForRequest((r) => r.seq >= after && /\/operations\//.test(r.path));
      })
      .then(() => controller.abort());
    const err = await c.compute.virtualMachineScaleSetVMs
      .runCommand(rg, vmss, '2', SHELL('curl https://mcr.microsoft.com'), {
        ...POLL,
        abortSignal: controller.signal,
      })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'AbortError' });
    expect(emu.operations.find((op) => op.vm?.instanceId === '2')?.status).toBe('InProgress');
    // The VM stays busy: the next run is refused, as on a node whose run never returned.
    await expect(
      c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, '2', SHELL('true'), POLL),
    ).rejects.toMatchObject({
      statusCode: 409,
    });
  });
});

describe('VMSS reimage', () => {
  const rg = 'MC_rg-lab_aks-lab_eastus';
  const vmss = 'aks-nodepool1-12345678-vmss';
  const isReimage = (r: { method: string; path: string }) =>
    r.method === 'POST' && /\/reimage$/i.test(r.path);

  it('is a long-running write: the VM is Updating and busy until the node is back, then Succeeded', async () => {
    const release = deferred();
    const calls: ReimageContext[] = [];
    const { c, emu } = await setup(aksCluster(), {
      reimageExecutor: async (ctx) => {
        calls.push(ctx);
        await release.promise;
      },
    });
    const writes: RecordedRequest[] = [];
    emu.onWrite((r) => writes.push(r));
    // A run command is an action, not a write: the lab must not re-sync for it.
    await c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, '1', SHELL('true'), POLL);

    const done = c.compute.virtualMachineScaleSetVMs.beginReimageAndWait(rg, vmss, '1', POLL);
    await emu.waitForRequest(isReimage);
    expect((await c.compute.virtualMachineScaleSetVMs.get(rg, vmss, '1')).provisioningState).toBe('Updating');
    const during = await c.compute.virtualMachineScaleSetVMs.getInstanceView(rg, vmss, '1');
    expect(during.statuses?.map((s) => s.code)).toEqual([
      'ProvisioningState/updating',
      'PowerState/starting',
    ]);
    // Nothing else may run on the instance while it is being reimaged.
    await expect(
      c.compute.virtualMachineScaleSetVMs.runCommand(rg, vmss, '1', SHELL('true'), POLL),
    ).rejects.toMatchObject({ statusCode: 409, code: 'Conflict' });
    expect(writes).toEqual([]);

    release.resolve();
    await done;
    expect(calls).toEqual([
      {
        subscription: '11111111-2222-3333-4444-555555555555',
        resourceGroup: rg,
        vmss,
        instanceId: '1',
        computerName: 'aks-nodepool1-12345678-vmss000001',
      },
    ]);
    expect((await c.compute.virtualMachineScaleSetVMs.get(rg, vmss, '1')).provisioningState).toBe(
      'Succeeded',
    );
    const after = await c.compute.virtualMachineScaleSetVMs.getInstanceView(rg, vmss, '1');
    expect(after.statuses?.map((s) => s.code)).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    // Reported once, when the operation succeeded, with the POST that started it.
    expect(writes).toEqual([expect.objectContaining({ method: 'POST', status: 202 })]);
    expect(writes[0]!.path).toMatch(/\/virtualMachines\/1\/reimage$/);
    // Polled on the Compute operation URL, like a run command.
    expect(emu.requests.some((r) => /\/operations\//.test(r.path) && r.query.includes('monitor=true'))).toBe(
      true,
    );
  });

  it('reimages the instances a scale-set reimage names, and refuses an unknown instance id', async () => {
    const calls: string[] = [];
    const { c } = await setup(aksCluster({ nodeCount: 3 }), {
      reimageExecutor: async (ctx) => {
        calls.push(ctx.computerName);
      },
    });
    await c.compute.virtualMachineScaleSets.reimage(rg, vmss, {
      vmScaleSetReimageInput: { instanceIds: ['0', '2'] },
      ...POLL,
    });
    expect(calls.sort()).toEqual(['aks-nodepool1-12345678-vmss000000', 'aks-nodepool1-12345678-vmss000002']);
    await expect(
      c.compute.virtualMachineScaleSets.reimage(rg, vmss, {
        vmScaleSetReimageInput: { instanceIds: ['7'] },
        ...POLL,
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it('fails the operation when the instance does not come back, and reports no write', async () => {
    const { c, emu } = await setup(aksCluster(), {
      reimageExecutor: async () => {
        throw new Error('disk attach timed out');
      },
    });
    const writes: RecordedRequest[] = [];
    emu.onWrite((r) => writes.push(r));
    await expect(c.compute.virtualMachineScaleSetVMs.reimage(rg, vmss, '0', POLL)).rejects.toThrow(
      /disk attach timed out/,
    );
    expect((await c.compute.virtualMachineScaleSetVMs.get(rg, vmss, '0')).provisioningState).toBe('Failed');
    expect(writes).toEqual([]);
  });

  it('answers 403 AuthorizationFailed to a caller without the reimage action, and leaves the VM alone', async () => {
    const calls: ReimageContext[] = [];
    const { c, emu } = await setup(aksCluster(), {
      reimageExecutor: async (ctx) => {
        calls.push(ctx);
      },
    });
    emu.deny(ACTIONS.reimageVmssVm, isReimage);
    const err = await c.compute.virtualMachineScaleSetVMs
      .beginReimageAndWait(rg, vmss, '1', POLL)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestError);
    expect(err).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect((err as Error).message).toContain(ACTIONS.reimageVmssVm);
    expect(calls).toEqual([]);
    expect((await c.compute.virtualMachineScaleSetVMs.get(rg, vmss, '1')).provisioningState).toBe(
      'Succeeded',
    );
  });
});

describe('private DNS zone links', () => {
  const zoneName = 'privatelink.eastus.azmk8s.io';

  async function withZone() {
    const lab = aksCluster({ byoVnet: true });
    const zone = addPrivateDnsZone(lab.state, lab.subscriptionId, 'rg-dns', zoneName);
    return { ...(await setup(lab)), zone };
  }

  it('creates a link as a long-running PUT; the zone then lists it, Completed', async () => {
    const { lab, c, emu, zone } = await withZone();
    const writes: RecordedRequest[] = [];
    emu.onWrite((r) => writes.push(r));
    const link = await c.privateDns.virtualNetworkLinks.createOrUpdate(
      'rg-dns',
      zoneName,
      'aks-dns-link',
      { location: 'global', virtualNetwork: { id: lab.vnet.id! }, registrationEnabled: false },
      POLL,
    );
    expect(link).toMatchObject({
      name: 'aks-dns-link',
      type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      location: 'global',
      virtualNetwork: { id: lab.vnet.id },
      registrationEnabled: false,
      provisioningState: 'Succeeded',
      virtualNetworkLinkState: 'Completed',
    });
    expect(link.id).toBe(`${zone.id}/virtualNetworkLinks/aks-dns-link`);
    // The PUT was answered 202 and polled on the private DNS operation URLs.
    expect(emu.requests.find((r) => r.method === 'PUT')?.status).toBe(202);
    expect(emu.requests.some((r) => /privateDnsOperationStatuses/i.test(r.path))).toBe(true);
    // Heard twice: when accepted (link InProgress) and when it completed.
    expect(writes.map((w) => w.method)).toEqual(['PUT', 'PUT']);

    await expect(c.privateDns.virtualNetworkLinks.get('rg-dns', zoneName, 'aks-dns-link')).resolves.toEqual(
      link,
    );
    expect(await collect(c.privateDns.virtualNetworkLinks.list('rg-dns', zoneName))).toEqual([link]);
    expect(await c.privateDns.privateZones.get('rg-dns', zoneName)).toMatchObject({
      name: zoneName,
      numberOfVirtualNetworkLinks: 1,
    });
    // The deprecated begin*AndWait form works the same (an update of the same link).
    await expect(
      c.privateDns.virtualNetworkLinks.beginCreateOrUpdateAndWait(
        'rg-dns',
        zoneName,
        'aks-dns-link',
        { location: 'global', virtualNetwork: { id: lab.vnet.id! }, registrationEnabled: false },
        POLL,
      ),
    ).resolves.toMatchObject({ virtualNetworkLinkState: 'Completed' });
    expect(Object.keys(zone.zone.virtualNetworkLinks)).toEqual(['aks-dns-link']);
  });

  it('refuses a link to a VNet that does not exist, and a zone that does not exist', async () => {
    const { lab, c, zone } = await withZone();
    const missingVnet = lab.vnet.id!.replace(/vnet-lab$/, 'vnet-gone');
    await expect(
      c.privateDns.virtualNetworkLinks.createOrUpdate(
        'rg-dns',
        zoneName,
        'aks-dns-link',
        { location: 'global', virtualNetwork: { id: missingVnet } },
        POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });
    await expect(
      c.privateDns.virtualNetworkLinks.createOrUpdate(
        'rg-dns',
        'privatelink.westus.azmk8s.io',
        'aks-dns-link',
        { location: 'global', virtualNetwork: { id: lab.vnet.id! } },
        POLL,
      ),
    ).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(
      c.privateDns.virtualNetworkLinks.get('rg-dns', zoneName, 'aks-dns-link'),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(zone.zone.virtualNetworkLinks).toEqual({});
  });

  it('answers 403 AuthorizationFailed to a caller without the link write action', async () => {
    const { lab, c, emu, zone } = await withZone();
    emu.deny(
      ACTIONS.writeVirtualNetworkLink,
      (r) => r.method === 'PUT' && /\/virtualNetworkLinks\//i.test(r.path),
    );
    const err = await c.privateDns.virtualNetworkLinks
      .createOrUpdate(
        'rg-dns',
        zoneName,
        'aks-dns-link',
        { location: 'global', virtualNetwork: { id: lab.vnet.id! } },
        POLL,
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect((err as Error).message).toContain(ACTIONS.writeVirtualNetworkLink);
    expect(zone.zone.virtualNetworkLinks).toEqual({});
  });
});

describe('Azure Firewall (classic rules)', () => {
  // A hub-less setup: the firewall in the VNet's resource group, the node subnet routed to it.
  async function withFirewall() {
    const lab = aksCluster({ byoVnet: true });
    const fw = addAzureFirewall(lab.state, lab.subscriptionId, 'rg-lab', 'fw-lab', {
      location: lab.location,
      privateIp: '10.224.255.4',
      vnetId: lab.vnet.id!,
      networkRuleCollections: [
        {
          name: 'aks-network',
          properties: {
            priority: 100,
            action: { type: 'Allow' },
            rules: [
              {
                name: 'tunnel',
                protocols: ['TCP'],
                sourceAddresses: ['10.224.0.0/16'],
                destinationAddresses: ['192.0.2.10'],
                destinationPorts: ['9000', '1194'],
              },
            ],
          },
        },
      ],
    });
    return { ...(await setup(lab)), fw };
  }

  it('gets and lists the firewall (resource group and subscription) with its private IP and rules', async () => {
    const { c, fw } = await withFirewall();
    const got = await c.network.azureFirewalls.get('rg-lab', 'fw-lab');
    expect(got).toMatchObject({
      id: fw.id,
      name: 'fw-lab',
      type: 'Microsoft.Network/azureFirewalls',
      provisioningState: 'Succeeded',
      sku: { name: 'AZFW_VNet', tier: 'Standard' },
      networkRuleCollections: [
        {
          id: `${fw.id}/networkRuleCollections/aks-network`,
          name: 'aks-network',
          priority: 100,
          action: { type: 'Allow' },
          rules: [
            { name: 'tunnel', destinationAddresses: ['192.0.2.10'], destinationPorts: ['9000', '1194'] },
          ],
        },
      ],
      applicationRuleCollections: [],
    });
    expect(got.ipConfigurations![0]!.privateIPAddress).toBe('10.224.255.4');
    expect((await collect(c.network.azureFirewalls.list('rg-lab'))).map((f) => f.id)).toEqual([fw.id]);
    expect((await collect(c.network.azureFirewalls.listAll())).map((f) => f.id)).toEqual([fw.id]);
    expect(await collect(c.network.azureFirewalls.list('MC_rg-lab_aks-lab_eastus'))).toEqual([]);
    await expect(c.network.azureFirewalls.get('rg-lab', 'fw-gone')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('adds rules by a read-modify-write PUT, a long-running write: Updating until it succeeds', async () => {
    const { c, emu, fw } = await withFirewall();
    const writes: RecordedRequest[] = [];
    emu.onWrite((r) => writes.push(r));
    const current = await c.network.azureFirewalls.get('rg-lab', 'fw-lab');
    const updated = await c.network.azureFirewalls.beginCreateOrUpdateAndWait(
      'rg-lab',
      'fw-lab',
      {
        ...current,
        applicationRuleCollections: [
          ...(current.applicationRuleCollections ?? []),
          {
            name: 'aks-required',
            priority: 100,
            action: { type: 'Allow' },
            rules: [
              {
                name: 'aks-fqdn-tag',
                sourceAddresses: ['10.224.0.0/16'],
                protocols: [{ protocolType: 'Https', port: 443 }],
                fqdnTags: ['AzureKubernetesService'],
              },
            ],
          },
        ],
      },
      POLL,
    );
    expect(updated.provisioningState).toBe('Succeeded');
    expect(updated.applicationRuleCollections).toMatchObject([
      { name: 'aks-required', rules: [{ fqdnTags: ['AzureKubernetesService'] }] },
    ]);
    // The rules already there survived, and Azure kept the address it gave the firewall.
    expect(updated.networkRuleCollections?.map((r) => r.name)).toEqual(['aks-network']);
    expect(updated.ipConfigurations![0]!.privateIPAddress).toBe('10.224.255.4');
    expect(fw.firewall.properties.provisioningState).toBe('Succeeded');
    // Answered 200 (an update) with an Azure-AsyncOperation URL that was polled; heard when accepted and done.
    expect(emu.requests.find((r) => r.method === 'PUT')?.status).toBe(200);
    expect(
      emu.requests.some((r) =>
        /\/providers\/Microsoft\.Network\/locations\/[^/]+\/operations\//i.test(r.path),
      ),
    ).toBe(true);
    expect(writes.map((w) => w.method)).toEqual(['PUT', 'PUT']);
  });

  it('holds the firewall Updating while the operation runs', async () => {
    const { c, emu } = await withFirewall();
    emu.options.runCommandLatencyMs = 300;
    const current = await c.network.azureFirewalls.get('rg-lab', 'fw-lab');
    const poller = c.network.azureFirewalls.createOrUpdate('rg-lab', 'fw-lab', current, POLL);
    await emu.waitForRequest((r) => r.method === 'PUT');
    expect((await c.network.azureFirewalls.get('rg-lab', 'fw-lab')).provisioningState).toBe('Updating');
    await expect(poller).resolves.toMatchObject({ provisioningState: 'Succeeded' });
  });

  it('creates a firewall with a PUT (201) and refuses rules Azure would refuse', async () => {
    const { lab, c, emu } = await withFirewall();
    const created = await c.network.azureFirewalls.beginCreateOrUpdateAndWait(
      'rg-lab',
      'fw-two',
      { location: lab.location, networkRuleCollections: [] },
      POLL,
    );
    expect(created).toMatchObject({ name: 'fw-two', provisioningState: 'Succeeded' });
    expect(emu.requests.find((r) => r.method === 'PUT')?.status).toBe(201);
    const bad = (priority: number, fqdnTags?: string[]) =>
      c.network.azureFirewalls.beginCreateOrUpdateAndWait(
        'rg-lab',
        'fw-two',
        {
          location: lab.location,
          applicationRuleCollections: [
            {
              name: 'x',
              priority,
              action: { type: 'Allow' },
              rules: [
                {
                  name: 'r',
                  sourceAddresses: ['*'],
                  protocols: [{ protocolType: 'Https', port: 443 }],
                  targetFqdns: ['example.com'],
                  ...(fqdnTags ? { fqdnTags } : {}),
                },
              ],
            },
          ],
        },
        POLL,
      );
    await expect(bad(50)).rejects.toMatchObject({ statusCode: 400 });
    await expect(bad(200, ['AzureKubernetesService'])).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      c.network.azureFirewalls.beginCreateOrUpdateAndWait('rg-lab', 'fw-two', {}, POLL),
    ).rejects.toMatchObject({ statusCode: 400, code: 'LocationRequired' });
  });

  it('answers 403 AuthorizationFailed to a caller without the firewall write action, and changes nothing', async () => {
    const { c, emu, fw } = await withFirewall();
    emu.deny(ACTIONS.writeAzureFirewall, (r) => r.method === 'PUT' && /\/azureFirewalls\//i.test(r.path));
    const before = JSON.stringify(fw.firewall);
    const current = await c.network.azureFirewalls.get('rg-lab', 'fw-lab');
    const err = await c.network.azureFirewalls
      .beginCreateOrUpdateAndWait('rg-lab', 'fw-lab', { ...current, networkRuleCollections: [] }, POLL)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestError);
    expect(err).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect((err as Error).message).toContain(ACTIONS.writeAzureFirewall);
    expect(JSON.stringify(fw.firewall)).toBe(before);
  });
});

describe('the write bucket', () => {
  it('refills continuously at its rate up to its size, and a new throttle setting starts full', () => {
    let now = 0;
    let options: ThrottleOptions = { writeBucket: { capacity: 2, refillPerSecond: 4 } };
    const t = new Throttle(
      () => options,
      () => now,
    );
    const write = () => t.admit('sub', 'POST', true).ok;
    expect([write(), write(), write()]).toEqual([true, true, false]);
    now += 250; // one token back
    expect([write(), write()]).toEqual([true, false]);
    now += 10_000; // never more than its size
    expect([write(), write(), write()]).toEqual([true, true, false]);
    expect(t.admit('sub', 'GET', false).ok).toBe(true);
    expect(t.admit('sub', 'DELETE', false).ok).toBe(true);
    options = { writeBucket: { capacity: 2, refillPerSecond: 4 } };
    expect([write(), write(), write()]).toEqual([true, true, false]);
  });
});
