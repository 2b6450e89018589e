import type { Symptom } from '../domain/knowledge.js';
import { AKS_REQUIRED_HOSTS, CREDENTIAL_FAILURE, DIAL_ADDRESS, re } from './shared.js';

/**
 * Something inside the cluster (kubelet, CoreDNS, a controller) cannot reach the API server,
 * either through the `kubernetes` Service (first address of the service CIDR, 10.0.0.1 by
 * default on AKS) or the cluster's FQDN. The path leaves the node, so egress controls apply.
 */
export const nodeCannotReachApiserver: Symptom = {
  id: 'node-cannot-reach-apiserver',
  title: 'Pods or nodes cannot reach the Kubernetes API server',
  seen: 'in-cluster clients time out on `https://10.0.0.1:443` or the API server FQDN; CoreDNS waits on "kubernetes"',
  signals: [
    {
      // The kubernetes Service is the first address of the service CIDR: x.y.0.1.
      id: 'kubernetes-service-url',
      pattern: re('https://\\d{1,3}\\.\\d{1,3}\\.0\\.1:443/'),
      weight: 0.6,
    },
    {
      id: 'kubernetes-service-dial',
      pattern: re(
        'dial tcp \\d{1,3}\\.\\d{1,3}\\.0\\.1:443: (?:i/o timeout|connect: connection refused|connect: no route to host|getsockopt)',
      ),
      weight: 0.6,
    },
    {
      id: 'api-request-network-failure',
      pattern: re(
        `https://[^\\s"/]{1,255}/(?:api(?:/v1\\b|\\?)|apis/)[^\\s":]{0,400}"?: (?:dial tcp ${DIAL_ADDRESS}:\\d{1,5}: )?(?:i/o timeout|net/http: tls handshake timeout|eof|connect: connection refused|connect: no route to host|getsockopt: connection timed out)`,
      ),
      weight: 0.6,
    },
    { id: 'reflector-failure', pattern: re('failed to (?:list|watch) \\*?v1'), weight: 0.2 },
    {
      id: 'coredns-waiting-on-kubernetes',
      pattern: re('plugin/ready: still waiting on: "kubernetes"'),
      weight: 0.45,
    },
    {
      id: 'kubelet-register-failed',
      // kubelet quotes the node name; a URL after the colon means the request itself failed
      // (an RBAC or credential refusal names no URL).
      pattern: re(
        'unable to register node "[^"\\n]{1,253}" with api server: (?:post|get|put|patch) "?https?://',
      ),
      weight: 0.6,
    },
    {
      // AKS node bootstrap (CSE) exit 51: could not connect to the API server.
      id: 'cse-exit-51',
      pattern: re(
        'exit status=51\\b|k8sapiserverconnfail|unable to establish connection from agents to kubernetes api server',
      ),
      weight: 0.75,
      suggests: 'egress-firewall-rules',
    },
    {
      // CSE exit 52/53: the node could not resolve the API server's name.
      id: 'cse-exit-52-53',
      pattern: re('exit status=5[23]\\b|k8sapiserverdnslookupfail|k8sapiserverazurednslookupfail'),
      weight: 0.75,
      suggests: 'private-dns',
    },
    {
      // Azure Firewall denies TLS without SNI: clients calling the API server by IP through it.
      id: 'firewall-sni-missing',
      pattern: re('sni tls extension was missing'),
      weight: 0.7,
      suggests: 'egress-firewall-rules',
    },
    {
      id: 'firewall-denies-apiserver',
      // Azure Firewall's log line: "HTTPS request from <ip>:<port> to <fqdn>:443. Action: Deny."
      pattern: re('\\.azmk8s\\.io:443\\. action: deny'),
      weight: 0.6,
      suggests: 'egress-firewall-rules',
    },
  ],
  penalties: [
    // A TLS trust failure (Go's x509, curl's 60) means the API server answered.
    {
      id: 'x509-trust',
      pattern: re("x509: certificate|curl: \\(60\\)|peer's certificate issuer is not recognized"),
      factor: 0.3,
    },
    CREDENTIAL_FAILURE,
    // kubectl's discovery on someone's laptop, not an in-cluster client.
    { id: 'kubectl-discovery', pattern: re("couldn't get current server api group list"), factor: 0.4 },
    { id: 'required-host-not-apiserver', pattern: re(`https?://${AKS_REQUIRED_HOSTS}`), factor: 0.7 },
    // The API server itself calling an aggregated API or a webhook in a pod (its `/apis/` URL is
    // the pod's Service, not the API server): the control plane's path out, not a client's in.
    {
      id: 'apiserver-calling-out',
      pattern: re(
        'failing or missing response from|available_controller\\.go|no response from https?:|failed (?:calling|to call) webhook',
      ),
      factor: 0.3,
    },
  ],
  events: [
    {
      id: 'in-cluster-to-apiserver',
      outcomes: ['timeout', 'unreachable', 'tls-timeout', 'refused', 'reset'],
      roles: ['apiserver', 'apiserver-service'],
      vantages: ['pod', 'node'],
      weight: 0.75,
    },
    {
      // A node or pod is told the API server's name does not exist: a private cluster whose
      // zone the VNet's DNS does not serve. (A resolver that does not answer is a DNS problem,
      // unless the paste says no more than Go's `dial tcp: i/o timeout` on an API request: see
      // outbound-dns's penalty.)
      id: 'in-cluster-cannot-resolve-apiserver',
      outcomes: ['nxdomain', 'dns-timeout'],
      roles: ['apiserver'],
      vantages: ['pod', 'node'],
      weight: 0.75,
      suggests: 'private-dns',
    },
    {
      // Only something inside the cluster dials the kubernetes Service address.
      id: 'kubernetes-service-address',
      outcomes: ['timeout', 'unreachable', 'tls-timeout', 'refused', 'reset'],
      roles: ['apiserver-service'],
      // (From outside, a ClusterIP does not route at all: a client naming it runs in the cluster.)
      vantages: ['unknown', 'control-plane', 'outside'],
      weight: 0.65,
    },
    {
      // Clients that do not say how (okhttp's "Failed to connect to /10.96.0.1:443"): weaker.
      id: 'in-cluster-apiserver-not-reached',
      outcomes: ['failed'],
      roles: ['apiserver-service'],
      weight: 0.6,
    },
  ],
  causes: [
    {
      id: 'egress-firewall-rules',
      fits: ['timeout', 'unreachable', 'tls-timeout', 'reset'],
      title: 'The egress firewall (or UDR) does not let the nodes reach the API server',
      explanation:
        "With a route table that sends 0.0.0.0/0 to Azure Firewall or an appliance, the cluster's egress must allow the API server's FQDN or IP on 443. When it does not, kubelet and in-cluster clients time out; clients that call the API server by IP without SNI are denied by FQDN rules.",
      checks: ['node-nc-apiserver', 'arm-route-table', 'arm-outbound-ips'],
      proof: {
        confirmedWhen: [
          { check: 'node-nc-apiserver', verdicts: ['timeout', 'unreachable'] },
          { check: 'arm-outbound-ips', verdicts: ['egress-authorized', 'no-ranges'] },
        ],
        ruledOutWhen: [{ check: 'node-nc-apiserver', verdicts: ['open'] }],
      },
      fix: {
        summary:
          "Allow the cluster's API server on 443 in the firewall (the AzureKubernetesService FQDN tag covers it).",
        steps: [
          {
            via: 'arm',
            action: 'Allow the AKS FQDN tag on 443 from the node subnet in Azure Firewall',
            command:
              'az network firewall application-rule create -g {firewallResourceGroup} -f {firewallName} --collection-name aks-required --name aks-fqdn-tag --priority 100 --action Allow --source-addresses {subnetPrefix} --protocols Https=443 --fqdn-tags AzureKubernetesService',
          },
        ],
      },
    },
    {
      id: 'network-policy',
      fits: ['timeout', 'unreachable', 'tls-timeout'],
      title: 'A network policy blocks egress from the pods to the API server',
      explanation:
        'An egress network policy that selects the pods and does not allow the API server address (the kubernetes Service IP and the control plane IP behind it) drops their calls. Only pods the policy selects are affected; the node itself still reaches the API server.',
      checks: ['k8s-network-policies'],
      checkParams: { 'k8s-network-policies': { direction: 'egress', peer: 'external', port: 443 } },
      proof: {
        confirmedWhen: [{ check: 'k8s-network-policies', verdicts: ['blocks'] }],
        ruledOutWhen: [{ check: 'k8s-network-policies', verdicts: ['allows'] }],
      },
      fix: {
        summary: "Allow egress to the API server's address on 443 in {policy}.",
        steps: [
          {
            via: 'kubernetes',
            action: 'Edit the policy to allow egress to the API server on 443',
            command: 'kubectl -n {namespace} edit networkpolicy {policy}',
          },
        ],
      },
    },
    {
      id: 'client-ip-not-authorized',
      fits: ['timeout', 'unreachable', 'tls-timeout'],
      title: "The cluster's own egress IP is not in the API server's authorized IP ranges",
      explanation:
        "When authorized IP ranges are set, the cluster's outbound public IPs must be in them, or the nodes' own calls to the public API endpoint are dropped. This bites after changing the outbound type or adding a NAT gateway or firewall, because the egress IP changes.",
      checks: ['arm-outbound-ips', 'arm-apiserver-access'],
      proof: {
        confirmedWhen: [{ check: 'arm-outbound-ips', verdicts: ['egress-not-authorized'] }],
        ruledOutWhen: [{ check: 'arm-outbound-ips', verdicts: ['egress-authorized', 'no-ranges'] }],
      },
      fix: {
        summary: "Add the cluster's egress IP to the authorized ranges, keeping the existing ones.",
        steps: [
          {
            via: 'arm',
            action: 'Add {egressIp}/32 to the authorized ranges',
            command:
              'az aks update -g {resourceGroup} -n {cluster} --api-server-authorized-ip-ranges {authorizedRanges},{egressIp}/32',
          },
        ],
      },
    },
    {
      id: 'private-dns',
      fits: ['nxdomain', 'dns-timeout', 'dns-failure', 'timeout', 'tls-timeout'],
      title: "The nodes cannot resolve the private cluster's API server name",
      explanation:
        "A private cluster's FQDN resolves only through its private DNS zone; custom DNS servers on the VNet must forward privatelink.<region>.azmk8s.io to Azure DNS (168.63.129.16) or hold the zone. Otherwise nodes fail to join and kubelet cannot find the API server.",
      checks: ['node-nslookup-apiserver', 'node-resolv-conf', 'arm-vnet-dns'],
      proof: {
        confirmedWhen: [{ check: 'node-nslookup-apiserver', verdicts: ['nxdomain', 'servfail', 'timeout'] }],
        ruledOutWhen: [{ check: 'node-nslookup-apiserver', verdicts: ['resolved'] }],
      },
      fix: {
        summary:
          'Link the private DNS zone to the VNet whose DNS the nodes use, or forward the zone to 168.63.129.16.',
        steps: [
          {
            via: 'arm',
            action: "Link the private DNS zone to the nodes' VNet",
            command:
              'az network private-dns link vnet create --subscription {privateDnsZoneSubscription} -g {privateDnsZoneResourceGroup} -z {privateDnsZone} -n aks-dns-link -v {vnetId} -e false',
          },
        ],
      },
    },
  ],
};
