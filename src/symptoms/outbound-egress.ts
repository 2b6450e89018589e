import type { Symptom } from '../domain/knowledge.js';
import { AKS_REQUIRED_HOSTS, DIAL_ADDRESS, PUBLIC_IPV4, SLOW_NOT_UNREACHABLE, re } from './shared.js';

/**
 * Pods or nodes cannot reach something outside the cluster. On AKS egress leaves through the
 * load balancer's SNAT, a NAT gateway, or a user-defined route to a firewall; each can block
 * or starve it. Node provisioning fails the same way (CSE exit 50) when required endpoints
 * are blocked.
 */
export const outboundEgress: Symptom = {
  id: 'outbound-egress',
  title: 'Pods or nodes cannot reach an external endpoint',
  seen: 'calls to an external endpoint time out or are refused; node provisioning fails with CSE exit status 50',
  signals: [
    {
      id: 'aks-outbound-check-failed',
      pattern: re(
        'unable to establish outbound connection from agents|outboundconnfail|err_outbound_conn_fail',
      ),
      weight: 0.9,
      suggests: 'egress-firewall-blocks',
    },
    {
      // AKS node bootstrap (CSE) exit 50: outbound connectivity check failed.
      id: 'cse-exit-50',
      pattern: re('exit status=50\\b'),
      weight: 0.8,
      suggests: 'egress-firewall-blocks',
    },
    {
      id: 'required-host-unreachable',
      pattern: re(
        `https?://[^\\s"/:]{0,200}${AKS_REQUIRED_HOSTS}(?::\\d{1,5})?(?:/[^\\s":]{0,300})?"?: dial tcp ${DIAL_ADDRESS}:443: (?:i/o timeout|connect: connection refused|connect: network is unreachable|connect: no route to host|getsockopt)`,
      ),
      weight: 0.6,
      suggests: 'egress-firewall-blocks',
    },
    { id: 'required-host-named', pattern: re(AKS_REQUIRED_HOSTS), weight: 0.3 },
    {
      id: 'https-dial-timeout',
      pattern: re(
        `dial tcp ${DIAL_ADDRESS}:443: (?:i/o timeout|connect: connection timed out|getsockopt: connection timed out)`,
      ),
      weight: 0.35,
      excludes: ['kubectl-client-failure'],
    },
    {
      id: 'http-client-dial-failure',
      pattern: re('(?:get|post|put|patch|delete|head) "?https?://[^\\s"]{1,400}"?: dial tcp'),
      weight: 0.25,
    },
    {
      id: 'hostname-443-timeout',
      pattern: re(
        'failed to connect to [a-z][a-z0-9-]{0,62}(?:\\.[a-z0-9-]{1,63}){1,10} port 443\\b[^:]{0,30}: (?:connection |operation )?timed out',
      ),
      weight: 0.5,
    },
    {
      id: 'windows-connect-timeout',
      pattern: re('a connection attempt failed because the connected party did not properly respond'),
      weight: 0.5,
      excludes: ['kubectl-client-failure'],
      suggests: 'snat-exhaustion',
    },
    {
      id: 'dotnet-http-exception',
      pattern: re('\\b(?:httprequestexception|socketexception)\\b'),
      weight: 0.3,
    },
    { id: 'node-socket-errors', pattern: re('\\b(?:etimedout|econnreset|econnrefused)\\b'), weight: 0.25 },
    {
      id: 'snat-named',
      pattern: re(
        'snat (?:port )?exhaust|snat ports?\\b|port exhaustion|allocatedoutboundports|aksoutboundrule|outbound ports? (?:per|exhaust)',
      ),
      weight: 0.6,
      suggests: 'snat-exhaustion',
    },
    {
      // `cilium connectivity test` failing its tests from a client pod to the world or a CIDR.
      id: 'cilium-test-egress-failed',
      pattern: re('❌ [a-z0-9-]{1,40}/pod-to-(?:world|cidr)\\b'),
      weight: 0.6,
    },
    {
      // Azure Firewall's log when no application or network rule allows the flow.
      id: 'firewall-default-deny',
      pattern: re('no rule matched\\. proceeding with default action'),
      weight: 0.6,
      suggests: 'egress-firewall-blocks',
    },
    { id: 'firewall-deny', pattern: re('action: deny'), weight: 0.45, suggests: 'egress-firewall-blocks' },
    {
      // In words: egress through a firewall is where AKS traffic gets blocked by one.
      id: 'firewall-blocks-said',
      pattern: re(
        'blocked by (?:the |our |an? )?(?:azure )?firewall|(?:azure )?firewall (?:is |was )?(?:blocking|blocks)',
      ),
      weight: 0.6,
      suggests: 'egress-firewall-blocks',
    },
    {
      id: 'public-endpoint-refused',
      pattern: re(`dial tcp ${PUBLIC_IPV4}:\\d{1,5}: connect: connection refused`),
      weight: 0.35,
      suggests: 'endpoint-down',
    },
  ],
  penalties: [
    SLOW_NOT_UNREACHABLE,
    { id: 'kubectl-to-apiserver', pattern: re('unable to connect to the server'), factor: 0.4 },
    // The cloud controller failing to make a load balancer through its cloud's API: on AKS that
    // runs in the control plane, not on the nodes, so it says nothing about their egress.
    {
      id: 'load-balancer-provisioning',
      pattern: re(
        'failed to ensure load balancer|error (?:creating|syncing|updating|deleting) load balancer|(?:creating|sync)loadbalancerfailed',
      ),
      factor: 0.3,
    },
    // Authentication failures mean the endpoint answered.
    {
      id: 'endpoint-answered-auth',
      pattern: re(
        '\\b401 unauthorized|\\b403 forbidden|unauthorized: authentication required|407 proxy authentication required',
      ),
      factor: 0.4,
    },
    { id: 'x509-trust', pattern: re('x509: certificate'), factor: 0.4 },
  ],
  evidence: [
    { tool: 'curl', verdicts: ['timeout'], cause: 'egress-firewall-blocks', weight: 0.35 },
    { tool: 'curl', verdicts: ['refused'], cause: 'endpoint-down', weight: 0.3 },
    { tool: 'nc', verdicts: ['timeout'], cause: 'egress-firewall-blocks', weight: 0.3 },
  ],
  events: [
    {
      id: 'registry-unreachable',
      outcomes: ['timeout', 'tls-timeout', 'reset', 'unreachable', 'refused'],
      roles: ['registry'],
      weight: 0.75,
      suggests: 'egress-firewall-blocks',
    },
    {
      id: 'in-cluster-to-internet',
      outcomes: ['timeout', 'tls-timeout', 'reset', 'unreachable', 'failed'],
      roles: ['public-ip', 'external-host'],
      vantages: ['pod', 'node'],
      weight: 0.65,
      suggests: 'egress-firewall-blocks',
    },
    {
      // Refused from inside: the endpoint is down, or something on the way (a proxy, a firewall
      // that rejects rather than drops) answered for it.
      id: 'in-cluster-refused-outside',
      outcomes: ['refused'],
      roles: ['public-ip', 'external-host'],
      vantages: ['pod', 'node'],
      weight: 0.55,
      suggests: 'endpoint-down',
    },
    {
      // A named host outside that never answered, wherever the paste came from: in a channel
      // about a cluster, most often a workload's call out.
      id: 'external-host-silent',
      outcomes: ['timeout', 'tls-timeout', 'unreachable'],
      roles: ['external-host'],
      vantages: ['unknown'],
      weight: 0.5,
      suggests: 'egress-firewall-blocks',
    },
    {
      id: 'registry-not-reached',
      outcomes: ['failed'],
      roles: ['registry'],
      weight: 0.55,
      suggests: 'egress-firewall-blocks',
    },
  ],
  causes: [
    {
      id: 'egress-firewall-blocks',
      fits: ['timeout', 'unreachable', 'tls-timeout', 'reset'],
      title: 'The egress firewall or NSG does not allow the destination',
      explanation:
        'With outbound type userDefinedRouting, or outbound NSG rules, traffic to anything not explicitly allowed is dropped, so connections time out without an answer. New nodes fail to provision (CSE exit 50) when the endpoints AKS itself needs are among those blocked.',
      checks: ['arm-route-table', 'node-curl-endpoint'],
      proof: {
        confirmedWhen: [{ check: 'node-curl-endpoint', verdicts: ['timeout', 'unreachable'] }],
        ruledOutWhen: [
          { check: 'node-curl-endpoint', verdicts: ['connected', 'http-status', 'refused', 'tls-error'] },
        ],
      },
      fix: {
        summary: 'Allow the destination (and the endpoints AKS requires) in the firewall or NSG.',
        steps: [
          {
            via: 'arm',
            action: 'Allow {endpoint} on {port} from the node subnet in Azure Firewall',
            command:
              'az network firewall network-rule create -g {firewallResourceGroup} -f {firewallName} --collection-name aks-egress --name allow-{port} --priority 200 --action Allow --source-addresses {subnetPrefix} --protocols TCP --destination-addresses {endpoint} --destination-ports {port}',
          },
        ],
      },
    },
    {
      id: 'network-policy',
      fits: ['timeout', 'unreachable', 'tls-timeout'],
      title: 'An egress network policy on the pods does not allow the destination',
      explanation:
        'Once any egress policy selects a pod, everything it does not allow is dropped, including DNS unless it is listed. The node can still reach the endpoint, only the selected pods cannot.',
      checks: ['k8s-network-policies'],
      checkParams: { 'k8s-network-policies': { direction: 'egress', peer: 'external' } },
      proof: {
        confirmedWhen: [{ check: 'k8s-network-policies', verdicts: ['blocks'] }],
        ruledOutWhen: [{ check: 'k8s-network-policies', verdicts: ['allows'] }],
      },
      fix: {
        summary: 'Allow egress to the destination (and to DNS on 53) in {policy}.',
        steps: [
          {
            via: 'kubernetes',
            action: 'Add an egress rule for the destination',
            command: 'kubectl -n {namespace} edit networkpolicy {policy}',
          },
        ],
      },
    },
    {
      id: 'snat-exhaustion',
      fits: ['timeout', 'tls-timeout', 'reset'],
      title: 'SNAT ports on the outbound load balancer are exhausted',
      explanation:
        'Each node gets a fixed share of SNAT ports for outbound connections; many short connections to the same destination use them up and new ones fail intermittently until ports are freed. It shows as sporadic timeouts under load rather than a constant block.',
      checks: ['arm-lb-outbound-ports'],
      proof: {
        confirmedWhen: [{ check: 'arm-lb-outbound-ports', verdicts: ['ports-low'] }],
        ruledOutWhen: [{ check: 'arm-lb-outbound-ports', verdicts: ['ports-ok', 'not-load-balancer'] }],
      },
      fix: {
        summary:
          'Give each node more SNAT ports (more outbound IPs, explicit allocation) or use a NAT gateway; reuse connections in the app.',
        steps: [
          {
            via: 'arm',
            action: 'Raise outbound IPs and ports per node',
            command:
              'az aks update -g {resourceGroup} -n {cluster} --load-balancer-managed-outbound-ip-count {outboundIpCount} --load-balancer-outbound-ports {outboundPorts}',
          },
        ],
      },
    },
    {
      id: 'endpoint-down',
      fits: ['refused', 'reset', 'timeout', 'unreachable', 'tls-timeout'],
      title: 'The endpoint itself is down or refusing connections',
      explanation:
        'A refused connection or an HTTP error means packets got there: the service at the other end is not listening or not healthy. Nothing in the cluster blocks it.',
      checks: ['node-curl-endpoint'],
      proof: {
        confirmedWhen: [{ check: 'node-curl-endpoint', verdicts: ['refused'] }],
        ruledOutWhen: [{ check: 'node-curl-endpoint', verdicts: ['connected', 'http-status'] }],
      },
      fix: {
        summary: 'Check the endpoint from outside the cluster and with its owner; nothing to change in AKS.',
        steps: [
          {
            via: 'client',
            action: 'Confirm {endpoint} on {port} from another network and contact its owner',
          },
        ],
      },
    },
  ],
};
