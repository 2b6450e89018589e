import type { Symptom } from '../domain/knowledge.js';
import { re } from './shared.js';

/**
 * Name resolution fails. Pods ask CoreDNS (the kube-dns Service, 10.0.0.10 by default on AKS),
 * which forwards what it does not own to the node's upstream: Azure DNS at 168.63.129.16, or
 * the custom DNS servers set on the VNet.
 */
export const outboundDns: Symptom = {
  id: 'outbound-dns',
  title: 'Name resolution fails from pods or nodes',
  seen: '`no such host`, `no servers could be reached`, CoreDNS `[ERROR] plugin/errors: ... i/o timeout`',
  signals: [
    {
      id: 'udp-53-timeout',
      pattern: re('read udp [\\d.:\\[\\]a-f]{7,60}->[\\d.]{7,15}:53: i/o timeout'),
      weight: 0.8,
    },
    { id: 'tcp-53-timeout', pattern: re('dial tcp [\\d.]{7,15}:53: i/o timeout'), weight: 0.75 },
    { id: 'coredns-plugin-errors', pattern: re('\\[error\\] plugin/errors: \\d'), weight: 0.55 },
    {
      id: 'coredns-unreachable-backend',
      pattern: re('unreachable backend'),
      weight: 0.6,
      suggests: 'upstream-dns-failure',
    },
    { id: 'no-servers-reached', pattern: re('no servers could be reached'), weight: 0.8 },
    { id: 'temporary-failure-resolution', pattern: re('temporary failure in name resolution'), weight: 0.6 },
    { id: 'server-misbehaving', pattern: re('server misbehaving'), weight: 0.7 },
    {
      id: 'go-lookup-failed',
      pattern: re(
        'lookup [^\\s]{1,253} on [\\d.]{7,15}:53: (?:no such host|server misbehaving|read udp|dial udp|i/o timeout)',
      ),
      weight: 0.75,
    },
    {
      // Go's dial error with no address: the name lookup itself ran out of time.
      id: 'dial-without-address-timeout',
      // (Not after an address the client names: `dial control conn 10.0.2.60: dial tcp: i/o timeout`.)
      pattern: re(
        '(?<!\\d\\.\\d{1,3}: )dial tcp: (?:lookup [^\\s:]{1,253}(?: on [\\d.]{7,15}:\\d{1,5})?: )?i/o timeout',
      ),
      weight: 0.55,
    },
    { id: 'no-such-host', pattern: re('no such host'), weight: 0.45, excludes: ['kubectl-client-failure'] },
    { id: 'could-not-resolve-host', pattern: re('could not resolve host'), weight: 0.55 },
    { id: 'name-or-service-not-known', pattern: re('name or service not known'), weight: 0.5 },
    { id: 'node-getaddrinfo', pattern: re('getaddrinfo (?:enotfound|eai_again)'), weight: 0.6 },
    {
      id: 'nslookup-failed',
      pattern: re('\\*\\* server can.t find [^\\s]{1,253}: (?:nxdomain|servfail|refused)'),
      weight: 0.6,
    },
    {
      id: 'azure-dns-named',
      pattern: re('\\b168\\.63\\.129\\.16\\b'),
      weight: 0.2,
      suggests: 'upstream-dns-failure',
    },
    {
      // Queries to the kube-dns Service (10.0.0.10 by default on AKS) failing.
      id: 'kube-dns-service',
      pattern: re('->\\d{1,3}\\.\\d{1,3}\\.0\\.10:53|on \\d{1,3}\\.\\d{1,3}\\.0\\.10:53'),
      weight: 0.3,
      suggests: 'cluster-dns-failure',
    },
  ],
  evidence: [
    {
      tool: 'nslookup',
      verdicts: ['timeout', 'servfail', 'refused'],
      cause: 'upstream-dns-failure',
      weight: 0.6,
    },
    { tool: 'nslookup', verdicts: ['nxdomain'], cause: 'custom-dns-misconfigured', weight: 0.4 },
    { tool: 'resolv-conf', verdicts: ['custom-dns'], cause: 'custom-dns-misconfigured', weight: 0.3 },
  ],
  penalties: [
    // kubectl failing to resolve the API server is its own symptom.
    {
      id: 'kubectl-to-apiserver',
      // kubectl, and the clients that word it their own way (k9s, Helm, Terraform, Lens).
      pattern: re(
        "unable to connect to the server|can.t connect to (?:the )?cluster|failed to connect to cluster|kubernetes cluster unreachable|couldn't get current server api group list",
      ),
      factor: 0.4,
    },
    // An API request whose dial ran out of time with no address (`Get "https://x/api/v1/pods":
    // dial tcp: i/o timeout`): in the threads this is the API server out of reach far more often
    // than a cluster's resolver, so the API server's symptoms take it.
    {
      id: 'api-request-dial-timeout',
      pattern: re('https?://[^\\s/"]{1,253}/apis?/[^\\s":]{0,300}"?: dial tcp: i/o timeout'),
      factor: 0.5,
    },
    // A cluster-internal name asked of a loopback resolver: the program runs outside the cluster
    // (an operator started locally, a test on a laptop), where such names never resolve.
    {
      id: 'cluster-name-outside',
      pattern: re(
        'lookup [^\\s]{0,200}(?:\\.svc|\\.cluster\\.local|kubernetes\\.default)\\.? on 127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}:53\\b',
      ),
      factor: 0.3,
    },
    // A URL's scheme where a host name belongs (`ENOTFOUND https`): configuration, not DNS.
    {
      id: 'scheme-as-host',
      pattern: re('(?:enotfound|eai_again|lookup) https?(?![a-z0-9.-]|://)'),
      factor: 0.2,
    },
  ],
  events: [
    {
      id: 'lookup-fails-in-cluster',
      outcomes: ['nxdomain', 'dns-timeout', 'dns-failure'],
      roles: ['external-host', 'cluster-service', 'apiserver-service', 'registry', 'unknown', 'cluster-dns'],
      vantages: ['pod', 'node', 'unknown', 'control-plane'],
      weight: 0.7,
    },
    {
      // Inside the cluster the resolver did not answer, whatever the name (the API server's too).
      id: 'resolver-fails-in-cluster',
      outcomes: ['dns-timeout', 'dns-failure'],
      roles: ['apiserver'],
      vantages: ['pod', 'node'],
      weight: 0.7,
    },
    {
      id: 'resolver-unreachable',
      outcomes: ['timeout', 'refused', 'unreachable', 'dns-timeout'],
      roles: ['cluster-dns'],
      weight: 0.8,
    },
  ],
  causes: [
    {
      id: 'cluster-dns-failure',
      title: 'CoreDNS is not answering',
      explanation:
        'If the CoreDNS pods are not ready, overloaded, or their kube-dns Service has no endpoints, every in-cluster lookup times out while the nodes themselves still resolve names. Queries to 10.0.0.10:53 timing out point here.',
      checks: ['k8s-coredns', 'node-nslookup-cluster'],
      proof: {
        confirmedWhen: [{ check: 'k8s-coredns', verdicts: ['not-ready'] }],
        ruledOutWhen: [{ check: 'k8s-coredns', verdicts: ['ready'] }],
      },
      fix: {
        summary: 'Get CoreDNS healthy: look at its pods and logs, and restart it.',
        steps: [
          {
            via: 'kubernetes',
            action: 'Look at CoreDNS pods and their logs',
            command:
              'kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide && kubectl -n kube-system logs -l k8s-app=kube-dns --tail=50',
          },
          {
            via: 'kubernetes',
            action: 'Restart CoreDNS',
            command: 'kubectl -n kube-system rollout restart deployment coredns',
          },
        ],
      },
    },
    {
      id: 'upstream-dns-failure',
      title: "CoreDNS's upstream DNS server does not answer",
      explanation:
        'CoreDNS forwards external names to the DNS servers the node uses; when that server (Azure DNS at 168.63.129.16 or a custom server) is unreachable or failing, CoreDNS logs `plugin/errors ... i/o timeout` and pods get SERVFAIL. Cluster-internal names keep resolving.',
      checks: ['node-nslookup-external', 'node-resolv-conf', 'arm-vnet-dns', 'arm-nsg-egress'],
      proof: {
        confirmedWhen: [
          { check: 'node-nslookup-external', verdicts: ['timeout', 'servfail', 'refused'] },
          { check: 'arm-vnet-dns', verdicts: ['azure-dns'] },
        ],
        ruledOutWhen: [{ check: 'node-nslookup-external', verdicts: ['resolved'] }],
      },
      fix: {
        summary:
          'Make the upstream reachable from the nodes (UDP and TCP 53), or point the VNet at a working DNS server.',
        steps: [
          {
            via: 'arm',
            action: 'Check which DNS servers the VNet hands out',
            command: 'az network vnet show -g {vnetResourceGroup} -n {vnet} --query dhcpOptions.dnsServers',
          },
          {
            via: 'arm',
            action: 'Allow DNS from the node subnet to {dnsServer} in the NSG or firewall',
            command:
              'az network nsg rule create -g {nsgResourceGroup} --nsg-name {nsg} -n allow-dns --priority {priority} --direction Outbound --access Allow --protocol "*" --destination-address-prefixes {dnsServer} --destination-port-ranges 53',
          },
        ],
      },
    },
    {
      id: 'custom-dns-misconfigured',
      title: 'The custom DNS servers on the VNet cannot resolve what the cluster needs',
      explanation:
        'With custom DNS on the VNet, nodes and CoreDNS ask those servers for everything, including Azure names and private zones; a server that does not forward to Azure DNS (168.63.129.16) answers NXDOMAIN for them. Public names may work while privatelink names and AKS endpoints fail.',
      checks: ['node-resolv-conf', 'arm-vnet-dns', 'node-nslookup-external'],
      proof: {
        confirmedWhen: [
          { check: 'arm-vnet-dns', verdicts: ['custom-dns'] },
          { check: 'node-nslookup-external', verdicts: ['nxdomain', 'servfail', 'timeout', 'refused'] },
        ],
        ruledOutWhen: [
          { check: 'arm-vnet-dns', verdicts: ['azure-dns'] },
          { check: 'node-nslookup-external', verdicts: ['resolved'] },
        ],
      },
      fix: {
        summary:
          "Forward Azure and privatelink zones from the custom DNS server to 168.63.129.16, then restart the nodes' resolvers.",
        steps: [
          {
            via: 'client',
            action: 'On {dnsServer}: add a conditional forwarder for the needed zones to 168.63.129.16',
          },
          {
            via: 'arm',
            action:
              "Or set {vnet}'s DNS servers back to Azure-provided (portal: Virtual network > DNS servers > Default), then restart the nodes so they pick it up",
          },
        ],
      },
    },
  ],
};
