/**
 * Every Slack renderer, fed hostile text wherever text from outside can reach it (a paste, a
 * cluster or resource-group name, a node's output, a reason from Azure, a fix filled with pasted
 * values): nothing it returns pings, mentions or links, and Slack would accept every message.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Finding } from '../domain/checks.js';
import { diagnose } from '../engine/diagnose.js';
import type { CheckReport } from '../run/check-cluster.js';
import { fixModal } from '../slack/fix-modal.js';
import { hostileText, slackProblems } from '../../test/support/hostile-text.js';
import {
  clusterPicker,
  diagnosisMessage,
  fixMessage,
  progressMessage,
  rawOutputMessage,
  reportMessage,
  sweepMessage,
} from './slack-blocks.js';

const PASTE =
  'Error from server: Get "https://10.224.0.5:10250/containerLogs/shop/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout';

const finding = (evidence: string, note: string): Finding => ({
  check: 'node-ufw-status',
  target: 'aks-nodepool1-12345678-vmss000001',
  verdict: 'blocks-port',
  status: 'ok',
  evidence,
  values: {},
  notes: [note],
});

/** A report whose every outside-sourced field is `x`. */
const report = (x: string): CheckReport => ({
  cluster: x,
  resourceGroup: x,
  subscription: 's',
  symptom: 'tunnel-10250',
  findings: [finding(x, x)],
  causes: [
    {
      id: 'ufw-blocks-10250',
      status: 'confirmed',
      evidence: [finding(x, x)],
      fix: `ufw allow 10250 # ${x}`,
      values: {},
    },
    { id: 'nsg-blocks-10250', status: 'unknown', evidence: [finding(x, x)], fix: x, values: {} },
  ],
  skipped: [{ check: 'arm-nsg-flow-10250', reason: x }],
  nodes: { checked: 1, total: 3, named: [x] },
  kube: { read: 'unavailable', reason: x },
});

const messages = (x: string) => {
  const d = diagnose(`${PASTE}\n${x}`);
  return [
    diagnosisMessage(d, 'd-1', { kind: 'known', query: x, label: x }),
    diagnosisMessage(d, 'd-1', { kind: 'pick' }),
    fixMessage(d, 'd-1'),
    progressMessage({ cluster: x, title: x, done: 1, total: 3, nodes: x }, 'd-1', 'tunnel-10250'),
    reportMessage(report(x), { 'ufw-blocks-10250': x }, 'd-1', ['ufw-blocks-10250']),
    sweepMessage([report(x), report(x)], () => ({}), 'd-1'),
    rawOutputMessage([report(x)], 'd-1'),
  ];
};

describe('Slack renderers with hostile text', () => {
  it('let no markup through and stay within what Slack accepts', () => {
    fc.assert(
      fc.property(hostileText(), (x) => {
        for (const m of messages(x))
          expect(slackProblems(m as unknown as Record<string, unknown>)).toEqual([]);
        expect(slackProblems({ blocks: clusterPicker([x, 'rg/aks-lab'], 'd-1') })).toEqual([]);
        const [, verdict] = report(x).causes;
        const action = { kind: 'authorize-ip', cluster: x, resourceGroup: x, ranges: [x] } as never;
        const modal = fixModal('t', x, action, verdict!);
        expect(slackProblems({ view: modal }, 'modal')).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('show an injected ping as the text that was typed', () => {
    const progress = progressMessage({ cluster: '<!channel>', title: 't', done: 0, total: 0 }, 'd', null);
    expect(progress.text).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(progress.blocks)).not.toContain('<!channel>');
  });

  it('carry only the diagnosis id in a button value, never a cluster or a cause', () => {
    const buttons = JSON.stringify([
      diagnosisMessage(diagnose(PASTE), 'd-1', { kind: 'known', query: 'rg/aks', label: 'aks' }).blocks,
      reportMessage(report('aks'), {}, 'd-1', ['ufw-blocks-10250']).blocks,
    ]);
    expect([...buttons.matchAll(/"value":"([^"]*)"/g)].map((m) => m[1])).toEqual(
      expect.arrayContaining(['d-1']),
    );
    expect(buttons).not.toMatch(/"value":"[^"]*(aks|ufw|\{)/);
    expect(JSON.stringify(clusterPicker(['rg/aks'], 'd-1'))).toContain('"value":"0"');
  });
});
