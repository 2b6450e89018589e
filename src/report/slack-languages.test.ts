/**
 * The Block Kit guard, on the messages the bot really sends, in every language: for every symptom
 * the reply (every cause, the longest notes, the most entities), the verdict (every cause confirmed
 * with evidence, every kind of "Apply fix", Azure's evidence, what was not checked), the progress,
 * the health sweep; the confirmation modal for every kind of change; App Home full; the help and the
 * private answers. Each must be accepted as Slack would accept it, and none of our own words may be
 * cut to get there (a header, a button, a modal's labels) in its longest language.
 */
import { describe, expect, it } from '@jest/globals';
import { CHECKS } from '../checks/catalogue.js';
import type { Finding } from '../domain/checks.js';
import type { Diagnosis, Entities } from '../domain/diagnosis.js';
import type { Symptom } from '../domain/knowledge.js';
import { LANGUAGES, type Lang } from '../i18n/languages.js';
import { MESSAGES, translator } from '../i18n/messages.js';
import type { CheckReport } from '../run/check-cluster.js';
import { fixModal, MODAL_LABEL_MAX } from '../slack/fix-modal.js';
import { helpText } from '../slack/listeners/commands.js';
import { OUTCOME_NOTES } from '../symptoms/shared.js';
import { SYMPTOMS } from '../symptoms/index.js';
import { EVERY_CHANGE } from '../../test/support/fix-changes.js';
import { slackProblems } from '../../test/support/hostile-text.js';
import { type ChangeKind } from './fix-change.js';
import {
  diagnosisMessage,
  fixMessage,
  progressMessage,
  reportMessage,
  sweepMessage,
} from './slack-blocks.js';
import { homeView, HOME_LIMITS } from './slack-home.js';

/** Names as long as Azure allows: a cluster 63 characters, a resource group 90. */
const CLUSTER = `aks-${'p'.repeat(59)}`;
const GROUP = `rg-${'g'.repeat(87)}`;
const NODE = 'aks-nodepool1-12345678-vmss00000a';

const ENTITIES: Entities = {
  ips: Array.from({ length: 6 }, (_, i) => `2001:db8:ffff:ffff:ffff:ffff:ffff:${1000 + i}`),
  ports: [10250, 443, 9000, 1194, 53, 8080],
  nodes: Array.from({ length: 5 }, (_, i) => ({ name: `${NODE.slice(0, -1)}${i}`, pool: 'nodepool1' })),
  apiServers: [
    {
      fqdn: `${'d'.repeat(45)}-1a2b3c4d.hcp.westeurope.azmk8s.io`,
      dnsPrefix: 'd',
      region: 'westeurope',
      private: false,
    },
  ],
  pods: [],
  namespaces: ['n'.repeat(63), 'kube-system', 'shop'],
  services: ['s'.repeat(63), 'web', 'api'],
  rbac: [],
};

const longestNote = Object.values(OUTCOME_NOTES).reduce((a, b) =>
  (b?.length ?? 0) > (a?.length ?? 0) ? b : a,
);

/** The reply's longest form: every cause listed as not fitting, every note, every entity. */
const diagnosisOf = (s: Symptom): Diagnosis => ({
  symptom: s.id,
  confidence: 0.99,
  title: s.title,
  alternatives: [],
  entities: ENTITIES,
  causes: s.causes.map((c) => ({
    id: c.id,
    title: c.title,
    explanation: c.explanation,
    checks: c.checks.map((id) => ({ id, target: CHECKS[id].target, summary: CHECKS[id].summary })),
    fix: c.fix.summary,
    fixSteps: c.fix.steps,
    pointedAtBy: [],
    contradictedBy: ['timeout'],
  })),
  evidence: [],
  matched: [],
  outcomes: ['refused'],
  outcomeNote: longestNote ?? null,
  input: { chars: 60_000, scannedChars: 40_000, truncated: true, binary: false, redactions: { bearer: 3 } },
});

