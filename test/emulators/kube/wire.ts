/**
 * Kubernetes objects as the API server sends them (JSON wire shape, the subset aksdiag reads), so a
 * state written by a test reads like `kubectl get -o json` output. Fields a real server always
 * fills (`apiVersion`, `kind`) are added by the emulator when serving.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean }[];
  resourceVersion?: string;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: {
    key: string;
    operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    values?: string[];
  }[];
}

export interface WireNamespace {
  metadata: ObjectMeta;
  status?: { phase?: 'Active' | 'Terminating' };
}

export interface WireContainerPort {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface WireCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface WirePod {
  metadata: ObjectMeta;
  spec: {
    nodeName?: string;
    hostNetwork?: boolean;
    containers: { name: string; image?: string; ports?: WireContainerPort[] }[];
  };
  status: {
    phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    podIP?: string;
    hostIP?: string;
    conditions?: WireCondition[];
    containerStatuses?: { name: string; ready: boolean; restartCount: number; image?: string }[];
  };
}

export interface WireServicePort {
  name?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface WireService {
  metadata: ObjectMeta;
  spec: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    clusterIP?: string;
    selector?: Record<string, string>;
    ports?: WireServicePort[];
    externalName?: string;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface WireEndpointAddress {
  ip: string;
  nodeName?: string;
  targetRef?: { kind: string; name: string; namespace?: string };
}

export interface WireEndpoints {
  metadata: ObjectMeta;
  subsets?: {
    addresses?: WireEndpointAddress[];
    notReadyAddresses?: WireEndpointAddress[];
    ports?: { name?: string; port: number; protocol?: string }[];
  }[];
}

export interface WireEndpointSlice {
  metadata: ObjectMeta;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints: {
    addresses: string[];
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
    nodeName?: string;
    targetRef?: { kind: string; name: string; namespace?: string };
  }[];
  ports?: { name?: string; port?: number; protocol?: string }[];
}

export interface WireNetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface WireNetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface WireNetworkPolicy {
  metadata: ObjectMeta;
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: { from?: WireNetworkPolicyPeer[]; ports?: WireNetworkPolicyPort[] }[];
    egress?: { to?: WireNetworkPolicyPeer[]; ports?: WireNetworkPolicyPort[] }[];
  };
}

export interface WireNode {
  metadata: ObjectMeta;
  spec: { providerID?: string; podCIDR?: string; unschedulable?: boolean };
  status: {
    addresses?: { type: 'InternalIP' | 'ExternalIP' | 'Hostname'; address: string }[];
    conditions?: WireCondition[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string };
  };
}

export interface WireDeployment {
  metadata: ObjectMeta;
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec: WirePod['spec'];
    };
  };
  status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number };
}

/** acn.azure.com/v1alpha NodeNetworkConfig (Azure/azure-container-networking crd/nodenetworkconfig). */
export interface WireNodeNetworkConfig {
  metadata: ObjectMeta;
  spec: { requestedIPCount?: number; ipsNotInUse?: string[]; availabilityZone?: string };
  status?: {
    assignedIPCount?: number;
    status?: 'Updating' | 'Updated' | 'Error';
    scaler?: {
      batchSize?: number;
      releaseThresholdPercent?: number;
      requestThresholdPercent?: number;
      maxIPCount?: number;
    };
    networkContainers?: {
      id?: string;
      assignmentMode?: string;
      type?: 'vnet' | 'vnetblock' | 'overlay';
      primaryIP?: string;
      subnetName?: string;
      subnetAddressSpace?: string;
      ipAssignments?: { name: string; ip: string }[];
      defaultGateway?: string;
      version?: number;
      nodeIP?: string;
      subcriptionID?: string;
      vnetID?: string;
      subnetID?: string;
      status?:
        | 'NCUpdateSubnetFullError'
        | 'NCUpdateInternalServerError'
        | 'NCUpdateUnauthorizedError'
        | 'NCUpdateSuccess'
        | 'NCUpdateFailed';
    }[];
  };
}

/** rbac.authorization.k8s.io/v1 PolicyRule. */
export interface WirePolicyRule {
  verbs: string[];
  apiGroups?: string[];
  /** With subresources as `pods/exec`. */
  resources?: string[];
  resourceNames?: string[];
}

export interface WireRole {
  metadata: ObjectMeta;
  rules?: WirePolicyRule[];
}

export interface WireRoleBinding {
  metadata: ObjectMeta;
  subjects?: {
    kind: 'User' | 'Group' | 'ServiceAccount';
    name: string;
    namespace?: string;
    apiGroup?: string;
  }[];
  roleRef: { apiGroup: string; kind: 'Role' | 'ClusterRole'; name: string };
}
