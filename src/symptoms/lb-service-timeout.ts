import type { Symptom } from '../domain/knowledge.js';
import { PUBLIC_IPV4, SLOW_NOT_UNREACHABLE, re } from './shared.js';

/**
 * A LoadBalancer Service's public IP times out although its pods are healthy. AKS opens the
 * service port in the NSG it manages (on the NICs); a custom NSG on the subnet is evaluated as
 * well and, holding only the default rules, drops the traffic from the Internet.
 */
export const lbServiceTimeout: Symptom = {
  id: 'lb-service-timeout',
  title: "A LoadBalancer Service's external IP times out",
  seen: '`curl: (28) Failed to connect to <public-ip> port 80 ... Timed out` while the pods are Running and Ready',
  signals: [
    {
      id: 'browser-timeout-public-ip',
      pattern: re(`${PUBLIC_IPV4} took too long to respond`),
      weight: 0.75,
    },
    {
      id: 'browser-timeout',
      pattern: re('this site can.t be reached|took too long to respond|err_connection_timed_out'),
      weight: 0.45,
      requires: ['public-ipv4'],
    },
    {
      id: 'telnet-no-connection',
      pattern: re('telnet: unable to connect to remote host: (?:connection timed out|no route to host)'),
      weight: 0.45,
    },
    { id: 'telnet-public-ip', pattern: re(`trying ${PUBLIC_IPV4}\\.\\.\\.`), weight: 0.3 },
    {
      // The load balancer's own probe of the nodes (not the kubelet's readiness or liveness
      // probes): when it fails on every node, the frontend answers nothing. Since AKS 1.24 a port
      // with appProtocol http(s) is probed over HTTP at "/" unless an annotation names a path,
      // and with externalTrafficPolicy Local only nodes running a ready pod pass it.
      id: 'lb-health-probe',
      pattern: re(
        '(?<!readiness |liveness |startup |kubelet )health[ -]?probes?\\b|health[ -]?check (?:node ?port|protocol)|healthchecknodeport',
      ),
      weight: 0.5,
    },
    {
      // The cloud load balancer marks every backend down (its probe fails on each node), so it
      // forwards nothing: AWS target groups, Azure backend pools, other clouds' LBs say it so.
      id: 'lb-backends-unhealthy',
      pattern: re(
        'all (?:the )?(?:targets|nodes|backends|backend instances|instances) (?:are |as |go |went |marked (?:as )?|show(?:ing)? (?:as )?)?"?unhealthy|(?:target group|backend pool)s? (?:is |are |shows? )?(?:all )?"?unhealthy',
      ),
      weight: 0.5,
    },
    {
      // Local keeps the client's address but sends only to nodes with a ready pod of the Service.
      id: 'external-traffic-policy-local',
      pattern: re('externaltrafficpolicy"?[:=] ?"?local\\b'),
      weight: 0.3,
    },
    {
      id: 'loadbalancer-service',
      pattern: re('\\btype: loadbalancer\\b|\\bexternal-ip\\b|loadbalancer ingress'),
      weight: 0.3,
      requires: ['public-ipv4'],
    },
  ],
  penalties: [
    SLOW_NOT_UNREACHABLE,
    // Provisioning the load balancer failed: "timed out waiting for the condition" is the cloud
    // provider giving up, not traffic timing out.
    {
      id: 'lb-provisioning-error',
      pattern: re(
        'failed to ensure load balancer|error (?:creating|syncing|updating|deleting) load balancer|ensuringloadbalancer|syncloadbalancerfailed',
      ),
      factor: 0.1,
    },
    { id: 'kubectl-to-apiserver', pattern: re('unable to connect to the server'), factor: 0.3 },
    // No external IP yet: the load balancer is still being made (or cannot be), no traffic to time out.
    {
      id: 'external-ip-pending',
      pattern: re(
        'loadbalancer +[0-9.]{7,15} +<pending>|stuck (?:in |at )?(?:<)?pending|external[ -]ip (?:is |stays |remains )?(?:<)?pending',
      ),
      factor: 0.3,
    },
  ],
  events: [
    {
      // The paste's own `kubectl get svc` (or its words) says the address is a load balancer's.
      id: 'load-balancer-unreachable',
      outcomes: ['timeout', 'unreachable', 'tls-timeout', 'refused', 'reset'],
      roles: ['load-balancer'],
      vantages: ['outside', 'unknown', 'node', 'pod'],
      weight: 0.75,
      suggests: 'subnet-nsg-missing-rule',
    },
    {
      id: 'load-balancer-not-reached',
      outcomes: ['failed'],
      roles: ['load-balancer'],
      weight: 0.6,
    },
    {
      // From a laptop or browser to a public address: a LoadBalancer Service or ingress IP.
      id: 'outside-to-public-ip',
      outcomes: ['timeout', 'unreachable', 'refused', 'reset'],
      roles: ['public-ip'],
      vantages: ['outside', 'unknown'],
      weight: 0.5,
      suggests: 'subnet-nsg-missing-rule',
    },
    {
      // Tools that do not say how it failed (Invoke-WebRequest's "Unable to connect to the remote
      // server", a person's "cannot reach"): weaker, as a refusal would be the service's own.
      id: 'outside-to-public-ip-failed',
      outcomes: ['failed'],
      roles: ['public-ip'],
      vantages: ['outside'],
      weight: 0.5,
    },
    {
      // A NodePort on a node's address, tried from a laptop or a machine beside the cluster: the
      // Service as exposed to the outside, which is what a load balancer forwards to.
      // Silence, as a firewall or NSG gives; a refusal is the Service's own (see the in-cluster symptom).
      id: 'node-port-from-outside',
      outcomes: ['timeout', 'unreachable'],
      roles: ['node-port'],
      vantages: ['outside', 'unknown'],
      weight: 0.6,
    },
    {
      id: 'node-port-not-reached-from-outside',
      outcomes: ['failed'],
      roles: ['node-port'],
      vantages: ['outside'],
      weight: 0.55,
    },
  ],
  causes: [
    {
      id: 'subnet-nsg-missing-rule',
      fits: ['timeout', 'unreachable', 'tls-timeout'],
      title: 'A custom NSG on the node subnet does not allow the service port from the Internet',
      explanation:
        'AKS adds the inbound rule for a LoadBalancer Service only to the NSG it manages at NIC level; a custom NSG attached to the subnet is evaluated too and, with only its default rules, denies Internet traffic (DenyAllInBound, 65500). The health probe still passes because AzureLoadBalancer is allowed, which makes the service look healthy.',
      checks: ['arm-nsg-flow-lb'],
      proof: {
        confirmedWhen: [{ check: 'arm-nsg-flow-lb', verdicts: ['denied'] }],
        ruledOutWhen: [{ check: 'arm-nsg-flow-lb', verdicts: ['allowed'] }],
      },
      fix: {
        summary: 'Allow the service port to the external IP in the subnet NSG.',
        steps: [
          {
            via: 'arm',
            action: 'Add an inbound allow rule for {port} to {publicIp} with a priority below 65000',
            command:
              'az network nsg rule create -g {nsgResourceGroup} --nsg-name {nsg} -n allow-lb-{port} --priority {priority} --direction Inbound --access Allow --protocol Tcp --source-address-prefixes Internet --destination-address-prefixes {publicIp} --destination-port-ranges {port}',
          },
        ],
      },
    },
    {
      id: 'network-policy',
      fits: ['timeout', 'unreachable', 'tls-timeout'],
      title: 'A network policy on the pods does not allow traffic from outside the cluster',
      explanation:
        "With externalTrafficPolicy Cluster the packets arrive from node IPs after SNAT, and with Local from the client's own IP; a policy that allows only in-cluster namespaces drops both. The load balancer's probes still succeed, so only real clients time out.",
      checks: ['k8s-network-policies'],
      checkParams: { 'k8s-network-policies': { direction: 'ingress', peer: 'external' } },
      proof: {
        confirmedWhen: [{ check: 'k8s-network-policies', verdicts: ['blocks'] }],
        ruledOutWhen: [{ check: 'k8s-network-policies', verdicts: ['allows'] }],
      },
      fix: {
        summary:
          "Allow the service port from outside (ipBlock 0.0.0.0/0, or the clients' ranges) in {policy}.",
        steps: [
          {
            via: 'kubernetes',
            action: 'Add an ingress rule with an ipBlock for the clients',
            command: 'kubectl -n {namespace} edit networkpolicy {policy}',
          },
        ],
      },
    },
  ],
};
