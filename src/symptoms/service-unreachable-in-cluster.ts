import type { Symptom } from '../domain/knowledge.js';
import { DIAL_ADDRESS, KUBELET_PROBE, SLOW_NOT_UNREACHABLE, re } from './shared.js';

/**
 * A Service cannot be reached from inside the cluster. Most often the Service itself is
 * wrong (its selector matches no pod, or targetPort is not the port the container listens
 * on); less often kube-proxy's rules or a network policy are.
 */
export const serviceUnreachableInCluster: Symptom = {
  id: 'service-unreachable-in-cluster',
  title: 'A Service cannot be reached from inside the cluster',
  seen: 'a pod gets `connection refused`, a reset or a timeout calling a Service; ingress answers 502/503/504',
  signals: [
    {
      // Network policy engines logging the packets they drop (Weave NPC, Calico, Cilium).
      id: 'network-policy-drop-logged',
      pattern: re(
        'blocked by weave npc|drop if no policies passed packet|policy denied|denied by network ?polic(?:y|ies)',
      ),
      weight: 0.6,
      suggests: 'network-policy',
    },
    {
      // kube-proxy failing to write the node's Service rules: ClusterIPs stop answering there.
      id: 'kube-proxy-sync-failed',
      pattern: re(
        'failed to execute iptables-restore|proxier\\.go:\\d{1,5}\\] (?:"?sync failed|failed to sync)|failed to (?:ensure|sync) (?:iptables|ipvs) rules',
      ),
      weight: 0.5,
      suggests: 'kube-proxy-or-iptables',
    },
    {
      // `cilium connectivity test` failing its tests from a client pod to a Service or a pod.
      id: 'cilium-test-in-cluster-failed',
      pattern: re('❌ [a-z0-9-]{1,40}/pod-to-(?:service|pod)\\b'),
      weight: 0.6,
    },
    {
      id: 'no-endpoints-available',
      pattern: re('no endpoints available for service'),
      weight: 0.85,
      suggests: 'no-endpoints-selector-mismatch',
    },
    {
      id: 'endpoints-none',
      // `kubectl get endpoints` showing <none> (flattened: NAME ENDPOINTS AGE <name> <none> <age>).
      pattern: re('name endpoints age [a-z0-9][a-z0-9.-]{0,252} <none> \\d'),
      weight: 0.75,
      suggests: 'no-endpoints-selector-mismatch',
    },
    {
      // Go clients: Get "http://orders.shop.svc.cluster.local:8080/x": dial tcp ...: connect: connection refused
      id: 'service-name-request-failed',
      pattern: re(
        `https?://[^\\s"/:]{1,253}\\.svc(?:\\.cluster\\.local)?(?::\\d{1,5})?(?:/[^\\s":]{0,300})?"?: (?:dial tcp ${DIAL_ADDRESS}:\\d{1,5}: )?(?:connect: )?(?:connection refused|i/o timeout|connection reset by peer)`,
      ),
      weight: 0.6,
    },
    {
      // curl: Failed to connect to orders.shop.svc.cluster.local port 8080: Connection refused
      id: 'service-name-connect-failed',
      pattern: re(
        '\\.svc(?:\\.cluster\\.local)? port \\d{1,5}(?: after \\d{1,9} ms)?: (?:connection refused|connection timed out|timed out)',
      ),
      weight: 0.6,
    },
    {
      id: 'refused-by-name',
      pattern: re(
        'failed to connect to (?!localhost\\b)[^\\s.]{1,253} port \\d{1,5}(?: after \\d{1,9} ms)?: connection refused',
      ),
      weight: 0.55,
      suggests: 'target-port-mismatch',
    },
    {
      id: 'private-target-failed',
      pattern: re(
        // (A NodePort, 30000-32767, is the Service as exposed outside: see the event rules.)
        'failed to connect to (?:10|172\\.(?:1[6-9]|2\\d|3[01])|192\\.168)\\.\\d{1,3}\\.\\d{1,3}(?:\\.\\d{1,3})? port (?!3[0-2]\\d{3}\\b)\\d{1,5}',
      ),
      weight: 0.45,
    },
    {
      // busybox wget, the usual in-pod test tool.
      id: 'wget-private-target-failed',
      pattern: re(
        "can't connect to remote host \\((?:10|172\\.(?:1[6-9]|2\\d|3[01])|192\\.168)\\.[\\d.]{3,11}\\): (?:connection refused|connection timed out|operation timed out)",
      ),
      weight: 0.55,
    },
    {
      id: 'connected-private-then-reset',
      pattern: re(
        'connected to (?:10|172\\.(?:1[6-9]|2\\d|3[01])|192\\.168)\\.[\\d.]{3,11} \\([^)]{0,60}\\) port \\d{1,5}',
      ),
      weight: 0.25,
    },
    { id: 'curl-reset', pattern: re('curl: \\(56\\) recv failure: connection reset by peer'), weight: 0.45 },
    {
      // curl's own timer, with no public address anywhere: an in-cluster call timing out.
      id: 'curl-timer-timeout',
      pattern: re('curl: \\(28\\) (?:connection|operation) timed out after \\d{1,9} milli'),
      weight: 0.5,
      excludes: ['public-ipv4'],
    },
    {
      id: 'nginx-upstream-timeout',
      pattern: re(
        'upstream timed out \\(110: (?:connection|operation) timed out\\) while connecting to upstream',
      ),
      weight: 0.6,
      suggests: 'network-policy',
    },
    {
      id: 'nginx-upstream-refused',
      pattern: re('connect\\(\\) failed \\(111: connection refused\\) while connecting to upstream'),
      weight: 0.6,
      suggests: 'target-port-mismatch',
    },
    {
      id: 'nginx-no-live-upstreams',
      pattern: re('no live upstreams'),
      weight: 0.55,
      suggests: 'no-endpoints-selector-mismatch',
    },
    {
      // ingress-nginx access log: status 502/503/504, then later [namespace-service-port] [alt] upstream.
      id: 'ingress-nginx-5xx',
      pattern: re(
        '" 50[234] \\d{1,9} "[^"]{0,2000}" "[^"]{0,2000}" \\d{1,9} [\\d.]{1,12} \\[[a-z0-9][a-z0-9.-]{0,250}-\\d{1,5}\\] \\[',
      ),
      weight: 0.6,
    },
  ],
  penalties: [
    SLOW_NOT_UNREACHABLE,
    { id: 'kubectl-to-apiserver', pattern: re('unable to connect to the server'), factor: 0.4 },
    { id: 'loadbalancer-provisioning', pattern: re('failed to ensure load balancer'), factor: 0.3 },
    KUBELET_PROBE,
    // ingress-nginx answers a request its rate limiter refused with 503 as well (limit-req-status-code).
    {
      id: 'rate-limited',
      pattern: re(
        'nginx\\.ingress\\.kubernetes\\.io/limit-(?:rps|rpm|connections)|limiting requests, excess|limiting connections by zone|\\b429 too many requests',
      ),
      factor: 0.2,
    },
    // The API server calling a webhook's Service is the control plane's path, not a pod's
    // (unless the call found no endpoint behind the Service: that is the Service's own state).
    {
      id: 'webhook-call',
      pattern: re('failed (?:calling|to call) webhook(?![^\\n]{0,400}no endpoints available)'),
      factor: 0.5,
    },
  ],
  events: [
    { id: 'service-without-endpoints', outcomes: ['no-endpoints'], weight: 0.8 },
    {
      id: 'cluster-service-unreachable',
      outcomes: ['timeout', 'refused', 'reset', 'unreachable'],
      roles: ['cluster-service', 'pod-ip'],
      vantages: ['pod', 'node', 'unknown'],
      weight: 0.65,
    },
    {
      id: 'cluster-ip-unreachable',
      outcomes: ['timeout', 'refused', 'reset', 'unreachable'],
      roles: ['cluster-ip'],
      vantages: ['pod', 'node', 'unknown'],
      weight: 0.55,
    },
    {
      // Said in words, or by a tool that does not say how: the ClusterIP (or a pod) does not answer.
      id: 'cluster-ip-not-reached',
      outcomes: ['failed'],
      roles: ['cluster-ip', 'cluster-service', 'pod-ip'],
      weight: 0.55,
    },
    {
      // A private address from inside the cluster: a ClusterIP or a pod; weaker on its own.
      id: 'in-cluster-private-address',
      outcomes: ['timeout', 'refused', 'reset', 'unreachable'],
      roles: ['private-ip'],
      vantages: ['pod', 'node'],
      weight: 0.45,
    },
    {
      // kube-proxy answers a Service with no ready endpoint by rejecting with "host unreachable":
      // "No route to host" from a pod to a private address is that reject far more often than a route.
      id: 'no-route-in-cluster',
      outcomes: ['unreachable'],
      roles: ['private-ip', 'cluster-ip', 'cluster-service', 'unknown'],
      vantages: ['pod', 'node'],
      weight: 0.6,
      suggests: 'no-endpoints-selector-mismatch',
    },
    {
      // A NodePort tried from a pod or a node is kube-proxy's path inside the cluster.
      id: 'node-port-from-inside',
      outcomes: ['timeout', 'refused', 'reset', 'unreachable'],
      roles: ['node-port'],
      vantages: ['pod', 'node'],
      weight: 0.55,
    },
    {
      // A NodePort that refuses, from anywhere: something answered for the node, so kube-proxy has
      // no rule or no endpoint for it, or the targetPort is wrong (silence is a firewall's).
      id: 'node-port-refused',
      outcomes: ['refused'],
      roles: ['node-port'],
      vantages: ['outside', 'unknown'],
      weight: 0.6,
    },
    {
      id: 'node-port-not-reached',
      outcomes: ['failed'],
      roles: ['node-port'],
      vantages: ['pod', 'node', 'unknown'],
      weight: 0.5,
    },
  ],
  causes: [
    {
      id: 'no-endpoints-selector-mismatch',
      fits: ['no-endpoints', 'refused', 'unreachable'],
      title: "The Service's selector matches no ready pod, so it has no endpoints",
      explanation:
        'A Service forwards only to ready pods whose labels match its selector; a typo in a label, a changed Deployment template or pods failing readiness leave it with no endpoints. Calls are then refused (or answered 503 by an ingress) even though the pods run.',
      checks: ['k8s-service-endpoints'],
      proof: {
        confirmedWhen: [{ check: 'k8s-service-endpoints', verdicts: ['no-endpoints'] }],
        ruledOutWhen: [{ check: 'k8s-service-endpoints', verdicts: ['has-endpoints'] }],
      },
      fix: {
        summary: "Make the selector and the pod labels agree (or fix the pods' readiness).",
        steps: [
          {
            via: 'kubernetes',
            action: 'Compare the selector with the labels of the pods meant to serve it',
            command:
              'kubectl -n {namespace} get endpoints {service} && kubectl -n {namespace} get pods --show-labels',
          },
          {
            via: 'kubernetes',
            action: "Set the selector to the pods' labels",
            command: 'kubectl -n {namespace} patch service {service} --type merge -p {selectorPatch}',
          },
        ],
      },
    },
    {
      id: 'target-port-mismatch',
      fits: ['refused', 'reset', 'no-endpoints'],
      title: "The Service's targetPort is not the port the container listens on",
      explanation:
        'Traffic reaches the pod but on a port nothing listens on, so it is refused (or the ingress returns 502). It often follows a container port change that the Service did not get.',
      checks: ['k8s-service-ports'],
      proof: {
        confirmedWhen: [{ check: 'k8s-service-ports', verdicts: ['port-mismatch'] }],
        ruledOutWhen: [{ check: 'k8s-service-ports', verdicts: ['ports-match'] }],
      },
      fix: {
        summary: 'Point targetPort at the port the container really listens on.',
        steps: [
          {
            via: 'kubernetes',
            action: 'Set targetPort to {containerPort}',
            command:
              'kubectl -n {namespace} patch service {service} --type json -p \'[{"op":"replace","path":"/spec/ports/{portIndex}/targetPort","value":{containerPort}}]\'',
          },
        ],
      },
    },
    {
      id: 'network-policy',
      fits: ['timeout', 'unreachable', 'tls-timeout'],
      title: 'A network policy blocks traffic to the pods behind the Service',
      explanation:
        'An ingress network policy on the destination pods (or an egress one on the caller) that does not allow this caller drops its packets, which shows as timeouts rather than refusals. Ingress controllers behind a default-deny policy are the classic case.',
      checks: ['k8s-network-policies'],
      checkParams: { 'k8s-network-policies': { direction: 'ingress', peer: 'cluster' } },
      proof: {
        confirmedWhen: [{ check: 'k8s-network-policies', verdicts: ['blocks'] }],
        ruledOutWhen: [{ check: 'k8s-network-policies', verdicts: ['allows'] }],
      },
      fix: {
        summary: 'Allow the caller (its namespace and pod labels) on the service port in {policy}.',
        steps: [
          {
            via: 'kubernetes',
            action: 'Add an ingress rule for the caller to the policy',
            command: 'kubectl -n {namespace} edit networkpolicy {policy}',
          },
        ],
      },
    },
    {
      id: 'kube-proxy-or-iptables',
      fits: ['timeout', 'refused', 'reset', 'unreachable'],
      title: "kube-proxy's rules for the Service are missing or broken on the node",
      explanation:
        "kube-proxy programs each node's iptables (or nft) rules that turn the Service IP into a pod IP; if it is not running, or another tool flushes or overrides those rules, the ClusterIP stops working on that node while pod IPs still answer. On Cilium clusters kube-proxy is replaced and these rules are not expected.",
      checks: ['k8s-kube-proxy', 'node-kube-proxy-rules'],
      proof: {
        confirmedWhen: [{ check: 'node-kube-proxy-rules', verdicts: ['rules-missing'] }],
        ruledOutWhen: [
          { check: 'node-kube-proxy-rules', verdicts: ['rules-present', 'kube-proxy-replaced'] },
        ],
      },
      fix: {
        summary: 'Restart kube-proxy on the node so it rewrites its rules; find what flushed them.',
        steps: [
          {
            via: 'kubernetes',
            action: 'Restart the kube-proxy pod on {node}',
            command:
              'kubectl -n kube-system delete pod -l component=kube-proxy --field-selector spec.nodeName={node}',
          },
        ],
      },
    },
  ],
};
