import { extractEntities, isIpv6, parseNodeName } from './entities.js';

describe('entities', () => {
  it('reads the VMSS and instance id out of an AKS node name (base 36 suffix)', () => {
    expect(parseNodeName('aks-nodepool1-12345678-vmss00000a')).toEqual({
      name: 'aks-nodepool1-12345678-vmss00000a',
      pool: 'nodepool1',
      vmss: 'aks-nodepool1-12345678-vmss',
      instanceId: '10',
    });
    expect(parseNodeName('aks-npuser01-12568910-vmss000001')?.instanceId).toBe('1');
    expect(parseNodeName('aks-system-31415926-vmss0000zz')?.instanceId).toBe(String(35 * 36 + 35));
    // Availability-set nodes have no scale set.
    expect(parseNodeName('aks-agentpool-38494388-0')).toEqual({
      name: 'aks-agentpool-38494388-0',
      pool: 'agentpool',
    });
    expect(parseNodeName('node-1')).toBeNull();
  });

  it('reads the DNS prefix and region out of public and private API server FQDNs', () => {
    const e = extractEntities(
      'dial tcp: lookup mypoc-aks-res-group-cl-9288d9-7b245a82.hcp.eastus.azmk8s.io: no such host; also aks-prod-3f2a1b4c.5e6f7a8b-1c2d-3e4f-5a6b-7c8d9e0f1a2b.privatelink.westeurope.azmk8s.io',
    );
    expect(e.apiServers).toEqual([
      {
        fqdn: 'mypoc-aks-res-group-cl-9288d9-7b245a82.hcp.eastus.azmk8s.io',
        dnsPrefix: 'mypoc-aks-res-group-cl-9288d9',
        region: 'eastus',
        private: false,
      },
      {
        fqdn: 'aks-prod-3f2a1b4c.5e6f7a8b-1c2d-3e4f-5a6b-7c8d9e0f1a2b.privatelink.westeurope.azmk8s.io',
        dnsPrefix: 'aks-prod',
        region: 'westeurope',
        private: true,
      },
    ]);
  });

  it('finds IPv4 and IPv6 addresses and ports, not clock times', () => {
    const e = extractEntities(
      'E0705 14:54:18.531384 dial tcp 10.233.0.1:443: i/o timeout; dial tcp [::1]:8080; curl: (7) Failed to connect to 35.188.219.12 port 31580',
    );
    expect(e.ips).toEqual(['10.233.0.1', '35.188.219.12', '::1']);
    expect(e.ports).toEqual([443, 8080, 31580]);
    expect(isIpv6('14:54:18')).toBe(false);
    expect(isIpv6('fe80::1')).toBe(true);
  });

  it('reads RBAC denials, namespace or cluster scope', () => {
    const e = extractEntities(
      'pods is forbidden: User "user@example.com" cannot list resource "pods" in API group "" in the namespace "team1"\nnodes is forbidden: User "system:serviceaccount:kube-system:metricbeat" cannot watch resource "nodes" in API group "" at the cluster scope',
    );
    expect(e.rbac).toEqual([
      { user: 'user@example.com', verb: 'list', resource: 'pods', apiGroup: '', namespace: 'team1' },
      {
        user: 'system:serviceaccount:kube-system:metricbeat',
        verb: 'watch',
        resource: 'nodes',
        apiGroup: '',
        namespace: null,
      },
    ]);
    expect(e.namespaces).toEqual(['team1']);
  });

  it('reads pods, namespaces and services from kubectl lines, kubelet URLs and DNS names', () => {
    const e = extractEntities(
      'kubectl --namespace=kube-lego logs kube-lego-2933009699-p2jlm\nkubectl exec -it flink-jobmanager-870122904-t6mmf -- /bin/bash\nGet https://aks-agentpool-1:10250/containerLogs/kube-system/kubernetes-dashboard-69bb965b88-ddgnk/main\ncurl http://orders.shop.svc.cluster.local:8080/',
    );
    expect(e.pods).toEqual([
      'kubernetes-dashboard-69bb965b88-ddgnk',
      'kube-lego-2933009699-p2jlm',
      'flink-jobmanager-870122904-t6mmf',
    ]);
    expect(e.namespaces).toEqual(['kube-system', 'kube-lego', 'shop']);
    expect(e.services).toEqual(['orders']);
  });

  it('caps every list so a huge log gives a bounded answer', () => {
    const many = Array.from({ length: 500 }, (_, i) => `10.1.${Math.floor(i / 250)}.${i % 250}`).join(' ');
    expect(extractEntities(many).ips).toHaveLength(20);
  });
});

describe('entities: what is not a host and port', () => {
  it('does not read a log position (file.go:line) as a port', () => {
    const e = extractEntities(
      'E1123 10:00:00.000000   12345 memcache.go:265] couldn\'t get current server API group list: Get "https://x-1a2b3c4d.hcp.westeurope.azmk8s.io:443/api?timeout=32s"\nW0101 reflector.go:147] failed',
    );
    expect(e.ports).toEqual([443]);
  });
});
