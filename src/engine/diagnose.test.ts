import { loadFixture } from '../../test/support/fixtures.js';
import { diagnose } from './diagnose.js';

describe('diagnose', () => {
  it.each([
    [
      'rbac-forbidden',
      'Error from server (Forbidden): deployments.apps is forbidden: User "dev@contoso.com" cannot create resource "deployments" in API group "apps" in the namespace "payments"',
    ],
    [
      'pod-ip-exhaustion',
      'Warning FailedCreatePodSandBox kubelet Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "abc": plugin type="azure-vnet" failed (add): IPAM Invoker Add failed with error: Failed to get IP address from CNS: AllocateIPConfig failed: not enough IPs available',
    ],
    [
      'outbound-dns',
      '[ERROR] plugin/errors: 2 login.microsoftonline.com. A: read udp 10.244.0.12:41234->168.63.129.16:53: i/o timeout',
    ],
    ['apiserver-unreachable', 'Unable to connect to the server: dial tcp 20.50.10.4:443: i/o timeout'],
    [
      'node-cannot-reach-apiserver',
      'E1123 03:00:01 reflector.go:138] Failed to watch *v1.ConfigMap: failed to list *v1.ConfigMap: Get "https://10.0.0.1:443/api/v1/configmaps?limit=500": dial tcp 10.0.0.1:443: i/o timeout',
    ],
    ['lb-service-timeout', 'curl: (28) Failed to connect to 52.170.8.9 port 80 after 21031 ms: Timed out'],
    ['service-unreachable-in-cluster', 'Error: no endpoints available for service "checkout"'],
    [
      'outbound-egress',
      'Deployment failed. Unable to establish outbound connection from agents, please see https://aka.ms/aks-required-ports-and-addresses',
    ],
  ])('recognises %s', (symptom, text) => {
    const d = diagnose(text);
    expect(d.symptom).toBe(symptom);
    expect(d.confidence).toBeGreaterThanOrEqual(0.5);
    expect(d.causes.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'an ARM 403 on the cluster identity',
      "The client 'aaaa' with object id 'bbbb' does not have authorization to perform action 'Microsoft.Network/virtualNetworks/subnets/join/action' over scope '/subscriptions/x' (Code: AuthorizationFailed). Error from server (Forbidden)",
    ],
    [
      'Insufficient pods',
      'Warning FailedScheduling default-scheduler 0/3 nodes are available: 3 Insufficient pods. preemption: 0/3 nodes are available',
    ],
    [
      'a load balancer provisioning timeout',
      'Warning SyncLoadBalancerFailed service-controller Error syncing load balancer: failed to ensure load balancer: timed out waiting for the condition, public IP 20.1.2.3',
    ],
    [
      'an image pull error',
      'Failed to pull image "contoso.azurecr.io/app:v2": rpc error: code = NotFound desc = failed to pull and unpack image: not found',
    ],
  ])('stays silent on %s', (_what, text) => {
    expect(diagnose(text).symptom).toBeNull();
  });

  it('fills the fix with the node named in the paste and quotes what goes into commands', () => {
    const d = diagnose(
      'Error from server: error dialing backend: dial tcp 10.224.0.6:10250: i/o timeout (node aks-pool2-87654321-vmss000003)',
    );
    const ufw = d.causes.find((c) => c.id === 'ufw-blocks-10250');
    expect(ufw?.fix).toContain(
      'az vmss reimage -g <node-resource-group> -n aks-pool2-87654321-vmss --instance-ids 3',
    );
    const rbac = diagnose(
      'pods is forbidden: User "x$(reboot)" cannot list resource "pods" in API group "" in the namespace "team1"',
    );
    const step = rbac.causes[0]?.fixSteps[0]?.command ?? '';
    expect(step).toContain("'--user=x$(reboot)'");
  });

  it('takes a pasted ufw status that closes 10250 as evidence and puts that cause first', () => {
    const ufw = loadFixture('ufw-status', 'ssh-only-verbose');
    const d = diagnose(
      `kubectl logs api-7d9 fails:\nError from server: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout\n$ sudo ufw status verbose\n${ufw.text}`,
    );
    expect(d.symptom).toBe('tunnel-10250');
    expect(d.evidence.find((e) => e.kind === 'ufw-status')?.verdict).toBe('blocks-port');
    expect(d.causes[0]?.id).toBe('ufw-blocks-10250');
    expect(d.causes[0]?.pointedAtBy).toEqual(['pasted ufw-status: blocks-port']);
  });

  it('recognises a pasted ufw status alone as the tunnel symptom', () => {
    const ufw = loadFixture('ufw-status', 'ssh-only-verbose');
    const d = diagnose(ufw.text);
    expect(d.evidence[0]?.verdict).toBe('blocks-port');
    expect(d.symptom).toBe('tunnel-10250');
  });

  it.each([
    ['iptables -S', 'iptables-list', 'rules-ssh-accept-drop-10250', 'iptables-drops-10250'],
    ['nft list ruleset', 'nft-ruleset', 'native-policy-drop-10250-drop', 'iptables-drops-10250'],
  ])('takes a pasted %s that drops 10250 as evidence for the drop', (_cmd, kind, name, cause) => {
    const listing = loadFixture(kind, name);
    const d = diagnose(
      `kubectl exec fails: error dialing backend: dial tcp 10.224.0.5:10250: i/o timeout\n# ${listing.meta.command}\n${listing.text}`,
    );
    expect(d.symptom).toBe('tunnel-10250');
    expect(d.evidence.find((e) => e.kind === kind)?.verdict).toBe('blocks-port');
    expect(d.causes[0]?.id).toBe(cause);
  });

  it('abstains on chatter and gives no causes', () => {
    const d = diagnose('hey team, is anyone looking at the deploy? it seems slow today');
    expect(d.symptom).toBeNull();
    expect(d.causes).toEqual([]);
  });
});

