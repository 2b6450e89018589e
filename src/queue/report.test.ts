import { describe, expect, it } from '@jest/globals';
import type { CheckRequest, Finding } from '../domain/checks.js';
import { judgeCauses } from '../engine/verdict.js';
import { SYMPTOMS } from '../symptoms/index.js';
import type { ParentData } from './payloads.js';
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

  it('makes a child that failed in the queue a could-not-check finding for its node', () => {
    const report = assembleReport(
      data,
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