const finding = (check: Finding['check'], over: Partial<Finding> = {}): Finding => ({
  check,
  target: NODE,
  verdict: 'blocks-port',
  status: 'problem',
  evidence: 'x'.repeat(400),
  values: {},
  notes: ['n'.repeat(300)],
  ...over,
});

/** Azure's own evidence as long as it gets: disagreements, detectors flagged, the node image failing. */
const AZURE: Finding[] = [
  ...Array.from({ length: 6 }, (_, i) =>
    finding('arm-nsg-flow-10250', {
      target: `nic-${i}`,
      verdict: 'allowed',
      values: {
        azureNsg: i % 2 ? 'disagrees' : 'agrees',
        azureNsgBy: `Deny by ${'n'.repeat(80)} rule ${'r'.repeat(80)}`,
      },
    }),
  ),
  finding('arm-aks-detectors', {
    verdict: 'critical',
    evidence: `Connectivity Issues: 12 detectors, 3 critical, 2 warning, 7 passed; Critical: ${'d'.repeat(200)}`,
    values: {
      portalUrl: `https://portal.azure.com/#resource/subscriptions/${'s'.repeat(36)}/resourceGroups/${GROUP}`,
    },
    notes: ['Critical: a', 'Critical: b', 'Warning: c'],
  }),
  finding('node-aks-check-network', {
    verdict: 'endpoints-failed',
    notes: Array.from({ length: 6 }, (_, i) => `mcr.microsoft.com:443: ${'e'.repeat(100)} ${i}`),
  }),
];

/** Every cause confirmed with three pieces of evidence and more, every kind of "Apply fix". */
const reportOf = (s: Symptom): CheckReport => ({
  cluster: CLUSTER,
  resourceGroup: GROUP,
  subscription: 's',
  symptom: s.id,
  findings: [...s.causes.flatMap((c) => c.checks.map((k) => finding(k))), ...AZURE],
  causes: s.causes.map((c) => ({
    id: c.id,
    status: 'confirmed' as const,
    evidence: Array.from({ length: 5 }, () => finding(c.checks[0] ?? 'node-ufw-status')),
    fix: c.fix.summary,
    values: {},
  })),
  skipped: [{ check: 'arm-nsg-flow-10250', reason: 'r'.repeat(300) }],
  nodes: { checked: 5, total: 300, named: [] },
  kube: { read: 'unavailable', reason: 'k'.repeat(600) },
});

const ALL_CHANGES = Object.keys(EVERY_CHANGE) as ChangeKind[];

/** Texts a person reads in plain_text: headers, buttons, options, a modal's labels. */
function plainTexts(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) x.forEach((y) => plainTexts(y, out));
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (o['type'] === 'plain_text' && typeof o['text'] === 'string') out.push(o['text']);
    Object.values(o).forEach((v) => plainTexts(v, out));
  }
  return out;
}

/** Our words cut short: a plain text ending in the cut marker, where no outside value was long. */
const cutShort = (texts: string[]) =>
  texts.filter((t) => t.endsWith('…') && !t.includes(CLUSTER.slice(0, 20)));