describe('causes that fit the outcome in the paste', () => {
  const order = (text: string) => diagnose(text).causes.map((c) => [c.id, c.contradictedBy.length > 0]);

  it('lists silent-drop causes last, and says why, when the connection was refused', () => {
    const d = diagnose(
      'error: unable to upgrade connection: error dialing backend: dial tcp 10.224.0.4:10250: connect: connection refused',
    );
    expect(d.outcomes).toEqual(['refused']);
    expect(d.outcomeNote).toMatch(/refused: something answered/);
    const nsg = d.causes.findIndex((c) => c.id === 'nsg-blocks-10250');
    const iptables = d.causes.findIndex((c) => c.id === 'iptables-drops-10250');
    expect(iptables).toBeLessThan(nsg);
    expect(d.causes[nsg]?.contradictedBy).toEqual(['refused']);
  });

  it('keeps the runbook order and adds no note when the attempt timed out', () => {
    const d = diagnose('Unable to connect to the server: dial tcp 20.1.2.3:443: i/o timeout');
    expect(d.outcomes).toEqual(['timeout']);
    expect(d.outcomeNote).toBeNull();
    expect(order('Unable to connect to the server: dial tcp 20.1.2.3:443: i/o timeout')[0]).toEqual([
      'client-ip-not-authorized',
      false,
    ]);
  });

  it('does not offer a network policy for a Service with no endpoints', () => {
    const d = diagnose('Error: no endpoints available for service "shop/web"');
    expect(d.symptom).toBe('service-unreachable-in-cluster');
    expect(d.causes[0]?.id).toBe('no-endpoints-selector-mismatch');
    expect(d.causes.find((c) => c.id === 'network-policy')?.contradictedBy).toEqual(['no-endpoints']);
  });
});

