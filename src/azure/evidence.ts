/**
 * Reads Azure's own evidence for a planned run, at the edge, once: Network Watcher's NSG diagnostics for the flows
 * the plan's NSG checks judge, and the AKS connectivity detectors when the plan has arm-aks-detectors. Both run
 * side by side under one deadline; whatever cannot be had is "not available" with the reason, never an error.
 */
import type { AzureEvidence } from '../domain/azure-evidence.js';
import type { CheckRequest } from '../domain/checks.js';
import type { ClusterInventory } from '../domain/inventory.js';
import { plannedFlows } from '../checks/azure-evidence.js';
import { describeError } from '../errors.js';
import type { AzureClientFactory } from './clients.js';
import { portalUrlOf, readDetectors } from './detectors.js';
import { readNsgDiagnostics } from './network-watcher.js';

export interface AzureEvidenceOptions {
  /** The ARM endpoint the clients use (for the detectors' requests and the portal link). */
  endpoint?: string;
  pollMs?: number;
  /** Longest the whole read may take. */
  deadlineMs: number;
}

export async function readAzureEvidence(
  factory: AzureClientFactory,
  inv: ClusterInventory,
  requests: readonly CheckRequest[],
  opts: AzureEvidenceOptions,
): Promise<AzureEvidence> {
  const signal = AbortSignal.timeout(opts.deadlineMs);
  const flows = plannedFlows(requests, inv);
  const wantDetectors = requests.some((r) => r.check === 'arm-aks-detectors');
  const [networkWatcher, detectors] = await Promise.all([
    readNsgDiagnostics(factory, inv, flows, {
      signal,
      ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
    }).catch((err: unknown) => ({ available: false as const, reason: describeError(err) })),
    wantDetectors
      ? readDetectors(factory, inv.cluster, {
          signal,
          ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
        }).catch((err: unknown) => ({
          available: false as const,
          reason: describeError(err),
          portalUrl: portalUrlOf(inv.cluster, opts.endpoint),
        }))
      : undefined,
  ]);
  return { ...(networkWatcher ? { networkWatcher } : {}), ...(detectors ? { detectors } : {}) };
}
