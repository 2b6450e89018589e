/**
 * The JSON shapes the converters accept: the subset of Kubernetes objects aksdiag reads, every field
 * optional. client-node's deserialised models fit these structurally, and so does raw
 * `kubectl get -o json` output from command invoke.
 */

export interface WMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  ownerReferences?: { kind?: string; name?: string; controller?: boolean }[];
}

export interface WSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}

export interface WCondition {
  type?: string;
  status?: string;
  reason?: string;
}

export interface WPod {
  metadata?: WMeta;
  spec?: {
    nodeName?: string;
    hostNetwork?: boolean;
    containers?: { name?: string; ports?: { name?: string; containerPort?: number; protocol?: string }[] }[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    conditions?: WCondition[];
    containerStatuses?: { restartCount?: number }[];
  };
}

export interface WService {
  metadata?: WMeta;
  spec?: {
    type?: string;
    clusterIP?: string;
    selector?: Record<string, string>;
    ports?: {
      name?: string;
      port?: number;
      targetPort?: number | string;
      protocol?: string;
      nodePort?: number;
    }[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface WAddress {
  ip?: string;
  nodeName?: string;
  targetRef?: { kind?: string; name?: string };
}

export interface WEndpoints {
  metadata?: WMeta;
  subsets?: {
    addresses?: WAddress[];
    notReadyAddresses?: WAddress[];
    ports?: { name?: string; port?: number; protocol?: string }[];
  }[];
}

export interface WEndpointSlice {
  metadata?: WMeta;
  endpoints?: {
    addresses?: string[];
    conditions?: { ready?: boolean };
    nodeName?: string;
    targetRef?: { kind?: string; name?: string };
  }[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export interface WPeer {
  podSelector?: WSelector;
  namespaceSelector?: WSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}

export interface WPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface WNetworkPolicy {
  metadata?: WMeta;
  spec?: {
    podSelector?: WSelector;
    policyTypes?: string[];
    /** client-node renames `from` to `_from` (a reserved word in its generator); raw JSON has `from`. */
    ingress?: { from?: WPeer[]; _from?: WPeer[]; ports?: WPolicyPort[] }[];
    egress?: { to?: WPeer[]; ports?: WPolicyPort[] }[];
  };
}

export interface WNode {
  metadata?: WMeta;
  spec?: { providerID?: string; unschedulable?: boolean };
  status?: { addresses?: { type?: string; address?: string }[]; conditions?: WCondition[] };
}

export interface WDeployment {
  metadata?: WMeta;
  spec?: { replicas?: number; selector?: WSelector };
  status?: { readyReplicas?: number };
}

export interface WNodeNetworkConfig {
  metadata?: WMeta;
  spec?: { requestedIPCount?: number; ipsNotInUse?: string[] };
  status?: {
    assignedIPCount?: number;
    status?: string;
    scaler?: { batchSize?: number; maxIPCount?: number };
    networkContainers?: {
      subnetName?: string;
      subnetAddressSpace?: string;
      ipAssignments?: unknown[];
      status?: string;
    }[];
  };
}