describe('RBAC fixes by verb, scope and subject', () => {
  const fixOf = (text: string) => diagnose(text).causes[0]?.fix ?? '';

  it('grants a service account a ClusterRole for a cluster-scope denial, as --serviceaccount', () => {
    const fix = fixOf(
      'pods is forbidden: User "system:serviceaccount:ci:deployer" cannot list resource "pods" in API group "" at the cluster scope',
    );
    expect(fix).toContain('kubectl create clusterrole pods-list --verb=list --resource=pods');
    expect(fix).toContain('--clusterrole=pods-list --serviceaccount=ci:deployer');
    expect(fix).not.toContain('create role ');
    // Azure RBAC assignments are for Entra identities, not service accounts.
    expect(fix).not.toContain('az role assignment');
  });

  it('grants an operator what escalation prevention says it tried to grant without holding', () => {
    const paste =
      'Failure executing: POST at: https://172.30.0.1:443/apis/rbac.authorization.k8s.io/v1/clusterrolebindings. Message: clusterrolebindings.rbac.authorization.k8s.io "kafka-init" is forbidden: user "system:serviceaccount:kafka:cluster-operator" (groups=["system:serviceaccounts" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["nodes"], Verbs:["get"]}';
    expect(diagnose(paste).symptom).toBe('rbac-forbidden');
    const fix = fixOf(paste);
    expect(fix).toContain('kubectl create clusterrole nodes-get --verb=get --resource=nodes');
    expect(fix).toContain('--serviceaccount=kafka:cluster-operator');
  });

  it('gives kubectl exec write access in the namespace, never a reader role', () => {
    const fix = fixOf(
      'Error from server (Forbidden): pods "web-1" is forbidden: User "alice@contoso.com" cannot create resource "pods/exec" in API group "" in the namespace "shop"',
    );
    expect(fix).toContain('kubectl -n shop create role pods-exec-create --verb=create --resource=pods/exec');
    expect(fix).toContain('--user=alice@contoso.com');
    expect(fix).toContain("'Azure Kubernetes Service RBAC Writer'");
    expect(fix).not.toContain('RBAC Reader');
  });

  it('reads the older wording and a non-core API group', () => {
    expect(
      fixOf('configmaps is forbidden: User "bob" cannot list configmaps in the namespace "kube-system"'),
    ).toContain('kubectl -n kube-system create role configmaps-list --verb=list --resource=configmaps');
    expect(
      fixOf(
        'deployments.apps is forbidden: User "carol" cannot patch resource "deployments" in API group "apps" in the namespace "web"',
      ),
    ).toContain('--resource=deployments.apps');
  });

  it('never shows a Slack autolinked user as mailto:', () => {
    const fix = fixOf(
      'pods is forbidden: User "<mailto:alice@contoso.com|alice@contoso.com>" cannot list resource "pods" in API group "" in the namespace "shop"',
    );
    expect(fix).toContain('--user=alice@contoso.com');
    expect(fix).not.toContain('mailto');
  });
});

