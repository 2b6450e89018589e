/**
 * Follow-up judgements: ARM checks whose parameters only a node's answer gives (the address its
 * connection went to). Never planned (their catalogue entry names `after`); judged from the first
 * round's findings, in the in-process run and in the queue's verdict job alike. Pure.
 */
import type { CheckRequest, Finding } from '../domain/checks.js';
import type { ClusterInventory } from '../domain/inventory.js';
import { ARM_CHECKS } from './arm/index.js';
import type { CheckId } from './catalogue.js';
import type { JudgementParams } from './judgement.js';

interface FollowUp {
  check: CheckId;
  /** The first-round check, and its verdicts, that call for it. */
  after: CheckId;
  when: readonly string[];
  /** Its parameters from that finding and the request that produced it; null when they are not known. */
  params(found: Finding, asked: CheckRequest): JudgementParams | null;
}

const FOLLOW_UPS: readonly FollowUp[] = [
  {
    check: 'arm-nsg-tunnel-egress',
    after: 'node-nc-tunnel-egress',
    when: ['timeout', 'unreachable'],
    params: (found, asked) => {
      const destination = found.values['address'];
      const port = asked.params['port'];
      return destination && typeof port === 'number' ? { destination, port } : null;
    },
  },
];

/** `findings[i]` answers `requests[i]`. One finding per distinct set of parameters. */
export function followUpFindings(
  requests: readonly CheckRequest[],
  findings: readonly Finding[],
  inventory: ClusterInventory,
): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const f of FOLLOW_UPS) {
    const check = ARM_CHECKS.find((c) => c.id === f.check);
    if (!check) continue;
    findings.forEach((found, i) => {
      const asked = requests[i];
      if (!asked || found.check !== f.after || !f.when.includes(found.verdict)) return;
      const params = f.params(found, asked);
      const key = `${f.check} ${JSON.stringify(params)}`;
      if (!params || seen.has(key)) return;
      seen.add(key);
      out.push(check.run(inventory, params));
    });
  }
  return out;
}
