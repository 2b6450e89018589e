/**
 * The fault lab, Kubernetes fixes: for each lab fault whose fix is a change in the Kubernetes API, the
 * fix goes through the code path the bot takes after a person confirms (fixActionFor with Kubernetes
 * fixes on → applyFix: the user kubeconfig from ARM, then the real client-node against the lab's
 * Kubernetes emulator); the emulator's controllers and the lab
 * follow the write (endpoints, kube-proxy's rules on the nodes, new pods), and the check that confirmed
 * the cause now rules it out, with the packets agreeing where the fault blocked traffic.
 */
import { describe, expect, it } from '@jest/globals';
import type { CauseId } from '../../src/domain/ids.js';
import { fixActionFor } from '../../src/engine/fix-action.js';
import { describeKubeFixAction } from '../../src/engine/kube-fix-action.js';
import type { Lab } from '../../src/lab/lab.js';
import { applyLabFix, checkLab, findingsOf, reaches, statuses, useSharedLab } from '../lab/support.js';

const NODE0 = 'aks-nodepool1-12345678-vmss000000';
const WEB = '10.0.120.15';
const KUBE_DNS = '10.0.0.10';
const REFUSED =
  'curl: (7) Failed to connect to web.shop.svc.cluster.local port 80 after 3 ms: Connection refused';
const LB_TIMEOUT = 'curl: (28) Failed to connect to 203.0.113.20 port 80 after 21045 ms: Timeout was reached';
const FORBIDDEN =
  'Error from server (Forbidden): pods "web-1" is forbidden: User "alice@contoso.com" cannot create resource "pods/exec" in API group "" in the namespace "shop"';

interface KubeFixScenario {
  fault: CauseId;
  symptom: string;
  args?: string[];
  /** The check whose findings explain a failure. */
  check: string;
  /** Whether the traffic the cause blocks gets through (`node`: where the fault was injected). */
  passes?: (node?: string) => Promise<boolean>;
  /** What the confirmation dialog says, so a change to what gets applied shows here. */
  describes: RegExp;
}

const SCENARIOS: KubeFixScenario[] = [
  {
    fault: 'no-endpoints-selector-mismatch',
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
    check: 'k8s-service-endpoints',
    passes: () => reaches(NODE0, WEB, 80),
    describes: /^Set the selector of Service shop\/web to app=web$/,
  },
  {
    fault: 'target-port-mismatch',
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
    check: 'k8s-service-ports',
    passes: () => reaches(NODE0, WEB, 80),
    describes: /^Set targetPort of port #0 of Service shop\/web to 8080$/,
  },
  {
    fault: 'missing-role-binding',
    symptom: 'rbac-forbidden',
    args: ['--text', FORBIDDEN],
    check: 'k8s-access-review',
    describes:
      /^Create Role shop\/pods-exec-create allowing "create" on pods\/exec, and bind it to alice@contoso\.com/,
  },
  {
    fault: 'kube-proxy-or-iptables',
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
    check: 'node-kube-proxy-rules',
    // From the node whose kube-proxy stopped.
    passes: (node) => reaches(node!, WEB, 80),
    describes: /^Delete the kube-proxy pod on node aks-nodepool1-12345678-vmss000001 /,
  },
  {
    fault: 'network-policy',
    symptom: 'service-unreachable-in-cluster',
    args: ['--text', REFUSED],
    check: 'k8s-network-policies',
    describes:
      /^Add NetworkPolicy shop\/aksdiag-allow-ingress-8080 allowing ingress on TCP 8080 from any source for the pods app=web /,
  },
  {
    fault: 'network-policy',
    symptom: 'lb-service-timeout',
    args: ['--text', LB_TIMEOUT],
    check: 'k8s-network-policies',
    describes: /^Add NetworkPolicy shop\/aksdiag-allow-ingress-8080 allowing ingress on TCP 8080 from /,
  },
  {
    fault: 'cluster-dns-failure',
    symptom: 'outbound-dns',
    check: 'k8s-coredns',
    passes: () => reaches(NODE0, KUBE_DNS, 53),
    describes: /^Restart Deployment kube-system\/coredns /,
  },
];

let lab: Lab;
useSharedLab((l) => (lab = l));

describe('fault lab: applying a Kubernetes fix makes the check pass', () => {
  it.each(SCENARIOS.map((s) => [`${s.fault} (${s.symptom})`, s] as const))(
    '%s',
    async (_name, s) => {
      const { node } = await lab.inject(s.fault);
      const broken = await checkLab(lab, s.symptom, s.args);
      const why = (r: typeof broken) => findingsOf(r, s.check).join('\n');
      expect({ status: statuses(broken)[s.fault], why: why(broken) }).toMatchObject({
        status: 'confirmed',
      });
      if (s.passes) expect(await s.passes(node)).toBe(false);

      const verdict = broken.causes.find((c) => c.id === s.fault)!;
      // AKSDIAG_KUBE_FIXES=on, as the bot passes it.
      const action = fixActionFor(s.fault, verdict.values, { kubeFixes: { now: new Date() } });
      if ('unavailable' in action) throw new Error(`no fix to apply: ${action.unavailable}`);
      if (action.kind !== 'kube') throw new Error(`not a Kubernetes change: ${action.kind}`);
      expect(action.cluster).toBe('aks-lab');
      expect(describeKubeFixAction(action.change)).toMatch(s.describes);
      // The bot's path: the identity's user kubeconfig from ARM, then the write (the lab's user may write).
      expect(await applyLabFix(lab, action)).not.toBe('');

      const fixed = await checkLab(lab, s.symptom, s.args);
      expect({ status: statuses(fixed)[s.fault], why: why(fixed) }).toMatchObject({ status: 'ruled-out' });
      if (s.passes) expect(await s.passes(node)).toBe(true);
    },
    180_000,
  );
});