describe('look-alikes that are not a network fault stay silent', () => {
  it.each([
    [
      'a kubeconfig kubectl cannot parse',
      'kubectl get pods\nUnable to connect to the server: net/url: invalid control character in URL',
    ],
    [
      'kubectl with no kubeconfig at all, trying its built-in default',
      'azureuser@vm:~$ kubectl get nodes\nThe connection to the server localhost:8080 was refused - did you specify the right host or port?',
    ],
    [
      "Envoy's route timeout on a slow request (the upstream took it)",
      '$ time curl -s https://api.contoso.dev/reports/export\nupstream request timeout\nreal\t0m15,012s',
    ],
    [
      "ingress-nginx's rate limiter answering 503",
      'metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/limit-rps: "5"\n---\n$ curl -i https://shop.contoso.dev/\nHTTP/1.1 503 Service Temporarily Unavailable',
    ],
    [
      'a sidecar that connected and failed its TLS handshake (mTLS to a plain-text port)',
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: TLS_error:|268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end',
    ],
    [
      'a person who "cannot access" the ingress, which answers 404',
      'I could not access my app by the ingress\'s EXTERNAL-IP.\nWhen I open it I see only "404 Not Found (nginx)"',
    ],
    [
      "a kubelet certificate without the node's IP",
      'E0223 02:47:56.385022 1 scraper.go:140] "Failed to scrape node" err="Get \\"https://10.0.0.25:10250/metrics/resource\\": x509: cannot validate certificate for 10.0.0.25 because it doesn\'t contain any IP SANs" node="worker-0"',
    ],
    [
      'admission refusing a pod whose service account does not exist',
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: POST at: https://kubernetes.default/api/v1/namespaces/default/pods. Message: Forbidden!Configured service account doesn\'t have access. pods "agent-5xt6m" is forbidden: error looking up service account default/jenkins: serviceaccount "jenkins" not found.',
    ],
    [
      'a sidecar refused by the database in its own pod',
      'kubectl logs mongo-0 -c sidecar\nError in workloop { MongoError: failed to connect to server [127.0.0.1:27017] on first connect [MongoError: connect ECONNREFUSED 127.0.0.1:27017]',
    ],
    [
      "the kubelet's liveness probe timing out on its own pod's /healthz",
      'Warning  Unhealthy  3m  kubelet  Liveness probe failed: Get "http://10.0.52.226:8084/healthz?full=true": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    ],
    [
      "the kubelet's readiness probe to a pod that itself listens on 10250",
      'Warning  Unhealthy  2m (x41 over 9m)  kubelet  Readiness probe errored: Get "https://10.244.0.7:10250/readyz": dial tcp 10.244.0.7:10250: i/o timeout',
    ],
    [
      'the kubelet answering that the pod is gone',
      'kubectl port-forward web-7d4b9c6f5-x2x9q 8080:80\nerror: error upgrading connection: unable to upgrade connection: pod does not exist',
    ],
    [
      'an operator run on a laptop asking its own resolver for a cluster name',
      'E0101 10:00:00.000000 4242 leader.go:55] lookup kubernetes.default.svc on 127.0.0.53:53: no such host',
    ],
    [
      "helm on a laptop that cannot look up a chart repository's name (the laptop's DNS, not the cluster's)",
      '$ helm repo add contoso https://charts.contoso.dev\nError: looks like "https://charts.contoso.dev" is not a valid chart repository or cannot be reached: Get "https://charts.contoso.dev/index.yaml": dial tcp: lookup charts.contoso.dev: no such host',
    ],
    [
      "a gateway's 504 on a query the person says takes too long",
      'The shop UI gets 504 Gateway Time-out.\nIn the orders-api logs: pq: canceling statement due to user request (57014)\nThe report query takes too long for big tenants.',
    ],
    [
      // Refused: the metrics-server pod itself (stopped, not listening), which the paste does not
      // tell from a dropped path; and it is the API server calling out, never a client calling in.
      "the API server's aggregator refused by the metrics API's Service",
      'E0905 08:41:09.698781   24517 available_controller.go:460] v1beta1.metrics.k8s.io failed with: failing or missing response from https://10.152.183.222:443/apis/metrics.k8s.io/v1beta1: Get "https://10.152.183.222:443/apis/metrics.k8s.io/v1beta1": dial tcp 10.152.183.222:443: connect: connection refused',
    ],
    [
      "a URL's scheme given where the host belongs",
      'Error: getaddrinfo ENOTFOUND https\n    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:107:26)',
    ],
  ])('%s', (_name, paste) => {
    expect(diagnose(paste).symptom).toBeNull();
  });
});

describe('a big log', () => {
  const noise = (n: number) =>
    Array.from(
      { length: n },
      (_, i) =>
        `I1123 03:14:${String(i % 60).padStart(2, '0')}.123456    1867 kubelet.go:2183] "SyncLoop (PLEG): event for pod" pod="default/web-${i}"`,
    ).join('\n');

  it('reads curl -v left at "Trying" as it does in a short paste', () => {
    const hung = 'me@laptop:~$ curl -v http://20.50.1.9/\n*   Trying 20.50.1.9:80...\n* TCP_NODELAY set';
    // (Log lines that say nothing of where they were written: kubelet lines would make it a node's curl.)
    const neutral = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `2026-11-23T03:14:00.${i}Z\tinfo\treconciled object\t{"name": "cfg-${i}"}`,
      ).join('\n');
    expect(diagnose(`${neutral(800)}\n${hung}\n${neutral(800)}`).symptom).toBe(diagnose(hung).symptom);
    expect(diagnose(hung).symptom).toBe('lb-service-timeout');
  });

  it('judges a pasted ruleset far from the error line on the whole text, and redacts the rule it quotes', () => {
    const ruleset = [
      '*filter',
      ':INPUT ACCEPT [0:0]',
      '-A INPUT -p tcp -m tcp --dport 10250 -m comment --comment "client_secret=Qz8vN3kLp2Rt7Wx4Yb6Hd" -j DROP',
      'COMMIT',
    ].join('\n');
    const text = [
      noise(500),
      ruleset,
      noise(300),
      'Error from server: Get "https://10.224.0.5:10250/containerLogs/default/web-1/web": dial tcp 10.224.0.5:10250: i/o timeout',
      noise(100),
    ].join('\n');
    expect(text.length).toBeGreaterThan(64_000);
    const d = diagnose(text);
    expect(d.symptom).toBe('tunnel-10250');
    expect(d.evidence).toContainEqual(
      expect.objectContaining({ kind: 'iptables-list', verdict: 'blocks-port', port: 10250 }),
    );
    expect(d.causes[0]?.id).toBe('iptables-drops-10250');
    expect(JSON.stringify(d)).not.toContain('Qz8vN3kLp2');
    expect(JSON.stringify(d.evidence)).toContain('client_secret=[REDACTED');
  });
});

describe('kube-proxy rejecting a Service without endpoints', () => {
  it('"No route to host" from a pod to a private address is the in-cluster Service symptom', () => {
    const d = diagnose(
      '[root@nwtool-6cd6f6795d-t7jw7 /]# curl 10.32.0.43\ncurl: (7) Failed connect to 10.32.0.43:80; No route to host',
    );
    expect(d.symptom).toBe('service-unreachable-in-cluster');
    expect(d.causes[0]?.id).toBe('no-endpoints-selector-mismatch');
  });
});

