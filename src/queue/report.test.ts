import { describe, expect, it } from '@jest/globals';
import type { CheckRequest, Finding } from '../domain/checks.js';
import { judgeCauses } from '../engine/verdict.js';
import { SYMPTOMS } from '../symptoms/index.js';
import type { ParentData } from './payloads.js';
import { NIC_NSG, inventory, nsg, rule } from '../../test/support/inventory.js';
import { assembleReport } from './report.js';

const data: ParentData = {
  v: 1,
  diagnosis: 'd-1',
  symptom: 'tunnel-10250',
  cluster: 'aks',
  resourceGroup: 'rg',
  subscription: 's',
  nodeResourceGroup: 'MC_rg_aks_eastus',
  total: 2,
  skipped: [],
  nodes: { checked: 2, total: 2, named: [] },
  kube: { read: 'not-needed' },
};
const req = (instanceId: string): CheckRequest => ({
  check: 'node-ufw-status',
  target: {
    kind: 'node',
    node: `n${instanceId}`,
    subscription: 's',
    resourceGroup: 'MC',
    vmss: 'v',
    instanceId,
  },
  params: {},
});
const blocked: Finding = {
  check: 'node-ufw-status',
  target: 'n0',
  verdict: 'blocks-port',
  status: 'ok',
  evidence: 'Default: deny (incoming)',
  values: { node: 'n0', vmss: 'v', instanceId: '0' },
  notes: [],
};

describe('assembleReport', () => {
  it('puts findings in the order of the plan, whatever order the children finished in', () => {
    const other = { ...blocked, target: 'n1', verdict: 'inactive' };
    const report = assembleReport(
      data,
      inventory(),
      [req('0'), req('1')],
      [
        { index: 1, finding: other, source: 'run' },
        { index: 0, finding: blocked, source: 'cache' },
      ],
      [],
    );
    expect(report.findings).toEqual([blocked, other]);
    const tunnel = SYMPTOMS.find((s) => s.id === 'tunnel-10250')!;
    expect(report.causes).toEqual(
      judgeCauses(tunnel, [blocked, other], {
        cluster: 'aks',
        resourceGroup: 'rg',
        subscription: 's',
        nodeResourceGroup: 'MC_rg_aks_eastus',
      }),
    );
  });

  it('judges the follow-ups the findings call for, as the in-process run does', () => {
    const api = '20.50.60.70';
    const ask: CheckRequest = {
      ...req('0'),
      check: 'node-nc-tunnel-egress',
      params: { host: 'api', port: 443 },
    };
    const timedOut: Finding = {
      ...blocked,
      check: 'node-nc-tunnel-egress',
      verdict: 'timeout',
      evidence: `nc: connect to api (${api}) port 443 (tcp) timed out: Operation now in progress`,
      values: { ...blocked.values, address: api },
    };
    const denying = inventory((inv) => {
      inv.nsgs[NIC_NSG] = nsg('aks-agentpool-1-nsg', 'mc_rg', 'nic', [
        rule({ name: 'deny-api', priority: 200, direction: 'Outbound', destinationAddressPrefixes: [api] }),
      ]);
    });
    const report = assembleReport(data, denying, [ask], [{ index: 0, finding: timedOut, source: 'run' }], []);
    expect(report.findings.map((f) => [f.check, f.verdict])).toEqual([
      ['node-nc-tunnel-egress', 'timeout'],
      ['arm-nsg-tunnel-egress', 'denied'],
    ]);
    const egress = report.causes.find((c) => c.id === 'egress-port-blocked')!;
    expect(egress.status).toBe('confirmed');
    expect(egress.values).toMatchObject({ nsg: 'aks-agentpool-1-nsg', priority: '199', blockedAddress: api });
  });

  it('makes a child that failed in the queue a could-not-check finding for its node', () => {
    const report = assembleReport(
      data,
      inventory(),
      [req('0'), req('1')],
      [{ index: 0, finding: blocked, source: 'run' }],
      [{ index: 1, reason: 'check job x is not valid' }],
    );
    expect(report.findings[1]).toEqual({
      check: 'node-ufw-status',
      target: 'n1',
      verdict: 'could-not-check',
      status: 'could-not-check',
      evidence: null,
      values: {},
      notes: ['The check failed in the queue: check job x is not valid.'],
    });
  });
});
