/**
 * Pastes written from how AKS networking failures look in the wild (kubectl, kubelet, CoreDNS,
 * nginx, busybox, Azure Firewall, .NET), none taken from the dev corpus: the matcher must
 * generalise beyond the strings it was tuned on. 'none' means it must abstain.
 */
import { diagnose } from '../../src/engine/diagnose.js';

const PASTES: [string, string][] = [
  [
    'apiserver-unreachable',
    'Unable to connect to the server: dial tcp: lookup myaks-dns-1a2b3c4d.privatelink.eastus.azmk8s.io on 127.0.0.53:53: no such host',
  ],
  [
    'apiserver-unreachable',
    'E1123 10:00:00.000000   12345 memcache.go:265] couldn\'t get current server API group list: Get "https://myaks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443/api?timeout=32s": dial tcp 20.31.5.6:443: i/o timeout',
  ],
  ['apiserver-unreachable', 'Unable to connect to the server: net/http: TLS handshake timeout'],
  [
    'apiserver-unreachable',
    'kubectl get pods\nUnable to connect to the server: dial tcp 52.143.1.2:443: connectex: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
  ],
  [
    'node-cannot-reach-apiserver',
    'W1123 08:12:01.123456       1 reflector.go:424] k8s.io/client-go/informers/factory.go:150: failed to list *v1.Node: Get "https://10.0.0.1:443/api/v1/nodes?limit=500&resourceVersion=0": dial tcp 10.0.0.1:443: connect: connection refused',
  ],
  [
    'node-cannot-reach-apiserver',
    'Error: Get "https://10.0.0.1:443/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication": context deadline exceeded',
  ],
  [
    'node-cannot-reach-apiserver',
    'kubelet_node_status.go:92] "Unable to register node with API server" err="Post \\"https://myaks-abc12345.hcp.eastus.azmk8s.io:443/api/v1/nodes\\": dial tcp 20.1.2.3:443: i/o timeout" node="aks-nodepool1-12345678-vmss000000"',
  ],
  ['tunnel-10250', 'Error from server: error dialing backend: remote error: tls: internal error'],
  [
    'tunnel-10250',
    'error: unable to upgrade connection: error dialing backend: dial tcp 10.224.0.4:10250: connect: connection timed out',
  ],
  [
    'tunnel-10250',
    'Error from server (InternalError): Internal error occurred: failed calling webhook "mpod.elbv2.k8s.aws": failed to call webhook: Post "https://aws-load-balancer-webhook-service.kube-system.svc:443/mutate-v1-pod?timeout=10s": context deadline exceeded',
  ],
  [
    'tunnel-10250',
    'Error from server: Get "https://10.240.0.35:10250/containerLogs/default/web-7d9/web": proxy error from 127.0.0.1:8132 while dialing 10.240.0.35:10250, code 503: 503 Service Unavailable',
  ],
  // metrics-server down looks the same as a broken tunnel: the matcher must not guess.
  [
    'none',
    'Error from server (ServiceUnavailable): the server is currently unable to handle the request (get pods.metrics.k8s.io)',
  ],
  [
    'pod-ip-exhaustion',
    'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "x": plugin type="azure-vnet" failed (add): IPAM Invoker Add failed with error: Failed to allocate pool: Failed to delegate: Failed to allocate address: Failed to allocate address: No available addresses',
  ],
  [
    'pod-ip-exhaustion',
    'Code="SubnetIsFull" Message="Subnet aks-subnet with address prefix 10.240.0.0/24 does not have enough capacity for 31 IP addresses."',
  ],
  [
    'pod-ip-exhaustion',
    'networkPlugin cni failed to set up pod "web_default" network: failed to allocate for range 0: no IP addresses available in range set: 10.244.2.1-10.244.2.254',
  ],
  [
    'service-unreachable-in-cluster',
    'curl: (7) Failed to connect to my-svc.default.svc.cluster.local port 80: Connection refused',
  ],
  [
    'service-unreachable-in-cluster',
    'Error: Get "http://orders.shop.svc.cluster.local:8080/health": dial tcp 10.0.144.10:8080: connect: connection refused',
  ],
  ['service-unreachable-in-cluster', 'NAME       ENDPOINTS   AGE\nmy-app     <none>      14m'],
  [
    'service-unreachable-in-cluster',
    '2023/03/01 10:00:00 [error] 31#31: *100 connect() failed (111: Connection refused) while connecting to upstream, client: 10.244.0.1, server: app.contoso.com, request: "GET / HTTP/1.1", upstream: "http://10.244.1.15:8080/", host: "app.contoso.com"',
  ],
  ['service-unreachable-in-cluster', "wget: can't connect to remote host (10.0.211.45): Connection refused"],
  [
    'lb-service-timeout',
    'curl -v http://20.120.5.6\n*   Trying 20.120.5.6:80...\n* connect to 20.120.5.6 port 80 failed: Connection timed out\n* Failed to connect to 20.120.5.6 port 80 after 130458 ms: Connection timed out\ncurl: (28) Failed to connect to 20.120.5.6 port 80 after 130458 ms: Connection timed out',
  ],
  [
    'lb-service-timeout',
    'my LoadBalancer service has EXTERNAL-IP 51.104.3.2 but the browser says ERR_CONNECTION_TIMED_OUT',
  ],
  [
    'rbac-forbidden',
    'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:default:default" cannot list resource "secrets" in API group "" in the namespace "default"',
  ],
  [
    'rbac-forbidden',
    'Error from server (Forbidden): pods "web-0" is forbidden: User "alice@contoso.com" cannot get resource "pods/log" in API group "" in the namespace "prod": User does not have access to the resource in Azure. Update role assignment to allow access.',
  ],
  [
    'outbound-dns',
    'dial tcp: lookup login.microsoftonline.com on 10.0.0.10:53: read udp 10.244.1.7:45321->10.0.0.10:53: i/o timeout',
  ],
  ['outbound-dns', ';; connection timed out; no servers could be reached'],
  ['outbound-dns', 'getaddrinfo EAI_AGAIN api.github.com'],
  [
    'outbound-dns',
    '[ERROR] plugin/errors: 2 myacr.azurecr.io. A: read udp 10.244.0.5:38000->168.63.129.16:53: i/o timeout',
  ],
  ['outbound-dns', 'nslookup kubernetes.default\n;; connection timed out; no servers could be reached'],
  [
    'outbound-egress',
    'Failed to pull image "mcr.microsoft.com/oss/nginx/nginx:1.21": rpc error: code = Unknown desc = failed to pull and unpack image: failed to resolve reference: failed to do request: Head "https://mcr.microsoft.com/v2/oss/nginx/nginx/manifests/1.21": dial tcp 204.79.197.219:443: i/o timeout',
  ],
  [
    'outbound-egress',
    "VMExtensionProvisioningError: VM has reported a failure when processing extension 'vmssCSE'. Error message: \"Enable failed: failed to execute command: command terminated with exit status=50",
  ],
  [
    'outbound-egress',
    'System.Net.Http.HttpRequestException: A connection attempt failed because the connected party did not properly respond after a period of time (api.partner.com:443)',
  ],
  [
    'outbound-egress',
    'HTTPS request from 10.240.0.4:51234 to api.partner.com:443. Action: Deny. No rule matched. Proceeding with default action',
  ],
  ['none', 'Error from server (NotFound): pods "web-0" not found'],
  [
    'none',
    '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
  ],
  ['none', 'Back-off restarting failed container web in pod web-7d9_default'],
  ['none', 'Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress'],
  ['none', 'Readiness probe failed: HTTP probe failed with statuscode: 500'],
  [
    'none',
    'error: error validating "deploy.yaml": error validating data: ValidationError(Deployment.spec): unknown field "replica"',
  ],
  [
    'none',
    "(AuthorizationFailed) The client 'abc' with object id 'abc' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'",
  ],
  ['none', 'OOMKilled: container exceeded memory limit'],
  // A Service's own paths and ports, in the clients that call it.
  [
    'service-unreachable-in-cluster',
    '2024/05/02 10:11:12 Get "http://orders:8080/healthz": dial tcp 10.0.143.21:8080: connect: connection refused',
  ],
  [
    'service-unreachable-in-cluster',
    'psql: error: connection to server at "postgres.db.svc.cluster.local" (10.0.23.4), port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?',
  ],
  [
    'service-unreachable-in-cluster',
    'redis.exceptions.ConnectionError: Error 111 connecting to redis-master:6379. Connection refused.',
  ],
  [
    'service-unreachable-in-cluster',
    "java.net.ConnectException: Connection refused (Connection refused)\n\tat java.net.PlainSocketImpl.socketConnect(Native Method)\nmy backend pod can't call http://payments.default.svc.cluster.local:8080",
  ],
  [
    'service-unreachable-in-cluster',
    '[2024-01-01T00:00:00.000Z] "GET /api HTTP/1.1" 503 UF,URX upstream_reset_before_response_started{connection_failure} 0 91 30001 - "10.244.2.1" "curl/7.81.0" "a" "svc.example" "10.244.3.17:8080"',
  ],
  [
    'service-unreachable-in-cluster',
    'After applying a NetworkPolicy my app can no longer connect to the redis service, connection timed out.',
  ],
  // A load balancer's address from outside, in PowerShell and in words.
  [
    'lb-service-timeout',
    'PS C:\\> Test-NetConnection 20.40.1.2 -Port 443\nWARNING: TCP connect to (20.40.1.2 : 443) failed\nComputerName           : 20.40.1.2\nTcpTestSucceeded       : False',
  ],
  [
    'lb-service-timeout',
    'Invoke-WebRequest : Unable to connect to the remote server\nAt line:1 char:1\n+ Invoke-WebRequest http://40.71.1.9',
  ],
  [
    'lb-service-timeout',
    "The ingress controller's public IP stopped responding. Pods are healthy and kubectl port-forward works.",
  ],
  [
    'lb-service-timeout',
    'After upgrading AKS to 1.24 the Azure load balancer health probe for ingress-nginx changed from TCP to HTTP on path /, the probe fails and the public IP no longer answers.',
  ],
  [
    'outbound-egress',
    "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'ConnectTimeoutError(<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f>, 'Connection to pypi.org timed out. (connect timeout=15)')': /simple/requests/",
  ],
  // A 502 alone does not say the path failed: a backend speaking the wrong protocol gives it too.
  ['none', 'HTTP/1.1 502 Bad Gateway\nServer: nginx'],
  // RBAC's escalation check, and exec's upgrade refused as the Java client prints it.
  [
    'rbac-forbidden',
    'Error from server (Forbidden): error when creating "ops-role.yaml": clusterroles.rbac.authorization.k8s.io "ops" is forbidden: attempt to grant extra privileges: [{[get] [] [secrets] [] []}]',
  ],
  ['rbac-forbidden', "java.net.ProtocolException: Expected HTTP 101 response but was '403 Forbidden'"],
  [
    'pod-ip-exhaustion',
    'E0501 12:50:01.862414     314 handler.go:203] no address allocated to pod shop/web-5d8f provider ovn, please see kube-ovn-controller logs to find errors',
  ],
  // A client with no cluster configured dials its own loopback: no network to diagnose.
  [
    'none',
    'Error: Post "http://localhost/api/v1/namespaces": dial tcp [::1]:80: connectex: No connection could be made because the target machine actively refused it.',
  ],
  // An in-cluster controller on the API server's name; a proxy that strips the Upgrade header.
  [
    'node-cannot-reach-apiserver',
    'main.go 120: Failed to initialize Calico datastore error=Get "https://myaks-abc123.hcp.eastus2.azmk8s.io:443/apis/crd.projectcalico.org/v1/clusterinformations/default": context deadline exceeded',
  ],
  ['none', 'Error: forwarding ports: error upgrading connection: Upgrade request required'],
  // Client libraries' own words: .NET's EAI_AGAIN, Kafka, Lettuce, HAProxy's 503 page.
  [
    'outbound-dns',
    'Unhandled exception. System.Net.Http.HttpRequestException: Resource temporarily unavailable (api.contoso.com:443)\n ---> System.Net.Sockets.SocketException (00000001, 11): Resource temporarily unavailable',
  ],
  [
    'service-unreachable-in-cluster',
    'WARN [Producer clientId=producer-1] Connection to node -1 (kafka-0.kafka-headless.default.svc.cluster.local/10.244.1.5:9092) could not be established. Broker may not be available. (org.apache.kafka.clients.NetworkClient)',
  ],
  [
    'service-unreachable-in-cluster',
    'io.lettuce.core.RedisConnectionException: Unable to connect to redis-master:6379\nCaused by: io.netty.channel.ConnectTimeoutException: connection timed out: redis-master/10.0.45.12:6379',
  ],
  [
    'service-unreachable-in-cluster',
    '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>',
  ],
  // A certificate the client refused is no network failure.
  [
    'none',
    'System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.\n ---> System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.',
  ],
  // Envoy's upstream took the connection and then ended the stream: an app or protocol matter.
  [
    'none',
    'It returns 503 with `upstream connect error or disconnect/reset before headers. reset reason: connection termination` and drops the websocket.',
  ],
];

describe('matcher on pastes outside the dev corpus', () => {
  it.each(PASTES)('%s: %s', (want, text) => {
    expect(diagnose(text).symptom ?? 'none').toBe(want);
  });
});