describe("the kubelet's own authorization", () => {
  it('refusing kubectl logs is a Kubernetes authorization denial', () => {
    expect(
      diagnose(
        'Error from server (Forbidden): Forbidden (user=system:anonymous, verb=get, resource=nodes, subresource=proxy) ( pods/log web-0)',
      ).symptom,
    ).toBe('rbac-forbidden');
  });
});

describe("a webhook's Service with nothing behind it", () => {
  it('is the Service symptom, not the control plane path', () => {
    const d = diagnose(
      'Error from server (InternalError): Internal error occurred: failed calling webhook "mutate.example.io": failed to call webhook: Post "https://example-webhook.example-system.svc:443/mutate?timeout=10s": no endpoints available for service "example-webhook"',
    );
    expect(d.symptom).toBe('service-unreachable-in-cluster');
  });
});

describe("an Azure service's client in a pod timing out", () => {
  it('is egress when the exception names the service', () => {
    expect(
      diagnose(
        'Azure.Messaging.ServiceBus.ServiceBusException: Operation timed out ErrorCode: TimedOut (ServiceCommunicationProblem)\n ---> System.Net.Sockets.SocketException (110): Operation timed out',
      ).symptom,
    ).toBe('outbound-egress');
  });
});

describe("an in-cluster client's API request whose dial ran out of time with no address", () => {
  it('is the API server out of reach from inside, not the cluster DNS', () => {
    const paste =
      'E0103 13:27:29.428368       1 reflector.go:167] Failed to watch *v1.Pod: failed to list *v1.Pod: Get "https://aks-prod-1a2b3c.hcp.westeurope.azmk8s.io:443/api/v1/pods?limit=500": dial tcp: i/o timeout';
    expect(diagnose(paste).symptom).toBe('node-cannot-reach-apiserver');
    // The cluster's resolver named as timing out is still DNS.
    expect(
      diagnose(
        'E0103 13:27:29.428368       1 reflector.go:167] Failed to watch *v1.Pod: Get "https://aks-prod-1a2b3c.hcp.westeurope.azmk8s.io:443/api/v1/pods": dial tcp: lookup aks-prod-1a2b3c.hcp.westeurope.azmk8s.io on 10.0.0.10:53: read udp 10.244.1.7:41234->10.0.0.10:53: i/o timeout',
      ).symptom,
    ).toBe('outbound-dns');
  });
});

describe('curl to a public address timing out', () => {
  it('is egress when it ran in a pod, the load balancer when it ran outside', () => {
    // As curl prints it without -s: the progress meter runs into the error on one line.
    const line =
      '  0     0    0     0    0     0      0      0 --:--:--  0:02:09 --:--:--     0curl: (7) Failed to connect to 20.61.7.14 port 80: Operation timed out';
    expect(diagnose(`$ kubectl exec web-0 -- curl http://20.61.7.14:80\n${line}`).symptom).toBe(
      'outbound-egress',
    );
    expect(diagnose(`me@laptop:~$ curl http://20.61.7.14:80\n${line}`).symptom).toBe('lb-service-timeout');
  });
});

describe("a pod's call out refused", () => {
  it("is egress pointing at the endpoint, when the paste says the lines are a pod's log", () => {
    const d = diagnose(
      [
        'The setup job never finishes. These are the log files for the init-db pod:',
        "Cloning into '/src'...",
        "fatal: unable to access 'https://github.com/contoso/schema/': Failed to connect to github.com port 443: Connection refused",
      ].join('\n'),
    );
    expect(d.symptom).toBe('outbound-egress');
    expect(d.causes[0]?.id).toBe('endpoint-down');
  });

  it('is not named from a laptop with nothing saying where it ran', () => {
    expect(
      diagnose(
        "fatal: unable to access 'https://github.com/contoso/schema/': Failed to connect to github.com port 443: Connection refused",
      ).symptom,
    ).toBeNull();
  });
});

