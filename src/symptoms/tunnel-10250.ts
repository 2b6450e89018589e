import type { Symptom } from '../domain/knowledge.js';
import { CREDENTIAL_FAILURE, DIAL_ADDRESS, KUBELET_PROBE, re } from './shared.js';

/**
 * kubectl logs/exec/attach/port-forward, metrics and admission webhooks need the API server to
 * reach the kubelet (TCP 10250) on the node. On AKS the control plane sits outside the VNet and
 * gets there through a tunnel the nodes open outwards: konnectivity-agent (443), or on older
 * clusters tunnelfront (9000) or aks-link (OpenVPN on 1194). Either leg can be broken.
 */
export const tunnel10250: Symptom = {
  id: 'tunnel-10250',
  title: 'The API server cannot reach the kubelet on port 10250 (logs/exec/port-forward fail)',
  seen: '`kubectl logs/exec/port-forward` fail with `dial tcp <node-ip>:10250: i/o timeout` or `error dialing backend`, while `kubectl get` works',
  signals: [
    { id: 'dial-kubelet-port', pattern: re('dial tcp \\S{1,100}:10250\\b'), weight: 0.85 },
    { id: 'error-dialing-backend', pattern: re('error dialing backend'), weight: 0.8 },
    {
      id: 'kubelet-api-url',
      pattern: re(
        'https://[^\\s/"]{1,255}:10250/(?:containerlogs|exec|attach|portforward|run|logs|stats|metrics)',
      ),
      weight: 0.6,
    },
    { id: 'error-upgrading-connection', pattern: re('error upgrading connection'), weight: 0.5 },
    {
      id: 'kubelet-port-no-route',
      pattern: re(':10250: (?:getsockopt: )?(?:no route to host|connection refused)'),
      weight: 0.5,
      suggests: 'iptables-drops-10250',
    },
    {
      // kubectl's generic auth message on a pods/log or pods/exec subresource while plain
      // reads work: konnectivity failing to reach the kubelet surfaces like this.
      id: 'credentials-on-kubelet-subresource',
      pattern: re(
        'must be logged in to the server \\(the server has asked for the client to provide credentials \\(\\s?pods/(?:log|exec|attach|portforward|proxy)',
      ),
      weight: 0.6,
      suggests: 'egress-port-blocked',
    },
    {
      id: 'server-side-dial-timeout',
      pattern: re('error from server[^:]{0,40}(?:dial|dail) tcp[^:]{0,40}(?:i/o timeout|timed out)'),
      weight: 0.55,
    },
    {
      id: 'webhook-timeout',
      pattern: re(
        `failed calling webhook "[^\\s"]{1,253}": (?:failed to call webhook: )?post "?https://[^\\s"]{1,400}"?: (?:context deadline exceeded|dial tcp ${DIAL_ADDRESS}:\\d{1,5}: i/o timeout|net/http: request canceled)`,
      ),
      weight: 0.5,
    },
    {
      id: 'metrics-api-unavailable',
      pattern: re(
        'the server is currently unable to handle the request \\(get (?:pods|nodes)\\.metrics\\.k8s\\.io',
      ),
      weight: 0.45,
    },
    {
      id: 'tunnel-component-named',
      pattern: re('\\b(?:tunnelfront|tunnel-front|aks-link|konnectivity-agent|konnectivity)\\b'),
      weight: 0.35,
      suggests: 'egress-port-blocked',
    },
    {
      id: 'kubelet-subcommand',
      pattern: re('\\bkubectl (?:logs|exec|attach|port-forward|cp|top)\\b'),
      weight: 0.15,
    },
  ],
  penalties: [
    CREDENTIAL_FAILURE,
    KUBELET_PROBE,
    // A proxy on the way (or an old API server) stripped the Upgrade header: the kubelet was not dialled.
    { id: 'upgrade-header-refused', pattern: re('upgrade request required'), factor: 0.3 },
    // The kubelet answered the upgrade and refused it for what was asked (no such pod or container).
    {
      id: 'kubelet-answered-not-found',
      pattern: re('unable to upgrade connection: (?:pod does not exist|[^\\n]{0,80}not found)'),
      factor: 0.2,
    },
    // The kubelet answered; its serving certificate is what the caller refused.
    {
      id: 'kubelet-certificate',
      pattern: re(
        "x509: cannot validate certificate|doesn't contain any ip sans|x509: certificate is valid for|(?<!error dialing backend: )remote error: tls: internal error",
      ),
      factor: 0.3,
    },
  ],
  evidence: [
    { tool: 'ufw-status', port: 10250, verdicts: ['blocks-port'], cause: 'ufw-blocks-10250', weight: 0.6 },
    {
      tool: 'iptables-list',
      port: 10250,
      verdicts: ['blocks-port'],
      cause: 'iptables-drops-10250',
      weight: 0.6,
    },
    // On a node whose firewall is nftables (no iptables-legacy rules), the same drop reads from nft.
    {
      tool: 'nft-ruleset',
      port: 10250,
      verdicts: ['blocks-port'],
      cause: 'iptables-drops-10250',
      weight: 0.6,
    },
    { tool: 'nc', port: 10250, verdicts: ['timeout', 'refused'], cause: 'nsg-blocks-10250', weight: 0.45 },
  ],
  events: [
    {
      id: 'kubelet-unreachable',
      outcomes: ['timeout', 'unreachable', 'tls-timeout', 'refused', 'reset'],
      roles: ['kubelet'],
      weight: 0.85,
    },
    {
      id: 'tunnel-socket-failed',
      outcomes: ['timeout', 'unreachable', 'tls-timeout', 'refused', 'reset'],
      roles: ['tunnel'],
      weight: 0.75,
      suggests: 'egress-port-blocked',
    },
    { id: 'tunnel-without-agent', outcomes: ['no-agent'], weight: 0.85, suggests: 'egress-port-blocked' },
    {
      // The API server calls webhooks and aggregated APIs in pods through the same tunnel; a
      // silent drop on that path is the tunnel's, a refusal is the webhook pod's own.
      id: 'control-plane-to-pod-silent',
      outcomes: ['timeout', 'unreachable', 'tls-timeout'],
      roles: ['webhook', 'aggregated-api'],
      weight: 0.7,
    },
    {
      // The API server's proxy says only that it got no answer from a kubelet. (An aggregated
      // API that is "unable to handle the request" is as often a stopped metrics-server.)
      id: 'control-plane-path-failed',
      outcomes: ['failed'],
      roles: ['kubelet', 'tunnel'],
      weight: 0.6,
    },
    {
      id: 'control-plane-proxy-to-pod',
      outcomes: ['timeout', 'unreachable'],
      roles: ['private-ip', 'unknown', 'cluster-ip', 'pod-ip'],
      vantages: ['control-plane'],
      weight: 0.55,
    },
  ],
  causes: [
    {
      id: 'nsg-blocks-10250',
      fits: ['timeout', 'unreachable', 'tls-timeout'],
      title: 'An NSG on the node subnet or NIC denies TCP 10250',
      explanation:
        'A custom network security group rule with a higher priority than the defaults denies traffic to port 10250, so the tunnel cannot hand connections to the kubelet. AKS adds no such rule itself: it comes from a policy or a hand-made deny-all.',
      checks: ['arm-nsg-flow-10250', 'node-nc-kubelet'],
      proof: {
        confirmedWhen: [{ check: 'arm-nsg-flow-10250', verdicts: ['denied'] }],
        ruledOutWhen: [{ check: 'arm-nsg-flow-10250', verdicts: ['allowed'] }],
      },
      fix: {
        summary: 'Allow TCP 10250 inside the VNet ahead of the rule that blocks it.',
        steps: [
          {
            via: 'arm',
            action: 'Add an allow rule with a priority that beats {blockingRule}',
            command:
              'az network nsg rule create -g {nsgResourceGroup} --nsg-name {nsg} -n allow-kubelet-10250 --priority {priority} --direction Inbound --access Allow --protocol Tcp --source-address-prefixes VirtualNetwork --destination-port-ranges 10250',
          },
        ],
      },
    },
    {
      id: 'egress-port-blocked',
      fits: ['timeout', 'unreachable', 'tls-timeout', 'no-agent'],
      title: "The nodes cannot open the tunnel: egress to the API server on the tunnel's port is blocked",
      explanation:
        'The tunnel is opened from the nodes to the control plane: konnectivity-agent uses 443, tunnelfront 9000 and aks-link 1194 (UDP/TCP). If a firewall, UDR or NSG drops that egress, the agent pods restart or sit disconnected and every logs/exec call times out.',
      checks: ['k8s-tunnel-component', 'node-nc-tunnel-egress', 'arm-nsg-tunnel-egress'],
      proof: {
        confirmedWhen: [{ check: 'node-nc-tunnel-egress', verdicts: ['timeout', 'unreachable'] }],
        ruledOutWhen: [{ check: 'node-nc-tunnel-egress', verdicts: ['open'] }],
      },
      fix: {
        summary:
          'Allow egress from the node subnet to the API server on the tunnel port, then restart the tunnel pods.',
        steps: [
          {
            via: 'arm',
            action:
              'Allow outbound {tunnelPort} to the API server (or the AzureCloud service tag) in the NSG or firewall',
            command:
              'az network nsg rule create -g {nsgResourceGroup} --nsg-name {nsg} -n allow-aks-tunnel --priority {priority} --direction Outbound --access Allow --protocol "*" --destination-address-prefixes AzureCloud --destination-port-ranges {tunnelPort}',
          },
          {
            via: 'kubernetes',
            action: 'Restart the tunnel pods so they reconnect',
            command: 'kubectl -n kube-system rollout restart deployment {tunnelComponent}',
          },
        ],
      },
    },
    {
      id: 'ufw-blocks-10250',
      fits: ['timeout', 'unreachable', 'tls-timeout', 'refused'],
      title: 'ufw on the node is active and does not allow 10250',
      explanation:
        'AKS nodes ship with ufw off; someone enabled it (often a hardening script) and its default-deny drops the kubelet port. Only pods on that node are affected, which is why logs work for some pods and not others.',
      checks: ['node-ufw-status', 'node-nc-kubelet'],
      proof: {
        confirmedWhen: [{ check: 'node-ufw-status', verdicts: ['blocks-port'] }],
        ruledOutWhen: [{ check: 'node-ufw-status', verdicts: ['inactive', 'allows-port'] }],
      },
      fix: {
        summary:
          'Reimage the node (supported path) or allow 10250 in ufw on it. Changing an agent node directly takes it off AKS support.',
        steps: [
          {
            via: 'arm',
            action: 'Supported: reimage the instance so it comes back with the AKS image defaults (ufw off)',
            command: 'az vmss reimage -g {nodeResourceGroup} -n {vmss} --instance-ids {instanceId}',
          },
          {
            via: 'node',
            action: 'Or on the node: allow the kubelet port',
            command:
              'az vmss run-command invoke -g {nodeResourceGroup} -n {vmss} --instance-id {instanceId} --command-id RunShellScript --scripts "ufw allow 10250/tcp"',
          },
        ],
      },
    },
    {
      id: 'iptables-drops-10250',
      fits: ['timeout', 'unreachable', 'tls-timeout', 'refused'],
      title: 'An iptables rule on the node drops or rejects 10250',
      explanation:
        "A rule in the node's INPUT chain (or a chain it jumps to) drops TCP 10250 before anything accepts it, usually added by a security agent or a DaemonSet. The kubelet is up, but no connection reaches it.",
      checks: ['node-iptables-input', 'node-nc-kubelet'],
      proof: {
        confirmedWhen: [{ check: 'node-iptables-input', verdicts: ['blocks-port'] }],
        // ufw's own chains dropping it is the ufw cause, not a hand-made iptables rule.
        ruledOutWhen: [{ check: 'node-iptables-input', verdicts: ['allows-port', 'ufw-blocks'] }],
      },
      fix: {
        summary:
          'Remove what adds the rule (DaemonSet, agent) and reimage the node; deleting the rule by hand works until it is re-added and takes the node off AKS support.',
        steps: [
          {
            via: 'arm',
            action: 'Supported: reimage the instance once the source of the rule is gone',
            command: 'az vmss reimage -g {nodeResourceGroup} -n {vmss} --instance-ids {instanceId}',
          },
          {
            via: 'node',
            action: 'Or on the node: delete rule {ruleNumber} of {chain} (re-read the number right before)',
            command:
              'az vmss run-command invoke -g {nodeResourceGroup} -n {vmss} --instance-id {instanceId} --command-id RunShellScript --scripts "iptables -D {chain} {ruleNumber}"',
          },
        ],
      },
    },
    {
      id: 'snat-exhaustion',
      fits: ['timeout', 'tls-timeout', 'reset'],
      title: 'SNAT ports on the outbound load balancer are exhausted',
      explanation:
        'Each node gets a fixed number of outbound SNAT ports on the AKS load balancer; when busy pods use them up, new outbound connections, including the tunnel, fail intermittently. It shows as timeouts that come and go under load rather than a hard block.',
      checks: ['arm-lb-outbound-ports'],
      proof: {
        confirmedWhen: [{ check: 'arm-lb-outbound-ports', verdicts: ['ports-low'] }],
        ruledOutWhen: [{ check: 'arm-lb-outbound-ports', verdicts: ['ports-ok', 'not-load-balancer'] }],
      },
      fix: {
        summary:
          'Give each node more SNAT ports: more outbound IPs and an explicit per-node allocation, or a NAT gateway.',
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
  ],
};
