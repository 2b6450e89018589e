/** What `diagnose(text)` returns and `aksdiag explain --json` prints. */
import type { CauseId, SymptomId } from './ids.js';
import type { CheckTarget } from '../checks/catalogue.js';
import type { FixStep } from './knowledge.js';
import type { Verdict } from './verdicts.js';

/** An AKS node named in the paste. VMSS node names carry their instance id in base 36. */
export interface NodeRef {
  name: string;
  pool: string;
  /** Scale set name (`aks-<pool>-<digits>-vmss`), for VMSS nodes. */
  vmss?: string;
  /** Decimal instance id, for VMSS nodes (the name's last six characters, read in base 36). */
  instanceId?: string;
}

/** An AKS API server FQDN; its first label is `<dnsPrefix>-<hash>`. */
export interface ApiServerRef {
  fqdn: string;
  dnsPrefix: string;
  region: string;
  private: boolean;
}

/** The parts of a Kubernetes RBAC denial. */
export interface RbacRef {
  user: string;
  verb: string;
  resource: string;
  apiGroup: string;
  /** Null when the denial was at the cluster scope. */
  namespace: string | null;
}

export interface Entities {
  ips: string[];
  ports: number[];
  nodes: NodeRef[];
  apiServers: ApiServerRef[];
  pods: string[];
  namespaces: string[];
  services: string[];
  rbac: RbacRef[];
}

/** What a sweep without a paste knows: nothing. */
export const NO_ENTITIES: Readonly<Entities> = Object.freeze({
  ips: [],
  ports: [],
  nodes: [],
  apiServers: [],
  pods: [],
  namespaces: [],
  services: [],
  rbac: [],
});

export interface CheckRef {
  id: string;
  target: CheckTarget;
  summary: string;
}

export interface CauseReport {
  id: CauseId;
  title: string;
  explanation: string;
  checks: CheckRef[];
  /** The fix as text, with `{placeholders}` that only a live check can fill left in place. */
  fix: string;
  fixSteps: FixStep[];
  /** Why this cause is listed where it is: ids of signals or pasted evidence that point at it. */
  pointedAtBy: string[];
  /** Outcomes in the paste that this cause would not produce (it is listed last then). */
  contradictedBy: string[];
}

export interface Alternative {
  symptom: SymptomId;
  confidence: number;
}

/** Tool output found in the paste, interpreted; `port` is what it was judged for. */
export type PastedEvidence = Verdict & { port?: number };

export interface InputSummary {
  /** Characters received. */
  chars: number;
  /** Characters scanned (huge pastes are cut to their head and tail). */
  scannedChars: number;
  truncated: boolean;
  binary: boolean;
  /** How many secrets of each kind were masked before anything was echoed. */
  redactions: Record<string, number>;
}

export interface Diagnosis {
  symptom: SymptomId | null;
  confidence: number;
  title: string | null;
  alternatives: Alternative[];
  entities: Entities;
  causes: CauseReport[];
  evidence: PastedEvidence[];
  /** Ids of the signals that matched for the chosen symptom, strongest first. */
  matched: string[];
  /** What happened to the attempts the paste shows (`timeout`, `refused`, ...), from its network events. */
  outcomes: string[];
  /** One line on what the outcome says, when it rules causes out (a refusal means something answered). */
  outcomeNote: string | null;
  input: InputSummary;
}
