/**
 * Azure's own evidence in the fault lab. The ARM emulator's Network Watcher judges the same ARM NSGs the lab's
 * VNet enforces with iptables, so its answer follows the packets; the nodes carry a stand-in of the node image's
 * outbound check (src/lab/node-image-check.ts) that really resolves and connects, run through the lab's
 * run-command like any node check. The stored captures of it are run again and must still say the same.
 */
import { describe, expect, it } from '@jest/globals';
import { loadFixture } from '../support/fixtures.js';
import type { Lab } from '../../src/lab/lab.js';
import { captureNodeImageCheck, NODE_IMAGE_CAPTURES } from '../../src/lab/node-image-capture.js';
import { ADDR } from '../../src/lab/topology.js';
import { interpretAksCheckNetwork } from '../../src/interpreters/aks-check-network.js';
import { checkLab, reaches, useSharedLab } from '../lab/support.js';

const NODE0 = 'aks-nodepool1-12345678-vmss000000';
const NODE1 = 'aks-nodepool1-12345678-vmss000001';

interface Finding {
  check: string;
  target: string;
  verdict: string;
  evidence: string | null;
  notes: string[];
  values?: Record<string, string>;
}

let lab: Lab;
useSharedLab((l) => (lab = l));

const finding = (r: { findings: Finding[] }, check: string) => r.findings.find((f) => f.check === check);

describe("Network Watcher follows the lab's NSGs", () => {
  it('nsg-blocks-10250: aksdiag and Azure both deny the flow the packets cannot take; healthy, both allow', async () => {
    await lab.inject('nsg-blocks-10250');
    const broken = (await checkLab(lab, 'tunnel-10250')) as unknown as { findings: Finding[] };
    const nsg = finding(broken, 'arm-nsg-flow-10250')!;
    expect({
      verdict: nsg.verdict,
      azure: nsg.values?.['azureNsg'],
      by: nsg.values?.['azureNsgVerdict'],
    }).toEqual({
      verdict: 'denied',
      azure: 'agrees',
      by: 'Deny',
    });
    expect(await reaches(NODE0, lab.world.nodes[1]!.ip, 10250)).toBe(false);
    await lab.clear('nsg-blocks-10250');
    const healthy = (await checkLab(lab, 'tunnel-10250')) as unknown as { findings: Finding[] };
    expect(finding(healthy, 'arm-nsg-flow-10250')?.values).toMatchObject({
      azureNsg: 'agrees',
      azureNsgVerdict: 'Allow',
    });
    expect(await reaches(NODE0, lab.world.nodes[1]!.ip, 10250)).toBe(true);
  });
});

describe("the node image's outbound check, run for real on a lab node", () => {
  it('egress-port-blocked: the API server gets no answer from the node, and the check says which', async () => {
    await lab.inject('egress-port-blocked');
    const r = (await checkLab(lab, 'node-cannot-reach-apiserver')) as unknown as { findings: Finding[] };
    const fqdn = lab.world.arm.managedCluster.cluster.properties.fqdn!;
    const node = finding(r, 'node-aks-check-network')!;
    expect(node).toMatchObject({ verdict: 'endpoints-failed', target: NODE0 });
    expect(node.evidence).toContain(`Failed to test ${fqdn} with returned status code 000`);
    expect(await reaches(NODE1, ADDR.apiserverPublic, 443)).toBe(false);
    // AKS's detectors were asked too, and answered from the cluster.
    expect(finding(r, 'arm-aks-detectors')?.verdict).toBe('healthy');
  });

  it.each(NODE_IMAGE_CAPTURES.map((c) => [c.name, c] as const))(
    'the stored capture %s still says what the lab says',
    async (_name, capture) => {
      const fresh = await captureNodeImageCheck(lab, capture);
      const stored = loadFixture('aks-check-network', capture.name);
      const read = (text: string) => {
        const v = interpretAksCheckNetwork(text);
        return {
          verdict: v.verdict,
          failed: v.endpoints.filter((e) => e.outcome !== 'reachable').map((e) => e.endpoint),
        };
      };
      expect(read(fresh.text)).toEqual(read(stored.text));
      expect(read(fresh.text)).toEqual(fresh.meta.expect);
      expect(fresh.meta.command).toBe(stored.meta.command);
    },
  );
});
