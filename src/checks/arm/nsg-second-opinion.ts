/**
 * Azure's Network Watcher as a second opinion on aksdiag's own NSG evaluation of the same flow (read at the edge
 * into `inventory.azure.networkWatcher`). The finding keeps aksdiag's verdict and says Azure's beside it, in the
 * evidence line every renderer shows and in `values` (`azureNsg`: agrees, disagrees, decided, not-available,
 * not-asked). A disagreement is said first in the notes, never dropped. Where aksdiag could not decide (a service
 * tag or an application security group it cannot expand), Azure's answer is taken, and the finding says so.
 */
import type { DiagnosedFlow, FlowDiagnosis } from '../../domain/azure-evidence.js';
import type { Finding } from '../../domain/checks.js';
import type { ClusterInventory, NodeInstance } from '../../domain/inventory.js';
import { freePriorityBefore, type Flow } from '../../engine/nsg-flow.js';

/** A flow and the node whose NIC Azure evaluates it on (receiver for Inbound, sender for Outbound). */
export interface NodeFlow {
  node: NodeInstance;
  flow: Flow;
}

export function diagnosedFlow({ node, flow }: NodeFlow): DiagnosedFlow {
  return {
    node: node.name,
    direction: flow.direction,
    source: flow.source,
    destination: flow.destination,
    port: flow.destinationPort,
  };
}

export function sameFlow(a: DiagnosedFlow, b: DiagnosedFlow): boolean {
  return (
    a.node === b.node &&
    a.direction === b.direction &&
    a.source === b.source &&
    a.destination === b.destination &&
    a.port === b.port
  );
}

/** The NSG and rule that decided Azure's answer: the first deny, else the last allow. */
function azureDecider(d: FlowDiagnosis): FlowDiagnosis['nsgs'][number] | undefined {
  return d.access === 'Deny'
    ? d.nsgs.find((n) => n.action === 'Deny')
    : [...d.nsgs].reverse().find((n) => n.action === 'Allow');
}

function azureSays(d: FlowDiagnosis): string {
  const by = azureDecider(d);
  return by?.rule ? `${d.access} by ${by.nsg} rule ${by.rule}` : d.access;
}

function withNote(f: Finding, values: Record<string, string>, note: string, first = false): Finding {
  return { ...f, values: { ...f.values, ...values }, notes: first ? [note, ...f.notes] : [...f.notes, note] };
}

/** Fix values for Azure's blocking rule, when aksdiag has that NSG and rule in its inventory. */
function denyValues(inv: ClusterInventory, d: FlowDiagnosis, flow: Flow): Record<string, string> {
  const by = azureDecider(d);
  if (!by) return {};
  const nsg = Object.values(inv.nsgs).find((n) => n.name.toLowerCase() === by.nsg.toLowerCase());
  const rule = nsg && [...nsg.rules, ...nsg.defaultRules].find((r) => r.name === by.rule);
  const values: Record<string, string> = {
    nsg: by.nsg,
    nsgResourceGroup: nsg?.resourceGroup ?? by.resourceGroup,
    blockingRule: `${by.rule ?? '?'} (priority ${rule?.priority ?? '?'})`,
  };
  const free = nsg && rule ? freePriorityBefore(nsg, flow.direction, rule.priority) : null;
  if (typeof free === 'number') values['priority'] = String(free);
  return values;
}

/** aksdiag's finding for `nf`, with Azure's answer for the same flow beside it. */
export function withSecondOpinion(inv: ClusterInventory, nf: NodeFlow, own: Finding): Finding {
  const nw = inv.azure?.networkWatcher;
  // Nothing was read (evidence not collected in this run): nothing to say.
  if (!inv.azure) return own;
  if (!nw) {
    return withNote(own, { azureNsg: 'not-asked' }, 'Azure Network Watcher: not asked in this run');
  }
  if (!nw.available) {
    return withNote(
      own,
      { azureNsg: 'not-available' },
      `Azure Network Watcher: not available (${nw.reason})`,
    );
  }
  const asked = diagnosedFlow(nf);
  const d = nw.results.find((r) => sameFlow(r.flow, asked));
  if (!d) {
    const failed = nw.failures.find((r) => sameFlow(r.flow, asked));
    return failed
      ? withNote(
          own,
          { azureNsg: 'not-available' },
          `Azure Network Watcher: not available (${failed.reason})`,
        )
      : withNote(
          own,
          { azureNsg: 'not-asked' },
          'Azure Network Watcher: not asked about this flow (its address was known only after the node checks, or beyond the flows asked per run)',
        );
  }
  const says = azureSays(d);
  const azureValues = { azureNsgVerdict: d.access, azureNsgBy: says };
  if (own.verdict === 'unknown') {
    const allowed = d.access === 'Allow';
    return {
      ...own,
      verdict: allowed ? 'allowed' : 'denied',
      status: allowed ? 'ok' : 'problem',
      target: azureDecider(d)?.nsg ?? own.target,
      evidence: `${own.evidence ?? 'aksdiag could not decide'}; decided by Azure Network Watcher: ${says}`,
      values: {
        ...own.values,
        ...(allowed ? {} : denyValues(inv, d, nf.flow)),
        ...azureValues,
        azureNsg: 'decided',
      },
      notes: [
        "aksdiag's own evaluation could not decide this flow; the verdict is Azure Network Watcher's",
        ...own.notes,
      ],
    };
  }
  const agrees = (own.verdict === 'allowed') === (d.access === 'Allow');
  if (agrees) {
    return {
      ...own,
      evidence: `${own.evidence ?? ''} | Azure Network Watcher agrees: ${says}`,
      values: { ...own.values, ...azureValues, azureNsg: 'agrees' },
    };
  }
  return withNote(
    {
      ...own,
      evidence: `${own.evidence ?? ''} | Azure Network Watcher DISAGREES: ${says}`,
    },
    { ...azureValues, azureNsg: 'disagrees' },
    `Azure's Network Watcher evaluated this flow as ${d.access} where aksdiag found it ${own.verdict}: the NSG may have changed since aksdiag read it, or a rule names addresses aksdiag cannot expand. Re-run the check, and look at the NSG in the portal before acting on either.`,
    true,
  );
}
