import { NO_ENTITIES as EMPTY } from '../../src/domain/diagnosis.js';
/**
 * "Apply fix" through ARM, the code path the bot takes after a person confirms: a confirmed cause's
 * values → the change (fixActionFor) → made with the real SDK clients against the ARM emulator →
 * the same checks run again and the cause is ruled out.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createAzureClients } from '../../src/azure/clients.js';
import { loadConfig } from '../../src/config.js';
import type { Entities } from '../../src/domain/diagnosis.js';
import { describeFixAction, type FixAction, fixActionFor } from '../../src/engine/fix-action.js';
import { applyFix } from '../../src/run/apply-fix.js';
import { checkCluster, type CheckReport } from '../../src/run/check-cluster.js';
import { SYMPTOMS } from '../../src/symptoms/index.js';
import {
  type AksLab,
  type ArmEmulator,
  aksCluster,
  defaultSecurityRules,
  fakeCredential,
  startArmEmulator,
  securityRule,
} from '../emulators/arm/index.js';
import { tunnelNodes } from '../support/node-answers.js';

const NONE: Entities = EMPTY;

let arm: ArmEmulator | null = null;
afterEach(async () => {
  await arm?.stop();
  arm = null;
});

async function setup(lab: AksLab) {
  arm = await startArmEmulator(lab.state, {
    runCommandExecutor: tunnelNodes(),
  });
  const config = loadConfig({
    AKSDIAG_SUBSCRIPTIONS: lab.subscriptionId,
    AKSDIAG_ARM_ENDPOINT: arm.endpoint,
    AKSDIAG_RUN_COMMAND_POLL_SECONDS: '0.02',
  });
  config.azure = { ...config.azure!, extraCaPem: arm.caPem };
  const azure = createAzureClients({ credential: fakeCredential, ...config.azure });
  const check = (symptom: string, entities: Entities = NONE, clientIp?: string): Promise<CheckReport> =>
    checkCluster(
      {
        cluster: 'aks-lab',
        symptom: SYMPTOMS.find((s) => s.id === symptom)!,
        entities,
        ...(clientIp ? { clientIp } : {}),
      },
      { config, credential: fakeCredential },
    );
  /** The bot's path after a person confirms. */
  const apply = (action: FixAction) => applyFix(action, { azure, credential: fakeCredential, config });
  return { apply, check };
}

const cause = (r: CheckReport, id: string) => r.causes.find((c) => c.id === id)!;

