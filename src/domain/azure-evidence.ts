/**
 * Azure's own evidence about a cluster, read once at the edge beside the inventory: Network Watcher's NSG
 * diagnostics for the flows aksdiag's own NSG evaluator judges, and AKS's connectivity detectors. Plain data, so
 * the checks that compare or summarise it stay pure. Either part can be unavailable (no watcher in the region,
 * a 403, a throttled call): that is said, never an error.
 */

/** Why a part of Azure's evidence could not be had, in words for the report. */
export interface Unavailable {
  available: false;
  reason: string;
}

/** One flow as Network Watcher was asked about it, on one node's NIC (the same flow aksdiag evaluates). */
export interface DiagnosedFlow {
  /** The node whose NIC was the target (the receiver for Inbound, the sender for Outbound). */
  node: string;
  direction: 'Inbound' | 'Outbound';
  source: string;
  destination: string;
  port: number;
}

/** How one NSG on the path treated the flow, as Network Watcher reports it. */
export interface DiagnosedNsg {
  /** NSG name (from `networkSecurityGroupId`). */
  nsg: string;
  resourceGroup: string;
  /** Where it is attached: 'subnet', 'nic', or the id Azure named when it is neither. */
  appliedTo: string;
  /** The rule that matched, without Azure's `UserRule_`/`DefaultRule_` prefix; null when none is named. */
  rule: string | null;
  action: 'Allow' | 'Deny' | null;
}

export interface FlowDiagnosis {
  flow: DiagnosedFlow;
  /** Azure's verdict for the whole path (`securityRuleAccessResult`). */
  access: 'Allow' | 'Deny';
  nsgs: DiagnosedNsg[];
}

/** A flow Network Watcher was asked about but could not answer (a 403 on that NIC, a failed operation). */
export interface FlowNotDiagnosed {
  flow: DiagnosedFlow;
  reason: string;
}

export type NetworkWatcherEvidence =
  | {
      available: true;
      /** `<resource group>/<name>` of the watcher used (NetworkWatcher_<region> in NetworkWatcherRG, usually). */
      watcher: string;
      results: FlowDiagnosis[];
      failures: FlowNotDiagnosed[];
    }
  | Unavailable;

/** AppLens' insight levels, in its own order (statusId 0-4). */
export type DetectorLevel = 'critical' | 'warning' | 'info' | 'success' | 'none';

export interface DetectorResult {
  /** Detector id (`snat-usage`, `cluster-dns`, ...). */
  id: string;
  /** Its display name. */
  name: string;
  level: DetectorLevel;
  /** The insights it reported that were not a success, as `Level: message`. */
  insights: string[];
}

export type DetectorsEvidence =
  | {
      available: true;
      /** The category detector read (`aks-category-connectivity`) and its display name. */
      category: string;
      categoryName: string;
      /** The portal's Diagnose and solve problems blade for the cluster. */
      portalUrl: string;
      detectors: DetectorResult[];
      /** Child detectors that could not be run, with why. */
      failed: string[];
    }
  | (Unavailable & { portalUrl?: string });

export interface AzureEvidence {
  networkWatcher?: NetworkWatcherEvidence;
  detectors?: DetectorsEvidence;
}
