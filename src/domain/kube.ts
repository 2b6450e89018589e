/**
 * What aksdiag reads from the Kubernetes API, as plain data (no client-node classes, no Dates), so
 * checks and verdicts stay pure and the same types come from the live API and from command invoke.
 */

/** `matchLabels` plus `matchExpressions`, as in a NetworkPolicy or Deployment. */
export interface KubeLabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

export interface KubeContainerPort {
  container: string;
  name: string | null;
  containerPort: number;
  protocol: string;
}

export interface KubePod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  nodeName: string | null;
  phase: string;
  podIP: string | null;
  hostNetwork: boolean;
  /** The pod's Ready condition is True. */
  ready: boolean;
  /** Sum of the containers' restart counts. */
  restarts: number;
  containerPorts: KubeContainerPort[];
  /** Kind and name of the controlling owner (ReplicaSet, DaemonSet, ...). */
  owner: { kind: string; name: string } | null;
}

export interface KubeServicePort {
  name: string | null;
  port: number;
  /** A number, or the name of a container port. Defaults to `port` when unset, as Kubernetes does. */
  targetPort: number | string;
  protocol: string;
  nodePort: number | null;
}

export interface KubeService {
  namespace: string;
  name: string;
  type: string;
  clusterIP: string | null;
  /** null: a selector-less service (endpoints are managed by hand). */
  selector: Record<string, string> | null;
  ports: KubeServicePort[];
  /** LoadBalancer ingress IPs or hostnames. */
  loadBalancerIngress: string[];
}

export interface KubeEndpointAddress {
  ip: string;
  ready: boolean;
  nodeName: string | null;
  /** Name of the pod behind the address, when the target is a pod. */
  pod: string | null;
}

export interface KubeEndpoints {
  namespace: string;
  service: string;
  /** Where the addresses were read from. */
  source: 'endpointslices' | 'endpoints';
  addresses: KubeEndpointAddress[];
  ports: { name: string | null; port: number; protocol: string }[];
}

export interface KubeNetworkPolicyPeer {
  podSelector: KubeLabelSelector | null;
  namespaceSelector: KubeLabelSelector | null;
  ipBlock: { cidr: string; except: string[] } | null;
}

export interface KubeNetworkPolicyRule {
  /** Empty: all peers. */
  peers: KubeNetworkPolicyPeer[];
  /** Empty: all ports. */
  ports: { protocol: string; port: number | string | null; endPort: number | null }[];
}

export interface KubeNetworkPolicy {
  namespace: string;
  name: string;
  podSelector: KubeLabelSelector;
  policyTypes: string[];
  ingress: KubeNetworkPolicyRule[];
  egress: KubeNetworkPolicyRule[];
}

/** Where a node's VM lives, parsed from `spec.providerID`. */
export interface KubeNodeVm {
  subscription: string;
  resourceGroup: string;
  vmss: string;
  instanceId: string;
}

export interface KubeNode {
  name: string;
  internalIp: string | null;
  ready: boolean;
  /** Reason of the Ready condition (KubeletReady, KubeletNotReady, NodeStatusUnknown ...). */
  readyReason: string | null;
  pool: string | null;
  providerID: string | null;
  /** null when the node is not a VMSS instance (availability set, virtual node, not Azure). */
  vm: KubeNodeVm | null;
  unschedulable: boolean;
}

export type TunnelKind = 'konnectivity-agent' | 'tunnelfront' | 'aks-link';

export interface TunnelComponent {
  kind: TunnelKind;
  /** Port the nodes open outwards to the control plane: 443, 9000 or 1194. */
  port: number;
  /** Desired and ready replicas of its deployment (null when only pods were found). */
  replicas: number | null;
  readyReplicas: number | null;
  pods: KubePod[];
  /** Nodes the tunnel pods run on, sorted, without repeats. */
  nodes: string[];
}

export interface KubeNodeNetworkConfig {
  /** The node it belongs to (the NNC is named after the node). */
  node: string;
  requestedIPCount: number;
  /** `status.assignedIPCount`, or the IPs listed in the network containers. */
  allocatedIPCount: number;
  ipsNotInUse: number;
  /** `status.status`: Updating, Updated or Error. */
  status: string | null;
  /** The network containers' statuses (NCUpdateSuccess, NCUpdateSubnetFullError ...). */
  ncStatuses: string[];
  /** Some network container reports NCUpdateSubnetFullError: the subnet has no IPs left. */
  subnetFull: boolean;
  subnet: string | null;
  subnetAddressSpace: string | null;
  maxIPCount: number | null;
  batchSize: number | null;
}

export interface KubeAccessReview {
  allowed: boolean;
  /** An explicit deny (Azure RBAC can deny; Kubernetes RBAC only lacks an allow). */
  denied: boolean;
  reason: string | null;
}

/** A workload controller, as needed to find the tunnel component. */
export interface KubeDeployment {
  namespace: string;
  name: string;
  selector: KubeLabelSelector;
  replicas: number | null;
  readyReplicas: number | null;
}

/**
 * What the Kubernetes checks judge, read once per run by the edge (live API or command
 * invoke): the cluster-wide objects, plus the Service and access review the paste points at.
 */
export interface KubeSnapshot {
  pods: KubePod[];
  services: KubeService[];
  /** Endpoints of the services above, keyed `<namespace>/<name>`. */
  endpoints: Record<string, KubeEndpoints | null>;
  networkPolicies: KubeNetworkPolicy[];
  nodes: KubeNode[];
  tunnel: TunnelComponent | null;
  nodeNetworkConfigs: KubeNodeNetworkConfig[];
  /** The access review of the RBAC denial in the paste, when there was one. */
  access:
    | (KubeAccessReview & {
        user: string;
        verb: string;
        resource: string;
        /** '' for the core group. */
        apiGroup: string;
        namespace: string | null;
      })
    | null;
  /** Why the access review could not be made (the reader may lack create on subjectaccessreviews). */
  accessError?: string;
  /** The network dataplane from ARM (`cilium` replaces kube-proxy). */
  dataplane: string | null;
  /** networkProfile.networkPolicy from ARM (azure, calico, cilium); null: none configured. */
  policyEngine: string | null;
}