describe('cilium connectivity test', () => {
  it('failing to the world is egress, to a Service in-cluster; a passing run is silence', () => {
    const failed = (test: string) =>
      diagnose(
        `❌ 1/42 tests failed (1/313 actions)\nTest [no-policies]:\n  ❌ no-policies/${test}/curl-0: cilium-test/client-6b4b857d98-jz2n7 (10.0.1.20) -> target`,
      ).symptom;
    expect(failed('pod-to-world')).toBe('outbound-egress');
    expect(failed('pod-to-service')).toBe('service-unreachable-in-cluster');
    expect(
      diagnose('✅ All 42 tests (313 actions) successful\n  [=] Test [pod-to-world]').symptom,
    ).toBeNull();
  });
});

describe('the cloud load balancer marking every backend down', () => {
  it('is the load-balancer symptom, however the cloud words it', () => {
    expect(
      diagnose('The NLB in front of the gateway shows all targets as "unhealthy" and no traffic gets in.')
        .symptom,
    ).toBe('lb-service-timeout');
    expect(diagnose('The backend pool is unhealthy on every node since the upgrade.').symptom).toBe(
      'lb-service-timeout',
    );
  });
});

describe('node provisioning failing its outbound check', () => {
  it("is egress, in the CSE's words or the error's name", () => {
    expect(diagnose('vmssCSE failed: exit status 50 - ERR_OUTBOUND_CONN_FAIL').symptom).toBe(
      'outbound-egress',
    );
  });
});

describe('SNAT ports, said in words', () => {
  it('are the egress symptom, pointing at SNAT exhaustion', () => {
    const d = diagnose(
      'Since Monday new outbound connections from our pods are dropped: the SNAT ports of the aksOutboundRule go down to 0 under load.',
    );
    expect(d.symptom).toBe('outbound-egress');
    expect(d.causes[0]?.id).toBe('snat-exhaustion');
  });
});

describe("kube-proxy failing to write a node's rules", () => {
  it('is the in-cluster Service symptom, pointing at kube-proxy', () => {
    const d = diagnose(
      'Nov 02 23:38:04 worker-2 kube-proxy[6315]: E1102 23:38:04.959564 6315 proxier.go:1507] Failed to execute iptables-restore: exit status 2',
    );
    expect(d.symptom).toBe('service-unreachable-in-cluster');
    expect(d.causes[0]?.id).toBe('kube-proxy-or-iptables');
  });
});

describe('a NodePort', () => {
  it('timing out from outside is the load balancer path; refusing is the Service itself', () => {
    expect(
      diagnose('curl: (28) Failed to connect to 192.168.49.2 port 30840: Operation timed out').symptom,
    ).toBe('lb-service-timeout');
    expect(
      diagnose('curl: (7) Failed to connect to 192.168.99.100 port 31779: Connection refused').symptom,
    ).toBe('service-unreachable-in-cluster');
  });
});

describe('the cloud controller making a load balancer', () => {
  it("timing out on its cloud API is not the nodes' egress", () => {
    expect(
      diagnose(
        'Warning  SyncLoadBalancerFailed  7m3s  service-controller  Error syncing load balancer: failed to ensure load balancer: error waiting for load balancer to be deployed Get https://loadbalancer.eu.ovhapis.com/1.0/cloud/project/454c/loadbalancer: context deadline exceeded',
      ).symptom,
    ).toBeNull();
  });
});

describe('what the address and port say', () => {
  it("kubespray's service range is ClusterIPs; an app's /api/ path is not the API server", () => {
    expect(
      diagnose(
        'curl -D- http://10.233.56.118\ncurl: (7) Failed to connect to 10.233.56.118 port 80: Connection refused',
      ).symptom,
    ).toBe('service-unreachable-in-cluster');
    expect(
      diagnose(
        'Error: Failed to send request: Get "https://grafana.com/api/plugins/repo/grafana-polystat-panel": dial tcp 34.120.177.193:443: connect: connection refused',
      ).symptom,
    ).not.toBe('node-cannot-reach-apiserver');
  });
});

describe('a chart repository that does not resolve', () => {
  it("is the cluster's DNS when Argo CD's repo server asks, not when helm runs on a laptop", () => {
    const argo =
      'ComparisonError: rpc error: code = Unknown desc = `helm repo add contoso https://charts.contoso.dev` failed exit status 1: Error: looks like "https://charts.contoso.dev" is not a valid chart repository or cannot be reached: Get "https://charts.contoso.dev/index.yaml": dial tcp: lookup charts.contoso.dev: no such host';
    expect(diagnose(argo).symptom).toBe('outbound-dns');
    const laptop = '$ az login\nError: getaddrinfo failed for login.microsoftonline.com: no such host';
    expect(diagnose(laptop).symptom).toBeNull();
  });
});
