/** The report's "Azure's own evidence" lines, from findings as the checks make them. */
import type { Finding } from '../domain/checks.js';
import { azureEvidenceLines } from './azure-evidence.js';

const nsg = (
  target: string,
  verdict: string,
  values: Record<string, string>,
  notes: string[] = [],
): Finding => ({
  check: 'arm-nsg-flow-10250',
  target,
  verdict,
  status: verdict === 'denied' ? 'problem' : 'ok',
  evidence: null,
  values,
  notes,
});

describe('azureEvidenceLines', () => {
  it('puts a disagreement first, whatever order the findings came in', () => {
    const lines = azureEvidenceLines([
      nsg('nic-nsg', 'denied', { azureNsg: 'agrees', azureNsgBy: 'Deny by nic-nsg rule deny-kubelet' }),
      nsg('subnet-nsg', 'allowed', { azureNsg: 'disagrees', azureNsgBy: 'Deny by subnet-nsg rule x' }),
    ]);
    expect(lines.map((l) => l.kind)).toEqual(['disagree', 'info']);
    expect(lines[0]!.text).toBe(
      'NSG second opinion DISAGREES: arm-nsg-flow-10250 on subnet-nsg: aksdiag found it allowed, Azure Network Watcher says Deny by subnet-nsg rule x',
    );
  });

  it('says "not available" once for all the NSG findings that share the reason', () => {
    const note = 'Azure Network Watcher: not available (no Network Watcher in eastus)';
    const lines = azureEvidenceLines([
      nsg('a', 'denied', { azureNsg: 'not-available' }, [note]),
      { ...nsg('b', 'allowed', { azureNsg: 'not-available' }, [note]), check: 'arm-nsg-egress' },
    ]);
    expect(lines).toEqual([
      {
        kind: 'info',
        text: 'NSG second opinion Network Watcher not available (no Network Watcher in eastus)',
      },
    ]);
  });

  it('is empty when the run read nothing of Azure', () => {
    expect(azureEvidenceLines([nsg('a', 'denied', {})])).toEqual([]);
  });
});