describe('applying a confirmed fix through ARM', () => {
  it('nsg-blocks-10250: an allow rule that beats the deny, then the check passes', async () => {
    const lab = aksCluster();
    lab.nsg.properties.securityRules.push(securityRule('deny-kubelet', 'Inbound', 'Deny', 300, '10250'));
    const { apply, check } = await setup(lab);
    const before = await check('tunnel-10250');
    expect(cause(before, 'nsg-blocks-10250').status).toBe('confirmed');
    const action = fixActionFor('nsg-blocks-10250', cause(before, 'nsg-blocks-10250').values);
    if ('unavailable' in action) throw new Error(action.unavailable);
    expect(describeFixAction(action)).toBe(
      `Add rule allow-kubelet-10250 to NSG ${lab.nsgName} (resource group ${lab.nodeResourceGroup}): allow Inbound Tcp from VirtualNetwork to * port 10250, priority 299`,
    );
    expect(await apply(action)).toContain('allow-kubelet-10250');
    const after = await check('tunnel-10250');
    expect(cause(after, 'nsg-blocks-10250').status).toBe('ruled-out');
  });

  it('subnet-nsg-missing-rule: the rule for the service on the customer subnet NSG', async () => {
    const lab = aksCluster({ byoVnet: true });
    lab.nsg.properties.securityRules.push(
      securityRule('a-web-public-80', 'Inbound', 'Allow', 500, '80', '203.0.113.20'),
    );
    const rg = lab.state.subscriptions[lab.subscriptionId]!.resourceGroups[lab.vnetResourceGroup]!;
    const id = `/subscriptions/${lab.subscriptionId}/resourceGroups/${lab.vnetResourceGroup}/providers/Microsoft.Network/networkSecurityGroups/nsg-snet`;
    rg.networkSecurityGroups = {
      'nsg-snet': {
        location: lab.location,
        properties: { securityRules: [], defaultSecurityRules: defaultSecurityRules(id) },
      },
    };
    lab.subnet.properties.networkSecurityGroup = { id };
    const { apply, check } = await setup(lab);
    const paste = { ...NONE, ips: ['203.0.113.20'], ports: [80] };
    const before = await check('lb-service-timeout', paste);
    expect(cause(before, 'subnet-nsg-missing-rule').status).toBe('confirmed');
    const action = fixActionFor('subnet-nsg-missing-rule', cause(before, 'subnet-nsg-missing-rule').values);
    if ('unavailable' in action) throw new Error(action.unavailable);
    expect(action).toMatchObject({
      nsg: 'nsg-snet',
      rule: { source: 'Internet', destination: '203.0.113.20', port: '80' },
    });
    await apply(action);
    expect(cause(await check('lb-service-timeout', paste), 'subnet-nsg-missing-rule').status).toBe(
      'ruled-out',
    );
  });

  it('client-ip-not-authorized: the client IP added, the existing ranges kept', async () => {
    const lab = aksCluster({ authorizedIPRanges: ['198.51.100.0/24'] });
    const { apply, check } = await setup(lab);
    const before = await check('apiserver-unreachable', NONE, '203.0.113.50');
    expect(cause(before, 'client-ip-not-authorized').status).toBe('confirmed');
    const action = fixActionFor('client-ip-not-authorized', cause(before, 'client-ip-not-authorized').values);
    if ('unavailable' in action) throw new Error(action.unavailable);
    expect(action).toMatchObject({ kind: 'authorize-ip', ranges: ['198.51.100.0/24', '203.0.113.50/32'] });
    await apply(action);
    expect(lab.managedCluster.cluster.properties.apiServerAccessProfile?.authorizedIPRanges).toEqual([
      '198.51.100.0/24',
      '203.0.113.50/32',
    ]);
    expect(
      cause(await check('apiserver-unreachable', NONE, '203.0.113.50'), 'client-ip-not-authorized').status,
    ).toBe('ruled-out');
  });

  it('snat-exhaustion: ports and outbound IPs raised on the cluster, and the load balancer follows', async () => {
    const lab = aksCluster({ allocatedOutboundPorts: 256 });
    const { apply, check } = await setup(lab);
    const before = await check('outbound-egress');
    expect(cause(before, 'snat-exhaustion').status).toBe('confirmed');
    const action = fixActionFor('snat-exhaustion', cause(before, 'snat-exhaustion').values);
    if ('unavailable' in action) throw new Error(action.unavailable);
    expect(describeFixAction(action)).toContain('4000 SNAT ports');
    await apply(action);
    expect(lab.loadBalancer.properties.outboundRules?.[0]?.properties.allocatedOutboundPorts).toBe(4000);
    expect(cause(await check('outbound-egress'), 'snat-exhaustion').status).toBe('ruled-out');
  });

  it('custom-dns-misconfigured: the VNet back on Azure DNS, its subnets untouched', async () => {
    const lab = aksCluster();
    lab.vnet.properties.dhcpOptions = { dnsServers: ['10.9.0.4'] };
    const subnets = JSON.stringify(lab.vnet.properties.subnets);
    const { apply } = await setup(lab);
    const action = fixActionFor('custom-dns-misconfigured', {
      subscription: lab.subscriptionId,
      vnet: lab.vnet.name!,
      vnetResourceGroup: lab.vnetResourceGroup,
    });
    if ('unavailable' in action) throw new Error(action.unavailable);
    await apply(action);
    expect(lab.vnet.properties.dhcpOptions).toBeUndefined();
    expect(JSON.stringify(lab.vnet.properties.subnets)).toBe(subnets);
  });

  it('fixes to Kubernetes objects and nodes are applied only when opted in, and say so otherwise', () => {
    const selector = {
      cluster: 'aks-lab',
      resourceGroup: 'rg-lab',
      namespace: 'shop',
      service: 'web',
      selectorPatch: '{"spec":{"selector":{"app":"web"}}}',
    };
    expect(fixActionFor('no-endpoints-selector-mismatch', selector)).toEqual({
      unavailable: expect.stringContaining('AKSDIAG_KUBE_FIXES'),
    });
    expect(
      fixActionFor('no-endpoints-selector-mismatch', selector, { kubeFixes: { now: new Date(0) } }),
    ).toMatchObject({ kind: 'kube', cluster: 'aks-lab', change: { kind: 'kube-patch-service' } });
    // A node: reimaged (AKS's supported path) unless node fixes are on, then the one-line change.
    const node = {
      subscription: 's',
      nodeResourceGroup: 'MC_rg',
      node: 'aks-nodepool1-1-vmss000001',
      vmss: 'aks-nodepool1-1-vmss',
      instanceId: '1',
    };
    expect(fixActionFor('ufw-blocks-10250', node)).toMatchObject({ kind: 'vmss-reimage' });
    expect(fixActionFor('ufw-blocks-10250', node, { nodeFixes: true })).toMatchObject({
      kind: 'node-script',
      fix: 'ufw-allow-10250',
    });
    expect(fixActionFor('ufw-blocks-10250', { ...node, instanceId: '1; reboot' })).toHaveProperty(
      'unavailable',
    );
    expect(
      fixActionFor('nsg-blocks-10250', { nsg: 'x; rm', nsgResourceGroup: 'rg', priority: '299' }),
    ).toHaveProperty('unavailable');
    // Values a paste could have poisoned never reach ARM.
    expect(
      fixActionFor('custom-dns-misconfigured', { vnet: 'vnet/../x', vnetResourceGroup: 'rg' }),
    ).toHaveProperty('unavailable');
    const firewall = { firewallName: 'fw', firewallResourceGroup: 'rg', subnetPrefix: '10.224.0.0/16' };
    expect(
      fixActionFor('egress-firewall-blocks', { ...firewall, endpoint: '198.51.100.50', port: '443' }),
    ).toMatchObject({
      kind: 'firewall-allow',
      rule: { destination: '198.51.100.50', port: 443, source: '10.224.0.0/16' },
    });
    expect(
      fixActionFor('egress-firewall-blocks', { ...firewall, endpoint: 'x.example; rm -rf /', port: '443' }),
    ).toHaveProperty('unavailable');
    expect(
      fixActionFor('egress-firewall-rules', { ...firewall, subnetPrefix: '0.0.0.0/0 --x' }),
    ).toHaveProperty('unavailable');
    expect(
      fixActionFor('snat-exhaustion', {
        cluster: 'aks',
        resourceGroup: 'rg',
        outboundPorts: '4001',
        outboundIpCount: '1',
      }),
    ).toHaveProperty('unavailable');
  });
});
