/**
 * Network Watcher's NSG diagnostics (`networkWatchers/{name}/networkConfigurationDiagnostic`, a long-running POST)
 * for the flows aksdiag's own NSG checks judge, each asked on the node's NIC: for a VMSS instance that is
 * `.../virtualMachineScaleSets/{vmss}/virtualMachines/{id}/networkInterfaces/{nic}`, a target Azure accepts
 * ("VMSS/NetworkInterface"). One call per NIC carries all of its flows as profiles.
 *
 * It needs a Network Watcher in the nodes' region (Azure makes NetworkWatcher_<region> in NetworkWatcherRG when a
 * VNet is created there, unless a subscription turned that off) and the right to run it
 * (`Microsoft.Network/networkWatchers/networkConfigurationDiagnostic/action`: the optional "aksdiag Network
 * Watcher" role). Without either it is "not available", with the reason; it never fails a diagnosis.
 */
import type { NetworkConfigurationDiagnosticResult, NetworkWatcher } from '@azure/arm-network';
import type {
  DiagnosedFlow,
  DiagnosedNsg,
  FlowDiagnosis,
  FlowNotDiagnosed,
  NetworkWatcherEvidence,
} from '../domain/azure-evidence.js';
import type { ClusterInventory, NodeInstance } from '../domain/inventory.js';
import {
  armMessage,
  collect,
  mapLimit,
  parseResourceId,
  statusOf,
  type AzureClientFactory,
} from './clients.js';

/** NICs asked about per run: each is one long-running call. */
export const MAX_TARGETS = 5;
/** Calls in flight at once: a diagnostic takes tens of seconds, but one watcher serves the whole region. */
const CONCURRENCY = 3;

const region = (s: string | undefined): string => (s ?? '').toLowerCase().replace(/\s+/g, '');

function whyNot(err: unknown, action: string): string {
  const status = statusOf(err);
  if (status === 403) return `the identity may not ${action}: ${armMessage(err)}`;
  const name = (err as { name?: unknown } | null)?.name;
  if (name === 'AbortError' || name === 'TimeoutError') return 'Network Watcher did not answer in time';
  return status !== undefined ? `HTTP ${status}: ${armMessage(err)}` : armMessage(err);
}

const RUN_ACTION =
  'run NSG diagnostics (Microsoft.Network/networkWatchers/networkConfigurationDiagnostic/action, in the optional aksdiag Network Watcher role)';

/** `UserRule_deny-kubelet` → `deny-kubelet`: Network Watcher prefixes custom and default rule names. */
export function ruleName(name: string | undefined): string | null {
  if (!name) return null;
  return name.replace(/^(UserRule|DefaultRule)_/, '');
}

function nsgOf(
  e: NonNullable<
    NonNullable<
      NetworkConfigurationDiagnosticResult['networkSecurityGroupResult']
    >['evaluatedNetworkSecurityGroups']
  >[number],
): DiagnosedNsg {
  const id = e.networkSecurityGroupId ?? '';
  const p = parseResourceId(id);
  const applied = (e.appliedTo ?? '').toLowerCase();
  const action = e.matchedRule?.action;
  return {
    nsg: p?.name ?? id,
    resourceGroup: p?.resourceGroup ?? '',
    appliedTo: applied.includes('/subnets/')
      ? 'subnet'
      : applied.includes('/networkinterfaces/')
        ? 'nic'
        : (e.appliedTo ?? ''),
    rule: ruleName(e.matchedRule?.ruleName),
    action: action === 'Allow' || action === 'Deny' ? action : null,
  };
}

const sameProfile = (r: NetworkConfigurationDiagnosticResult, f: DiagnosedFlow): boolean =>
  r.profile?.direction?.toLowerCase() === f.direction.toLowerCase() &&
  r.profile.source === f.source &&
  r.profile.destination === f.destination &&
  String(r.profile.destinationPort) === String(f.port);

export interface NsgDiagnosticsOptions {
  pollMs?: number;
  signal?: AbortSignal;
}

async function findWatcher(
  factory: AzureClientFactory,
  inv: ClusterInventory,
): Promise<NetworkWatcher | string> {
  let watchers: NetworkWatcher[];
  try {
    watchers = await collect((await factory.network(inv.cluster.subscription)).networkWatchers.listAll());
  } catch (err) {
    return whyNot(err, 'list Network Watchers (Microsoft.Network/networkWatchers/read)');
  }
  const here = region(inv.cluster.location);
  const found = watchers.find((w) => region(w.location) === here && w.id);
  return (
    found ??
    `no Network Watcher in ${inv.cluster.location} (Azure creates NetworkWatcher_${here} in NetworkWatcherRG when a virtual network is made in the region, unless the subscription turned that off)`
  );
}

