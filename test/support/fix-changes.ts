/** One change of every kind "Apply fix" can make, with long but valid names: for renderers' tests. */
import type { FixAction } from '../../src/engine/fix-action.js';
import type { ChangeKind } from '../../src/report/fix-change.js';

const SUB = '11111111-2222-3333-4444-555555555555';
const node = {
  kind: 'node' as const,
  node: 'aks-nodepool1-12345678-vmss00000a',
  subscription: SUB,
  resourceGroup: 'MC_rg-platform-production-westeurope_aks-platform-prod_westeurope',
  vmss: 'aks-nodepool1-12345678-vmss',
  instanceId: '10',
};
const kube = {
  kind: 'kube' as const,
  subscription: SUB,
  resourceGroup: 'rg-platform',
  cluster: 'aks-platform-prod',
};

export const EVERY_CHANGE: Readonly<Record<ChangeKind, FixAction>> = {
  'nsg-allow': {
    kind: 'nsg-allow',
    subscription: SUB,
    resourceGroup: 'MC_rg-platform_aks-platform-prod_westeurope',
    nsg: 'aks-agentpool-12345678-nsg',
    rule: {
      name: 'allow-kubelet-10250',
      priority: 290,
      direction: 'Inbound',
      protocol: 'Tcp',
      source: 'VirtualNetwork',
      destination: '10.224.0.0/16',
      port: '10250',
    },
  },
  'authorize-ip': {
    kind: 'authorize-ip',
    subscription: SUB,
    resourceGroup: 'rg-platform',
    cluster: 'aks-platform-prod',
    ranges: ['203.0.113.0/24', '198.51.100.7/32'],
  },
  'vnet-dns-default': {
    kind: 'vnet-dns-default',
    subscription: SUB,
    resourceGroup: 'rg-net',
    vnet: 'vnet-hub-weu',
  },
  'outbound-ports': {
    kind: 'outbound-ports',
    subscription: SUB,
    resourceGroup: 'rg-platform',
    cluster: 'aks-platform-prod',
    ports: 4000,
    ipCount: 2,
  },
  'firewall-allow': {
    kind: 'firewall-allow',
    subscription: SUB,
    resourceGroup: 'rg-hub',
    firewall: 'fw-hub-weu',
    collection: { name: 'aksdiag-allow', kind: 'network', priority: 400 },
    rule: { name: 'allow-10.224.0.0-443', source: '10.224.0.0/16', destination: '20.50.2.10', port: 443 },
  },
  'private-dns-link': {
    kind: 'private-dns-link',
    subscription: SUB,
    resourceGroup: 'rg-dns',
    zone: 'privatelink.westeurope.azmk8s.io',
    vnetId: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-aks`,
    link: 'aksdiag-vnet-spoke-aks',
  },
  'vmss-reimage': { kind: 'vmss-reimage', target: node },
  'ufw-allow-10250': {
    kind: 'node-script',
    fix: 'ufw-allow-10250',
    target: node,
    params: {},
    summary: 'ufw allow 10250/tcp',
  },
  'iptables-delete-rule': {
    kind: 'node-script',
    fix: 'iptables-delete-rule',
    target: node,
    params: { chain: 'KUBE-FIREWALL-EXTRA', ruleNumber: 3 },
    summary: 'delete rule 3 of iptables chain KUBE-FIREWALL-EXTRA',
  },
  'kube-patch-service': {
    ...kube,
    change: {
      kind: 'kube-patch-service',
      namespace: 'shop',
      service: 'web',
      set: { selector: { app: 'web-v2' } },
    },
  },
  'kube-grant': {
    ...kube,
    change: {
      kind: 'kube-grant',
      namespace: 'shop',
      user: 'alice@example.com',
      verb: 'create',
      apiGroup: '',
      resource: 'pods/exec',
      roleName: 'aksdiag-create-pods-exec',
    },
  },
  'kube-delete-pods': {
    ...kube,
    change: {
      kind: 'kube-delete-pods',
      namespace: 'kube-system',
      labelSelector: { 'k8s-app': 'kube-proxy' },
      node: 'aks-nodepool1-12345678-vmss000001',
      what: 'kube-proxy',
    },
  },
  'kube-restart': {
    ...kube,
    change: {
      kind: 'kube-restart',
      namespace: 'kube-system',
      deployment: 'coredns',
      restartedAt: '2030-01-01T00:00:00Z',
    },
  },
  'kube-allow-policy': {
    ...kube,
    change: {
      kind: 'kube-allow-policy',
      namespace: 'shop',
      name: 'aksdiag-allow-8080',
      podSelector: { app: 'web' },
      direction: 'ingress',
      port: 8080,
    },
  },
};
