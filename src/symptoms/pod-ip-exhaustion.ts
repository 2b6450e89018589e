import type { Symptom } from '../domain/knowledge.js';
import { re } from './shared.js';

/**
 * A pod cannot get an IP address. With kubenet each node hands out addresses from its own
 * pod CIDR through host-local IPAM (files under /var/lib/cni/networks); with Azure CNI the
 * addresses come from the VNet subnet, and with dynamic allocation the node asks CNS for
 * batches tracked in its NodeNetworkConfig (`kubectl get nnc -n kube-system`).
 */
export const podIpExhaustion: Symptom = {
  id: 'pod-ip-exhaustion',
  title: 'Pods cannot get an IP address',
  seen: 'pods stuck in ContainerCreating: `Failed to allocate address`, `not enough IPs available`, `no IP addresses available in range set`',
  signals: [
    { id: 'failed-to-allocate-address', pattern: re('failed to allocate address'), weight: 0.85 },
    { id: 'no-available-addresses', pattern: re('no available addresses'), weight: 0.7 },
    {
      id: 'cns-not-enough-ips',
      pattern: re('not enough ips available'),
      weight: 0.85,
      suggests: 'subnet-exhausted',
    },
    {
      id: 'host-local-range-full',
      pattern: re('no ip addresses available in (?:range set|network)'),
      weight: 0.85,
      suggests: 'ipam-leak',
    },
    {
      id: 'allocate-for-range',
      pattern: re('failed to allocate for range'),
      weight: 0.7,
      suggests: 'ipam-leak',
    },
    {
      id: 'subnet-capacity',
      pattern: re('does not have enough capacity for \\d{1,7} ip address'),
      weight: 0.85,
      suggests: 'subnet-exhausted',
    },
    {
      id: 'subnet-full-code',
      pattern: re('subnetisfull|subnet is full|insufficientsubnetsize|ncupdatesubnetfullerror'),
      weight: 0.8,
      suggests: 'subnet-exhausted',
    },
    { id: 'cns-ip-request-failed', pattern: re('failed to get ip address from cns'), weight: 0.6 },
    { id: 'failed-to-allocate-pool', pattern: re('failed to allocate pool'), weight: 0.6 },
    {
      id: 'nnc-named',
      pattern: re('\\bnodenetworkconfigs?\\b|\\bget nnc\\b'),
      weight: 0.3,
      suggests: 'subnet-exhausted',
    },
  ],
  penalties: [
    // `Insufficient pods` is the scheduler's max-pods-per-node limit, not an address shortage.
    { id: 'scheduler-max-pods', pattern: re('insufficient pods'), factor: 0.2 },
    {
      // The CNI could not ask CNS at all (its local endpoint on port 10090 refused or failed):
      // CNS is down, which says nothing about how many addresses are left.
      id: 'cns-not-answering',
      pattern: re('(?:localhost|127\\.0\\.0\\.1):10090\\b'),
      factor: 0.5,
    },
    // A LoadBalancer Service's address pool (MetalLB, kube-vip, Cilium LB IPAM), not pods'.
    {
      id: 'load-balancer-address-pool',
      pattern: re('metallb|ipaddresspool|lb-ipam|loadbalancer ip pool|kube-vip'),
      factor: 0.2,
    },
  ],
  events: [{ id: 'ipam-out-of-addresses', outcomes: ['no-ips'], weight: 0.85 }],
  causes: [
    {
      id: 'ipam-leak',
      title: 'The CNI did not release the addresses of deleted pods',
      explanation:
        "Kubenet's host-local IPAM keeps one file per address it handed out; when a container is torn down uncleanly (node pressure, runtime crash) the file stays and the address is never reused. The node's range fills with addresses no running pod owns.",
      checks: ['node-ipam-store'],
      proof: {
        confirmedWhen: [{ check: 'node-ipam-store', verdicts: ['leak'] }],
        ruledOutWhen: [{ check: 'node-ipam-store', verdicts: ['ok'] }],
      },
      fix: {
        summary: 'Drain and reimage the node to clear its IPAM store; find what kills containers uncleanly.',
        steps: [
          {
            via: 'kubernetes',
            action: 'Move the pods off {node}',
            command: 'kubectl drain {node} --ignore-daemonsets --delete-emptydir-data',
          },
          {
            via: 'arm',
            action: 'Reimage the instance, which starts it with an empty IPAM store',
            command: 'az vmss reimage -g {nodeResourceGroup} -n {vmss} --instance-ids {instanceId}',
          },
          { via: 'kubernetes', action: 'Let pods schedule again', command: 'kubectl uncordon {node}' },
        ],
      },
    },
    {
      id: 'pod-churn-outpaces-gc',
      title: 'Pods are created and deleted faster than addresses are given back',
      explanation:
        'Jobs, CronJobs or crash-looping pods that start by the hundred hold addresses until their sandboxes are cleaned up, and a node with a small range (kubenet /24, or max pods on Azure CNI) runs dry in bursts. It clears by itself when the churn stops, which is what tells it apart from a leak.',
      checks: ['k8s-pod-churn', 'node-ipam-store'],
      proof: {
        confirmedWhen: [{ check: 'k8s-pod-churn', verdicts: ['high-churn'] }],
        ruledOutWhen: [{ check: 'k8s-pod-churn', verdicts: ['low-churn'] }],
      },
      fix: {
        summary:
          'Spread the churn: limit Job parallelism, clean finished pods, or add nodes or a larger pod range.',
        steps: [
          {
            via: 'kubernetes',
            action:
              'Clean up finished pods automatically (ttlSecondsAfterFinished on Jobs), and delete the finished ones now',
            command: 'kubectl delete pods -A --field-selector=status.phase==Succeeded',
          },
          {
            via: 'arm',
            action: 'Add nodes so the churn has more addresses',
            command:
              'az aks nodepool scale -g {resourceGroup} --cluster-name {cluster} -n {nodepool} --node-count {nodeCount}',
          },
        ],
      },
    },
    {
      id: 'subnet-exhausted',
      title: 'The subnet has no free addresses left for pods (Azure CNI)',
      explanation:
        'With Azure CNI every pod takes an address from the VNet subnet, and each node reserves max-pods of them up front (or batches, with dynamic allocation), so a subnet sized for the nodes alone runs out. Scale-out, upgrades (surge nodes) and new pods then fail with CNS or subnet-capacity errors.',
      checks: ['arm-subnet-capacity', 'k8s-nnc'],
      proof: {
        confirmedWhen: [{ check: 'arm-subnet-capacity', verdicts: ['subnet-full'] }],
        ruledOutWhen: [{ check: 'arm-subnet-capacity', verdicts: ['subnet-ok'] }],
      },
      fix: {
        summary:
          'Give pods more addresses: a new, larger subnet for a new node pool (subnets in use cannot be resized while nodes hold addresses), or move to Azure CNI Overlay.',
        steps: [
          {
            via: 'arm',
            action: 'Create a larger subnet',
            command:
              'az network vnet subnet create -g {vnetResourceGroup} --vnet-name {vnet} -n {subnet}-large --address-prefixes {newSubnetPrefix}',
          },
          {
            via: 'arm',
            action: 'Add a node pool on it, then move workloads and remove the old pool',
            command:
              'az aks nodepool add -g {resourceGroup} --cluster-name {cluster} -n {nodepool}2 --vnet-subnet-id {newSubnetId}',
          },
        ],
      },
    },
  ],
};
