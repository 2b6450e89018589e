import { describe, expect, it } from '@jest/globals';
import type { CheckRequest } from '../domain/checks.js';
import { fingerprint } from './fingerprint.js';

const cluster = { subscription: 'S', resourceGroup: 'rg', name: 'aks', location: 'eastus' };
const node = (instanceId: string, rg = 'MC_rg_aks_eastus'): CheckRequest => ({
  check: 'node-nc-kubelet',
  target: {
    kind: 'node',
    node: `vmss00000${instanceId}`,
    subscription: 'S',
    resourceGroup: rg,
    vmss: 'vmss',
    instanceId,
  },
  params: { host: '10.0.0.1', port: 10250 },
});

describe('fingerprint', () => {
  it('is the same for the same check, VM (as Azure compares names) and parameters, in any key order', () => {
    const a = node('1');
    const b = { ...node('1', 'mc_RG_aks_eastus'), params: { port: 10250, host: '10.0.0.1' } };
    expect(fingerprint(a, cluster)).toBe(fingerprint(b, cluster));
  });

  it('differs by VM, parameter, check, and for ARM checks by cluster', () => {
    const base = fingerprint(node('1'), cluster);
    expect(fingerprint(node('2'), cluster)).not.toBe(base);
    expect(fingerprint({ ...node('1'), params: { host: '10.0.0.2', port: 10250 } }, cluster)).not.toBe(base);
    expect(fingerprint({ ...node('1'), check: 'node-ufw-status' }, cluster)).not.toBe(base);
    const arm: CheckRequest = { check: 'arm-apiserver-access', target: { kind: 'arm' }, params: {} };
    expect(fingerprint(arm, cluster)).not.toBe(fingerprint(arm, { ...cluster, name: 'other' }));
  });
});
