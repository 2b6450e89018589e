/**
 * Checks as data: what to run where (CheckRequest) and what it found (Finding). A Finding is
 * a result even when the check could not look ('could-not-check'): one node failing never
 * fails the whole diagnosis.
 */
import type { CheckId } from '../checks/catalogue.js';

/** A VMSS instance that a node check runs on through run-command. */
export interface NodeTarget {
  kind: 'node';
  /** Kubernetes node name (the VM's computer name). */
  node: string;
  subscription: string;
  /** The node resource group (MC_...), which holds the scale sets. */
  resourceGroup: string;
  vmss: string;
  instanceId: string;
}

/** The cluster's Kubernetes API, or Azure Resource Manager reads about the cluster. */
export interface ApiTarget {
  kind: 'cluster' | 'arm';
}

export type TargetRef = NodeTarget | ApiTarget;

/** Parameters after validation: plain values only, never free text from a paste. */
export type CheckParams = Readonly<Record<string, string | number>>;

export interface CheckRequest {
  check: CheckId;
  target: TargetRef;
  params: CheckParams;
}

/**
 * `problem`: the check saw the fault it looks for. `ok`: it looked and the fault is absent.
 * `could-not-check`: it could not look (node did not answer, permission denied, output unreadable).
 */
export type FindingStatus = 'problem' | 'ok' | 'could-not-check';

export interface Finding {
  check: CheckId;
  /** What it ran on: a node name, `cluster`, or the ARM resource it read. */
  target: string;
  /** The verdict word of the interpreter or read (`blocks-port`, `timeout`, `not-authorized`, ...). */
  verdict: string;
  status: FindingStatus;
  /** The line of output or the setting the verdict rests on. */
  evidence: string | null;
  /** Fix placeholders this finding fills (`ruleNumber`, `nsg`, `priority`, ...). */
  values: Readonly<Record<string, string>>;
  notes: string[];
}

/** Where a cause stands once the findings are in. */
export type CauseStatus = 'confirmed' | 'ruled-out' | 'unknown';
