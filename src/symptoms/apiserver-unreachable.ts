import type { Symptom } from '../domain/knowledge.js';
import { CREDENTIAL_FAILURE, re } from './shared.js';

/**
 * A client outside the cluster (a laptop, a CI agent) cannot reach the API server. On AKS the
 * two usual reasons are configuration, not outages: the API server only accepts the
 * authorized IP ranges, or it has no public endpoint at all (private cluster).
 */
export const apiserverUnreachable: Symptom = {
  id: 'apiserver-unreachable',
  title: 'kubectl cannot reach the API server',
  seen: '`Unable to connect to the server: dial tcp <ip>:443: i/o timeout`, `connectex: A connection attempt failed`',
  signals: [
    { id: 'kubectl-unable-to-connect', pattern: re('unable to connect to the server'), weight: 0.85 },
    {
      // kubectl's API discovery (memcache.go) fails first and prints this before its summary.
      id: 'kubectl-discovery-failed',
      pattern: re("couldn't get current server api group list"),
      weight: 0.8,
    },
    {
      id: 'kubectl-connection-refused',
      pattern: re('the connection to the server \\S{1,300} was refused'),
      weight: 0.85,
    },
    {
      id: 'windows-connectex',
      // (Not to loopback: `dial tcp [::1]:80: connectex` is a client with no cluster configured.)
      pattern: re(
        '(?<!dial tcp (?:\\[::1\\]|127\\.0\\.0\\.1):\\d{1,5}: )connectex: (?:a connection attempt failed|no connection could be made)',
      ),
      weight: 0.5,
    },
    {
      id: 'private-fqdn-not-resolved',
      pattern: re(
        'lookup [a-z0-9.-]{1,253}\\.privatelink\\.[a-z0-9]{1,40}\\.azmk8s\\.io[^:]{0,40}: no such host',
      ),
      weight: 0.6,
      suggests: 'private-cluster',
    },
    {
      id: 'apiserver-fqdn-timeout',
      pattern: re('\\.azmk8s\\.io:443[^:]{0,20}: (?:i/o timeout|connect: connection timed out)'),
      weight: 0.4,
      excludes: ['kubectl-client-failure'],
      suggests: 'client-ip-not-authorized',
    },
    {
      id: 'authorized-ranges-mentioned',
      pattern: re('(?:api-server-authorized-ip-ranges|authorized ip ranges|authorizedipranges)'),
      weight: 0.3,
      suggests: 'client-ip-not-authorized',
    },
    {
      id: 'private-cluster-mentioned',
      pattern: re('(?:enable-private-cluster|private cluster|privatelink\\.[a-z0-9]{1,40}\\.azmk8s\\.io)'),
      weight: 0.25,
      suggests: 'private-cluster',
    },
  ],
  penalties: [
    // In-cluster clients (reflectors) failing to reach the API server are a different symptom.
    { id: 'in-cluster-reflector', pattern: re('failed to (?:list|watch) \\*?v1'), factor: 0.6 },
    // A TLS trust failure is not a reachability problem.
    { id: 'x509-trust', pattern: re('x509: certificate'), factor: 0.3 },
    // kubectl says "Unable to connect" for a kubeconfig it cannot even parse into a request, and
    // with no kubeconfig at all it tries its built-in default, localhost:8080.
    {
      id: 'kubeconfig-unusable',
      pattern: re(
        'net/url: invalid|invalid control character in url|no configuration has been provided|the connection to the server (?:localhost|127\\.0\\.0\\.1):8080 was refused',
      ),
      factor: 0.2,
    },
    CREDENTIAL_FAILURE,
  ],
  events: [
    {
      // kubectl, az, helm or terraform on a laptop or CI agent: no answer from the API server.
      id: 'outside-to-apiserver-silent',
      outcomes: ['timeout', 'unreachable', 'tls-timeout'],
      roles: ['apiserver'],
      vantages: ['outside'],
      weight: 0.8,
      suggests: 'client-ip-not-authorized',
    },
    {
      // Nothing says where it ran, but it went to the API server's public name: most often a
      // client outside (inside the cluster, clients use the kubernetes Service).
      id: 'apiserver-fqdn-silent',
      outcomes: ['timeout', 'unreachable', 'tls-timeout'],
      roles: ['apiserver'],
      vantages: ['unknown'],
      weight: 0.6,
      suggests: 'client-ip-not-authorized',
    },
    {
      id: 'outside-to-apiserver-refused',
      outcomes: ['refused', 'reset'],
      roles: ['apiserver'],
      vantages: ['outside'],
      weight: 0.75,
    },
    {
      // The API server's public name closing the connection (`Get "https://....azmk8s.io/version": EOF`):
      // a proxy or firewall on the way cutting it, wherever the client is.
      id: 'apiserver-fqdn-closed',
      outcomes: ['reset'],
      roles: ['apiserver'],
      vantages: ['unknown'],
      weight: 0.55,
    },
    {
      // The laptop's own resolver cannot find the cluster's name: a private cluster's FQDN
      // resolves only inside its VNet.
      id: 'outside-cannot-resolve-apiserver',
      outcomes: ['nxdomain', 'dns-timeout', 'dns-failure'],
      roles: ['apiserver'],
      vantages: ['outside', 'unknown'],
      weight: 0.7,
      suggests: 'private-cluster',
    },
  ],
  causes: [
    {
      id: 'client-ip-not-authorized',
      fits: ['timeout', 'unreachable', 'tls-timeout'],
      title: "Your client's public IP is not in the API server's authorized IP ranges",
      explanation:
        'With authorized IP ranges set, the API server silently drops connections from any other address, so kubectl times out instead of getting an error. CI agents and VPN or home addresses that change are the usual victims.',
      checks: ['arm-apiserver-access'],
      proof: {
        confirmedWhen: [{ check: 'arm-apiserver-access', verdicts: ['ip-not-authorized'] }],
        ruledOutWhen: [
          { check: 'arm-apiserver-access', verdicts: ['ip-authorized', 'no-ranges', 'private'] },
        ],
      },
      fix: {
        summary:
          'Add your public IP to the authorized ranges, keeping the existing ones (the flag replaces the list).',
        steps: [
          {
            via: 'arm',
            action: 'Add {clientIp}/32 to the authorized ranges',
            command:
              'az aks update -g {resourceGroup} -n {cluster} --api-server-authorized-ip-ranges {authorizedRanges},{clientIp}/32',
          },
        ],
      },
    },
    {
      id: 'private-cluster',
      fits: ['timeout', 'unreachable', 'tls-timeout', 'nxdomain', 'dns-timeout', 'dns-failure'],
      title: 'The cluster is private: its API server has no public endpoint',
      explanation:
        "A private cluster's API server is reachable only from its VNet, peered networks or through a private endpoint, and its FQDN resolves only in the linked private DNS zone. From anywhere else the name does not resolve or the connection times out.",
      checks: ['arm-apiserver-access'],
      proof: {
        confirmedWhen: [{ check: 'arm-apiserver-access', verdicts: ['private'] }],
        ruledOutWhen: [
          { check: 'arm-apiserver-access', verdicts: ['ip-not-authorized', 'ip-authorized', 'no-ranges'] },
        ],
      },
      fix: {
        summary: 'Run kubectl from inside the network, or send the command through AKS command invoke.',
        steps: [
          {
            via: 'arm',
            action: 'Run the command inside the cluster without network access to the API server',
            command: 'az aks command invoke -g {resourceGroup} -n {cluster} --command "kubectl get pods -A"',
          },
          {
            via: 'client',
            action:
              'Or connect from a VM in the VNet or a peered network whose DNS resolves {privateFqdn} through the private DNS zone',
          },
        ],
      },
    },
  ],
};
