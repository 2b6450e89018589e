/**
 * The fault lab follows fixes made through ARM that aksdiag's knowledge base names but the lab did not
 * model before: reimaging a VMSS instance (the supported fix for ufw, an iptables rule and a leaked IPAM
 * store on a node) and linking a private DNS zone to the VNet. Each fix is the real SDK call against the
 * lab's ARM emulator, with the values the check's findings carry where they carry them; the check that
 * confirmed the cause then rules it out and the traffic agrees.
 */
import { describe, expect, it } from '@jest/globals';
import type { Lab } from '../../src/lab/lab.js';
import { createArmClients, type ArmClients } from '../emulators/arm/index.js';
import { checkLab, confirmed, findingsOf, reaches, statuses, useSharedLab } from '../lab/support.js';

const KUBELET_TIMEOUT = 'Error from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout';
const FROM_POD =
  'namespace "shop": Get "https://10.0.0.1:443/api/v1/namespaces/shop/pods": dial tcp 10.0.0.1:443: i/o timeout';
/** shop/web's ClusterIP: reached through kube-proxy's rules on the node. */
const WEB = { ip: '10.0.120.15', port: 80 };
const POLL = { updateIntervalInMs: 50 };

interface ReimageScenario {
  fault: string;
  symptom: string;
  args: string[];
  check: string;
  /** The traffic the cause blocks, from the node's peers (absent: the check alone tells). */
  blocks?: (lab: Lab, node: string) => Promise<boolean>;
}

/** From another node to `node`'s kubelet: the path `kubectl logs` takes through the tunnel. */
const kubeletFromPeer = (lab: Lab, node: string) => {
  const to = lab.world.nodes.find((n) => n.name === node)!;
  const from = lab.world.nodes.find((n) => n.name !== node)!;
  return reaches(from.name, to.ip, 10250);
};

const REIMAGE: ReimageScenario[] = [
  {
    fault: 'ufw-blocks-10250',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    check: 'node-ufw-status',
    blocks: kubeletFromPeer,
  },
  {
    fault: 'iptables-drops-10250',
    symptom: 'tunnel-10250',
    args: ['--text', KUBELET_TIMEOUT],
    check: 'node-iptables-input',
    blocks: kubeletFromPeer,
  },
  { fault: 'ipam-leak', symptom: 'pod-ip-exhaustion', args: [], check: 'node-ipam-store' },
];

let lab: Lab;
let arm: ArmClients;
useSharedLab((l) => {
  lab = l;
  arm = createArmClients(lab.arm, lab.world.arm.subscriptionId);
});

describe('lab: a reimage through ARM puts the node back to its image', () => {
  it.each(REIMAGE.map((s) => [s.fault, s] as const))(
    '%s: confirmed, reimaged with the finding values, ruled out',
    async (_name, s) => {
      const { node } = await lab.inject(s.fault);
      const broken = await checkLab(lab, s.symptom, s.args);
      const why = findingsOf(broken, s.check).join('\n');
      expect({ status: statuses(broken)[s.fault], why }).toEqual({ status: 'confirmed', why });
      if (s.blocks) expect(await s.blocks(lab, node!)).toBe(false);

      // `az vmss reimage -g {nodeResourceGroup} -n {vmss} --instance-ids {instanceId}`, filled by the check.
      const values = broken.causes.find((c) => c.id === s.fault)!.values;
      const target = lab.world.nodes.find((n) => n.name === node)!;
      expect(values).toMatchObject({
        nodeResourceGroup: lab.world.arm.nodeResourceGroup,
        vmss: lab.world.arm.vmssName,
        instanceId: target.instanceId,
      });
      await arm.compute.virtualMachineScaleSetVMs.beginReimageAndWait(
        values['nodeResourceGroup']!,
        values['vmss']!,
        values['instanceId']!,
        POLL,
      );
      await lab.settled();

      const vm = await arm.compute.virtualMachineScaleSetVMs.get(
        values['nodeResourceGroup']!,
        values['vmss']!,
        values['instanceId']!,
      );
      expect(vm.provisioningState).toBe('Succeeded');
      const fixed = await checkLab(lab, s.symptom, s.args);
      expect({ status: statuses(fixed)[s.fault], why: findingsOf(fixed, s.check).join('\n') }).toMatchObject({
        status: 'ruled-out',
      });
      expect(confirmed(fixed)).toEqual([]);
      if (s.blocks) expect(await s.blocks(lab, node!)).toBe(true);
      // kube-proxy's rules are back on the fresh node: a Service still works from it.
      expect(await reaches(node!, WEB.ip, WEB.port)).toBe(true);
      // The lab no longer lists a fault that the reimage wiped out.
      expect(lab.status().faults).toEqual([]);
    },
    180_000,
  );
});

describe('lab: linking the private DNS zone to the VNet through ARM', () => {
  it('private-dns: confirmed, the zone linked with the SDK, ruled out and the API server resolves', async () => {
    await lab.inject('private-dns');
    const broken = await checkLab(lab, 'node-cannot-reach-apiserver', ['--text', FROM_POD]);
    const why = findingsOf(broken, 'node-nslookup-apiserver').join('\n');
    expect({ status: statuses(broken)['private-dns'], why }).toEqual({ status: 'confirmed', why });
    const node = lab.world.nodes[0]!.name;
    const privateFqdn = lab.world.arm.managedCluster.cluster.properties.privateFQDN!;
    // Unresolvable, so a node cannot open a connection to the API server by its name.
    expect(await reaches(node, privateFqdn, 443)).toBe(false);
    // The cause's values carry neither {vnetId} nor {privateDnsZone}: the VNet is named by the arm-vnet-dns
    // finding of the same run, the zone (and its resource group, not the node resource group) by the cluster.
    const vnetFinding = broken.findings.find((f) => f.check === 'arm-vnet-dns') as
      { values?: Record<string, string> } | undefined;
    const vnet = vnetFinding?.values ?? {};
    const vnetId = `/subscriptions/${lab.world.arm.subscriptionId}/resourceGroups/${vnet['vnetResourceGroup']}/providers/Microsoft.Network/virtualNetworks/${vnet['vnet']}`;
    expect(vnetId.toLowerCase()).toBe(lab.world.arm.vnet.id!.toLowerCase());
    const cluster = await arm.containers.managedClusters.get(lab.world.arm.resourceGroup, 'aks-lab');
    const zoneId = cluster.apiServerAccessProfile?.privateDNSZone ?? '';
    const zone = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)$/i.exec(
      zoneId,
    );
    expect(zone).not.toBeNull();

    // `az network private-dns link vnet create -g <zone's group> -z <zone> -n aks-dns-link -v <vnetId> -e false`
    const link = await arm.privateDns.virtualNetworkLinks.createOrUpdate(
      zone![1]!,
      zone![2]!,
      'aks-dns-link',
      { location: 'global', virtualNetwork: { id: vnetId }, registrationEnabled: false },
      POLL,
    );
    expect(link.virtualNetworkLinkState).toBe('Completed');
    await lab.settled();

    const fixed = await checkLab(lab, 'node-cannot-reach-apiserver', ['--text', FROM_POD]);
    expect({
      status: statuses(fixed)['private-dns'],
      why: findingsOf(fixed, 'node-nslookup-apiserver').join('\n'),
    }).toMatchObject({ status: 'ruled-out' });
    // The name resolves to the private endpoint, which the node reaches.
    expect(await reaches(node, privateFqdn, 443)).toBe(true);
  }, 180_000);
});