async function nicIdOf(
  factory: AzureClientFactory,
  inv: ClusterInventory,
  node: NodeInstance,
): Promise<string> {
  const nics = await collect(
    (
      await factory.network(inv.cluster.subscription)
    ).networkInterfaces.listVirtualMachineScaleSetVMNetworkInterfaces(
      inv.nodeResourceGroup,
      node.vmss,
      node.instanceId,
    ),
  );
  const nic = nics.find((n) => n.primary) ?? nics[0];
  if (!nic?.id) throw new Error(`no network interface found for ${node.name}`);
  return nic.id;
}

/** Asks Network Watcher about `flows` (at most MAX_TARGETS nodes' NICs); undefined when there is nothing to ask. */
export async function readNsgDiagnostics(
  factory: AzureClientFactory,
  inv: ClusterInventory,
  flows: readonly DiagnosedFlow[],
  opts: NsgDiagnosticsOptions = {},
): Promise<NetworkWatcherEvidence | undefined> {
  if (flows.length === 0) return undefined;
  const watcher = await findWatcher(factory, inv);
  if (typeof watcher === 'string') return { available: false, reason: watcher };
  const w = parseResourceId(watcher.id!);
  if (!w) return { available: false, reason: `unexpected Network Watcher id ${watcher.id}` };
  const byNode = new Map<string, DiagnosedFlow[]>();
  for (const f of flows) byNode.set(f.node, [...(byNode.get(f.node) ?? []), f]);
  const nodes = [...byNode.keys()];
  type Answer = { results: FlowDiagnosis[]; failures: FlowNotDiagnosed[] };
  const ask = async (name: string, i: number): Promise<Answer> => {
    const asked = byNode.get(name)!;
    const node = inv.nodes.find((n) => n.name === name);
    if (i >= MAX_TARGETS || !node) {
      const reason = node
        ? `only ${MAX_TARGETS} nodes' NICs are asked per run`
        : `node ${name} not in the inventory`;
      return { results: [], failures: asked.map((flow) => ({ flow, reason })) };
    }
    try {
      const nicId = await nicIdOf(factory, inv, node);
      const answer = await (
        await factory.network(w.subscription)
      ).networkWatchers.getNetworkConfigurationDiagnostic(
        w.resourceGroup,
        w.name,
        {
          targetResourceId: nicId,
          verbosityLevel: 'Normal',
          profiles: asked.map((f) => ({
            direction: f.direction,
            protocol: 'TCP',
            source: f.source,
            destination: f.destination,
            destinationPort: String(f.port),
          })),
        },
        {
          ...(opts.pollMs !== undefined ? { updateIntervalInMs: opts.pollMs } : {}),
          ...(opts.signal ? { abortSignal: opts.signal } : {}),
        },
      );
      const got = answer.results ?? [];
      const out: Answer = { results: [], failures: [] };
      asked.forEach((flow, k) => {
        const r = got.find((x) => sameProfile(x, flow)) ?? got[k];
        const access = r?.networkSecurityGroupResult?.securityRuleAccessResult;
        if (access === 'Allow' || access === 'Deny') {
          const nsgs = (r?.networkSecurityGroupResult?.evaluatedNetworkSecurityGroups ?? []).map(nsgOf);
          out.results.push({ flow, access, nsgs });
        } else out.failures.push({ flow, reason: 'Network Watcher returned no verdict for this flow' });
      });
      return out;
    } catch (err) {
      const reason = whyNot(err, RUN_ACTION);
      return { results: [], failures: asked.map((flow) => ({ flow, reason })) };
    }
  };
  const answers = await mapLimit(
    nodes.map((name, i) => [name, i] as const),
    CONCURRENCY,
    ([name, i]) => ask(name, i),
  );
  const results = answers.flatMap((a) => a.results);
  const failures = answers.flatMap((a) => a.failures);
  // Refused everywhere: one plain "not available" reads better than the same reason on every flow.
  const reasons = new Set(failures.map((f) => f.reason));
  if (results.length === 0 && reasons.size === 1) return { available: false, reason: [...reasons][0]! };
  return { available: true, watcher: `${w.resourceGroup}/${w.name}`, results, failures };
}
