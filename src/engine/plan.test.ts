import { inventory } from '../../test/support/inventory.js';
import type { Entities } from '../domain/diagnosis.js';
import { tunnel10250 } from '../symptoms/tunnel-10250.js';
import { lbServiceTimeout } from '../symptoms/lb-service-timeout.js';
import { apiserverUnreachable } from '../symptoms/apiserver-unreachable.js';
import { planChecks } from './plan.js';

const NO_ENTITIES: Entities = {
  ips: [],
  ports: [],
  nodes: [],
  apiServers: [],
  pods: [],
  namespaces: [],
  services: [],
  rbac: [],
};

describe('planChecks', () => {
  it('runs node checks on the named node first, then a bounded sample, and says so', () => {
    const inv = inventory((i) => {
      i.nodes = Array.from({ length: 12 }, (_, k) => ({
        ...i.nodes[0]!,
        name: `aks-nodepool1-1-vmss00000${k.toString(36)}`,
        instanceId: String(k),
        privateIp: `10.224.0.${4 + k}`,
      }));
    });
    const entities = { ...NO_ENTITIES, ips: ['10.224.0.14'] };
    const plan = planChecks(tunnel10250, { inventory: inv, entities, kube: null, maxNodes: 3 });
    expect(plan.nodes).toEqual({ checked: 3, total: 12, named: ['aks-nodepool1-1-vmss00000a'] });
    const ufw = plan.requests.filter((r) => r.check === 'node-ufw-status');
    expect(ufw.map((r) => (r.target.kind === 'node' ? r.target.node : ''))).toEqual([
      'aks-nodepool1-1-vmss00000a',
      'aks-nodepool1-1-vmss000000',
      'aks-nodepool1-1-vmss000001',
    ]);
    expect(ufw[0]?.target).toMatchObject({
      resourceGroup: 'MC_rg',
      vmss: 'aks-nodepool1-1-vmss',
      instanceId: '10',
    });
  });

  it('sends nc from each sampled node to the next one on 10250, and the tunnel check to the API server', () => {
    const plan = planChecks(tunnel10250, {
      inventory: inventory(),
      entities: NO_ENTITIES,
      kube: null,
    });
    const nc = plan.requests.filter((r) => r.check === 'node-nc-kubelet').map((r) => r.params['host']);
    expect(nc).toEqual(['10.224.0.5', '10.224.0.6', '10.224.0.4']);
    const egress = plan.requests.find((r) => r.check === 'node-nc-tunnel-egress');
    expect(egress?.params).toEqual({ host: 'aks-lab-1a2b3c4d.hcp.eastus.azmk8s.io', port: 443 });
    expect(plan.skipped).toContainEqual({
      check: 'k8s-tunnel-component',
      reason: 'Kubernetes API not available to this run',
    });
  });

  it("takes the service's public IP and port from the paste, or says what is missing", () => {
    const entities = { ...NO_ENTITIES, ips: ['10.224.0.4', '20.1.2.3'], ports: [80] };
    const withPaste = planChecks(lbServiceTimeout, {
      inventory: inventory(),
      entities,
      kube: null,
    });
    expect(withPaste.requests.find((r) => r.check === 'arm-nsg-flow-lb')?.params).toEqual({
      publicIp: '20.1.2.3',
      port: 80,
    });
    const without = planChecks(lbServiceTimeout, {
      inventory: inventory(),
      entities: NO_ENTITIES,
      kube: null,
    });
    expect(without.skipped.map((s) => s.check)).toContain('arm-nsg-flow-lb');
  });

  it('passes the client IP to the authorized-ranges check when known', () => {
    const plan = planChecks(apiserverUnreachable, {
      inventory: inventory(),
      entities: NO_ENTITIES,
      clientIp: '198.51.100.7',
      kube: null,
    });
    expect(plan.requests).toEqual([
      { check: 'arm-apiserver-access', target: { kind: 'arm' }, params: { clientIp: '198.51.100.7' } },
    ]);
  });
});
