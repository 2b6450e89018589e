/**
 * Every Slack renderer, fed hostile text wherever text from outside can reach it (a paste, a
 * cluster or resource-group name, a node's output, a reason from Azure, a fix filled with pasted
 * values): nothing it returns pings, mentions or links, and Slack would accept every message.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Finding } from '../domain/checks.js';
import { diagnose } from '../engine/diagnose.js';
import type { FixAction } from '../engine/fix-action.js';
import type { CheckReport } from '../run/check-cluster.js';
import { LANGUAGES } from '../i18n/languages.js';
import { fixModal } from '../slack/fix-modal.js';
import { EVERY_CHANGE } from '../../test/support/fix-changes.js';
import { hostileText, slackProblems } from '../../test/support/hostile-text.js';
import { homeView } from './slack-home.js';
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
      // What the checks found goes into the fix's commands.
      values: { node: x, vmss: x, instanceId: x, resourceGroup: x },
    },
    { id: 'nsg-blocks-10250', status: 'unknown', evidence: [finding(x, x)], fix: x, values: {} },
  ],
  skipped: [{ check: 'arm-nsg-flow-10250', reason: x }],
  nodes: { checked: 1, total: 3, named: [x] },
  kube: { read: 'unavailable', reason: x },
});

const messages = (x: string, lang: (typeof LANGUAGES)[number] = 'en') => {
  const d = diagnose(`${PASTE}\n${x}`);
  return [
    diagnosisMessage(d, 'd-1', { kind: 'known', query: x, label: x }, lang),
    diagnosisMessage(d, 'd-1', { kind: 'pick' }, lang),
    fixMessage(d, 'd-1', lang),
    progressMessage({ cluster: x, title: x, done: 1, total: 3, nodes: x }, 'd-1', 'tunnel-10250', lang),
    reportMessage(report(x), 'd-1', [{ cause: 'ufw-blocks-10250', change: 'vmss-reimage' }], lang),
    sweepMessage([report(x), report(x)], 'd-1', lang),
    rawOutputMessage([report(x)], 'd-1', lang),
  ];
};

/** App Home where every list holds text from outside. */
const home = (x: string) => ({
  now: '2030-01-01T00:00:00.000Z',
  recent: [
    { at: x, channel: x, symptom: 'tunnel-10250', cluster: x, status: 'checked' as const, confirmed: [x] },
    { at: x, channel: 'C0AKSDIAG', symptom: null, cluster: x, status: 'failed' as const, confirmed: [] },
  ],
  channels: [{ channel: x, cluster: x, lang: x }],
  fixes: [{ at: x, who: x, what: x, applied: true }],
  language: { lang: 'en' as const, source: 'default' as const },
  mayApply: false,
});

describe('Slack renderers with hostile text', () => {
  it('let no markup through and stay within what Slack accepts', () => {
    fc.assert(
      fc.property(hostileText(), (x) => {
        const lang = LANGUAGES[x.length % LANGUAGES.length]!;
        for (const m of messages(x, lang))
          expect(slackProblems(m as unknown as Record<string, unknown>)).toEqual([]);
        expect(slackProblems({ blocks: clusterPicker([x, 'rg/aks-lab'], 'd-1', lang) })).toEqual([]);
        const action = { kind: 'authorize-ip', cluster: x, resourceGroup: x, ranges: [x] } as never;
        const modal = fixModal('t', x, action, x, lang);
        expect(slackProblems({ view: modal }, 'modal')).toEqual([]);
        const ufw = EVERY_CHANGE['ufw-allow-10250'] as Extract<FixAction, { kind: 'node-script' }>;
        const node = { ...ufw, target: { ...ufw.target, node: x, vmss: x } };
        expect(slackProblems({ view: fixModal('t', x, node, x, lang) }, 'modal')).toEqual([]);
        expect(slackProblems({ view: homeView(home(x), lang) }, 'home')).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("render names that are also an object's own properties as text", () => {
    for (const x of ['toString', 'constructor', '__proto__', 'hasOwnProperty'])
      for (const lang of LANGUAGES)
        expect(slackProblems({ view: homeView(home(x), lang) }, 'home')).toEqual([]);
  });

  it('show an injected ping as the text that was typed', () => {
    const progress = progressMessage({ cluster: '<!channel>', title: 't', done: 0, total: 0 }, 'd', null);
    expect(progress.text).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(progress.blocks)).not.toContain('<!channel>');
  });

  it('carry only the diagnosis id in a button value, never a cluster or a cause', () => {
    const buttons = JSON.stringify([
      diagnosisMessage(diagnose(PASTE), 'd-1', { kind: 'known', query: 'rg/aks', label: 'aks' }).blocks,
      reportMessage(report('aks'), 'd-1', [{ cause: 'ufw-blocks-10250', change: 'vmss-reimage' }]).blocks,
    ]);
    expect([...buttons.matchAll(/"value":"([^"]*)"/g)].map((m) => m[1])).toEqual(
      expect.arrayContaining(['d-1']),
    );
    expect(buttons).not.toMatch(/"value":"[^"]*(aks|ufw|\{)/);
    expect(JSON.stringify(clusterPicker(['rg/aks'], 'd-1'))).toContain('"value":"0"');
  });
});
