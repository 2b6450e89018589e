import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS, INVENTORY_PLACEHOLDERS, PASTE_PLACEHOLDERS } from '../checks/catalogue.js';
import { CAUSE_IDS, SYMPTOM_IDS } from '../domain/ids.js';
import { placeholdersIn } from '../engine/fix.js';
import { UNFILLED } from './placeholders.js';
import { SYMPTOMS } from './index.js';

/** DESIGN.md's table: every symptom must offer at least these causes. */
const DESIGN_CAUSES: Record<string, string[]> = {
  'apiserver-unreachable': ['client-ip-not-authorized', 'private-cluster'],
  'node-cannot-reach-apiserver': [
    'network-policy',
    'client-ip-not-authorized',
    'egress-firewall-rules',
    'private-dns',
  ],
  'tunnel-10250': [
    'nsg-blocks-10250',
    'ufw-blocks-10250',
    'iptables-drops-10250',
    'egress-port-blocked',
    'snat-exhaustion',
  ],
  'pod-ip-exhaustion': ['ipam-leak', 'pod-churn-outpaces-gc', 'subnet-exhausted'],
  'service-unreachable-in-cluster': [
    'no-endpoints-selector-mismatch',
    'target-port-mismatch',
    'kube-proxy-or-iptables',
    'network-policy',
  ],
  'lb-service-timeout': ['subnet-nsg-missing-rule', 'network-policy'],
  'rbac-forbidden': ['missing-role-binding'],
  'outbound-dns': ['cluster-dns-failure', 'upstream-dns-failure', 'custom-dns-misconfigured'],
  'outbound-egress': ['egress-firewall-blocks', 'network-policy', 'endpoint-down', 'snat-exhaustion'],
};

describe('knowledge base', () => {
  it('has exactly one module per symptom id, registered in index.ts', () => {
    expect(SYMPTOMS.map((s) => s.id).sort()).toEqual([...SYMPTOM_IDS].sort());
    const here = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(here)
      .filter(
        (f) =>
          f.endsWith('.ts') &&
          !f.endsWith('.test.ts') &&
          !['index.ts', 'shared.ts', 'placeholders.ts'].includes(f),
      )
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(files).toEqual([...SYMPTOM_IDS].sort());
  });

  it.each(SYMPTOMS.map((s) => [s.id, s] as const))(
    '%s offers every cause DESIGN.md lists, with valid ids',
    (id, symptom) => {
      const causes = symptom.causes.map((c) => c.id);
      expect(causes).toEqual(expect.arrayContaining(DESIGN_CAUSES[id] ?? []));
      for (const c of causes) expect(CAUSE_IDS).toContain(c);
      expect(new Set(causes).size).toBe(causes.length);
    },
  );

  it.each(SYMPTOMS.map((s) => [s.id, s] as const))('%s has sound signals', (_id, symptom) => {
    const ids = symptom.signals.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of [...symptom.signals, ...(symptom.penalties ?? [])]) {
      // Stateful flags would make .test() depend on the previous call.
      expect(s.pattern.flags).not.toMatch(/[gy]/);
      expect(s.pattern.flags).toContain('i');
    }
    for (const s of symptom.signals) expect(s.weight).toBeGreaterThan(0);
    for (const s of symptom.signals) expect(s.weight).toBeLessThan(1);
    for (const s of symptom.signals)
      if (s.suggests) expect(symptom.causes.map((c) => c.id)).toContain(s.suggests);
    for (const e of symptom.evidence ?? []) expect(symptom.causes.map((c) => c.id)).toContain(e.cause);
  });

  it.each(SYMPTOMS.map((s) => [s.id, s] as const))('%s has sound event rules', (_id, symptom) => {
    const rules = symptom.events ?? [];
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.outcomes.length).toBeGreaterThan(0);
      expect(r.weight).toBeGreaterThan(0);
      expect(r.weight).toBeLessThan(1);
      if (r.suggests) expect(symptom.causes.map((c) => c.id)).toContain(r.suggests);
    }
    // A cause that fits no outcome could never be listed first.
    for (const c of symptom.causes) if (c.fits) expect(c.fits.length).toBeGreaterThan(0);
  });

  const allCauses = SYMPTOMS.flatMap((s) => s.causes.map((c) => [`${s.id}/${c.id}`, c] as const));

  it.each(allCauses)('%s explains itself in two sentences and names its checks', (_id, cause) => {
    const sentences = cause.explanation.split(/(?<=[.!?])\s+(?=[A-Z0-9])/);
    expect(sentences).toHaveLength(2);
    expect(cause.checks.length).toBeGreaterThan(0);
    for (const check of cause.checks) expect(Object.keys(CHECKS)).toContain(check);
  });

  it.each(allCauses)('%s fix uses only placeholders something can fill', (_id, cause) => {
    const fillable = new Set<string>([
      ...INVENTORY_PLACEHOLDERS,
      ...PASTE_PLACEHOLDERS,
      ...cause.checks.flatMap((c) => CHECKS[c].fills),
    ]);
    const texts = [
      cause.title,
      cause.fix.summary,
      ...cause.fix.steps.flatMap((s) => [s.action, s.command ?? '']),
    ];
    const missing = texts.flatMap(placeholdersIn).filter((p) => !fillable.has(p));
    expect(missing).toEqual([]);
    // Until something fills it, every value is shown marked, with how to find it by hand.
    expect(texts.flatMap(placeholdersIn).filter((p) => !UNFILLED[p]?.find)).toEqual([]);
  });

  it.each(allCauses)(
    '%s puts the supported path (ARM or Kubernetes) before any node-level step',
    (_id, cause) => {
      const firstNode = cause.fix.steps.findIndex((s) => s.via === 'node');
      if (firstNode >= 0) {
        expect(
          cause.fix.steps.slice(0, firstNode).some((s) => s.via === 'arm' || s.via === 'kubernetes'),
        ).toBe(true);
      }
      expect(cause.fix.steps.length).toBeGreaterThan(0);
    },
  );

  it.each(allCauses)('%s is proven by its own checks, in their verdict words', (_id, cause) => {
    const conditions = [...cause.proof.confirmedWhen, ...cause.proof.ruledOutWhen];
    expect(cause.proof.confirmedWhen.length).toBeGreaterThan(0);
    expect(cause.proof.ruledOutWhen.length).toBeGreaterThan(0);
    for (const c of conditions) {
      expect(cause.checks).toContain(c.check);
      for (const v of c.verdicts) expect(CHECKS[c.check].verdicts).toContain(v);
    }
  });
});