describe.each(LANGUAGES)('Slack messages in %s', (lang: Lang) => {
  const { t } = translator(lang);

  it('the reply and its fix commands, for every symptom at their longest, are accepted whole', () => {
    for (const s of SYMPTOMS) {
      const choices = [
        { kind: 'known' as const, query: CLUSTER, label: 'aks-platform-prod' },
        { kind: 'pick' as const },
        { kind: 'unconfigured' as const, missing: 'AKSDIAG_SUBSCRIPTIONS' },
      ];
      for (const choice of choices) {
        const m = diagnosisMessage(diagnosisOf(s), 'd-1', choice, lang);
        expect([s.id, slackProblems(m as never)]).toEqual([s.id, []]);
        expect([s.id, cutShort(plainTexts(m.blocks))]).toEqual([s.id, []]);
        expect(JSON.stringify(m.blocks)).not.toContain(t('slack.overflow'));
      }
      expect([s.id, slackProblems(fixMessage(diagnosisOf(s), 'd-1', lang) as never)]).toEqual([s.id, []]);
    }
  });

  it('the verdict with every cause confirmed, every kind of fix and Azure evidence is accepted, labels whole', () => {
    const buttons = ALL_CHANGES.slice(0, 20).map((change) => ({ cause: 'c', change }));
    for (const s of SYMPTOMS) {
      const m = reportMessage(reportOf(s), 'd-1', buttons, lang);
      expect([s.id, slackProblems(m as never)]).toEqual([s.id, []]);
      expect([s.id, cutShort(plainTexts(m.blocks))]).toEqual([s.id, []]);
      expect(JSON.stringify(m.blocks)).toContain(t('azure.heading'));
      const progress = progressMessage(
        {
          cluster: CLUSTER,
          title: t('slack.progress.step', { title: s.title, n: 9, count: 9 }),
          done: 99,
          total: 100,
        },
        'd-1',
        s.id,
        lang,
      );
      expect(slackProblems(progress as never)).toEqual([]);
    }
    const sweep = sweepMessage(SYMPTOMS.map(reportOf), 'd-1', lang);
    expect(slackProblems(sweep as never)).toEqual([]);
  });

  it('the confirmation modal for every kind of change is accepted, its labels whole', () => {
    for (const label of [
      t('slack.modal.title'),
      t('slack.modal.submit'),
      t('slack.modal.cancel'),
      t('slack.modal.close'),
    ])
      expect([label, label.length <= MODAL_LABEL_MAX]).toEqual([label, true]);
    for (const [kind, action] of Object.entries(EVERY_CHANGE)) {
      const longestFix = SYMPTOMS.flatMap((s) => s.causes.map((c) => c.fix.summary)).join('\n');
      const modal = fixModal('token', CLUSTER, action, longestFix, lang);
      expect([kind, slackProblems({ view: modal }, 'modal')]).toEqual([kind, []]);
    }
  });

  it('App Home, every list full, fits a view', () => {
    const statuses = [
      'diagnosed',
      'running',
      'checked',
      'failed',
      'resolved',
      'rejected',
      'fix-applied',
    ] as const;
    const view = homeView(
      {
        now: '2030-01-01T00:00:00.000Z',
        recent: Array.from({ length: HOME_LIMITS.recent + 5 }, (_, i) => {
          const s = SYMPTOMS[i % SYMPTOMS.length]!;
          return {
            at: '2030-01-01T00:00:00.000Z',
            channel: `C${i}AKSDIAG`,
            symptom: s.id,
            cluster: CLUSTER,
            status: statuses[i % statuses.length]!,
            confirmed: s.causes.map((c) => c.id),
          };
        }),
        channels: Array.from({ length: HOME_LIMITS.channels + 5 }, (_, i) => ({
          channel: `C${i}CHANNEL`,
          cluster: `${GROUP}/${CLUSTER}`,
          lang: LANGUAGES[i % LANGUAGES.length]!,
        })),
        fixes: Array.from({ length: HOME_LIMITS.fixes + 5 }, (_, i) => ({
          at: '2030-01-01T00:00:00.000Z',
          who: 'UAPPROVER1',
          what: 'w'.repeat(500),
          applied: i % 2 === 0,
        })),
        language: { lang, source: 'bot' },
        mayApply: false,
      },
      lang,
    );
    expect(slackProblems({ view }, 'home')).toEqual([]);
    expect(cutShort(plainTexts(view.blocks))).toEqual([]);
  });

  it('the help and every message said on its own fit one section', () => {
    expect(helpText(lang).length).toBeLessThanOrEqual(3000);
    const long = Object.entries(MESSAGES[lang]).filter(
      ([id, text]) => id.startsWith('slack.') && text.length > 2000,
    );
    expect(long).toEqual([]);
  });
});
