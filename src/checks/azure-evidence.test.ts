/** Which of Azure's evidence a plan asks for: the NSG checks' flows, the detectors, the node image check. */
import type { CheckRequest } from '../domain/checks.js';
import { inventory } from '../../test/support/inventory.js';
import { evidenceRequests, plannedFlows } from './azure-evidence.js';

const arm = (check: CheckRequest['check'], params: CheckRequest['params'] = {}): CheckRequest => ({
  check,
  target: { kind: 'arm' },
  params,
});

describe('plannedFlows', () => {
  it('is the flows the planned NSG checks judge, each once, on the node whose NIC Azure evaluates', () => {
    const inv = inventory();
    const flows = plannedFlows(
      [
        arm('arm-nsg-flow-10250', { fromNode: 'aks-nodepool1-1-vmss000001' }),
        arm('arm-nsg-flow-10250', { fromNode: 'aks-nodepool1-1-vmss000001' }),
        arm('arm-nsg-egress', { destination: '10.50.0.4', port: 53 }),
        arm('arm-apiserver-access'),
      ],
      inv,
    );
    expect(flows).toEqual([
      {
        node: 'aks-nodepool1-1-vmss000000',
        direction: 'Inbound',
        source: '10.224.0.5',
        destination: '10.224.0.4',
        port: 10250,
      },
      {
        node: 'aks-nodepool1-1-vmss000002',
        direction: 'Inbound',
        source: '10.224.0.5',
        destination: '10.224.0.6',
        port: 10250,
      },
      {
        node: 'aks-nodepool1-1-vmss000000',
        direction: 'Outbound',
        source: '10.224.0.4',
        destination: '10.50.0.4',
        port: 53,
      },
    ]);
  });

  it('asks nothing for parameters that do not validate', () => {
    expect(
      plannedFlows([arm('arm-nsg-egress', { destination: 'not-an-ip', port: 53 })], inventory()),
    ).toEqual([]);
  });
});

describe('evidenceRequests', () => {
  it('adds the detectors to every network symptom, and the node image check on a planned node for egress', () => {
    const inv = inventory();
    const onNode2: CheckRequest = {
      check: 'node-nc-apiserver',
      target: {
        kind: 'node',
        node: 'aks-nodepool1-1-vmss000002',
        subscription: 's',
        resourceGroup: 'MC_rg',
        vmss: 'aks-nodepool1-1-vmss',
        instanceId: '2',
      },
      params: { host: 'x' },
    };
    expect(evidenceRequests('tunnel-10250', [], inv).map((r) => r.check)).toEqual(['arm-aks-detectors']);
    const egress = evidenceRequests('node-cannot-reach-apiserver', [onNode2], inv);
    expect(egress.map((r) => [r.check, r.target.kind === 'node' ? r.target.node : 'arm'])).toEqual([
      ['arm-aks-detectors', 'arm'],
      ['node-aks-check-network', 'aks-nodepool1-1-vmss000002'],
    ]);
    expect(evidenceRequests('outbound-dns', [], inv)[1]).toMatchObject({
      check: 'node-aks-check-network',
      target: { node: 'aks-nodepool1-1-vmss000000', instanceId: '0', resourceGroup: 'MC_rg' },
    });
    expect(evidenceRequests('rbac-forbidden', [], inv)).toEqual([]);
  });
});
