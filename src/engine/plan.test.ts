import { NO_ENTITIES as EMPTY } from '../domain/diagnosis.js';
import { inventory } from '../../test/support/inventory.js';
import type { Entities } from '../domain/diagnosis.js';
import { tunnel10250 } from '../symptoms/tunnel-10250.js';
import { lbServiceTimeout } from '../symptoms/lb-service-timeout.js';
import { apiserverUnreachable } from '../symptoms/apiserver-unreachable.js';
import { serviceUnreachableInCluster } from '../symptoms/service-unreachable-in-cluster.js';
import { podIpExhaustion } from '../symptoms/pod-ip-exhaustion.js';
import { snapshotOf } from '../../test/support/kube-snapshot.js';
import { aksKubeState } from '../../test/emulators/kube/index.js';
import { planChecks } from './plan.js';

const NO_ENTITIES: Entities = EMPTY;

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
      reason: 'the Kubernetes API is not readable in this run',
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

  describe('with the Kubernetes API read', () => {
    it("takes the tunnel's port and node from the cluster for the egress and NSG checks", () => {
      const kube = snapshotOf(aksKubeState({ tunnel: 'tunnelfront' }).state);
      const plan = planChecks(tunnel10250, { inventory: inventory(), entities: NO_ENTITIES, kube });
      expect(plan.requests.find((r) => r.check === 'node-nc-tunnel-egress')?.params['port']).toBe(9000);
      expect(plan.requests.find((r) => r.check === 'arm-nsg-flow-10250')?.params).toEqual({
        fromNode: 'aks-nodepool1-12345678-vmss000000',
      });
      expect(plan.requests.find((r) => r.check === 'k8s-tunnel-component')).toBeDefined();
    });

    it("sends nc to the tunnel node's kubelet from every other node", () => {
      const kube = snapshotOf(aksKubeState().state);
      const inv = inventory((i) => (i.nodes[1]!.name = kube.tunnel!.nodes[0]!));
      const plan = planChecks(tunnel10250, { inventory: inv, entities: NO_ENTITIES, kube });
      const nc = plan.requests
        .filter((r) => r.check === 'node-nc-kubelet')
        .map((r) => [r.target.kind === 'node' ? r.target.node : '', r.params['host']]);
      expect(nc).toEqual([
        [inv.nodes[0]!.name, inv.nodes[1]!.privateIp],
        // The tunnel node itself checks the next node instead.
        [inv.nodes[1]!.name, inv.nodes[2]!.privateIp],
        [inv.nodes[2]!.name, inv.nodes[1]!.privateIp],
      ]);
    });

    it("names the Service from the paste, gives the policy check its cause's direction, and the ClusterIP to kube-proxy", () => {
      const kube = snapshotOf(aksKubeState().state);
      const entities = { ...NO_ENTITIES, services: ['web'], namespaces: ['shop'], ports: [80] };
      const plan = planChecks(serviceUnreachableInCluster, { inventory: inventory(), entities, kube });
      const params = (id: string) => plan.requests.find((r) => r.check === id)?.params;
      expect(params('k8s-service-endpoints')).toEqual({ namespace: 'shop', service: 'web' });
      expect(params('k8s-network-policies')).toEqual({
        direction: 'ingress',
        peer: 'cluster',
        namespace: 'shop',
        service: 'web',
        port: 80,
      });
      expect(params('node-kube-proxy-rules')).toEqual({ clusterIp: '10.0.120.15', port: 80 });
    });

    it('skips what nothing names, and pod churn (no event history), with the reason', () => {
      const kube = snapshotOf(aksKubeState().state);
      const svc = planChecks(serviceUnreachableInCluster, {
        inventory: inventory(),
        entities: NO_ENTITIES,
        kube,
      });
      expect(svc.skipped).toContainEqual({
        check: 'k8s-service-endpoints',
        reason: 'no Service named in the paste (namespace and name)',
      });
      const ip = planChecks(podIpExhaustion, { inventory: inventory(), entities: NO_ENTITIES, kube });
      expect(ip.skipped.map((s) => s.check)).toContain('k8s-pod-churn');
      expect(ip.requests.map((r) => r.check)).toContain('k8s-nnc');
    });

    it('says why the Kubernetes checks are skipped when the API could not be read', () => {
      const plan = planChecks(serviceUnreachableInCluster, {
        inventory: inventory(),
        entities: NO_ENTITIES,
        kube: null,
        kubeUnavailable: 'pods is forbidden: User "x" cannot list resource "pods"',
      });
      expect(plan.skipped).toContainEqual({
        check: 'k8s-service-ports',
        reason: 'pods is forbidden: User "x" cannot list resource "pods"',
      });
    });
  });
});
